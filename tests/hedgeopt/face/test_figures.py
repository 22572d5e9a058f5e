"""The report's figures: the hedge explained with the library's numbers, whole-contract frontier, Japanese text.

Seed numbers (examples/seed_10m.toml, from the stress table and the hedge the report recommends at its 20% cap):
SPX −40% with USDJPY −10% over 30 days costs the unhedged account 17.70% of NAV; the 2007–09 bear (517 days,
SPX −56.8%, USDJPY 150 → 126.8) costs 24.58% unhedged and 19.67% with the hedge (2 XSP put spreads): that
episode sets the worst case after the hedge.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text

from hedgeopt.config.config import load_config
from hedgeopt.face import figure_data, figures
from hedgeopt.face.i18n import named
from hedgeopt.optimizer import hedging
from hedgeopt.paths.backtest import history_paths, side_by_side
from hedgeopt.risk.stress import stress

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
CAP = 0.20
CAPS = (0.10, 0.15, 0.20, 0.25)
"""Tickers and codes allowed in Japanese text (the house rule)."""


@pytest.fixture(scope="module")
def seed():
    config = load_config(SEED)
    hedge = hedging.hedge(config, cap=CAP)
    frontier = hedging.frontier_for(config, caps=CAPS, integer=True)
    table = stress(config).table
    _, runs = side_by_side(config, history_paths(config, "2008-06-01", "2008-12-31"))
    return {"config": config, "hedge": hedge, "frontier": frontier, "stress": table, "runs": runs}


def build(seed, lang):
    config, hedge = seed["config"], seed["hedge"]
    return {"pnl": figures.pnl_vs_index(config, hedge, CAP, lang),
            "heatmap": figures.heatmap_index_fx(config, hedge, CAP, lang),
            "frontier": figures.frontier_figure(seed["frontier"], "JPY", chosen=hedge, lang=lang),
            "decomposition": figures.decomposition_figure(seed["stress"], "JPY", lang),
            "paths": figures.paths_figure(seed["runs"], CAP, "JPY", lang=lang)}


@pytest.fixture(scope="module")
def drawn(seed):
    """Every figure in both languages, drawn (so tick labels exist), with the warnings drawing raised."""
    out, caught = {}, {}
    for lang in ("en", "ja"):
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            out[lang] = build(seed, lang)
            for fig in out[lang].values():
                fig.canvas.draw()
        caught[lang] = [str(w.message) for w in record]
    yield out, caught
    for figs in out.values():
        for fig in figs.values():
            plt.close(fig)


def texts(fig) -> list[str]:
    """Every visible text of a drawn figure: titles, axis labels, ticks, legend entries and titles, annotations."""
    return [a.get_text() for a in fig.findobj(Text) if a.get_visible() and a.get_text().strip()]


def line(ax, gid):
    found = [x for x in ax.get_lines() if x.get_gid() == gid]
    assert len(found) == 1, (gid, [x.get_gid() for x in ax.get_lines()])
    return found[0]


def test_every_figure_builds_in_both_languages_with_every_glyph(drawn):
    figs, caught = drawn
    assert set(figs["en"]) == set(figs["ja"]) == {"pnl", "heatmap", "frontier", "decomposition", "paths"}
    assert not [m for lang in caught for m in caught[lang] if "missing from font" in m], caught
    for fig in figs["ja"].values():  # drawn in the packaged Japanese font, ticks included
        fonts = {a.get_fontname() for a in fig.findobj(Text) if a.get_visible() and a.get_text().strip()}
        assert fonts == {"IPAexGothic"}, fonts
    assert "IPAexGothic" not in {a.get_fontname() for a in figs["en"]["pnl"].findobj(Text)}
    assert plt.rcParams["font.family"] != ["IPAexGothic"]  # the Japanese font is not left behind globally


def test_japanese_figures_have_no_english_words(drawn, english_words):
    figs, _ = drawn
    for name, fig in figs["ja"].items():
        words = {w for text in texts(fig) for w in english_words(text)}
        assert not words, (name, words)
    for name, fig in figs["en"].items():  # the check can fail: the English figures are full of words
        assert len({w for text in texts(fig) for w in english_words(text)}) > 5, name
    joined = "\n".join(t for fig in figs["ja"].values() for t in texts(fig))
    for expected in ("純資産比(%)", "円高: 150円 → 135円", "円安: 150円 → 165円", "損失上限 −20%", "万円", "設定どおり",
                     "2007年10月〜 世界金融危機の下落相場", "推奨ヘッジあり(2枚、8.8万円)", "リスク削減 (設定どおり)"):
        assert expected in joined, expected


def test_every_title_says_what_currency_and_unit(drawn):
    figs, _ = drawn
    titles = {lang: {name: " ".join(t.get_text() for t in fig.findobj(Text)
                                     if t.get_text() and (t in [ax.title for ax in fig.axes] or t is fig._suptitle))
                     for name, fig in figs[lang].items()} for lang in figs}
    assert "% of NAV, in JPY" in titles["en"]["pnl"] and "純資産比 %、円建て" in titles["ja"]["pnl"]
    assert "% of NAV, in JPY" in titles["en"]["heatmap"] and "unhedged" in titles["en"]["heatmap"]
    assert "with the recommended hedge" in titles["en"]["heatmap"] and "ヘッジなし" in titles["ja"]["heatmap"]
    assert "whole contracts" in titles["en"]["frontier"] and "JPY" in titles["en"]["frontier"]
    assert "整数枚、万円" in titles["ja"]["frontier"]
    assert "unhedged" in titles["en"]["decomposition"] and "(JPY)" in titles["en"]["decomposition"]
    assert "NAV (JPY)" in titles["en"]["paths"] and "純資産(万円)" in titles["ja"]["paths"]


def test_the_yen_up_line_reaches_the_cap_and_the_hedge_holds_where_it_was_solved(drawn, seed):
    ax = drawn[0]["en"]["pnl"].axes[0]
    table = seed["stress"].set_index("label")
    bare = {fx: line(ax, f"unhedged fx={fx}") for fx in ("-0.10", "+0.00", "+0.10")}
    x = bare["-0.10"].get_xdata()
    at = np.flatnonzero(np.isclose(x, -40))[0]
    # The library's own numbers: the stress table's SPX -40% rows, yen up and unchanged.
    assert bare["-0.10"].get_ydata()[at] == pytest.approx(table.loc["SPX -40% / USD -10% / vol +0 / 30d / resp 0.8",
                                                                    "pnl_pct"] * 100, abs=1e-9)
    assert bare["+0.00"].get_ydata()[at] == pytest.approx(table.loc["SPX -40% / USD +0% / vol +0 / 30d / resp 0.8",
                                                                    "pnl_pct"] * 100, abs=1e-9)
    assert bare["-0.10"].get_ydata().min() < -CAP * 100  # the yen's rise is what breaks the cap ...
    assert bare["+0.00"].get_ydata().min() > -CAP * 100 and bare["+0.10"].get_ydata().min() > -CAP * 100
    grid_equity = np.asarray(seed["config"].scenarios.grid.equity) * 100
    for fx in ("-0.10", "+0.00", "+0.10"):  # ... and the hedge holds on every grid scenario it was solved on
        held = line(ax, f"hedged fx={fx}")
        nodes = np.isin(np.round(held.get_xdata(), 6), np.round(grid_equity, 6))
        assert nodes.sum() == grid_equity.size
        assert held.get_ydata()[nodes].min() >= -CAP * 100 - 1e-9
        assert held.get_markevery() == list(np.flatnonzero(nodes))
    assert line(ax, "cap").get_ydata()[0] == pytest.approx(-20.0)


def test_the_binding_scenario_is_marked_with_the_optimizers_numbers(drawn, seed):
    ax = drawn[0]["en"]["pnl"].axes[0]
    hedge = seed["hedge"]
    binding = hedge.binding_scenarios.iloc[0]
    assert binding["label"] == "2007-10 GFC bear"
    bare, held = line(ax, "binding unhedged"), line(ax, "binding hedged")
    spx = seed["config"].scenario_set().table.set_index("label").loc["2007-10 GFC bear", "equity.SPX"]
    assert bare.get_xdata()[0] == held.get_xdata()[0] == pytest.approx(spx * 100)
    assert held.get_ydata()[0] == pytest.approx(binding["pnl_pct"] * 100, abs=1e-6)  # the optimizer's own figure
    assert held.get_ydata()[0] == pytest.approx(-hedge.worst_case_after * 100, abs=1e-6)
    assert bare.get_ydata()[0] == pytest.approx(seed["stress"].set_index("label").loc["2007-10 GFC bear",
                                                                                     "pnl_pct"] * 100, abs=1e-6)
    assert bare.get_ydata()[0] < -CAP * 100 < held.get_ydata()[0]
    notes = [a.get_text() for a in ax.texts]
    assert notes == ["2007-10 GFC bear\n517 days: SPX −57%, yen up: USDJPY 150 → 126.8"]
    assert [a.get_text() for a in drawn[0]["ja"]["pnl"].axes[0].texts] == [
        "2007年10月〜 世界金融危機の下落相場\n517日間: SPX −57%、円高: 150円 → 126.8円"]


def test_heatmaps_say_hedged_or_unhedged_and_box_the_cells_beyond_the_cap(drawn):
    fig = drawn[0]["en"]["heatmap"]
    images = {im.get_gid(): im for ax in fig.axes for im in ax.get_images()}
    assert set(images) == {"unhedged", "hedged"}
    titles = [ax.get_title() for ax in fig.axes[:2]]
    assert titles == ["unhedged", "with the recommended hedge (2 contracts, 88,231 JPY)"]
    bare, held = (np.asarray(images[k].get_array()) for k in ("unhedged", "hedged"))
    row, col = list(figures.HEATMAP_FX).index(-0.10), 0  # USDJPY -10%, SPX -40%
    assert bare[row, col] == pytest.approx(-17.697, abs=1e-3)
    assert (held >= bare - 1.0).all() and held[row, col] > bare[row, col]
    boxes = [len(ax.patches) for ax in fig.axes[:2]]
    assert boxes == [int((bare < -20).sum()), int((held < -20).sum())] == [1, 0]


def test_the_frontier_is_the_whole_contract_problem_and_monotone(drawn, seed):
    frontier, hedge = seed["frontier"], seed["hedge"]
    ax = drawn[0]["en"]["frontier"].axes[0]
    for family, rows in frontier.groupby("family"):
        costs = rows.sort_values("cap")["cost"].to_numpy()
        reached = ~np.isnan(costs)  # a cap a family cannot reach: every tighter one neither (yen hedges alone)
        assert (np.diff(reached.astype(int)) >= 0).all(), (family, costs)
        assert (np.diff(costs[reached]) <= 1e-6).all(), (family, costs)  # a looser cap never costs more
        drawn_line = line(ax, family)
        assert np.allclose(drawn_line.get_ydata(), rows["cost"], equal_nan=True)  # unreachable caps: no point
        assert np.allclose(drawn_line.get_xdata(), rows["cap"] * 100)
    mix = frontier[frontier["family"] == "mix"].set_index("cap")["cost"]
    for cap in CAPS:  # each point is a hedge in whole contracts: the sum of its contracts' costs
        result = hedging.hedge(seed["config"], cap=cap)
        assert all(p.quantity == int(p.quantity) for p in result.positions)
        assert mix[cap] == pytest.approx(sum(p.quantity * p.cost_per_contract for p in result.positions), rel=1e-6)
    continuous = hedging.frontier_for(seed["config"], caps=(CAP,), integer=False)
    assert (mix[CAP] > continuous.set_index("family").loc["mix", "cost"] + 1_000)  # not the continuous problem
    star = line(ax, "recommended")
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (pytest.approx(20.0), pytest.approx(hedge.cost))
    assert mix[CAP] == pytest.approx(hedge.cost, rel=1e-6)


def test_decomposition_and_paths_carry_the_librarys_numbers_in_japanese(drawn, seed):
    ax = drawn[0]["ja"]["decomposition"].axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    episodes = seed["stress"][seed["stress"]["label"].isin(
        {e for e in seed["stress"]["label"] if named("episode", e, "ja") != e})].sort_values("pnl")
    assert labels == [named("episode", e, "ja") for e in episodes["label"]]
    widths = sum(np.array([b.get_width() for b in c]) for c in ax.containers)
    assert np.allclose(widths, episodes["pnl"])  # the parts add up to the stress table's P&L
    assert np.allclose(line(ax, "net").get_xdata(), episodes["pnl"])
    assert ax.xaxis.get_major_formatter()(-1_500_000, 0) == "−150"  # 万円
    top = drawn[0]["ja"]["paths"].axes[0]
    nav = line(top, "as configured")
    assert nav.get_label() == "設定どおり" and np.allclose(nav.get_ydata(), seed["runs"]["as configured"].nav[0])


@pytest.mark.parametrize(("cap", "why"), [(0.30, "no hedge needed for the 30% cap"),
                                          (0.05, "no hedge from the candidates holds the 5% cap")])
def test_without_a_hedge_the_figures_say_why_and_draw_no_hedged_line(seed, cap, why, english_words):
    config = seed["config"]  # index options only: with yen hedges the 5% cap is held (test_the_yen_leg_figure...)
    config = replace(config, hedge=replace(config.hedge, fx=replace(config.hedge.fx, enabled=False)))
    result = hedging.hedge(config, cap=cap)
    fig = figures.pnl_vs_index(config, result, cap)
    ax = fig.axes[0]
    assert why in ax.get_title() and "(solid)" not in ax.get_title()
    assert not [x for x in ax.get_lines() if str(x.get_gid()).startswith("hedged")]
    assert len([x for x in ax.get_lines() if str(x.get_gid()).startswith("unhedged")]) == 3
    assert ax.get_ylim()[0] < -cap * 100 - 2  # the cap line clear of the frame
    heatmap = figures.heatmap_index_fx(config, result, cap, "ja")
    assert [im.get_gid() for a in heatmap.axes for im in a.get_images()] == ["unhedged"]
    heatmap.canvas.draw()
    fig_ja = figures.pnl_vs_index(config, result, cap, "ja")
    fig_ja.canvas.draw()
    assert not {w for f in (heatmap, fig_ja) for text in texts(f) for w in english_words(text)}
    for f in (fig, heatmap, fig_ja):
        plt.close(f)


def test_the_yen_leg_figure_is_the_librarys_pnl_against_the_dollar(seed, english_words):
    """At the 5% cap the hedge holds yen hedges: the figure draws the account with and without them by USDJPY move."""
    config = seed["config"]
    result = hedging.hedge(config, cap=0.05)
    fig = figures.yen_leg_figure(config, result, 0.05)
    ax = fig.axes[0]
    moves = figures.YEN_RANGE
    assert np.allclose(line(ax, "unhedged").get_xdata(), moves * 100)
    yen = figure_data.yen_lines(result, config.market)
    assert yen and len(yen) < len(result.positions)  # the XSP spread is not part of the yen leg
    assert np.allclose(line(ax, "yen leg").get_ydata(), figure_data.grid_pnl(config, [0.0], moves, yen)[0] * 100)
    bare = line(ax, "unhedged").get_ydata()
    assert bare[list(np.round(moves, 4)).index(-0.10)] == pytest.approx(
        figure_data.grid_pnl(config, [0.0], [-0.10], [])[0, 0] * 100)
    held = line(ax, "yen leg").get_ydata()
    assert held[0] > bare[0] + 10  # USDJPY -20%: the dollar puts pay
    assert np.allclose(line(ax, "mmf").get_ydata(), 7_000_000 * moves / 10_000_000 * 100)  # the seed's MMF
    fig_ja = figures.yen_leg_figure(config, result, 0.05, "ja")
    fig_ja.canvas.draw()
    assert not {w for text in texts(fig_ja) for w in english_words(text)}
    assert line(fig_ja.axes[0], "yen leg").get_label() == "推奨ヘッジの為替部分のみ"
