"""The one exception hierarchy of hedgeopt, defined at the bottom layer and re-exported above.

Every error a user can cause is a :class:`InputError`, a ``ValueError`` subclass whose message names the
field, the value received (shortened, see :func:`shown`) and what was expected. The command line turns each kind
into one line on stderr and its exit code: 1 for :class:`InfeasibleHedgeError` (an answer), 2 for bad input, 3 for
:class:`ResourceLimitError`, 70 for anything unexpected (``hedgeopt.face.cli.main``).
"""

from __future__ import annotations

from typing import Any

SHOWN_CHARACTERS = 200
"""How much of a value's ``repr`` an error message shows before it is cut (a 1 MB line is not echoed whole)."""


def shown(value: Any, limit: int = SHOWN_CHARACTERS, more: str = "… ({n:,} characters)") -> str:
    """``repr(value)``, cut to ``limit`` characters followed by ``more`` (``{n}``: the full length) when longer.

    Examples
    --------
    >>> shown(0.2), shown("A" * 1000, limit=12)
    ('0.2', "'AAAAAAAAAA… (1,002 characters)")
    """
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + more.format(n=len(text))


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
        self.shown = shown(value)
        message = f"{field}={self.shown}: expected {expected}"
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


class ResourceLimitError(HedgeoptError):
    """A request refused before any work because it would need more than the limit allows.

    Parameters
    ----------
    what : str
        The request, with its size ("a scenario set of 100,000,000 scenarios").
    need : float
        Its estimate, in ``unit``.
    limit : float
        The limit, in ``unit`` (memory: ``--max-memory``, by default the machine's available memory).
    hint : str
        How to make it fit (fewer scenarios, ``--workers`` to shard it, a larger ``--max-memory``).
    unit : str, default "bytes"
        ``"bytes"`` (shown as MiB / GiB of memory) or a count's noun ("solves").
    """

    def __init__(self, what: str, need: float, limit: float, hint: str, unit: str = "bytes") -> None:
        self.what, self.need, self.limit, self.hint, self.unit = what, float(need), float(limit), hint, unit
        show = (lambda n: f"{byte_size(n)} of memory") if unit == "bytes" else (lambda n: f"{n:,.0f} {unit}")
        super().__init__(f"{what} needs about {show(need)}, more than the limit {show(limit)} ({hint})")


def byte_size(n: float) -> str:
    """Bytes as ``1.5 GiB`` / ``750 MiB`` (for messages).

    >>> byte_size(1.5 * 2**30), byte_size(750 * 2**20)
    ('1.5 GiB', '750 MiB')
    """
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}" if unit != "MiB" else f"{n / scale:,.0f} {unit}"
    return f"{n / 2**10:,.0f} KiB"


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
