"""The yen hedges as a user reads them: what each line sells or insures, what it costs, and the yen leg.

``tables`` prints the yen leg of a hedge (:func:`hedgeopt.optimizer.yen_leg.yen_leg`) on the terminal and gives its
JSON; ``figure`` draws the account's P&L against the dollar's move, unhedged and with the hedge's yen leg. They
may import the library below the face and the face's own language modules (``i18n``, ``names``, ``render``,
``figures``); nothing in the face outside this folder imports them except the command line and the report.
"""
