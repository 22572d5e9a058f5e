"""The yen as an instrument: covered interest parity, the linear yen hedges and their contract terms.

The linear hedges are forwards, futures and retail FX. USDJPY options are ordinary
:class:`~pricing.contracts.Option` objects on the pair ``"USDJPY"`` (Garman–Kohlhagen: the foreign rate plays the
dividend yield). Imports only the rest of :mod:`pricing`.
"""
