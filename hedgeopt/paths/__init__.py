"""The path engine: the account day by day through market paths, vectorized over paths.

Its per-path loop twin, the rules and the rolled standing hedge; metrics, backtests and the put study on top.
Imports ``hedgeopt.account`` and ``hedgeopt.config``; beside ``risk`` and ``optimizer``, importing neither.
"""
