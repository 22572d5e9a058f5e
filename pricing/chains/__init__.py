"""Option chains: the files people download, read into quotes, implied vols and a surface fitted to them.

``formats`` detects a file's layout and reads it into canonical rows (the project's generic CSV; ``cboe``, ``jpx``
and ``ibkr`` for the exchange and broker exports); ``chain`` checks the rows, implies vols with QuantLib and fits
the surface (:class:`OptionChain`); ``forward`` gives the put-call-parity forwards; ``checks`` what must be refused
or said before a chain is used. Imports only the rest of :mod:`pricing`; names are re-exported lazily, so reading
a file's layout does not load QuantLib.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "chain": ("OptionChain", "chain_from_table", "load_chain"),
    "checks": ("Finding", "chain_findings"),
    "formats": ("ChainTable", "SourceRow", "detect_format", "read_chain_table"),
})
