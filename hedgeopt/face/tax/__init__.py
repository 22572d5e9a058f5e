"""After tax as a user reads it: the stress table's notes, what-if's split by category, ``hedgeopt tax``, the report.

``words`` names categories, holdings and incomes in the language and writes the lines under the stress table;
``tables`` prints what-if's split by income category and the explanation of ``hedgeopt tax --explain`` (and gives
its JSON); ``section`` is the report's after-tax section. They read :class:`hedgeopt.risk.stress.StressResult` and
:class:`hedgeopt.tax.TaxExplanation` and may import the library below the face and the face's own language modules
(``i18n``, ``render``, ``terminal``); nothing in the face outside this folder imports them except the command line,
the advice's evidence and the report.
"""
