"""The one exception hierarchy of hedgeopt, defined at the bottom layer and re-exported above.

Every error a user can cause is a :class:`InputError`, a ``ValueError`` subclass whose message names the
field, the value received and what was expected. The command line turns any :class:`HedgeoptError` or
``ValueError`` into one line on stderr and exit code 2.
"""

from __future__ import annotations

from typing import Any


class HedgeoptError(Exception):
    """Base class of every error raised on purpose by hedgeopt."""


class InputError(HedgeoptError, ValueError):
    """Bad input: names the field, the value received and what was expected.

    Parameters
    ----------
    field : str
        Name (or key path, such as ``account.mmf[0].yield``) of the offending input.
    value : Any
        The value received.
    expected : str
        What was expected, as a phrase ("a decimal such as 0.20").
    hint : str, optional
        A further sentence (a suggestion, the nearest valid key).

    Examples
    --------
    >>> str(InputError("vol", 20.0, "a decimal such as 0.20", hint="20.0 looks like a percentage"))
    'vol=20.0: expected a decimal such as 0.20 (20.0 looks like a percentage)'
    """

    def __init__(self, field: str, value: Any, expected: str, *, hint: str | None = None) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        self.hint = hint
        message = f"{field}={value!r}: expected {expected}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class PricingError(HedgeoptError):
    """A pricing engine failed on inputs that passed validation (a QuantLib error, a root not found)."""


class ImpliedVolError(InputError):
    """A quoted price is outside the no-arbitrage bounds, so no implied volatility exists."""


class InfeasibleHedgeError(HedgeoptError):
    """No hedge from the candidates meets the constraints; carries the diagnosis.

    Parameters
    ----------
    message : str
        What was asked and why it cannot be had.
    diagnosis : dict, optional
        Machine-readable facts (smallest achievable cap, the scenario that prevents more, ...).
    """

    def __init__(self, message: str, diagnosis: dict[str, Any] | None = None) -> None:
        self.diagnosis = dict(diagnosis or {})
        super().__init__(message)


class SolverError(HedgeoptError):
    """A solver returned a status other than optimal (or infeasible, which is an answer, not an error).

    Parameters
    ----------
    solver : str
        Solver name (``"HIGHS"``).
    status : str
        The status the solver returned.
    context : str
        The key inputs and a suggested next step.
    """

    def __init__(self, solver: str, status: str, context: str) -> None:
        self.solver = solver
        self.status = status
        super().__init__(f"solver {solver} returned status {status!r}: {context}")
