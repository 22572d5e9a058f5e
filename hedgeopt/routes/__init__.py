"""Which route to the same index exposure: margin (A), futures (B), calls (C) or the ETF outright (D).

:func:`~hedgeopt.routes.compare.compare_routes` builds the exposure each way on the config's account and holds
them side by side: what each costs a year and to open, the cash it ties up against the buffer the strategy asks
for, its worst case on the config's scenario set (re-checked by the reference evaluator, options with QuantLib),
the index fall that calls it, the upside it keeps, the largest leverage it allows under the cap — today and under
each rate regime of ``[routes]``. Imports config, account, risk, optimizer (``max_leverage``, route C's sizing) and the
scenarios below them; the face imports it, nothing below does.
"""
