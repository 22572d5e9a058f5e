"""Option chains: the files people download, read into quotes, implied vols and a surface fitted to them.

``chain`` reads one chain into an :class:`OptionChain`. Imports only the rest of :mod:`pricing`.
"""

from pricing.chains.chain import OptionChain, load_chain

__all__ = ["OptionChain", "load_chain"]
