"""The optimizer: the cheapest hedge under the loss cap, by constraint generation.

Candidates, the hedge problem, the LP/MILP (and its dense twin), verification, the standing put, put vs spread,
the largest leverage; :mod:`hedgeopt.optimizer.hedging` runs them from a config.
Imports ``hedgeopt.account`` and ``hedgeopt.config``; beside ``risk`` and ``paths``, importing neither.
"""
