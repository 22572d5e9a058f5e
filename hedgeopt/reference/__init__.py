"""The reference evaluator: the account and a hedge under scenarios, position by position, with QuantLib.

Written apart from the fast path (:mod:`hedgeopt.account.pnl`, :mod:`scenarios.repricing`,
:mod:`scenarios.fx_repricing`) and sharing none of its helpers beyond the market data, the contract terms and
QuantLib, so that the two can disagree: the verification of every hedge (:mod:`hedgeopt.optimizer.verification`)
and the tests' dense LPs and brute-force searches stand on it. Imports the account's holdings (their terms), the
market, the contract catalogue and ``QuantLib``; never the account P&L, the repricers or the optimizer. The
optimizer, the routes and the tests import it.
"""

from hedgeopt.reference.evaluate import Held, ReferenceEvaluator

__all__ = ["Held", "ReferenceEvaluator"]
