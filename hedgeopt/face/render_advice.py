"""The answer first, in words: the verdict and the action with its price, then the holdings and the ways to the cap.

Renders :class:`hedgeopt.advice.Advice` (``hedgeopt advise``, the head of ``hedgeopt demo``). Every sentence is
built from the advice's numbers through the catalogue, in English or Japanese.
"""

from __future__ import annotations

from collections.abc import Sequence

from hedgeopt.account.holdings import MMF
from hedgeopt.account.listing import Holding, HoldingKind
from hedgeopt.advice import Advice, Alternative, NamedStress, Verdict
from hedgeopt.advice.advise import DEEP_EQUITY, NAMED_FX
from hedgeopt.face import render
from hedgeopt.face.i18n import Lang, money_column
from hedgeopt.face.names import currency_move, instrument_name, scenario_name
from hedgeopt.face.tables import FitTable
from hedgeopt.face.tax.tables import stress_notes
from hedgeopt.face.terminal import console, number, percent
from hedgeopt.face.yen.tables import leg_table
from hedgeopt.optimizer.leverage import LeverageResult
from hedgeopt.optimizer.result import HedgeResult, Position
from hedgeopt.risk.checklist import Status

_t = render.text


def advice(a: Advice, fx: dict[str, float], extra: Sequence[str] = ()) -> None:
    """Print the verdict and the action, then the holdings, the named stresses and the ways to the cap.

    Parameters
    ----------
    a : Advice
    fx : dict of str to float
        Today's rates, base currency per unit (``Market.fx``): currency moves are shown with their levels.
    extra : sequence of str, optional
        Sentences printed after the verdict's own (the standing put's program, from ``hedgeopt advise``).
    """
    out = console()
    out.rule(_t("advice_title"))
    for line in [*verdict_lines(a, fx), *extra]:
        out.print(line, markup=False)
    out.print(holdings_table(a))
    out.print(named_table(a))
    if a.alternatives:
        out.print(ways_table(a))


def verdict_lines(a: Advice, fx: dict[str, float], *, checks: bool = True) -> list[str]:
    """The verdict in a few sentences, action first: what the account can lose, and what to do about it.

    ``checks`` ends with the checklist's count (left out where the page says it already).
    """
    ccy, lang = a.base_currency, render.language()
    scenario = scenario_name(a.worst_scenario, lang, fx, ccy)
    days = _t("advice_days", days=a.worst_days) if a.worst_days else ""
    if a.verdict is Verdict.WITHIN_CAP:
        lines = [_t("advice_within", worst=percent(a.worst_case), scenario=scenario, cap=percent(a.cap, 0))]
    else:
        lines = [_t("advice_breaks", cap=percent(a.cap, 0), worst=percent(a.worst_case), scenario=scenario,
                    days=days)]
        lines += _action_lines(a, fx)
    if a.leverage is not None and a.leverage.route != "cash":  # an ETF bought with cash stays at 1.0x
        lines.append(_leverage_line(a.leverage, a.alternative("reduce")))
    if checks:
        lines.append(_checks_line(a))
    return lines


def _action_lines(a: Advice, fx: dict[str, float]) -> list[str]:
    ccy = a.base_currency
    reduce, hedge = a.alternative("reduce"), a.alternative("hedge")
    now = _satellite(a)
    if a.verdict is Verdict.UNREACHABLE:
        smallest, limiting = a.smallest_reachable
        return [_t("advice_unreachable", smallest=percent(smallest, 2),
                   scenario=scenario_name(limiting, render.language(), fx, ccy),
                   ccy=", ".join(c for c in fx if c != ccy))]
    if a.verdict is Verdict.REDUCE and reduce is not None:
        return [_t("advice_do_reduce", smallest=percent(float(a.hedge.diagnosis.get("min_achievable_cap", 0.0))),
                   index=a.leverage.index, now=render.money(now, ccy), to=render.money(reduce.exposure, ccy),
                   lev=f"{reduce.leverage:.1f}", after=percent(reduce.worst_case))]
    lines = [_do_hedge(a, hedge, fx)]
    taxed = hedge.hedge.after_tax if hedge.hedge is not None else None
    if taxed is not None and taxed.breach:  # the cap holds before tax only: say so beside the action
        lines.append(render.after_tax_breach(taxed, ccy))
    if a.yen is not None:
        lines.append(_yen_line(a))
    if reduce is not None:
        lines.append(_t("advice_or_reduce", index=a.leverage.index, now=render.money(now, ccy),
                        to=render.money(reduce.exposure, ccy), lev=f"{reduce.leverage:.1f}",
                        after=percent(reduce.worst_case), carry=_signed_money(reduce.carry_change, ccy)))
        lines.append(_t("advice_hedge_vs_reduce", per_year=render.money(hedge.cost_per_year, ccy),
                        now=render.money(now, ccy), index=a.leverage.index,
                        given=render.money(now - reduce.exposure, ccy)))
    lines += _tradeoff(a)
    return lines


def _do_hedge(a: Advice, hedge: Alternative, fx: dict[str, float]) -> str:
    """The action with its price; with linear yen hedges, what they sell and what they cost a year in carry."""
    ccy, result = a.base_currency, hedge.hedge
    linear = [p for p in result.positions if p.cost_basis == "carry"]
    if not linear or a.yen is None:
        return _t("advice_do_hedge", positions=positions(result), cost=render.money(hedge.cost, ccy),
                  pct=percent(hedge.cost / a.nav, 2), per_year=render.money(hedge.cost_per_year, ccy),
                  after=percent(hedge.worst_case))
    options = [p for p in result.positions if p.cost_basis != "carry"]
    actions = [_t("advice_buy", positions=_listed(options), premium=render.money(sum(p.cost for p in options), ccy))
               ] if options else []
    sold = a.yen.sold
    actions.append(_t("advice_sell_dollars", positions=_listed(linear), yen=render.money(sold, ccy),
                      usd=render.money(sold / fx[a.yen.currency], a.yen.currency, 0),
                      carry=render.money(a.yen.carry_per_year, ccy), margin=render.money(a.yen.margin, ccy)))
    return _t("advice_do_hedge_fx", actions=_t("advice_and").join(actions), cost=render.money(hedge.cost, ccy),
              pct=percent(hedge.cost / a.nav, 2), per_year=render.money(hedge.cost_per_year, ccy),
              after=percent(hedge.worst_case))


def _yen_line(a: Advice) -> str:
    """The recommended hedge's yen leg in one sentence: what it sells and insures, and the MMF's yield net of it."""
    leg, ccy = a.yen, a.base_currency
    key = ("advice_yen_leg" if leg.sold > 0 and leg.insured > 0 else
           "advice_yen_leg_sold" if leg.sold > 0 else "advice_yen_leg_insured")
    return _t(key, exposure=render.money(leg.exposure, ccy), ccy=leg.currency, sold=percent(leg.hedge_ratio),
              insured=render.money(leg.insured, ccy), before=percent(leg.mmf_yield, 2),
              after=percent(leg.mmf_yield_hedged, 2))


def _tradeoff(a: Advice) -> list[str]:
    """Put against spread in one sentence, when both reach the cap."""
    put, spread = a.alternative("puts"), a.alternative("spreads")
    if put is None or spread is None:
        return []
    ccy, diff = a.base_currency, put.cost - spread.cost
    return [_t("advice_tradeoff", put=positions(put.hedge), spread=positions(spread.hedge),
               diff=render.money(abs(diff), ccy), more=_t("advice_more" if diff >= 0 else "advice_less"),
               deep=percent(-DEEP_EQUITY, 0), fx=_fx_move(a), put_deep=percent(put.deep_pnl),
               spread_deep=percent(spread.deep_pnl))]


def _leverage_line(r: LeverageResult, cut: Alternative | None) -> str:
    """What the largest leverage means, why the path answer differs, and what whole futures contracts allow.

    ``cut`` is the account cut to that exposure, when the cap asks for a cut.
    """
    if r.limit == "loss cap":
        line = _t("advice_leverage_note", lev=f"{r.leverage_step:.1f}")
    else:
        line = _t("advice_leverage_limit", lev=f"{r.leverage_step:.1f}", limit=_t(f"limit_{r.limit}"))
    if r.contracts is not None and cut is not None:  # futures: the 0.1x step rounded down to whole contracts
        line += _t("advice_leverage_contracts", n=r.contracts, lev=f"{cut.leverage:.2f}")
    return line


def _checks_line(a: Advice) -> str:
    checks = a.checklist.checks
    count = {s: sum(c.status is s for c in checks) for s in Status}
    failed = _t("list_sep").join(_t({"exposure": "exposure_check"}.get(c.name, c.name)) for c in checks
                        if c.status is Status.FAIL)
    return _t("advice_checks", passed=count[Status.PASS], warn=count[Status.WARN], fail=count[Status.FAIL],
              failed=failed or "—")


def holdings_table(a: Advice) -> FitTable:
    """The account as held: each line's currency amount, value in the base currency, share of NAV and rate."""
    unit, values = money_column([*(h.value for h in a.holdings), a.nav], a.base_currency, render.language())
    rows = [[_holding_name(h), _amount(h), values[n], percent(h.value / a.nav),
             "—" if h.rate is None else percent(h.rate, 2)] for n, h in enumerate(a.holdings)]
    rows.append([_t("holding_total"), "", values[-1], percent(1.0), ""])
    return render.tabulate(_t("holdings_title", ccy=unit), [_t("holding"), _t("holding_amount"), _t("holding_value"),
                                                            _t("pct_nav"), _t("holding_rate")], rows,
                           priority=[0, 2, 0, 0, 1])


def named_table(a: Advice) -> FitTable:
    """The strategy's named stresses, unhedged and with the recommended hedge."""
    hedged = any(n.pnl_hedged is not None for n in a.named)
    rows = [[_named(n, a), percent(n.pnl), *([percent(n.pnl_hedged)] if hedged else [])] for n in a.named]
    return render.tabulate(_t("named_title"), [_t("named_stress"), _t("unhedged"), *([_t("hedged")] if hedged else [])],
                           rows)


def ways_rows(a: Advice) -> tuple[list[str | tuple[str, str, str]], list[list[str]]]:
    """Each way to the cap as a row, in words: headers (amounts with their unit, full and short) and cells."""
    ccy, ways = a.base_currency, a.alternatives
    (now_unit, now), (year_unit, year), (kept_unit, kept) = (
        money_column([getattr(w, k) for w in ways], ccy, render.language())
        for k in ("cost", "cost_per_year", "exposure"))
    rows = [[_t(f"way_{w.kind}"), now[n], year[n], percent(-w.worst_case), percent(w.deep_pnl), kept[n]]
            for n, w in enumerate(ways)]
    headers = [_t("way"), render.unit_header("cost_now", now_unit), render.unit_header("per_year", year_unit),
               _t("worst_case"), _t("deep_fall", deep=percent(DEEP_EQUITY, 0)),
               render.unit_header("exposure_kept", kept_unit)]
    return headers, rows


def ways_table(a: Advice) -> FitTable:
    """Each way to the cap: what it costs now and a year, the worst case, a deeper fall, the exposure kept."""
    headers, rows = ways_rows(a)
    return render.tabulate(_t("ways_title", cap=percent(a.cap, 0)), headers, rows, priority=[0, 0, 1, 0, 2, 3])


def positions(hedge: HedgeResult | None) -> str:
    """The hedge's positions in words: ``2 × XSP 2027-11-19 450/420 put spread``."""
    return "" if hedge is None else _listed(hedge.positions)


def _listed(held: list[Position]) -> str:
    """Positions in words, ``; `` (``、``) between them; a bank forward by its amount (``4,200 USD × ...``)."""
    lang = render.language()
    return ("、" if lang is Lang.JA else "; ").join(
        f"{render.quantity(p)} × {instrument_name(p.instrument.label, lang)}" for p in held)


def _satellite(a: Advice) -> float:
    return sum(h.exposure for h in a.holdings if h.kind is not HoldingKind.OPTION)


def _holding_name(h: Holding) -> str:
    if h.kind in (HoldingKind.MMF, HoldingKind.MMF_HEDGED) and h.name == MMF.name:  # the default name
        return _t(f"holding_{h.kind.value}_default")
    if h.kind is HoldingKind.FX_HEDGE:  # named as the hedge tables name it (店頭FX ドル売り)
        return instrument_name(h.name, render.language())
    return _t(f"holding_{h.kind.value}", name=h.name, ccy=h.currency)


def _amount(h: Holding) -> str:
    if h.kind in (HoldingKind.FUTURES, HoldingKind.OPTION):
        return number(h.amount, 0)
    if h.kind is HoldingKind.FX_HEDGE:  # lots: whole, or a bank forward's fraction of its 1,000-dollar unit
        return _t("holding_lots", n=number(h.amount, 0 if h.amount == round(h.amount) else 2))
    return render.money(h.amount, h.currency)


def _named(n: NamedStress, a: Advice) -> str:
    index = n.label.split(" ")[0]
    return _t("named_move", index=index, move=percent(n.equity, 0), fx=_fx_move(a, n.fx))


def _fx_move(a: Advice, move: float = NAMED_FX) -> str:
    """The named stresses' currency move with its levels: ``USDJPY 150→135`` (円高 150→135円)."""
    ccy, rate = a.named[0].currency, a.named[0].fx_before
    if render.language() is Lang.JA:
        return currency_move(ccy, move, a.base_currency, rate)
    return f"{ccy}{a.base_currency} {rate:,.0f}→{rate * (1 + move):,.0f}"


def _signed_money(amount: float, ccy: str) -> str:
    text = render.money(amount, ccy)
    return text if amount < 0 or text.startswith("0") else "+" + text


def evidence(a: Advice) -> None:
    """The evidence behind the verdict: stress, the hedge, puts vs spreads, the largest leverage, the checks."""
    render.summary(a.stress.summary)
    render.stress_table(a.stress, top=10)
    stress_notes(a.stress)
    render.hedge_result(a.hedge, render.hedge_title(a.cap))
    if a.yen is not None:
        console().print(leg_table(a.yen, a.base_currency))
    render.comparison(a.comparison)
    if a.leverage is not None:
        render.leverage_result(a.leverage, a.nav, a.base_currency)
    render.checklist(a.checklist)
