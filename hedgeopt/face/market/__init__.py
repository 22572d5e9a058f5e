"""The market snapshot as a user reads it: where every input comes from, the chains' checks, the fitted smiles.

``words`` says what a chain's checks found (one line under the market's label on every page); ``tables`` prints
``hedgeopt market`` and gives its JSON; ``figure`` draws each fitted smile against the quotes for the report. They
may import the library below the face and the face's own language modules (``i18n``, ``names``, ``render``,
``figures``, ``terminal``); nothing in the face outside this folder imports them except ``render`` (the words),
the command line and the report.
"""
