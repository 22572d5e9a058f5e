"""Japanese and English output: the language choice, amounts in 万円/億円, and the label catalogue.

Amounts in Japanese (``lang="ja"``) follow how Japanese investors write them:

* JPY under 1万: ``4,582円``; from 1万 to under 100万: 万 with one decimal, trailing ``.0`` dropped
  (``66,140`` → ``6.6万円``, ``900,000`` → ``90万円``); from 100万 to under 1億: whole 万 with separators
  (``10,000,000`` → ``1,000万円``); from 1億: 億 and whole 万 (``123,456,789`` → ``1億2,346万円``). Rounding is to
  the nearest shown unit, halves away from zero.
* Other currencies: ``1,234.56 USD`` in both languages (a dollar amount in 万 would mislead).

English uses thousands separators: ``1,510,000 JPY``.
"""

from __future__ import annotations

import math
import os
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from pricing import InputError


class Lang(StrEnum):
    """Output language."""

    EN = "en"
    JA = "ja"


def default_lang() -> Lang:
    """Japanese when the locale (LC_ALL, LC_MESSAGES or LANG) starts with ``ja``, English otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return Lang.JA if value.lower().startswith("ja") else Lang.EN
    return Lang.EN


def parse_lang(value: str | Lang | None) -> Lang:
    """``"ja"``/``"en"`` (any case) to a :class:`Lang`; None gives :func:`default_lang`."""
    if value is None:
        return default_lang()
    try:
        return Lang(str(value).strip().lower())
    except ValueError:
        raise InputError("lang", value, "'ja' or 'en'") from None


def _round(x: float, places: int = 0) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def money(amount: float, currency: str, lang: Lang | str = Lang.EN) -> str:
    """Format an amount in ``currency`` for ``lang`` (see the module docstring for the Japanese rule).

    Examples
    --------
    >>> money(10_000_000, "JPY", "ja"), money(123_456_789, "JPY", "ja"), money(-900_000, "JPY", "ja")
    ('1,000万円', '1億2,346万円', '-90万円')
    >>> money(66_140, "JPY", "ja"), money(4_582, "JPY", "ja"), money(1_510_000, "JPY", "en")
    ('6.6万円', '4,582円', '1,510,000 JPY')
    >>> money(-0.4, "JPY", "ja"), money(-0.001, "USD"), money(float("inf"), "JPY", "ja"), money(-float("inf"), "JPY")
    ('0円', '0.00 USD', '∞円', '-∞ JPY')
    """
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    ja = Lang(lang) is Lang.JA and currency == "JPY"
    if math.isinf(amount):
        return f"{'-' if amount < 0 else ''}∞" + ("円" if ja else f" {currency}")
    places = 0 if currency == "JPY" else 2
    if round(float(amount), places) == 0:  # no "-0": an amount that rounds to nothing has no sign
        amount = 0.0
    if not ja:
        return f"{amount:,.{places}f} {currency}"
    sign, x = ("-" if amount < 0 else ""), abs(float(amount))
    if _round(x) == 0:
        sign = ""
    if _round(x) < 10_000:
        return f"{sign}{_round(x):,}円"
    if x < 1_000_000:
        man = _round(x / 10_000, 1)
        text = f"{man:,.1f}".removesuffix(".0")
        return f"{sign}{text}万円"
    man = int(_round(x / 10_000))
    oku, rest = divmod(man, 10_000)
    if oku:
        return f"{sign}{oku:,}億" + (f"{rest:,}万円" if rest else "円")
    return f"{sign}{man:,}万円"


CATALOGUE: dict[str, dict[str, str]] = {
    "account": {"en": "Account", "ja": "口座"},
    "figure": {"en": "figure", "ja": "項目"},
    "value": {"en": "value", "ja": "値"},
    "nav": {"en": "NAV", "ja": "純資産"},
    "gross_exposure": {"en": "gross exposure", "ja": "総エクスポージャー"},
    "leverage": {"en": "leverage", "ja": "レバレッジ"},
    "exposure": {"en": "exposure", "ja": "エクスポージャー"},
    "fx_share": {"en": "FX share", "ja": "外貨比率"},
    "carry_mmf": {"en": "carry / year: MMF yield", "ja": "年間キャリー: MMF利回り"},
    "carry_fees": {"en": "carry / year: MMF fees", "ja": "年間キャリー: MMF信託報酬"},
    "carry_dividends": {"en": "carry / year: dividends", "ja": "年間キャリー: 配当"},
    "carry_funding": {"en": "carry / year: funding", "ja": "年間キャリー: 借入コスト"},
    "carry_net": {"en": "carry / year: net", "ja": "年間キャリー: 合計"},
    "borrowed": {"en": "borrowed part {index}: MMF − loan rate", "ja": "借入部分 {index}: MMF利回り − 借入金利"},
    "margin_call_at": {"en": "margin call on {index} at index move", "ja": "{index} の追証が発生する下落率"},
    "no_margin_call": {"en": "none at any fall", "ja": "どの下落でも発生しない"},
    "buffer": {"en": "cash / futures initial margin", "ja": "現金 / 先物当初証拠金"},
    "stress_title": {"en": "P&L by scenario, worst first ({shown}), {ccy}",
                     "ja": "シナリオ別損益(悪い順、{shown})、{ccy}"},
    "all": {"en": "all", "ja": "全件"},
    "worst_of": {"en": "worst {n} of {total}", "ja": "全{total}件中ワースト{n}件"},
    "scenario": {"en": "scenario", "ja": "シナリオ"},
    "days": {"en": "days", "ja": "日数"},
    "carry": {"en": "carry", "ja": "キャリー"},
    "index": {"en": "index", "ja": "指数"},
    "fx": {"en": "fx", "ja": "為替"},
    "options": {"en": "options", "ja": "オプション"},
    "funding": {"en": "funding", "ja": "借入コスト"},
    "pnl": {"en": "P&L", "ja": "損益"},
    "pct_nav": {"en": "% NAV", "ja": "純資産比"},
    "margin": {"en": "margin", "ja": "追証"},
    "margin_call": {"en": "MARGIN CALL", "ja": "追証発生"},
    "hedge_title": {"en": "Cheapest hedge", "ja": "最も安いヘッジ"},
    "hedge_title_cap": {"en": "Cheapest hedge for a worst case of at most {cap}",
                        "ja": "最大損失 {cap} 以内に抑える最も安いヘッジ"},
    "instrument": {"en": "instrument", "ja": "銘柄"},
    "contracts": {"en": "contracts", "ja": "枚数"},
    "cost_per_contract": {"en": "cost / contract", "ja": "1枚あたりコスト"},
    "model_per_contract": {"en": "model / contract", "ja": "1枚あたり理論価格"},
    "quoted_per_contract": {"en": "at quotes / contract", "ja": "1枚あたり気配値"},
    "commission_per_contract": {"en": "commission / contract", "ja": "1枚あたり手数料"},
    "costs_note": {"en": "Bought at the ask (short legs sold at the bid): option-chain quotes where given, the quote "
                         "model's otherwise; plus each leg's commission (the broker's published schedule unless "
                         "[hedge] commission sets one). Model = theoretical value.",
                   "ja": "買いは売気配(売る脚は買気配)で約定: オプションチェーンの気配値があればそれを、なければ気配"
                         "モデルの値を使い、各脚の手数料(証券会社の公表手数料表、[hedge] commission の指定があれば"
                         "その値)を加えます。理論価格はモデルによる価値です。"},
    "trade_title": {"en": "Trading one contract: model price, bid/ask (points) and commission to buy",
                    "ja": "1枚の売買: 理論価格、買気配/売気配(ポイント)と買いの手数料"},
    "trade_model": {"en": "model (pts)", "ja": "理論価格(pt)"},
    "trade_bid": {"en": "bid (pts)", "ja": "買気配(pt)"},
    "trade_ask": {"en": "ask (pts)", "ja": "売気配(pt)"},
    "trade_commission": {"en": "commission", "ja": "手数料"},
    "trade_cost": {"en": "ask + commission ({ccy})", "ja": "売気配 + 手数料({ccy})"},
    "trade_note": {"en": "Bid/ask from option-chain quotes where given, the quote model otherwise (on the contract's "
                         "tick grid); commission from the broker's published schedule, one contract per leg.",
                   "ja": "買気配/売気配はオプションチェーンの気配値があればそれを、なければ気配モデルの値(呼値の単位に"
                         "丸めたもの)。手数料は証券会社の公表手数料表で、各脚1枚の注文として計算します。"},
    "market_line": {"en": "Market: {label}; valuation date {date}", "ja": "市場データ: {label}、評価日 {date}"},
    "market_illustrative": {"en": "ILLUSTRATIVE market data, not live prices: give your own [market] inputs or an "
                                  "option-chain CSV before any real decision.",
                            "ja": "例示用の市場データで、実際の相場ではありません。実際の判断の前に [market] の値か"
                                  "オプションチェーンCSVを与えてください。"},
    "cost": {"en": "cost", "ja": "コスト"},
    "no_hedge": {"en": "(no hedge needed)", "ja": "(ヘッジ不要)"},
    "no_useful_hedge": {"en": "(none that helps)", "ja": "(効くものなし)"},
    "no_useful_hedge_note": {"en": "No contract the budget allows lowers the worst case, set by {scenario}; a put "
                                   "rolled through it is judged day by day: hedgeopt backtest.",
                             "ja": "予算内の枚数では最大損失({scenario})を減らせません。局面を通してロールする"
                                   "プットは日々の値動きで評価します: hedgeopt backtest。"},
    "summary": {"en": "Summary", "ja": "概要"},
    "total_cost": {"en": "total cost", "ja": "総コスト"},
    "cost_of_nav": {"en": "{money} ({pct} of NAV)", "ja": "{money}(純資産比 {pct})"},
    "worst_before_after": {"en": "worst case before → after", "ja": "最大損失 ヘッジ前 → 後"},
    "cvar_before_after": {"en": "CVaR before → after", "ja": "CVaR ヘッジ前 → 後"},
    "continuous_rounding": {"en": "continuous optimum / rounding cost", "ja": "連続最適解 / 整数化コスト"},
    "shadow": {"en": "saved by +1 point of allowed loss", "ja": "許容損失を1ポイント広げた場合の節約額"},
    "status": {"en": "status", "ja": "状態"},
    "binding": {"en": "Scenarios that set the worst case", "ja": "最大損失を決めるシナリオ"},
    "verified": {"en": "Verified on all {n:,} scenarios (fast kernel: worst {fast}); QuantLib on {nq:,} ({sample}): "
                       "worst {ql}, largest difference {diff} — {verdict}.",
                 "ja": "全{n:,}シナリオで検証(高速カーネル: 最大損失 {fast})、QuantLibで{nq:,}シナリオ({sample}): "
                       "最大損失 {ql}、最大差 {diff} — {verdict}。"},
    "passed": {"en": "passed", "ja": "合格"},
    "failed": {"en": "FAILED", "ja": "不合格"},
    "infeasible": {"en": "{title}: INFEASIBLE — no mix of these candidates keeps the worst case within {cap}.",
                   "ja": "{title}: 実現不可能 — どの組み合わせでも最大損失を {cap} 以内に抑えられません。"},
    "smallest_cap": {"en": "Smallest cap they can reach: {cap}; the scenario that prevents more: {scenario}.",
                     "ja": "到達できる最小の上限: {cap}。それ以上を阻むシナリオ: {scenario}。"},
    "compare_title": {"en": "Put vs spread for a worst case of at most {cap}",
                      "ja": "最大損失 {cap} 以内: プットとプットスプレッドの比較"},
    "family": {"en": "family", "ja": "種類"},
    "worst_case": {"en": "worst case", "ja": "最大損失"},
    "positions": {"en": "positions", "ja": "ポジション"},
    "puts": {"en": "puts", "ja": "プット"},
    "spreads": {"en": "spreads", "ja": "プットスプレッド"},
    "mix": {"en": "mix", "ja": "組み合わせ"},
    "leverage_title": {"en": "Maximum leverage under the cap", "ja": "上限内で取れる最大レバレッジ"},
    "route_index": {"en": "route / index", "ja": "手段 / 指数"},
    "largest_exposure": {"en": "largest exposure", "ja": "最大エクスポージャー"},
    "in_steps": {"en": "in 0.1× steps", "ja": "0.1倍刻み"},
    "what_binds": {"en": "what binds", "ja": "制約"},
    "worst_at_largest": {"en": "worst case at the largest exposure", "ja": "最大エクスポージャーでの最大損失"},
    "checklist_title": {"en": "Before any order: the five checks", "ja": "発注前の5つの確認"},
    "check": {"en": "check", "ja": "確認項目"},
    "result": {"en": "result", "ja": "結果"},
    "numbers": {"en": "numbers", "ja": "数値"},
    "pass": {"en": "PASS", "ja": "合格"},
    "warn": {"en": "WARN", "ja": "注意"},
    "fail": {"en": "FAIL", "ja": "不合格"},
    "exposure_check": {"en": "exposure", "ja": "エクスポージャー"},
    "worst loss": {"en": "worst loss", "ja": "最大損失"},
    "margin and buffer": {"en": "margin and buffer", "ja": "証拠金と現金バッファー"},
    "rules written down": {"en": "rules written down", "ja": "ルールの明文化"},
    "all_pass": {"en": "All checks pass or warn.", "ja": "すべて合格または注意です。"},
    "some_fail": {"en": "At least one check FAILS: fix it before ordering.",
                  "ja": "不合格の項目があります。発注前に直してください。"},
    "report_written": {"en": "Report: {path} (open it in a browser; figures also as PNG beside it)",
                       "ja": "レポート: {path}(ブラウザで開いてください。図はPNGでも保存されています)"},
    "report_title": {"en": "hedgeopt report", "ja": "hedgeopt レポート"},
    "report_market": {"en": "market", "ja": "市場データ"},
    "report_generated": {"en": "generated", "ja": "作成日時"},
    "report_config": {"en": "config", "ja": "設定ファイル"},
    "report_verdict": {"en": "Verdict", "ja": "結論"},
    "report_checks_line": {"en": "The five checks: {fail} fail, {warn} warn, {ok} pass.",
                           "ja": "発注前の5つの確認: 不合格 {fail}件、注意 {warn}件、合格 {ok}件。"},
    "report_note": {"en": "note", "ja": "補足"},
    "report_worst_unhedged": {"en": "worst case, unhedged", "ja": "ヘッジなしの最大損失"},
    "report_loss_cap": {"en": "loss cap", "ja": "損失の上限"},
    "report_over_cap": {"en": "over the cap by {gap} points", "ja": "上限を{gap}ポイント超過"},
    "report_within_cap": {"en": "within the cap", "ja": "上限以内"},
    "report_hedge_cost": {"en": "cheapest hedge, cost now", "ja": "最も安いヘッジのコスト"},
    "report_hedge_what": {"en": "{positions} ({pct} of NAV)", "ja": "{positions}(純資産比 {pct})"},
    "report_worst_hedged": {"en": "worst case with the hedge", "ja": "ヘッジ後の最大損失"},
    "report_stress": {"en": "Stress, worst first", "ja": "ストレステスト(悪い順)"},
    "report_hedge": {"en": "Cheapest hedge for a worst case of at most {cap} (whole contracts)",
                     "ja": "最大損失 {cap} 以内に抑える最も安いヘッジ(整数枚)"},
    "report_hedge_line": {"en": "Total {cost} ({pct} of NAV); worst case {before} → {after}; continuous optimum "
                                "{cont}; +1 point of allowed loss saves {shadow}.",
                          "ja": "合計 {cost}(純資産比 {pct})。最大損失 {before} → {after}。連続最適解 {cont}。"
                                "許容損失を1ポイント広げると {shadow} の節約。"},
    "report_verified": {"en": "Verified on all {n:,} scenarios (fast kernel) and {nq:,} with QuantLib ({sample}): "
                              "worst {worst}, largest difference {diff} — {verdict}.",
                        "ja": "全{n:,}シナリオ(高速カーネル)とQuantLibで{nq:,}シナリオ({sample})を検証: "
                              "最大損失 {worst}、最大差 {diff} — {verdict}。"},
    "remedy_longer_expiry": {"en": "a longer expiry: every candidate expires by day {longest}, inside the {window}-day "
                                    "window of {scenario} ([hedge] months)",
                             "ja": "より長い満期: 候補はすべて{longest}日目までに満期となり、{scenario}の{window}日間の"
                                   "途中で切れます([hedge] months)"},
    "remedy_rolled_program": {"en": "a put rolled through the episode: hedgeopt backtest",
                              "ja": "局面を通してプットをロールする: hedgeopt backtest"},
    "remedy_currency": {"en": "less in dollars: the yen's rise costs the dollar holdings and no index option pays "
                              "for it",
                        "ja": "ドル建て資産を減らす: 円高はドル資産の損失で、指数オプションでは補えません"},
    "remedy_less_exposure": {"en": "less index exposure: hedgeopt max-leverage",
                             "ja": "指数エクスポージャーを減らす: hedgeopt max-leverage"},
    "uncredited": {"en": "Credited with nothing where a held option expires inside a window with no recorded path "
                          "(the conservative bound): {scenarios}.",
                   "ja": "記録された値動きのない期間の途中で満期となるオプションは、価値ゼロとして扱っています"
                         "(保守的な下限): {scenarios}。"},
    "what_would_hold": {"en": "What would hold it:", "ja": "対処法:"},
    "report_infeasible": {"en": "No hedge from these candidates meets the cap; the least they reach is {cap} "
                                "({scenario}).",
                          "ja": "この候補ではどのヘッジも上限を満たせません。到達できる最小値は {cap}({scenario})。"},
    "report_compare": {"en": "Puts vs spreads for the same cap", "ja": "同じ上限でのプットとプットスプレッドの比較"},
    "report_heatmap": {"en": "Index × FX", "ja": "指数 × 為替"},
    "report_leverage": {"en": "Largest leverage under the cap", "ja": "上限内の最大レバレッジ"},
    "report_leverage_line": {"en": "{exact} exactly, {step} in 0.1x steps ({exposure}); what binds: {limit}.",
                             "ja": "正確には {exact}、0.1倍刻みで {step}({exposure})。制約: {limit}。"},
    "report_figures_note": {"en": "The figures are labelled in English.", "ja": "図の軸ラベルは英語です。"},
    "yearly_carry": {"en": "yearly carry", "ja": "年間キャリー"},
    "worst_stress": {"en": "worst stress", "ja": "最悪のストレス"},
    "paths_title": {"en": "Paths", "ja": "パス"},
    "paths_sources": {"en": "Sources and proxies", "ja": "データと代替指標"},
    "side_by_side": {"en": "Side by side on the same paths", "ja": "同じパスでの比較"},
    "side_by_side_mc": {"en": "Side by side on the same {n} paths (medians; p05 = worst 5%)",
                        "ja": "同じ {n} 本のパスでの比較(中央値、p05 = 下位5%)"},
    "variant": {"en": "variant", "ja": "設定"},
    "events_title": {"en": "Rule triggers (as configured)", "ja": "ルールの発動(設定どおり)"},
    "events_more": {"en": "... {n} more in --json", "ja": "… ほか {n} 件は --json で"},
    "no_events": {"en": "No rule fired.", "ja": "ルールは一度も発動しませんでした。"},
    "path_leverage_title": {"en": "Largest leverage over the paths", "ja": "パス上で取れる最大レバレッジ"},
    "path_leverage_line": {"en": "P(drawdown beyond {cap}) <= {level}, no forced liquidation, {n} paths: "
                                 "{plain} without rules, {rules} with rules.",
                           "ja": "{n} 本のパスで、{cap} を超えるドローダウンの確率 {level} 以下かつ強制決済なし: "
                                 "ルールなし {plain}、ルールあり {rules}。"},
    "none_passes": {"en": "none", "ja": "なし"},
    "report_leverage_none": {"en": "No leverage meets the cap: {reason}.",
                             "ja": "上限を満たすレバレッジはありません: {reason}。"},
    "report_paths": {"en": "Through {start}–{end}: the rules and the hedge over time",
                     "ja": "{start}〜{end}年を通して: ルールとヘッジの推移"},
    "report_paths_line": {"en": "{name}: {n:,} trading days; the account as configured and with one change at a "
                                "time, all on the same path. Rules: {rules}. Hedge: {hedge}.",
                          "ja": "{name}: {n:,}営業日。設定どおりの口座と、1項目ずつ変えた口座を同じパスで比べます。"
                                "ルール: {rules}。ヘッジ: {hedge}。"},
    "report_replay": {"en": "The hedge on the recorded {episode} path",
                      "ja": "記録された{episode}の値動きでのヘッジ"},
    "report_replay_line": {"en": "The one-period answer claims {claim} for the hedged account at the episode's end "
                                 "(unhedged {base}). Replayed day by day on the recorded path: {end} at the end "
                                 "(unhedged {end_base}); deepest drawdown {dd} (unhedged {dd_base}).",
                           "ja": "1期間の答えでは、局面の終わりのヘッジ後の損益は {claim}(ヘッジなし {base})。"
                                 "記録された値動きで日々再現すると、終わりに {end}(ヘッジなし {end_base})、"
                                 "最大ドローダウン {dd}(ヘッジなし {dd_base})。"},
    "report_paths_costs": {"en": "Costs by kind over the window", "ja": "期間中のコストの内訳"},
    "report_paths_more": {"en": "... and {n} more (hedgeopt backtest --json lists them all)",
                          "ja": "… ほか {n} 件(hedgeopt backtest --json で全件)"},
    "report_paths_rolls": {"en": "The standing hedge rolled {n} times (not listed, not marked).",
                           "ja": "常設ヘッジのロール {n} 回は一覧にも図にも載せていません。"},
    "report_paths_skipped": {"en": "The backtest could not run on this account: {error}",
                             "ja": "この口座ではバックテストを実行できませんでした: {error}"},
    "bt_cagr": {"en": "CAGR", "ja": "年率リターン"},
    "bt_vol": {"en": "vol", "ja": "ボラティリティ"},
    "bt_sharpe": {"en": "Sharpe", "ja": "シャープレシオ"},
    "bt_max_drawdown": {"en": "max drawdown", "ja": "最大ドローダウン"},
    "bt_calmar": {"en": "Calmar", "ja": "カルマーレシオ"},
    "bt_shortfall_days": {"en": "shortfall days", "ja": "資金不足日数"},
    "bt_liquidations": {"en": "forced liquidations", "ja": "強制決済"},
    "bt_survival_days": {"en": "survival days", "ja": "資金の持続日数"},
    "bt_events": {"en": "rule triggers", "ja": "ルール発動回数"},
    "bt_total_costs": {"en": "costs", "ja": "コスト合計"},
    "bt_final_nav": {"en": "final NAV", "ja": "最終純資産"},
    "bt_max_drawdown_p05": {"en": "max DD, worst 5%", "ja": "最大DD(下位5%)"},
    "bt_p_breach": {"en": "P(DD > cap)", "ja": "上限超過の確率"},
    "bt_p_ruin": {"en": "P(ruin)", "ja": "破綻の確率"},
    "bt_path": {"en": "path", "ja": "パス"},
    "bt_roll": {"en": "roll", "ja": "ロール"},
    "bt_cost_premiums": {"en": "option premiums", "ja": "オプション料"},
    "bt_cost_commissions": {"en": "commissions", "ja": "売買手数料"},
    "bt_cost_fx_conversion": {"en": "FX conversion", "ja": "為替手数料"},
    "bt_cost_roll": {"en": "hedge rolls", "ja": "ヘッジのロール"},
    "bt_date": {"en": "date", "ja": "日付"},
    "bt_event": {"en": "event", "ja": "イベント"},
    "bt_reason": {"en": "reason", "ja": "理由(英語)"},
    "bt_before": {"en": "exposure before", "ja": "変更前エクスポージャー"},
    "bt_after": {"en": "exposure after", "ja": "変更後エクスポージャー"},
    "bt_derisk": {"en": "derisk", "ja": "リスク削減"},
    "bt_reentry": {"en": "re-entry", "ja": "再エントリー"},
    "bt_leverage_cap": {"en": "leverage cap", "ja": "レバレッジ上限"},
    "bt_margin_liquidation": {"en": "margin liquidation", "ja": "信用取引の強制決済"},
    "bt_futures_liquidation": {"en": "futures liquidation", "ja": "先物の強制決済"},
}
"""Every user-visible label, in English and Japanese."""


def t(key: str, lang: Lang | str = Lang.EN, **fields: object) -> str:
    """The label ``key`` in ``lang``, with ``fields`` formatted in.

    Raises
    ------
    KeyError
        For a key missing from :data:`CATALOGUE` (a test holds every key to both languages).
    """
    return CATALOGUE[key][Lang(lang).value].format(**fields)
