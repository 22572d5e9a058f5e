"""Rich renderings of library results for the terminal, and their JSON forms.

The language (``--lang``) is chosen once by the command line with :func:`use_language`; labels come from
:mod:`hedgeopt.face.i18n` and amounts follow its rule (万円/億円 in Japanese).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pandas as pd

from hedgeopt.account.pnl import COMPONENTS
from hedgeopt.face import i18n, names
from hedgeopt.face.duplicates import Merged, collapse_identical
from hedgeopt.face.market import words as market_words
from hedgeopt.face.tables import FitTable
from hedgeopt.face.tax import words as tax_words
from hedgeopt.face.terminal import console, number, percent, print_json, small_percent, table

if TYPE_CHECKING:  # types only: importing the optimizer here would load QuantLib for every command
    from hedgeopt.config.market_spec import MarketSnapshot
    from hedgeopt.config.tax_spec import Category
    from hedgeopt.optimizer.after_tax import AfterTax
    from hedgeopt.optimizer.comparison import Comparison
    from hedgeopt.optimizer.leverage import LeverageResult
    from hedgeopt.optimizer.result import HedgeResult, Position
    from hedgeopt.optimizer.standing_put import StandingPutResult
    from hedgeopt.risk.checklist import Check, Checklist
    from hedgeopt.risk.stress import AccountSummary, StressResult
    from hedgeopt.shards.hedge import ShardRun
    from pricing import Market, TradeQuote, Valuation

_LANG = i18n.Lang.EN


def use_language(lang: i18n.Lang | str) -> None:
    """Choose the language of everything printed after this call."""
    global _LANG
    _LANG = i18n.Lang(lang)


@contextmanager
def speaking(lang: i18n.Lang | str) -> Iterator[None]:
    """Words in ``lang`` inside the block (a report in its own language), the chosen language again after it."""
    global _LANG
    before, _LANG = _LANG, i18n.Lang(lang)
    try:
        yield
    finally:
        _LANG = before


def _t(key: str, **fields: object) -> str:
    return i18n.t(key, _LANG, **fields)


def tabulate(title: str, columns: Sequence[str | tuple[str, str, str]], rows: Sequence[Sequence[str]],
           **layout: object) -> FitTable:
    """A terminal table in the chosen language (``layout``: see :func:`hedgeopt.face.terminal.table`)."""
    return table(title, columns, rows, lang=_LANG, **layout)


def unit_header(key: str, unit: str) -> tuple[str, str, str]:
    """A header with its unit, full and short (``P&L, JPY`` / ``損益(万円)``), and its name without the unit."""
    name = _t(key)
    return i18n.with_unit(name, unit, _LANG), i18n.with_unit(i18n.short(name, _LANG), unit, _LANG), name


def scenario(label: str) -> str:
    """A scenario's label in the chosen language (:func:`hedgeopt.face.names.scenario_name`)."""
    return names.scenario_name(label, _LANG)


def language() -> i18n.Lang:
    """The language chosen by :func:`use_language` (English until then)."""
    return _LANG


def text(key: str, **fields: object) -> str:
    """The catalogue label ``key`` in the chosen language, with ``fields`` formatted in."""
    return _t(key, **fields)


def money(amount: float, currency: str, decimals: int | None = None) -> str:
    """An amount in the chosen language (``decimals`` forces a number of places, in English form)."""
    if decimals is not None:
        return f"{amount:,.{decimals}f} {currency}"
    return i18n.money(amount, currency, _LANG)


def market_json(market: Market, snapshot: MarketSnapshot | None = None) -> dict[str, object]:
    """Where the numbers come from, for JSON: ``label``, ``valuation_date``, ``illustrative`` and ``findings``.

    ``findings`` maps each loaded chain's symbol to what its checks found (``key``, ``values`` and the ``text``
    in the chosen language); ``defaults`` lists the inputs left at the embedded illustrative values.
    """
    found = {} if snapshot is None else snapshot.findings
    return {"label": market.label, "valuation_date": market.valuation_date.isoformat(),
            "illustrative": market.illustrative,
            "defaults": [] if snapshot is None else list(snapshot.defaults),
            "findings": {s: [{"key": f.key, "values": f.values, "text": market_words.finding(f, _LANG)} for f in fs]
                         for s, fs in found.items()}}


def market_note(market: Market, snapshot: MarketSnapshot | None = None) -> None:
    """Say which market the numbers come from, what its chains' checks found, and plainly when it is illustrative."""
    out = console()
    out.print(_t("market_line", label=names.market_label(market.label, _LANG), date=market.valuation_date),
              markup=False)
    for line in market_words.findings_lines({} if snapshot is None else snapshot.findings, _LANG):
        out.print(line, markup=False)
    if market.illustrative:
        out.print(_t("market_illustrative"), style="bold", markup=False)


def valuations(rows: Sequence[Valuation], market: Market, quotes: Sequence[TradeQuote],
               snapshot: MarketSnapshot | None = None) -> None:
    """Print valuations (per-unit price and greeks, value per contract) and what one contract costs to trade."""
    base = market.base_currency
    out = console()
    market_note(market, snapshot)
    unit, in_base = i18n.money_column([v.contract_value_base for v in rows], base, _LANG)
    columns = [_t("instrument"), _t("price_vol"), _t("price_pts"), _t("price_delta"), _t("price_gamma"),
               _t("price_vega"), _t("price_theta"), _t("price_contract"), _t("price_contract_base", ccy=unit)]
    body = [
        [
            names.instrument_name(v.label, _LANG),
            "/".join(f"{x:.2%}" for x in v.vols),
            number(v.price, 4),
            number(v.delta, 4),
            number(v.gamma, 6),
            number(v.vega_per_point, 4),
            number(v.theta_per_day, 4),
            money(v.contract_value, v.currency),
            in_base[n],
        ]
        for n, v in enumerate(rows)
    ]
    out.print(tabulate(_t("price_title"), columns, body, priority=[0, 5, 0, 3, 7, 4, 6, 8, 0]))
    out.print(_t("price_note"), markup=False)
    unit, cost = i18n.money_column([q.cost_base for q in quotes], base, _LANG)
    trade = [[names.instrument_name(q.label, _LANG), number(q.quote.model, 4), number(q.quote.bid, 2),
              number(q.quote.ask, 2), money(q.quote.commission_buy, q.currency), cost[n]]
             for n, q in enumerate(quotes)]
    out.print(tabulate(_t("trade_title"), [_t("instrument"), _t("trade_model"), _t("trade_bid"), _t("trade_ask"),
                                         _t("trade_commission"), _t("trade_cost", ccy=unit)], trade,
                     priority=[0, 3, 2, 2, 4, 0]))
    out.print(_t("trade_note"), markup=False)


def valuations_json(rows: Sequence[Valuation], market: Market, quotes: Sequence[TradeQuote],
                    snapshot: MarketSnapshot | None = None) -> None:
    """Print valuations as JSON: ``{"market": ..., "base_currency": ..., "valuations": [...]}``.

    Each valuation carries its trading figures: ``model_price``, ``bid``, ``ask``, ``commission_buy``, ...;
    ``findings`` what the checks of the market's chains found (:func:`market_json`).
    """
    print_json({
        "market": market.label,
        "market_illustrative": market.illustrative,
        "findings": market_json(market, snapshot)["findings"],
        "valuation_date": market.valuation_date.isoformat(),
        "base_currency": market.base_currency,
        "valuations": [{**v.as_dict(), **q.as_dict()} for v, q in zip(rows, quotes, strict=True)],
    })


def summary(s: AccountSummary) -> None:
    """Print the account summary: NAV, leverage, exposures, FX share, carry, buffers."""
    ccy = s.base_currency
    out = console()
    rows = [
        [_t("nav"), money(s.nav, ccy)],
        [_t("gross_exposure"), money(s.gross_exposure, ccy)],
        [_t("leverage"), f"{s.leverage:.2f}×"],
        *[[f"{_t('exposure')} {index}", f"{money(v, ccy)} ({percent(v / s.nav)})"] for index, v in s.exposures.items()],
        *[[f"{_t('fx_share')} {c}", percent(v)] for c, v in s.fx_shares.items()],
        [_t("carry_mmf"), money(s.carry.mmf_yield, ccy)],
        [_t("carry_fees"), money(s.carry.mmf_fees, ccy)],
        [_t("carry_dividends"), money(s.carry.dividends, ccy)],
        [_t("carry_funding"), money(s.carry.funding, ccy)],
        *([[_t("carry_hedging"), money(s.carry.hedging, ccy)]] if s.carry.hedging else []),
        [_t("carry_net"), f"{money(s.carry.net, ccy)} ({percent(s.carry.net / s.nav, 2)})"],
        *[[_t("borrowed", index=i), percent(v, 2)] for i, v in s.carry.borrowed_spreads.items()],
        *[[_t("margin_call_at", index=i), _t("no_margin_call") if v is None else percent(v)]
          for i, v in s.margin_call_falls.items()],
    ]
    if s.cash_buffer_multiple is not None:
        rows.append([_t("buffer"), f"{s.cash_buffer_multiple:.1f}×"])
    if s.fx_hedge_margin:
        rows.append([_t("fx_hedge_margin"), money(s.fx_hedge_margin, ccy)])
    out.print(tabulate(_t("account"), [_t("figure"), _t("value")], rows, wrap=[0, 1]))


def stress_table(result: StressResult, top: int | None = None) -> None:
    """Print the P&L table, worst first, rows of identical P&L shown once; ``top`` rows when given.

    Amounts are plain numbers under a header that carries the unit (``P&L, JPY``; ``損益(万円)`` with one 万
    precision per column); the JSON keeps every row.
    """
    ccy = result.summary.base_currency
    taxed = result.tax is not None
    distinct, merged = collapse_identical(result.table, ["horizon_days", *COMPONENTS, "margin_call",
                                                         *(("tax",) if taxed else ())])
    rows = distinct if top is None else distinct.head(top)
    money_keys = (*COMPONENTS, "pnl", *(("tax", "after_tax") if taxed else ()))
    amounts = {c: i18n.money_column(rows[c].tolist(), ccy, _LANG) for c in money_keys}
    body = [[names.scenario_name(r.label, _LANG, result.summary.fx_rates, ccy), str(r.horizon_days),
             *(amounts[c][1][k] for c in (*COMPONENTS, "pnl")), percent(r.pnl_pct),
             *((amounts["tax"][1][k], amounts["after_tax"][1][k], percent(r.after_tax_pct)) if taxed else ()),
             _t("margin_call") if r.margin_call else _t("margin_none")] for k, r in enumerate(rows.itertuples())]
    partial = top is not None and top < len(distinct)
    shown = _t("worst_of", n=len(rows), total=len(distinct)) if partial else _t("all")
    tax_columns = (unit_header("tax", amounts["tax"][0]), unit_header("after_tax", amounts["after_tax"][0]),
                   _t("after_tax_pct")) if taxed else ()
    columns = [_t("scenario"), _t("days"), *(unit_header(c, amounts[c][0]) for c in (*COMPONENTS, "pnl")),
               _t("pct_nav"), *tax_columns, _t("margin")]
    # hidden first: days, options when none are held, carry, funding; the margin column stays when it has a call;
    # after tax, the pre-tax and after-tax P&L stay side by side and the tax and the percentages give way first
    priority = [0, 8, 7, 2, 3, 5 if rows["options"].any() else 9, 6, 0, 0, *((3, 0, 1) if taxed else ()),
                1 if rows["margin_call"].any() else 4]
    out = console()
    out.print(tabulate(_t("stress_title", shown=shown, ccy=ccy), columns, body, priority=priority))
    uncredited = result.table.loc[result.table["uncredited"], "label"].tolist()
    if uncredited:
        out.print(_t("uncredited", scenarios=_t("list_sep").join(scenario(x) for x in uncredited)), markup=False)
    for line in merged_notes([m for m in merged if m.label in set(rows["label"])]):
        out.print(line, markup=False)


def merged_notes(merged: Sequence[Merged]) -> list[str]:
    """One line per kind of merge: which label parts gave identical P&L, and how many rows each stands for."""
    lines = []
    for variants, n_rows in Counter(m.variants for m in merged).items():
        kinds = {v.split(" ")[0] for v in variants}
        what = f"variants_{kinds.pop()}" if len(kinds) == 1 else "variants_other"
        what = what if what in i18n.CATALOGUE else "variants_other"
        lines.append(_t("duplicates_note", k=len(variants), what=_t(what), rows=n_rows,
                        variants=_t("list_sep").join(scenario(v) for v in variants)))
    return lines


def stress_json(result: StressResult, market: Market | None = None, snapshot: MarketSnapshot | None = None) -> None:
    """Print a stress result as JSON (``summary``, ``scenarios``, ``tax``, ``market``).

    Each scenario has ``pnl``, ``pnl_pct`` and, with tax, the after-tax columns; ``tax`` is what those start from
    (null without tax).
    """
    payload = result.as_dict()
    print_json(payload if market is None else {**payload, "market": market_json(market, snapshot)})


def hedge_result(r: HedgeResult, title: str | None = None) -> None:
    """Print a hedge: positions, cost, worst case before and after, binding scenarios, checks."""
    ccy, out = r.base_currency, console()
    title = title or _t("hedge_title")
    if not r.optimal:
        d = r.diagnosis
        out.print(_t("infeasible", title=title, cap=percent(r.cap or 0.0)))
        out.print(_t("smallest_cap", cap=percent(d.get("min_achievable_cap", float("nan")), 2),
                     scenario=scenario(str(d.get("limiting_scenario", "")))))
        if "min_achievable_cvar" in d:
            out.print(_t("smallest_cvar", cvar=percent(d["min_achievable_cvar"], 2), limit=d["limit"]))
        out.print(_t("what_would_hold"))
        for remedy in d.get("remedies", ()):
            out.print("  • " + _t(f"remedy_{remedy}", longest=d["longest_expiry_days"],
                                  window=d["limiting_window_days"],
                                  scenario=scenario(str(d.get("limiting_scenario", "")))),
                      markup=False)
        return
    keys = ("model_per_contract", "quoted_per_contract", "commission_per_contract", "cost_per_contract", "cost")
    amounts = [i18n.money_column([getattr(p, k) for p in r.positions] or [0.0], ccy, _LANG) for k in keys]
    body = [[names.instrument_name(p.instrument.label, _LANG), quantity(p), *(cells[n] for _, cells in amounts)]
            for n, p in enumerate(r.positions)]
    out.print(tabulate(title, [_t("instrument"), _t("contracts"),
                             *(unit_header(k, unit) for k, (unit, _) in zip(keys, amounts, strict=True))], body
                     or [[_t("no_hedge" if r.cap is not None and r.worst_case_before <= r.cap else "no_useful_hedge"),
                          "0", "", "", "", "", amounts[-1][1][0]]], priority=[0, 0, 4, 3, 5, 2, 0]))
    if r.positions:
        out.print(_t("costs_note"), markup=False)
        if any(p.cost_basis == "carry" for p in r.positions):
            out.print(_t("carry_note"), markup=False)
    elif r.cap is None or r.worst_case_before > r.cap:
        worst = r.binding_scenarios["label"].iloc[0] if len(r.binding_scenarios) else ""
        out.print(_t("no_useful_hedge_note", scenario=scenario(worst)), markup=False)
    lines = [
        [_t("total_cost"), _t("cost_of_nav", money=money(r.cost, ccy), pct=small_percent(r.cost_pct))],
        [_t("worst_before_after"), f"{percent(-r.worst_case_before)} → {percent(-r.worst_case_after)}"],
    ]
    if r.cvar_after is not None:
        lines.append([_t("cvar_before_after"), f"{percent(-r.cvar_before)} → {percent(-r.cvar_after)}"])
    if r.after_tax is not None:
        lines += after_tax_lines(r.after_tax, ccy)
    if r.continuous_cost is not None:
        lines.append([_t("continuous_rounding"), f"{money(r.continuous_cost, ccy)} / {money(r.rounding_cost, ccy)}"])
    if r.shadow_price is not None:
        lines.append([_t("shadow"), money(r.shadow_price, ccy)])
    lines.append([_t("status"), _t("status_line", status=_t(f"status_{r.status}"), rounds=r.iterations,
                                   rows=r.active_rows)])
    out.print(tabulate(_t("summary"), [_t("figure"), _t("value")], lines, wrap=[0, 1]))
    worst = r.binding_scenarios.head(5)
    unit, pnl = i18n.money_column(worst["pnl"].tolist(), ccy, _LANG)
    binding = [[scenario(row.label), pnl[n], percent(row.pnl_pct, 2)] for n, row in enumerate(worst.itertuples())]
    out.print(tabulate(_t("binding"), [_t("scenario"), unit_header("pnl", unit), _t("pct_nav")], binding))
    if r.uncredited:
        out.print(_t("uncredited", scenarios=_t("list_sep").join(scenario(x) for x in r.uncredited)), markup=False)
    if r.after_tax is not None:
        out.print(after_tax_cost_words(r.after_tax, ccy), markup=False)
        if r.after_tax.breach:
            out.print(after_tax_breach(r.after_tax, ccy), style="bold", markup=False)
    if r.verification is not None:
        v = r.verification
        out.print(_t("verified", n=v.n_scenarios, fast=percent(-v.worst_case_fast, 3), nq=v.n_reference,
                     sample=sample_words(v.sample),
                     ql=percent(-v.worst_case_reference, 3), diff=money(v.max_abs_diff, ccy, 4),
                     tol=money(v.tolerance, ccy, 4),
                     verdict=_t("passed") if v.passed else _t("failed")))


def shard_run(run: ShardRun) -> None:
    """Print where a sharded hedge ran (after :func:`hedge_result` of ``run.result``)."""
    where = _t("sharded_workers", n=run.workers) if run.workers else _t("sharded_serial")
    console().print(_t("sharded_run", rows=run.n_rows, memory=run.memory_rows, shards=run.n_shards,
                       shard_rows=run.shard_rows, where=where, rounds=run.rounds, added=run.rows_added,
                       scenario=scenario(run.worst_label or "")), markup=False)
    console().print(_t("sharded_no_after_tax"), markup=False)


def _category(category: Category) -> str:
    return tax_words.category(category, _LANG)


def after_tax_cost_words(t: AfterTax, ccy: str) -> str:
    """The after-tax cost and why, per income category of the hedge's cost (the ``[tax]`` year's gains)."""
    why = []
    for category, cost in t.cost.items():
        saved, gains, name = t.saved[category], t.available[category], _category(category)
        if saved <= 0.5:
            kind = "misc" if category.value == "misc" else "carry"
            why.append(_t(f"at_cost_none_{kind}", category=name))
        elif gains >= cost:
            why.append(_t("at_cost_full", category=name, saved=money(saved, ccy), rate=percent(saved / cost, 3)))
        else:
            why.append(_t("at_cost_part", category=name, gains=money(gains, ccy), saved=money(saved, ccy)))
    return _t("at_cost_line", cost=money(t.total_cost, ccy), after=money(t.after_tax_cost, ccy),
              why=_t("at_sep").join(why) if why else _t("at_no_cost"))


def after_tax_lines(t: AfterTax, ccy: str) -> list[list[str]]:
    """Summary rows: the after-tax cost, the worst case after tax before and after the hedge."""
    return [[_t("at_cost"), money(t.after_tax_cost, ccy)],
            [_t("at_worst"), f"{percent(-t.worst_case_before)} → {percent(-t.worst_case_after)}"]]


def after_tax_breach(t: AfterTax, ccy: str) -> str:
    """The sentence saying the after-tax worst case breaks the cap the pre-tax one holds, and why."""
    taxed = [_t("at_taxed_part", category=_category(row["category"]), rate=percent(row["tax"] / row["pnl"], 2))
             for row in t.at_worst if row["hedge_pnl"] > 0 and row["tax"] > 0]
    why = [_t("at_taxed", parts=_t("at_taxed_join").join(taxed))] if taxed else []
    why += [_t("at_carried" if row["carried"] > 0 else "at_lost", category=_category(row["category"]),
               loss=money(-row["pnl"], ccy))
            for row in t.at_worst if row["pnl"] < 0 and (row["carried"] > 0 or row["tax"] >= 0)]
    return _t("at_breach", worst=percent(-t.worst_case_after), scenario=scenario(t.worst_scenario),
              cap=percent(t.cap or 0.0), why=_t("at_sep").join(why))


def quantity(p: Position) -> str:
    """How much of a hedge line is held: contracts or lots, a bank forward's amount in its currency (``42 USD``)."""
    spec = p.instrument.spec
    if p.cost_basis == "carry" and not spec.whole:
        return f"{p.quantity * spec.lot:,.0f} {spec.lot_currency}"
    return number(p.quantity, 0 if float(p.quantity).is_integer() else 3)


def comparison(c: Comparison) -> None:
    """Print puts only, spreads only and the mix side by side; yen hedges alone and joint for a yen account."""
    ccy = next(iter(c.results.values())).base_currency
    body = []
    unit, costs = i18n.money_column([r.cost if r.optimal else float("nan") for r in c.results.values()], ccy,
                                    _LANG)
    for (family, r), cost in zip(c.results.items(), costs, strict=True):
        if r.optimal:
            held = ("; " if _LANG is i18n.Lang.EN else "、").join(
                f"{quantity(p)} × {names.instrument_name(p.instrument.label, _LANG)}" for p in r.positions)
            body.append([i18n.family(family, _LANG), cost, small_percent(r.cost_pct), percent(-r.worst_case_after),
                         held or _t("none")])
        else:
            body.append([i18n.family(family, _LANG), _t("infeasible_short"), "",
                         _t("min_cap", cap=percent(-r.diagnosis["min_achievable_cap"])), ""])
    title = "compare_title_fx" if "fx" in c.results else "compare_title"
    columns: list = [_t("family"), unit_header("cost", unit), _t("pct_nav"), _t("worst_case"), _t("positions")]
    priority = [0, 0, 2, 0, 1]
    taxed = [r.after_tax for r in c.results.values()]
    if any(t is not None for t in taxed):
        _, after = i18n.money_column([t.after_tax_cost if t is not None else float("nan") for t in taxed], ccy,
                                     _LANG)
        body = [[*row[:2], after[n], *row[2:4], percent(-t.worst_case_after) if t is not None else "", row[4]]
                for n, (row, t) in enumerate(zip(body, taxed, strict=True))]
        columns[2:2] = [unit_header("at_cost_short", unit)]
        columns[5:5] = [_t("at_worst_short")]
        priority = [0, 0, 0, 3, 0, 0, 1]
    console().print(tabulate(_t(title, cap=percent(c.cap)), columns, body, right_from=1, wrap=[0, len(columns) - 1],
                             priority=priority))


def sample_words(text: str, lang: i18n.Lang | str | None = None) -> str:
    """The verification's reference sample in words, in ``lang`` (by default the chosen language).

    The library writes ``all`` or ``binding + worst 500 + random 500 (seed 7)``.
    """
    lang = _LANG if lang is None else i18n.Lang(lang)
    found = re.fullmatch(r"binding \+ worst ([\d,]+) \+ random ([\d,]+) \(seed (\d+)\)", text)
    if text == "all" or not found:
        return i18n.t("sample_all", lang) if text == "all" else text
    return i18n.t("sample_parts", lang, worst=found.group(1), random=found.group(2), seed=found.group(3))


FRONTIER_COLUMNS = ("puts", "spreads", "mix", "fx", "joint")
"""The frontier's families in column order; puts only and spreads only give way first on a narrow terminal."""


def frontier_table(df: pd.DataFrame, base_currency: str, integer: bool = False) -> None:
    """Print the cost-versus-cap frontier: one row per cap, one column per family.

    ``integer`` says which problem was solved: whole contracts, or the continuous relaxation (fractions of
    contracts: the shape of the trade-off, cheaper than any order that can be placed).
    """
    wide = df.pivot(index="cap", columns="family", values="cost")
    families = [f for f in FRONTIER_COLUMNS if f in wide.columns]
    costs = {f: i18n.money_column(wide[f].tolist(), base_currency, _LANG) for f in families}
    body = [[percent(cap), *(_t("infeasible_short") if pd.isna(wide.loc[cap, f]) else costs[f][1][n]
                             for f in families)] for n, cap in enumerate(wide.index)]
    title = _t("frontier_title", ccy=base_currency) + _t("frontier_integer" if integer else "frontier_continuous")
    headers = [(i18n.with_unit(i18n.family(f, _LANG), costs[f][0], _LANG),) * 2 + (i18n.family(f, _LANG),)
               for f in families]
    console().print(tabulate(title, [_t("cap"), *headers], body,
                             priority=[0, *({"puts": 1, "spreads": 2}.get(f, 0) for f in families)]))


def standing_put_result(r: StandingPutResult, base_currency: str, rows: int = 10) -> None:
    """Print the standing-put lines, best first, and the chosen hedge."""
    target = (_t("sp_budget", budget=money(r.target, base_currency)) if r.mode == "budget"
              else _t("sp_cap", cap=percent(r.target)))
    shown = r.table.head(rows)
    per_roll, per_year = (i18n.money_column(shown[k].tolist(), base_currency, _LANG)
                          for k in ("cost_per_roll", "yearly_cost"))
    body = [[names.instrument_name(row.instrument, _LANG), str(row.tenor_days), f"{row.rolls_per_year:.2f}",
             _t(f"status_{row.status}"), f"{row.contracts:g}", per_roll[1][n], per_year[1][n],
             percent(row.yearly_cost_pct, 2), "—" if pd.isna(row.worst_case_after) else percent(-row.worst_case_after)]
            for n, row in enumerate(shown.itertuples())]
    console().print(tabulate(_t("sp_title", target=target, worst=percent(-r.worst_case_before)),
                           [_t("sp_put"), _t("sp_tenor"), _t("sp_rolls"), _t("status"), _t("contracts"),
                            unit_header("sp_per_roll", per_roll[0]), unit_header("per_year", per_year[0]),
                            _t("sp_pct_nav"), _t("worst_case")], body, priority=[0, 5, 6, 4, 2, 3, 0, 1, 0]))
    if r.best is not None and "yearly_after_tax" in r.table:
        console().print(_t("sp_after_tax", cost=money(r.table.loc[0, "yearly_cost"], base_currency),
                           after=money(r.table.loc[0, "yearly_after_tax"], base_currency)), markup=False)
    if r.best is not None:
        hedge_result(r.best, _t("sp_chosen"))


def leverage_result(r: LeverageResult, nav: float, base_currency: str) -> None:
    """Print the maximum leverage and what binds."""
    rows = [
        [_t("route_index"), f"{_t('route_' + r.route)} / {r.index}"],
        [_t("largest_exposure"), money(r.exposure, base_currency)],
        [_t("leverage"), f"{r.leverage:.3f}×"],
        [_t("in_steps"), f"{r.leverage_step:.1f}× = {money(r.exposure_step, base_currency)}"
         + (_t("n_contracts", n=r.contracts) if r.contracts is not None else "")],
        [_t("what_binds"), _t(f"limit_{r.limit}")
         + (f" ({scenario(r.limiting_scenario)})" if r.limiting_scenario else "")],
        [_t("worst_at_largest"), percent(-r.worst_case)],
    ]
    console().print(tabulate(_t("leverage_title"), [_t("figure"), _t("value")], rows, wrap=[0, 1]))
    if r.hedge is not None:
        hedge_result(r.hedge, _t("hedge_at_leverage", lev=f"{r.leverage_step:.1f}"))


def checklist(c: Checklist) -> None:
    """Print the five checks with their outcome and numbers."""
    names = {"exposure": "exposure_check"}
    body = [[str(k.number), _t(names.get(k.name, k.name)), _t(k.status.value), check_detail(k)] for k in c.checks]
    out = console()
    out.print(tabulate(_t("checklist_title"), ["#", _t("check"), _t("result"), _t("numbers")], body, right_from=9))
    out.print(_t("all_pass") if c.passed else _t("some_fail"))


def check_detail(c: Check, lang: i18n.Lang | str | None = None) -> str:
    """A check's facts in ``lang``, by default the chosen language (the library's ``detail`` in English)."""
    lang = _LANG if lang is None else i18n.Lang(lang)
    if lang is i18n.Lang.EN:
        return c.detail
    return "。".join(i18n.CHECK_FACTS_JA[key].format(**_fact_fields(fields, lang)) for key, fields in c.facts)


def _fact_fields(fields: dict[str, object], lang: i18n.Lang) -> dict[str, object]:
    """Amounts in 万円, scenario and key names in Japanese."""
    out = dict(fields)
    if "amount" in out:
        out["amount"] = i18n.money(float(out["amount"]), str(out["currency"]), lang)
    if "scenario" in out:
        out["scenario"] = names.scenario_name(str(out["scenario"]), lang)
    if "missing" in out:
        out["missing"] = str(out["missing"]).replace(" and ", " と ")
    if "path" in out and "average" in out:  # a rate regime
        out["name"] = i18n.named("regime", str(out["name"]), lang)
        out["path"] = i18n.named("rate_path", str(out["path"]), lang)
    return out


def hedge_title(cap: float) -> str:
    """Title of the hedge table for ``cap`` (fraction of NAV)."""
    return _t("hedge_title_cap", cap=f"{cap:.0%}")


def report_written(path: object) -> None:
    """Say where the report went."""
    console().print(_t("report_written", path=path))
