"""The route comparison's verdict and tables, as rows of text in a language (the terminal and the report share them).

Three tables: what each route costs (a year and to open, what it holds and ties up, the buffer), what it risks
(worst case, the fall that calls it, the upside kept, the largest leverage), and each regime's yearly cost and worst
case. Every word comes from :data:`hedgeopt.face.i18n.CATALOGUE`; amounts follow :func:`hedgeopt.face.i18n.money`.
"""

from __future__ import annotations

from hedgeopt.face import errors_ja, i18n, names
from hedgeopt.face.i18n import Lang
from hedgeopt.routes.build import RouteName
from hedgeopt.routes.compare import RouteComparison, RouteFigures, Unavailable

WHOLE_CONTRACT_GAP = 0.25
"""The verdict says so when whole futures contracts miss the exposure asked by more than this share of it."""


def route_name(route: RouteName | str, lang: Lang | str) -> str:
    """A route with its letter (``A margin ETF``, ``C コール``)."""
    return i18n.t(f"route:{RouteName(route).value}", lang)


def regime_name(name: str, lang: Lang | str) -> str:
    """A regime's name in the language (a user's own name unchanged)."""
    return i18n.named("regime", name, lang)


def _pct(x: float) -> str:
    return f"{x:,.1%}"


def holds(f: RouteFigures, c: RouteComparison, lang: Lang | str) -> str:
    """What the route holds, in words: the ETF and its loan, the contracts, the options."""
    b, ccy = f.built, c.currency
    if f.route is RouteName.FUTURES:
        pos = next(p for p in b.account.satellite if p.route.value == "futures" and p.index == c.index)
        return i18n.t("routes_holds_futures", lang, n=b.contracts, symbol=pos.symbol,
                      amount=i18n.money(b.exposure, ccy, lang), times=b.exposure / c.target)
    if f.route is RouteName.MARGIN:
        pos = next(p for p in b.account.satellite if p.route.value == "margin" and p.index == c.index)
        loan_ccy = pos.loan_currency or c.index_currency
        return i18n.t("routes_holds_margin", lang, amount=i18n.money(b.exposure, ccy, lang), rate=pos.loan_rate,
                      ccy=names.currency_word(loan_ccy, lang))
    if f.route is RouteName.CALLS:
        lines = [f"{p.contracts} × {names.instrument_name(p.instrument.label, lang)}" for p, _ in b.options]
        return i18n.t("routes_holds_calls", lang, options=" + ".join(lines), delta=i18n.money(b.exposure, ccy, lang))
    return i18n.t("routes_holds_cash", lang, amount=i18n.money(b.exposure, ccy, lang))


def _buffer(f: RouteFigures, lang: Lang | str) -> str:
    b = f.buffer
    mark = i18n.t("routes_ok" if b.kept else "routes_short", lang)
    if b.cash_multiple is not None:
        return f"{b.cash_multiple:.1f}× {mark}"
    return f"{b.share:.0%}" + (f" {mark}" if b.share_floor is not None else "")


def _money(values: list[float], c: RouteComparison, key: str, lang: Lang | str, **fields: object
           ) -> tuple[str, list[str]]:
    """A header with its unit and the column of amounts (one precision rule per column)."""
    unit, cells = i18n.money_column(values, c.currency, lang)
    return i18n.with_unit(i18n.t(key, lang, **fields), unit, lang), cells


def cost_rows(c: RouteComparison, lang: Lang | str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the costs table (today's rates)."""
    year, years = _money([f.cost["base"].cost_year for f in c.routes], c, "routes_year", lang)
    opening, opens = _money([f.built.opening for f in c.routes], c, "routes_open", lang)
    tied, ties = _money([f.buffer.tied_up for f in c.routes], c, "routes_tied", lang)
    headers = [i18n.t("routes_route", lang), year, opening, tied, i18n.t("routes_buffer", lang)]
    rows = [[route_name(f.route, lang), years[k], opens[k], ties[k], _buffer(f, lang)]
            for k, f in enumerate(c.routes)]
    return headers, rows


def holds_lines(c: RouteComparison, lang: Lang | str) -> list[str]:
    """What each route holds, one line each (``A margin ETF: ETF 3,000,000 JPY, USD loan at 6.00%``)."""
    return [f"{route_name(f.route, lang)}: {holds(f, c, lang)}" for f in c.routes]


def _called(f: RouteFigures, lang: Lang | str) -> str:
    if f.trigger.fall is None:
        return i18n.t("routes_never", lang)
    return _pct(f.trigger.fall)


def _most(f: RouteFigures, lang: Lang | str) -> str:
    if f.leverage is None:
        return "—"
    if f.leverage.limit == "search end":
        return f"≥ {f.leverage.leverage:.2f}×"
    return f"{f.leverage.leverage:.2f}× ({i18n.t(f'routes_limit:{f.leverage.limit}', lang)})"


def risk_rows(c: RouteComparison, lang: Lang | str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the risks table (today's rates): worst case, its scenario, the call, the leverage."""
    headers = [i18n.t("routes_route", lang), i18n.t("routes_worst", lang), i18n.t("routes_called", lang),
               i18n.t("routes_most", lang)]
    rows = [[route_name(f.route, lang), _pct(-f.worst["base"].loss), _called(f, lang), _most(f, lang)]
            for f in c.routes]
    return headers, rows


def worst_by_lines(c: RouteComparison, lang: Lang | str) -> list[str]:
    """Which scenario sets each route's worst case, routes grouped by scenario (one line per scenario)."""
    grouped: dict[str, list[str]] = {}
    for f in c.routes:
        grouped.setdefault(f.worst["base"].scenario, []).append(f.route.letter)
    return [i18n.t("routes_worst_by", lang, routes=", ".join(letters),
                   scenario=names.scenario_name(scenario, lang)) for scenario, letters in grouped.items()]


def upside_rows(c: RouteComparison, lang: Lang | str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the upside table: the gain kept at each rise, and its share of the exposure's."""
    moves = [u["move"] for u in c.routes[0].upside] if c.routes else []
    columns = [_money([f.upside[k]["gain"] for f in c.routes], c, "routes_kept", lang, move=f"{m:.0%}")
               for k, m in enumerate(moves)]
    headers = [i18n.t("routes_route", lang), *(header for header, _ in columns)]
    rows = [[route_name(f.route, lang), *(f"{cells[n]} ({f.upside[k]['share']:.0%})"
                                          for k, (_, cells) in enumerate(columns))] for n, f in enumerate(c.routes)]
    return headers, rows


def regime_rows(c: RouteComparison, lang: Lang | str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the regimes table: each regime's yearly cost and worst case by route."""
    unit, _ = i18n.money_column([f.cost[name].cost_year for f in c.routes for name in c.regime_names], c.currency,
                                lang)
    headers = [i18n.t("routes_route", lang),
               *(i18n.with_unit(regime_name(name, lang), unit, lang) for name in c.regime_names)]
    flat = i18n.money_column([f.cost[name].cost_year for name in c.regime_names for f in c.routes], c.currency,
                             lang)[1]
    n = len(c.routes)
    columns = {name: flat[k * n:(k + 1) * n] for k, name in enumerate(c.regime_names)}
    rows = [[route_name(f.route, lang), *(f"{columns[name][k]} / {_pct(-f.worst[name].loss)}"
                                          for name in c.regime_names)] for k, f in enumerate(c.routes)]
    return headers, rows


def ranking_lines(c: RouteComparison, lang: Lang | str) -> list[str]:
    """The cost ranking in each regime, one line each."""
    return [i18n.t("routes_rank", lang, regime=regime_name(name, lang),
                   order=" < ".join(route_name(r, lang) for r in c.ranking(name))) for name in c.regime_names]


def verdict(c: RouteComparison, lang: Lang | str) -> list[str]:
    """The answer first: the cheapest route a year and the one with the smallest worst case, and what moves them."""
    if not c.routes:
        return [i18n.t("routes_none", lang)]
    cheap = next(f for f in c.routes if f.route is c.ranking()[0])
    safe = next(f for f in c.routes if f.route is c.safest()[0])
    safest = "routes_safest" if safe.worst["base"].loss <= c.cap + 1e-12 else "routes_none_within_cap"
    year = cheap.cost["base"].cost_year
    lines = [i18n.t("routes_cheapest" if year >= 0 else "routes_cheapest_earns", lang,
                    route=route_name(cheap.route, lang), amount=i18n.money(abs(year), c.currency, lang)),
             i18n.t(safest, lang, route=route_name(safe.route, lang), loss=_pct(-safe.worst["base"].loss),
                    cap=f"{c.cap:.0%}")]
    futures = next((f for f in c.routes if f.route is RouteName.FUTURES), None)
    if futures is not None and abs(futures.built.exposure / c.target - 1.0) > WHOLE_CONTRACT_GAP:
        one = futures.built.exposure / futures.built.contracts
        lines.append(i18n.t("routes_contract_size", lang, one=i18n.money(one, c.currency, lang),
                            n=futures.built.contracts, held=i18n.money(futures.built.exposure, c.currency, lang),
                            times=futures.built.exposure / c.target))
    for name, order in c.reordered().items():
        lines.append(i18n.t("routes_reordered", lang, regime=regime_name(name, lang),
                            order=" < ".join(route_name(r, lang) for r in order)))
    if not c.reordered() and len(c.regime_names) > 1:
        lines.append(i18n.t("routes_same_order", lang))
    return lines


def unavailable_line(route: str, why: Unavailable, lang: Lang | str) -> str:
    """Why a route is left out, in the language."""
    if why.limit is not None:
        reason = i18n.t(f"routes_c_{why.limit.replace(' ', '_')}", lang, **{k: v for k, v in why.fields.items()
                                                                            if isinstance(v, int | float)})
    elif why.error is not None and Lang(lang) is Lang.JA:
        reason = errors_ja.message(why.error)
    else:
        reason = why.reason
    return i18n.t("routes_left_out", lang, route=route_name(route, lang), reason=reason)


def show(c: RouteComparison, days: int) -> None:
    """Print the comparison in the chosen language: the verdict, then the three tables and their notes."""
    from hedgeopt.face import render
    from hedgeopt.face.terminal import console

    lang, out = render.language(), console()
    out.print(i18n.t("routes_title", lang, exposure=i18n.money(c.target, c.currency, lang), index=c.index,
                     nav=i18n.money(c.nav, c.currency, lang), cap=f"{c.cap:.0%}"), markup=False)
    for line in verdict(c, lang):
        out.print(line, markup=False)
    for route, why in c.unavailable.items():
        out.print(unavailable_line(route, why, lang), markup=False)
    if not c.routes:
        return
    for line in holds_lines(c, lang):
        out.print(line, markup=False)
    headers, rows = cost_rows(c, lang)
    out.print(render.tabulate(i18n.t("routes_costs_title", lang), headers, rows, wrap=[0]))
    out.print(i18n.t("routes_costs_note", lang), markup=False)
    headers, rows = risk_rows(c, lang)
    out.print(render.tabulate(i18n.t("routes_risks_title", lang), headers, rows, wrap=[0]))
    for line in worst_by_lines(c, lang):
        out.print(line, markup=False)
    headers, rows = upside_rows(c, lang)
    out.print(render.tabulate(i18n.t("routes_upside_title", lang, days=days), headers, rows, wrap=[0]))
    out.print(i18n.t("routes_risks_note", lang, days=days), markup=False)
    headers, rows = regime_rows(c, lang)
    out.print(render.tabulate(i18n.t("routes_regimes_title", lang), headers, rows, right_from=1, wrap=[0]))
    for line in ranking_lines(c, lang):
        out.print(line, markup=False)
