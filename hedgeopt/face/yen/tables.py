"""The yen leg on the terminal: each yen hedge in words, and the figures of :class:`~hedgeopt.optimizer.yen_leg.YenLeg`.

A linear hedge reads as what it does (``sell 150,000 JPY of USD (1,000 USD)``) and says what its cost counts (the
carry over ``[hedge.fx] carry_days`` plus the spread); a dollar put as the dollars it insures below its strike.
The block after them: the dollars held, sold and insured, the hedge ratio, the carry a year, the margin tied up
and the MMF's yield before and net of the hedge. Dollar amounts are the yen leg's base-currency figures divided by
today's rate (a face computation: the library keeps base currency).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hedgeopt.face import i18n, names, render
from hedgeopt.face.terminal import console, percent
from pricing import legs_of

if TYPE_CHECKING:
    from hedgeopt.config.config import Config
    from hedgeopt.optimizer.result import HedgeResult, Position
    from hedgeopt.optimizer.yen_leg import YenLeg, YenLine


def leg_of(config: Config, hedge: HedgeResult) -> YenLeg | None:
    """The hedge's yen leg on the config's account, or None when the hedge holds no yen hedge (or none was found)."""
    from hedgeopt.optimizer.yen_leg import yen_leg

    if not hedge.optimal or not hedge.positions:
        return None
    leg = yen_leg(config.account, config.market, hedge)
    return leg if leg.hedged else None


def yen_json(config: Config, hedge: HedgeResult) -> dict[str, object] | None:
    """The yen leg for JSON (:meth:`YenLeg.as_dict` and ``carry_days``), None without yen hedges."""
    leg = leg_of(config, hedge)
    return None if leg is None else {**leg.as_dict(), "carry_days": config.hedge.fx.carry_days}


def what_it_does(line: YenLine, position: Position, rate: float, lang: i18n.Lang | str) -> str:
    """One yen hedge in words: the dollars it sells (and their yen) or insures, below which level.

    Parameters
    ----------
    line : YenLine
        Its figures in base currency (:func:`hedgeopt.optimizer.yen_leg.yen_leg`).
    position : Position
        The same line of the hedge (its instrument gives the strikes).
    rate : float
        Today's rate, base currency per dollar: the line's dollars are ``line.dollars / rate``.
    lang : Lang or str

    Examples
    --------
    >>> from hedgeopt.optimizer.result import Position
    >>> from hedgeopt.optimizer.yen_leg import YenLine
    >>> from pricing.fx.instruments import FxHedge
    >>> otc = Position(FxHedge("OTC_FX"), 1, 5934.0, cost_basis="carry")
    >>> what_it_does(YenLine(otc.instrument.label, 1, 150_000.0, "sold"), otc, 150.0, "en")
    'sell 150,000 JPY of USD (1,000 USD)'
    >>> what_it_does(YenLine(otc.instrument.label, 1, 150_000.0, "sold"), otc, 150.0, "ja")
    '1,000 USD(15万円相当)を売る'
    """
    usd = f"{line.dollars / rate:,.0f} USD"  # whole dollars: a forward's odd cents say nothing
    yen = i18n.money(line.dollars, "JPY", lang)
    if line.kind == "sold":
        return i18n.t("yen_sells", lang, usd=usd, yen=yen)
    strikes = sorted((leg.option.strike for leg in legs_of(position.instrument)), reverse=True)
    level = "/".join(f"{k:g}" for k in strikes)
    return i18n.t("yen_insures" if len(strikes) == 1 else "yen_insures_spread", lang, usd=usd, high=f"{strikes[0]:g}",
                  low=f"{strikes[-1]:g}", level=level)


def counted_as(position: Position, carry_days: int, lang: i18n.Lang | str) -> str:
    """What the objective counts for the line: the premium, or the carry over ``carry_days`` plus the spread."""
    if position.cost_basis == "carry":
        return i18n.t("yen_counted_carry", lang, days=carry_days)
    return i18n.t("yen_counted_premium", lang)


def yen_block(config: Config, hedge: HedgeResult) -> None:
    """Print the yen hedges in words and the yen leg's figures, when the hedge holds any yen hedge."""
    leg = leg_of(config, hedge)
    if leg is None:
        return
    out = console()
    out.print(lines_table(config, hedge, leg))
    out.print(leg_table(leg, hedge.base_currency))


def lines_table(config: Config, hedge: HedgeResult, leg: YenLeg) -> object:
    """Each yen hedge: what it does, what its cost counts, its carry a year and its margin (base currency)."""
    lang, ccy = render.language(), hedge.base_currency
    rate = config.market.fx_rate(leg.currency)
    held = {p.instrument.label: p for p in hedge.positions}
    carry_unit, carry = i18n.money_column([x.carry_per_year for x in leg.lines], ccy, lang)
    margin_unit, margin = i18n.money_column([x.margin for x in leg.lines], ccy, lang)
    rows = [[f"{names.instrument_name(x.label, lang)}\n{what_it_does(x, held[x.label], rate, lang)}",
             counted_as(held[x.label], config.hedge.fx.carry_days, lang), carry[n], margin[n]]
            for n, x in enumerate(leg.lines)]
    return render.tabulate(render.text("yen_lines_title"),
                           [render.text("yen_what"), render.text("yen_counted"),
                            render.unit_header("yen_carry_year", carry_unit),
                            render.unit_header("yen_margin", margin_unit)],
                           rows, right_from=2, wrap=[0, 1], priority=[0, 0, 0, 1])


def leg_table(leg: YenLeg, ccy: str) -> object:
    """The yen leg's figures (``ccy``, the base currency) as a terminal table (:func:`leg_rows`)."""
    return render.tabulate(render.text("yen_leg_title"), [render.text("figure"), render.text("value")],
                           leg_rows(leg, ccy, render.language()), wrap=[0, 1])


def leg_rows(leg: YenLeg, ccy: str, lang: i18n.Lang | str) -> list[list[str]]:
    """The yen leg's figures in words, one ``[name, value]`` per line, amounts in ``ccy`` (the base currency).

    Dollars held, sold, insured, the hedge ratio, the carry a year, the margin, and the MMF's yield before and net
    of the hedge; the lines of what the hedge does not hold (no linear hedge: nothing sold, no carry, no margin;
    no dollar put: nothing insured) are left out.
    """

    def share(amount: float) -> str:
        shown = i18n.money(amount, ccy, lang)
        return f"{shown} ({percent(amount / leg.exposure)})" if leg.exposure > 0 else shown

    sold = leg.sold > 0  # a hedge of dollar puts alone sells nothing: no carry, no margin
    return [
        [i18n.t("yen_exposure", lang, ccy=leg.currency), i18n.money(leg.exposure, ccy, lang)],
        *([[i18n.t("yen_sold", lang), share(leg.sold)]] if sold else []),
        *([[i18n.t("yen_insured", lang), share(leg.insured)]] if leg.insured > 0 else []),
        [i18n.t("yen_ratio", lang), percent(leg.hedge_ratio)],
        *([[i18n.t("yen_carry", lang), i18n.money(leg.carry_per_year, ccy, lang)],
           [i18n.t("yen_margin_tied", lang), i18n.money(leg.margin, ccy, lang)]] if sold else []),
        [i18n.t("yen_mmf_yield", lang), f"{percent(leg.mmf_yield, 2)} → {percent(leg.mmf_yield_hedged, 2)}"],
    ]
