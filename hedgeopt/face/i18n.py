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
from collections.abc import Sequence
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



def money_unit(currency: str, lang: Lang | str = Lang.EN) -> str:
    """The unit a table column of ``currency`` amounts is written in: 万円 for JPY in Japanese, else the code."""
    return "万円" if Lang(lang) is Lang.JA and currency == "JPY" else currency


def money_column(amounts: Sequence[float], currency: str, lang: Lang | str = Lang.EN) -> tuple[str, list[str]]:
    """One table column of amounts: its unit (for the header) and plain numbers, one precision rule per column.

    English, and currencies other than JPY: the currency code, and whole yen or cents (``-1,702,123``). Japanese
    JPY, by the column's largest amount in absolute value: under 1万 the unit is 円 and cells are whole yen
    (``4,582``); under 100万 the unit is 万円 with one decimal kept on every cell (``-85.0`` beside ``-67.9``);
    from 100万 whole 万 with separators (``-1,234``). Rounding as :func:`money` (halves away from zero); an amount
    that rounds to nothing has no sign; NaN is an em dash.

    Examples
    --------
    >>> money_column([-850_000, -679_000, 4_582], "JPY", "ja")
    ('万円', ['-85.0', '-67.9', '0.5'])
    >>> money_column([-2_457_660, -997_762, 0.0], "JPY", "ja")
    ('万円', ['-246', '-100', '0'])
    >>> money_column([4_582, -120, -0.4], "JPY", "ja")
    ('円', ['4,582', '-120', '0'])
    >>> money_column([-2_457_660, 243_133.4], "JPY"), money_column([12.345, float("nan")], "USD", "ja")
    (('JPY', ['-2,457,660', '243,133']), ('USD', ['12.35', '—']))
    """
    finite = [abs(float(a)) for a in amounts if a is not None and math.isfinite(a)]
    largest = _round(max(finite, default=0.0))
    if money_unit(currency, lang) == currency:
        scale, places, unit = 1.0, (0 if currency == "JPY" else 2), currency
    elif largest < 10_000:
        scale, places, unit = 1.0, 0, "円"
    else:
        scale, places, unit = 10_000.0, (1 if largest < 1_000_000 else 0), "万円"

    def cell(a: float) -> str:
        if a is None or not math.isfinite(a):
            return money(a, currency, lang).removesuffix(f" {currency}").removesuffix("円")
        shown = _round(abs(float(a)) / scale, places)
        return ("-" if a < 0 and shown else "") + f"{shown:,.{places}f}"

    return unit, [cell(a) for a in amounts]


def with_unit(header: str, unit: str, lang: Lang | str = Lang.EN) -> str:
    """A column header with its unit: ``P&L, JPY`` in English, ``損益(万円)`` in Japanese.

    >>> with_unit("P&L", "JPY"), with_unit("損益", "万円", "ja")
    ('P&L, JPY', '損益(万円)')
    """
    return f"{header}({unit})" if Lang(lang) is Lang.JA else f"{header}, {unit}"

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
    "carry_hedging": {"en": "carry / year: yen hedging (forward points)", "ja": "年間キャリー: 為替ヘッジコスト"},
    "fx_hedge_margin": {"en": "yen hedges: margin required", "ja": "為替ヘッジの必要証拠金"},
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
    # -- after tax (hedgeopt.face.tax: stress, what-if, hedgeopt tax --explain, the report) --
    "tax": {"en": "tax", "ja": "税額"},
    "after_tax": {"en": "after tax", "ja": "税引後"},
    "after_tax_pct": {"en": "% NAV after tax", "ja": "税引後 純資産比"},
    "tax_rule_line": {"en": "After tax: as if every holding were sold at the horizon, in this tax year ({year}), "
                            "against selling today; losses that only carry forward count 0.",
                      "ja": "税引後: 期間終了時にすべての保有を今年({year}年)中に売却したとして、今日売却する場合と"
                            "比べた税額を差し引いています。繰越控除に回るだけの損失は0として数えます。"},
    "tax_worst_line": {"en": "Worst after tax: {scenario}: {amount} ({pct} of NAV; {pre} before tax).",
                       "ja": "税引後で最悪のシナリオ: {scenario}、{amount}(純資産比 {pct}、税引前 {pre})"},
    "tax_held_line": {"en": "Gains held today, realised by selling today as well (value less cost): {parts}.",
                      "ja": "現在の含み益(評価額 − 取得価額、今日売却しても実現): {parts}"},
    "tax_ytd_line": {"en": "Realised so far this year ([tax] year_to_date): {parts}.",
                     "ja": "今年これまでの実現損益([tax] year_to_date): {parts}"},
    "tax_part": {"en": "{category} {amount}", "ja": "{category} {amount}"},
    "tax_cat:listed": {"en": "listed (上場株式等)", "ja": "上場株式等"},
    "tax_cat:futures": {"en": "futures (先物取引に係る雑所得等)", "ja": "先物取引に係る雑所得等"},
    "tax_cat:misc": {"en": "misc. income, comprehensive (雑所得)", "ja": "雑所得（総合課税）"},
    "tax_cat:nisa": {"en": "NISA, tax-free", "ja": "非課税（NISA）"},
    "tax_split_title": {"en": "After tax by income category, tax year {year}, {ccy}",
                        "ja": "課税区分別の税引後損益({year}年分)、{ccy}"},
    "tax_category": {"en": "category", "ja": "課税区分"},
    "tax_held": {"en": "held gain", "ja": "含み益"},
    "tax_ytd": {"en": "this year so far", "ja": "今年の実現損益"},
    "tax_total": {"en": "total", "ja": "合計"},
    # hedgeopt batch: a book of accounts
    "batch_answer": {"en": "{breaking} of {accounts} accounts break their cap; a whole-contract hedge restores "
                           "{hedged} of them for {cost} in all; {out} are out of reach of the hedges.",
                     "ja": "{accounts}口座のうち{breaking}口座が損失上限を超えます。うち{hedged}口座は整数枚のヘッジで"
                           "上限内に戻せます(費用合計 {cost})。{out}口座はヘッジでは届きません。"},
    "batch_none_breaking": {"en": "None of the {accounts} accounts breaks its cap.",
                            "ja": "{accounts}口座のどれも損失上限を超えません。"},
    "batch_none_answered": {"en": "No account could be answered ({errors} errors below).",
                            "ja": "計算できた口座はありません(エラー{errors}件、下の表)。"},
    "batch_stress": {"en": "{n} lose more than their cap if the index falls 30% with the currency 10% down at once "
                           "(USDJPY 150 -> 135).",
                     "ja": "指数が30%下落し同時に円高(ドル円 -10%、150→135円)になると、{n}口座が上限を超えて"
                           "損失を出します。"},
    "batch_checks": {"en": "{n} fail at least one of the five checks before an order; {errors} could not be "
                           "answered.",
                     "ja": "{n}口座が発注前の5つの確認のどれかで不合格です。{errors}口座は計算できませんでした。"},
    "batch_worst": {"en": "Most common worst case: {label} ({n} accounts).",
                    "ja": "最も多い最悪シナリオ: {label}({n}口座)。"},
    "batch_binding": {"en": "Most common scenario binding the hedges: {label} ({n} accounts).",
                      "ja": "ヘッジの大きさを決めるシナリオで最も多いもの: {label}({n}口座)。"},
    "batch_breaking_title": {"en": "Accounts breaking their cap, worst first ({shown} of {n})",
                             "ja": "上限を超える口座(損失の大きい順、{n}口座中{shown}口座)"},
    "batch_errors_title": {"en": "Accounts not answered ({shown} of {n})",
                           "ja": "計算できなかった口座({n}口座中{shown}口座)"},
    "batch_account": {"en": "account", "ja": "口座"},
    "batch_nav": {"en": "NAV", "ja": "純資産"},
    "batch_cap": {"en": "cap", "ja": "上限"},
    "batch_worst_col": {"en": "worst", "ja": "最大損失"},
    "batch_hedge_cost": {"en": "hedge", "ja": "ヘッジ費用"},
    "batch_after": {"en": "after", "ja": "ヘッジ後"},
    "batch_max_leverage": {"en": "max lev.", "ja": "最大レバ"},
    "batch_error": {"en": "error", "ja": "エラー"},
    "batch_kind": {"en": "kind", "ja": "種類"},
    "batch_kind_input": {"en": "input", "ja": "入力"},
    "batch_kind_internal": {"en": "internal", "ja": "内部"},
    "batch_out_of_reach": {"en": "out of reach", "ja": "届かず"},
    "batch_error_original": {"en": "{text}", "ja": "計算できません(原文: {text})"},
    "batch_engine_serial": {"en": "this process, one account after another (no Dask)",
                            "ja": "このプロセスで1口座ずつ(Daskなし)"},
    "batch_engine_local": {"en": "a local Dask cluster of {n} workers",
                           "ja": "ローカルのDaskクラスター(ワーカー{n}個)"},
    "batch_engine_remote": {"en": "the Dask cluster at {address}", "ja": "{address} のDaskクラスター"},
    "batch_ran": {"en": "Ran on {engine}: {computed} accounts answered in {seconds} s; {reused} found answered in "
                        "{out}.",
                  "ja": "実行: {engine}。{computed}口座を{seconds}秒で計算し、{reused}口座は {out} の結果を再利用"
                        "しました。"},
    "batch_files": {"en": "Results: {parts} (Parquet, one row per account), {summary} and {report}.",
                    "ja": "結果: {parts}(Parquet、1口座1行)、{summary}、{report}。"},
    "interrupted": {"en": "interrupted; files already in place were left as they were",
                    "ja": "中断しました。既にあるファイルはそのまま残っています"},
    "internal_error": {"en": "internal error (a bug in hedgeopt, please report it): {error}; the details are in "
                             "{log}",
                       "ja": "内部エラーです(hedgeopt の不具合です。ご報告ください): {error}。詳細は {log} に"
                             "あります"},
    "out_of_memory": {"en": "the machine ran out of memory; ask for less (fewer scenarios, paths or candidates) or "
                            "run it on a cluster with --workers or --scheduler",
                      "ja": "メモリが足りなくなりました。シナリオ・パス・候補を減らすか、--workers または "
                            "--scheduler でクラスター上で実行してください"},
    "batch_interrupted": {"en": "interrupted: every part written so far is in {out}; run the same command again to "
                                "resume",
                          "ja": "中断しました。書き込み済みの結果は {out} に残っています。同じコマンドを"
                                "もう一度実行すると続きから再開します"},
    "batch_title": {"en": "hedgeopt batch: {n} accounts", "ja": "hedgeopt batch: {n}口座"},
    "batch_summary_title": {"en": "The book", "ja": "口座全体"},
    "batch_figure": {"en": "figure", "ja": "項目"},
    "batch_value": {"en": "value", "ja": "値"},
    "batch_scenario_rank_worst": {"en": "Worst cases of the accounts breaking their cap",
                                  "ja": "上限を超える口座の最悪シナリオ"},
    "batch_scenario_rank_binding": {"en": "Scenarios binding their hedges", "ja": "ヘッジを決めるシナリオ"},
    "batch_accounts_col": {"en": "accounts", "ja": "口座数"},
    "batch_fig_accounts": {"en": "accounts", "ja": "口座数"},
    "batch_fig_answered": {"en": "answered", "ja": "計算済み"},
    "batch_fig_breaking": {"en": "breaking their cap", "ja": "上限超過"},
    "batch_fig_hedged": {"en": "restored by a hedge", "ja": "ヘッジで上限内"},
    "batch_fig_out": {"en": "out of reach of the hedges", "ja": "ヘッジでは届かない"},
    "batch_fig_stress": {"en": "over their cap at index -30% / USDJPY -10%", "ja": "指数-30%・ドル円-10%で上限超過"},
    "batch_fig_checks": {"en": "failing a check", "ja": "確認で不合格"},
    "batch_fig_errors": {"en": "not answered", "ja": "計算できず"},
    "batch_fig_cost": {"en": "hedge cost in all", "ja": "ヘッジ費用合計"},
    "batch_fig_nav": {"en": "NAV in all", "ja": "純資産合計"},
    "batch_page_capped": {"en": "The first {shown} of {n}; every row is in the Parquet parts.",
                          "ja": "{n}口座のうち先頭{shown}口座を表示。全行は Parquet にあります。"},
    "tax_off": {"en": "No tax model: [tax] regime = \"none\" (the default for an account not in yen); every result "
                      "is before tax.",
                "ja": "税金モデルは使いません([tax] regime = \"none\"、円建て以外の口座の既定)。"
                      "結果はすべて税引前です。"},
    "tax_answer": {"en": "Tax year {year}: {account}; {filed}.", "ja": "{year}年分: {account}。{filed}。"},
    "tax_account:specified_withholding": {"en": "特定口座 with withholding (tax taken in the account)",
                                          "ja": "特定口座（源泉徴収あり）"},
    "tax_account:specified": {"en": "特定口座 without withholding (tax paid with the return)",
                              "ja": "特定口座（源泉徴収なし）"},
    "tax_account:general": {"en": "一般口座 (general account, tax paid with the return)", "ja": "一般口座"},
    "tax_filed_yes": {"en": "a return is filed every year, so losses carry forward 3 years",
                      "ja": "毎年確定申告するため、損失は3年間繰越控除できます"},
    "tax_filed_no": {"en": "no return is filed, so no loss carries forward",
                     "ja": "確定申告しないため、損失の繰越控除はありません"},
    "tax_foreign:comprehensive": {
        "en": "Derivatives listed abroad (Cboe's SPX and XSP options, CME futures) are read as 雑所得 under 総合課税 "
              "(foreign_derivatives = \"comprehensive\", the default): no offset with the separate categories, no "
              "carry-forward, {rate} at the margin. Some brokers report them in the futures category: ask yours.",
        "ja": "海外の取引所に上場するデリバティブ(Cboe の SPX・XSP オプション、CME の先物)は雑所得（総合課税）として"
              "扱います(foreign_derivatives = \"comprehensive\"、既定)。申告分離課税の区分とは損益通算できず、"
              "繰越控除もなく、限界税率は {rate} です。先物取引に係る雑所得等として扱う証券会社もあるため、"
              "ご自身の証券会社に確認してください。"},
    "tax_foreign:separate": {
        "en": "Derivatives listed abroad (Cboe's SPX and XSP options, CME futures) are read in the futures category "
              "(foreign_derivatives = \"separate\"): they offset Japanese futures and options at 20.315% and carry "
              "forward. The default reads them as 雑所得 under 総合課税: ask your broker which applies.",
        "ja": "海外の取引所に上場するデリバティブ(Cboe の SPX・XSP オプション、CME の先物)は先物取引に係る雑所得等"
              "として扱います(foreign_derivatives = \"separate\")。国内の先物・オプションと損益通算でき、税率は "
              "20.315%、繰越控除もできます。既定では雑所得（総合課税）として扱うため、どちらになるかは証券会社に"
              "確認してください。"},
    "tax_credit_yes": {"en": "The 10% US withholding on US-listed ETF dividends is credited with the return, in "
                             "outline (foreign_tax_credit = true).",
                       "ja": "米国上場ETFの配当にかかる米国の源泉税 10% は、確定申告で外国税額控除します(概略、"
                             "foreign_tax_credit = true)。"},
    "tax_credit_no": {"en": "The 10% US withholding on US-listed ETF dividends is a cost (foreign_tax_credit = "
                            "false).",
                      "ja": "米国上場ETFの配当にかかる米国の源泉税 10% はコストとして扱います(foreign_tax_credit = "
                            "false)。"},
    "tax_placements_title": {"en": "Every holding's income, its category and the rule",
                             "ja": "保有ごとの所得、課税区分、扱いと根拠"},
    "tax_income": {"en": "income", "ja": "所得"},
    "tax_rule": {"en": "rule", "ja": "扱い"},
    "tax_source": {"en": "source", "ja": "根拠"},
    "tax_income:gain": {"en": "gain", "ja": "譲渡損益"},
    "tax_income:distributions": {"en": "distributions", "ja": "分配金"},
    "tax_income:dividends": {"en": "dividends", "ja": "配当"},
    "tax_income:exchange gain": {"en": "exchange gain", "ja": "為替差損益"},
    "tax_holding:nisa_etf": {"en": "{name} ETF (NISA)", "ja": "{name} ETF(NISA)"},
    "tax_holding:margin": {"en": "{name} margin ETF", "ja": "{name} ETF(信用買い)"},
    "tax_holding:etf": {"en": "{name} ETF", "ja": "{name} ETF(現物)"},
    "tax_holding:futures": {"en": "{name} futures", "ja": "{name} 先物"},
    "tax_holding:options": {"en": "{name} options", "ja": "{name} オプション"},
    "tax_holding:cash": {"en": "{name} cash", "ja": "外貨現金 {name}"},
    "tax_holding:hedge": {"en": "{name} yen hedge", "ja": "{name} 為替ヘッジ"},
    "tax_year_title": {"en": "This year so far and losses carried forward, {ccy}",
                       "ja": "今年の実現損益と繰越損失({ccy})"},
    "tax_carried": {"en": "carried losses", "ja": "繰越損失"},
    "tax_carried_cell": {"en": "{year}: {amount} (usable to {last})", "ja": "{year}年分 {amount}({last}年まで)"},
    "tax_rates_title": {"en": "Rates, tax year {year}", "ja": "税率({year}年分)"},
    "tax_rate_separate": {"en": "separate (listed, futures)", "ja": "申告分離課税(上場株式等、先物取引に係る雑所得等)"},
    "tax_rate_separate_value": {"en": "{rate} = {income} income tax × {surtax} + {local} local",
                                "ja": "{rate} = 所得税 {income} × {surtax} + 住民税 {local}"},
    "tax_rate_comprehensive": {"en": "総合課税, marginal at {income} of taxable other income",
                               "ja": "総合課税の限界税率(他の課税所得 {income})"},
    "tax_rate_comprehensive_value": {"en": "{rate} = {band} income tax × {surtax} + {local} local",
                                     "ja": "{rate} = 所得税 {band} × {surtax} + 住民税 {local}"},
    "tax_boundary_title": {"en": "What the model is, and where it stops", "ja": "このモデルの範囲"},
    "tax_boundary_intro": {"en": "A simplification for planning, not for filing a return.",
                           "ja": "確定申告のためではなく、計画のための簡略化したモデルです。"},
    "tax_applies": {"en": "It applies:", "ja": "適用するルール:"},
    "tax_leaves_out": {"en": "It leaves out:", "ja": "扱わないもの:"},
    "report_tax": {"en": "After tax (Japan)", "ja": "税引後(日本の税制)"},
    "report_tax_worst": {"en": "Worst scenarios before and after tax", "ja": "最悪のシナリオ: 税引前と税引後"},
    # -- fitting tables to the terminal (hedgeopt.face.tables) --
    "columns_hidden": {"en": "{columns} hidden at {width} columns; --json has every column",
                       "ja": "{width}桁の幅のため {columns} を省略(--json ですべての列を出力)"},
    "list_sep": {"en": ", ", "ja": "、"},
    "margin_none": {"en": "no", "ja": "なし"},
    "duplicates_note": {"en": "{k} {what} ({variants}) give identical P&L for this account; each shown once "
                              "({rows} rows)",
                        "ja": "この口座では{what}の違い({variants})で損益が変わらないため、同じ損益のシナリオは1行に"
                              "まとめています({rows}行)"},
    "variants_resp": {"en": "vol responses", "ja": "IV感応度"},
    "variants_other": {"en": "variants", "ja": "シナリオ"},
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
    "market_illustrative": {"en": "ILLUSTRATIVE market data, not live prices: give your own [market] and an option "
                                  "chain (--chain XSP=file) before any real decision.",
                            "ja": "例示用の市場データで、実際の相場ではありません。実際の判断の前に [market] の値と"
                                  "オプションチェーン(--chain XSP=ファイル)を与えてください。"},
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
    "at_cost": {"en": "after-tax cost", "ja": "税引後コスト"},
    "at_worst": {"en": "worst case after tax, before → after", "ja": "税引後の最大損失 ヘッジ前 → 後"},
    "at_sep": {"en": "; ", "ja": "。"},
    "at_cost_short": {"en": "after tax", "ja": "税引後コスト"},
    "at_worst_short": {"en": "worst after tax", "ja": "税引後の最大損失"},
    "sp_after_tax": {"en": "The chosen line costs {cost} a year; after tax {after} (the lapsed premiums as a loss in "
                           "this year's [tax] figures).",
                     "ja": "選んだ行の費用は年 {cost}、税引後は {after} です(掛け捨てた保険料を今年の [tax] の"
                           "数字に対する損失として計算)。"},
    "at_cost_line": {"en": "Cost {cost}; after tax {after}: {why}.", "ja": "コスト {cost}、税引後 {after}。{why}。"},
    "at_no_cost": {"en": "no hedge, no cost", "ja": "ヘッジ不要のため費用はかかりません"},
    "at_cost_none_carry": {"en": "the premium is a loss in {category}, with no gains there this year to offset (it "
                                 "carries forward 3 years, with a return)",
                           "ja": "保険料は{category}の損失ですが、今年は相殺できる{category}の利益がありません"
                                 "(確定申告で3年間繰越可)"},
    "at_cost_none_misc": {"en": "the premium is a loss in {category}, with no gains there this year to offset (such a "
                                "loss offsets no other income and does not carry forward)",
                          "ja": "保険料は{category}の損失ですが、相殺できる{category}の利益がありません"
                                "(他の所得と通算できず、繰越もできません)"},
    "at_cost_full": {"en": "the premium is a loss in {category}, offsetting this year's gains there: it saves "
                           "{saved} of tax ({rate})",
                     "ja": "保険料は{category}の損失として今年の{category}の利益と相殺され、{saved}({rate})の"
                           "節税になります"},
    "at_cost_part": {"en": "the premium offsets only the {gains} of gains in {category} this year: it saves {saved} "
                           "of tax",
                     "ja": "保険料で相殺できる今年の{category}の利益は {gains} だけで、節税額は {saved} です"},
    "at_breach": {"en": "After tax the worst case is {worst} ({scenario}), beyond the {cap} cap that holds before tax: "
                        "{why}. hedgeopt hedge --cap-after-tax holds the cap after tax too.",
                  "ja": "税引後の最大損失は {worst}({scenario})で、税引前には守れている上限 {cap} を超えます。"
                        "{why}。hedgeopt hedge --cap-after-tax で税引後でも上限を守るヘッジを求めます。"},
    "at_taxed": {"en": "the hedge's payoff falls in {parts}", "ja": "ヘッジの利益は{parts}課税されます"},
    "at_taxed_part": {"en": "{category}, taxed at {rate}", "ja": "{category}として {rate} で"},
    "at_taxed_join": {"en": ", and in ", "ja": "、"},
    "at_carried": {"en": "the loss of {loss} in {category} only carries forward",
                   "ja": "{category}の損失 {loss} は繰越控除に回るだけです"},
    "at_lost": {"en": "the loss of {loss} in {category} saves no tax",
                "ja": "{category}の損失 {loss} は税を軽くしません"},
    "continuous_rounding": {"en": "continuous optimum / rounding cost", "ja": "連続最適解 / 整数化コスト"},
    "shadow": {"en": "saved by +1 point of allowed loss", "ja": "許容損失を1ポイント広げた場合の節約額"},
    "status": {"en": "status", "ja": "状態"},
    "binding": {"en": "Scenarios that set the worst case", "ja": "最大損失を決めるシナリオ"},
    "verified": {"en": "Verified on all {n:,} scenarios (fast kernel: worst {fast}); re-valued position by position "
                       "(reference, QuantLib) on {nq:,} ({sample}): worst {ql}, largest difference {diff} within "
                       "{tol} — {verdict}.",
                 "ja": "全{n:,}シナリオで検証(高速カーネル: 最大損失 {fast})、{nq:,}シナリオ({sample})で"
                       "建玉ごとに再評価(参照評価・QuantLib): 最大損失 {ql}、最大差 {diff}(許容 {tol}) — {verdict}。"},
    "passed": {"en": "passed", "ja": "合格"},
    "sharded_run": {"en": "Sharded: {rows:,} scenarios ({memory:,} in memory + Monte Carlo shards: {shards:,} of up to "
                          "{shard_rows:,} rows, drawn on the workers), {where}; LP rounds: {rounds}, rows added: "
                          "{added:,}; worst case after the hedge on every row: {scenario}.",
                    "ja": "分割実行: {rows:,}シナリオ(メモリ上 {memory:,} + ワーカーが生成したモンテカルロ分割: "
                          "{shards:,}個、各最大{shard_rows:,}行)、{where};LP反復: {rounds}回、追加した行: {added:,};"
                          "全行でのヘッジ後の最大損失: {scenario}。"},
    "sharded_workers": {"en": "on {n} Dask workers", "ja": "Daskワーカー{n}個で実行"},
    "sharded_serial": {"en": "in this process (no Dask)", "ja": "このプロセスで実行(Daskなし)"},
    "sharded_no_after_tax": {"en": "The after-tax re-check is not run on a sharded set.",
                             "ja": "分割実行では税引後の再検証は行いません。"},
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
    # -- the yen hedges (issue 14): names, families, the yen leg (face/names.py, face/yen) -----------------------
    "fx_name:OTC_FX": {"en": "OTC FX, sell {ccy}", "ja": "店頭FX {ccy}売り"},
    "fx_name:CLICK365": {"en": "Click 365, sell {ccy}", "ja": "くりっく365 {ccy}売り"},
    "fx_name:6J": {"en": "CME yen future {month} (6J), sell {ccy}", "ja": "CME 円先物 {month}限({ccy}売り)"},
    "fx_name:MJY": {"en": "CME micro yen future {month} (MJY), sell {ccy}",
                    "ja": "CME マイクロ円先物 {month}限({ccy}売り)"},
    "fx_name:USDJPY_FWD": {"en": "bank forward for {date}, sell {ccy}", "ja": "為替予約({ccy}売り) {date}受渡"},
    "family:fx": {"en": "yen hedges", "ja": "為替ヘッジのみ"},
    "family:joint": {"en": "index + yen", "ja": "指数＋為替"},
    "compare_title_fx": {"en": "Index and yen hedges for a worst case of at most {cap}",
                         "ja": "最大損失 {cap} 以内: 指数と為替のヘッジの比較"},
    "carry_note": {"en": "A yen hedge (forward, future, Click 365, OTC FX) costs nothing to open: the objective counts "
                         "the carry it gives up over [hedge.fx] carry_days, plus half the spread and the commission "
                         "(cost/ct; a bank forward's per 1,000 USD); an option, its premium at the ask plus "
                         "commission.",
                   "ja": "為替ヘッジ(為替予約、先物、くりっく365、店頭FX)は建てるときの支払いはなく、最適化では "
                         "[hedge.fx] carry_days の期間に失うキャリーとスプレッドの半分、手数料をコストに数えます"
                         "(1枚あたりコスト。為替予約は1,000 USDあたり)。オプションは売気配のオプション料と"
                         "手数料です。"},
    "yen_sells": {"en": "sell {yen} of USD ({usd})", "ja": "{usd}({yen}相当)を売る"},
    "yen_insures": {"en": "insures {usd} below {high} yen", "ja": "{high}円より円高の損失を {usd} 分カバー"},
    "yen_insures_spread": {"en": "insures {usd} from {high} down to {low} yen",
                           "ja": "{high}〜{low}円の円高の損失を {usd} 分カバー"},
    "yen_counted_carry": {"en": "carry {days}d + spread", "ja": "キャリー{days}日分 + スプレッド"},
    "yen_counted_premium": {"en": "premium", "ja": "オプション料"},
    "yen_lines_title": {"en": "Yen hedges: what each does and what its cost counts",
                        "ja": "為替ヘッジ: それぞれの働きとコストの数え方"},
    "yen_what": {"en": "instrument: what it does", "ja": "銘柄: 働き"},
    "yen_counted": {"en": "cost counted", "ja": "コストの数え方"},
    "yen_carry_year": {"en": "carry / year", "ja": "年間キャリー"},
    "yen_margin": {"en": "margin", "ja": "証拠金"},
    "yen_leg_title": {"en": "The yen leg", "ja": "為替部分(円)"},
    "yen_exposure": {"en": "{ccy} held (MMF, ETF, cash, less loans)",
                     "ja": "{ccy} 建て資産(MMF、ETF、現金、借入控除後)"},
    "yen_sold": {"en": "sold forward or short (share of it)", "ja": "先渡し・売り建てで売ったドル(比率)"},
    "yen_insured": {"en": "insured by dollar puts (share)", "ja": "ドルプットでカバーしたドル(比率)"},
    "yen_ratio": {"en": "hedge ratio (sold / held)", "ja": "ヘッジ比率(売り / 保有)"},
    "yen_carry": {"en": "carry given up a year", "ja": "失う年間キャリー"},
    "yen_margin_tied": {"en": "margin tied up", "ja": "拘束される証拠金"},
    "yen_mmf_yield": {"en": "MMF yield → net of the hedge", "ja": "MMF利回り → ヘッジ後"},
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
    # -- price, status, frontier, standing put, leverage (face/render.py) ------------------------------------
    "price_title": {"en": "Prices per unit of the contract's underlying; greeks per unit",
                    "ja": "原資産1単位あたりの価格とグリーク"},
    "price_note": {"en": "delta per point; gamma per point²; vega per 1 vol point (0.01); theta per calendar day.",
                   "ja": "デルタは1ポイントあたり、ガンマは1ポイント²あたり、ベガはボラティリティ1ポイント(0.01)"
                         "あたり、セータは1暦日あたり。"},
    "price_vol": {"en": "vol", "ja": "IV"},
    "price_pts": {"en": "price (pts)", "ja": "価格(pt)"},
    "price_delta": {"en": "delta", "ja": "デルタ"},
    "price_gamma": {"en": "gamma", "ja": "ガンマ"},
    "price_vega": {"en": "vega/vol pt", "ja": "ベガ/1pt"},
    "price_theta": {"en": "theta/day", "ja": "セータ/日"},
    "price_contract": {"en": "1 contract", "ja": "1枚"},
    "price_contract_base": {"en": "1 contract ({ccy})", "ja": "1枚({ccy})"},
    "status_line": {"en": "{status} ({rounds} rounds, {rows} active scenarios)",
                    "ja": "{status}({rounds}回の反復、制約に使ったシナリオ {rows}件)"},
    "status_optimal": {"en": "optimal", "ja": "最適解"},
    "status_infeasible": {"en": "infeasible", "ja": "実現不可能"},
    "smallest_cvar": {"en": "Smallest CVaR they can reach: {cvar}; what blocks: {limit}.",
                      "ja": "到達できる最小のCVaR: {cvar}。妨げているもの: {limit}。"},
    "sample_all": {"en": "all", "ja": "全件"},
    "sample_parts": {"en": "binding + worst {worst} + random {random} (seed {seed})",
                     "ja": "制約シナリオ + ワースト{worst}件 + 無作為{random}件(シード {seed})"},
    "frontier_integer": {"en": ", whole contracts", "ja": "、整数枚"},
    "frontier_continuous": {"en": ", continuous (fractions of contracts: the shape of the trade-off; --integer for "
                                  "orders you can place)",
                            "ja": "、連続緩和(端数枚を許す理論上の形。実際に発注できる整数枚は --integer)"},
    "none": {"en": "none", "ja": "なし"},
    "infeasible_short": {"en": "infeasible", "ja": "実現不可能"},
    "min_cap": {"en": "min {cap}", "ja": "最小 {cap}"},
    "cap": {"en": "cap", "ja": "上限"},
    "frontier_title": {"en": "Cost of the cheapest hedge against the cap ({ccy})",
                       "ja": "損失上限ごとの最安ヘッジのコスト({ccy})"},
    "sp_budget": {"en": "a yearly budget of {budget}", "ja": "年間予算 {budget}"},
    "sp_cap": {"en": "a worst case of at most {cap}", "ja": "最大損失 {cap} 以内"},
    "sp_title": {"en": "Standing put for {target} (unhedged worst case {worst})",
                 "ja": "常備薬のプット: {target}(ヘッジなしの最大損失 {worst})"},
    "sp_put": {"en": "put", "ja": "プット"},
    "sp_tenor": {"en": "tenor days", "ja": "期間(日)"},
    "sp_rolls": {"en": "rolls/yr", "ja": "年間ロール回数"},
    "sp_per_roll": {"en": "per roll", "ja": "1回あたり"},
    "sp_pct_nav": {"en": "% NAV/yr", "ja": "純資産比/年"},
    "sp_chosen": {"en": "Chosen standing put (one roll)", "ja": "選んだ常備薬のプット(1回分)"},
    "route_margin": {"en": "margin", "ja": "信用取引"},
    "route_futures": {"en": "futures", "ja": "先物"},
    "route_cash": {"en": "cash", "ja": "現物"},
    "route_options": {"en": "options", "ja": "オプション"},
    "n_contracts": {"en": " ({n} contracts)", "ja": "({n}枚)"},
    "hedge_at_leverage": {"en": "Cheapest hedge at {lev}×", "ja": "{lev}倍での最安ヘッジ"},
    # -- advice: the answer first (hedgeopt advise, the demo, the report's verdict) --------------------------
    "advice_title": {"en": "Verdict", "ja": "結論"},
    "advice_within": {"en": "Within the cap: the account loses at most {worst} of NAV in any scenario ({scenario}), "
                            "inside your {cap} cap. Nothing to buy; keep the rules.",
                      "ja": "上限内です: どのシナリオでも損失は最大で純資産の {worst}({scenario})で、上限 {cap} に"
                            "収まります。買うものはありません。ルールを守り続けてください。"},
    "advice_breaks": {"en": "The account breaks its {cap} cap: it can lose {worst} of NAV ({scenario}{days}).",
                      "ja": "上限 {cap} を超えます: 純資産の {worst} を失う可能性があります({scenario}{days})。"},
    "advice_days": {"en": ", over {days} days", "ja": "、{days}日間"},
    "advice_do_hedge": {"en": "Do this: buy {positions} for {cost} now ({pct} of NAV; about {per_year} a year if "
                              "rolled at today's prices). Worst case then {after}.",
                        "ja": "対策: {positions} を {cost} で買う(純資産比 {pct}。今日の価格でロールし続けると年"
                              "約 {per_year})。最大損失は {after} になります。"},
    "advice_do_hedge_fx": {"en": "Do this: {actions}. Counted cost {cost} ({pct} of NAV; about {per_year} a year at "
                                 "today's prices and rates). Worst case then {after}.",
                           "ja": "対策: {actions}。コストは {cost}(純資産比 {pct}。今日の価格と金利で年約 "
                                 "{per_year})。最大損失は {after} になります。"},
    "advice_buy": {"en": "buy {positions} for {premium} now", "ja": "{positions} を {premium} で買う"},
    "advice_sell_dollars": {"en": "open {positions}, selling {usd} ({yen}) of the dollars held, at about {carry} a "
                                  "year in carry and {margin} of margin",
                            "ja": "{positions} を建てて保有ドルのうち {usd}({yen}相当)を売る(キャリーは年約 {carry}、"
                                  "証拠金 {margin})"},
    "advice_and": {"en": " and ", "ja": "、"},
    "advice_yen_leg_sold": {"en": "The yen leg: of the {exposure} held in {ccy}, the hedge sells {sold}; the MMF then "
                                  "yields {after} net of the hedge's carry, instead of {before}.",
                            "ja": "為替部分: {ccy} 建て資産 {exposure} のうち {sold} を売ります。ヘッジのキャリーを"
                                  "引いたMMF利回りは {before} から {after} になります。"},
    "advice_yen_leg_insured": {"en": "The yen leg: dollar puts insure {insured} against the yen's rise, for the "
                                     "{exposure} held in {ccy}; nothing is sold, so the MMF keeps its {before}.",
                               "ja": "為替部分: {ccy} 建て資産 {exposure} に対し、ドルプットで {insured} 分の円高に"
                                     "備えます。ドルは売らないため、MMF利回りは {before} のままです。"},
    "advice_yen_leg": {"en": "The yen leg: of the {exposure} held in {ccy}, the hedge sells {sold} and insures "
                             "{insured} with dollar puts; the MMF then yields {after} net of the hedge's carry, "
                             "instead of {before}.",
                       "ja": "為替部分: {ccy} 建て資産 {exposure} のうち {sold} を売り、{insured} 分をドルプットで"
                             "カバーします。ヘッジのキャリーを引いたMMF利回りは {before} から {after} になります。"},
    "advice_or_reduce": {"en": "Or: cut the {index} satellite from {now} to {to} ({lev}×), no premium. Worst case "
                               "then {after}; yearly carry {carry}.",
                         "ja": "または: {index} のエクスポージャーを {now} から {to}({lev}倍)に減らす(オプション料"
                               "なし)。最大損失は {after}、年間キャリーは {carry} 変わります。"},
    "advice_do_reduce": {"en": "Do this: no hedge from the candidates reaches the cap (the smallest is {smallest}); "
                               "cut the {index} satellite from {now} to {to} ({lev}×). Worst case then {after}.",
                         "ja": "対策: 候補のヘッジでは上限に届きません(最小 {smallest})。{index} のエクスポージャー"
                               "を {now} から {to}({lev}倍)に減らしてください。最大損失は {after} になります。"},
    "advice_unreachable": {"en": "Neither a hedge from the candidates nor less index exposure reaches the cap: the "
                                 "smallest worst case either reaches is {smallest} ({scenario}). The loss comes from "
                                 "the currency: hold less in {ccy}, offer more yen hedges in [hedge.fx] (instruments, "
                                 "option_months, put_moneyness), or accept a cap of at least {smallest}.",
                           "ja": "候補のヘッジでも指数を減らしても上限に届きません: どちらでも最大損失は {smallest} "
                                 "までしか下がりません({scenario})。損失の原因は為替です: {ccy} 建ての保有を減らすか、"
                                 "[hedge.fx] で為替ヘッジの候補(instruments、option_months、put_moneyness)を増やすか、"
                                 "上限を {smallest} 以上にしてください。"},
    "advice_tradeoff": {"en": "Put or spread: the put ({put}) costs {diff} {more} than the spread ({spread}); if the "
                              "index falls {deep} with the yen up ({fx}), the account ends at {put_deep} with the put "
                              "and {spread_deep} with the spread.",
                        "ja": "プットかスプレッドか: プット({put})はスプレッド({spread})より {diff} {more}。指数が "
                              "{deep} 下落し同時に{fx}となると、口座はプットで {put_deep}、スプレッドで "
                              "{spread_deep} になります。"},
    "advice_more": {"en": "more", "ja": "高い"},
    "advice_less": {"en": "less", "ja": "安い"},
    "advice_hedge_vs_reduce": {"en": "Hedge or cut: the hedge costs {per_year} a year and keeps {now} of {index}; "
                                     "cutting costs no premium but gives up {given} of exposure.",
                               "ja": "ヘッジか削減か: ヘッジは年 {per_year} で {index} の {now} を持ち続けられます。"
                                     "削減はオプション料がかからない代わりに {given} のエクスポージャーを手放します。"},
    "advice_leverage_note": {"en": "Leverage: {lev}× is the most, in 0.1× steps, that holds the cap in every scenario "
                                   "held through without action. hedgeopt max-leverage --paths asks another question "
                                   "(the share of simulated paths that breach the cap, with the rules cutting on the "
                                   "way down) and usually allows more.",
                             "ja": "レバレッジ: 何もせずに持ち続けても全シナリオで上限内に収まるのは0.1倍刻みで "
                                   "{lev}倍までです。hedgeopt max-leverage --paths は別の問い(ルールで下落中に"
                                   "減らしながら、シミュレーションの何割が上限を超えるか)に答え、通常はより大きな"
                                   "値になります。"},
    "advice_leverage_limit": {"en": "Leverage: {lev}× is the most the {limit} allows, in 0.1× steps (the loss cap "
                                    "alone would allow more).",
                              "ja": "レバレッジ: 0.1倍刻みで {lev}倍 が{limit}の範囲内の最大です(損失上限だけなら"
                                    "もっと取れます)。"},
    "advice_leverage_contracts": {"en": " In whole futures contracts that is {n} contract(s) ({lev}×).",
                                  "ja": "先物の整数枚では {n}枚({lev}倍)です。"},
    "limit_loss cap": {"en": "loss cap", "ja": "損失上限"},
    "limit_leverage cap": {"en": "leverage cap", "ja": "レバレッジ上限"},
    "limit_margin call": {"en": "margin call", "ja": "追証"},
    "limit_futures buffer": {"en": "futures buffer", "ja": "先物の現金バッファー"},
    "limit_cash": {"en": "cash", "ja": "現金"},
    "advice_checks": {"en": "Checklist: {passed} of 5 pass, {warn} warn, {fail} fail ({failed}).",
                      "ja": "発注前の確認: 5項目中 合格 {passed}、注意 {warn}、不合格 {fail}({failed})。"},
    "working_advise": {"en": "reading the account", "ja": "口座を分析中"},
    "working_demo": {"en": "running the demo", "ja": "デモを実行中"},
    "working_report": {"en": "writing the report", "ja": "レポートを作成中"},
    "working_stress": {"en": "stressing the account", "ja": "口座のストレステスト中"},
    "working_checklist": {"en": "running the five checks", "ja": "5つの確認を実行中"},
    "working_routes": {"en": "building the exposure four ways", "ja": "4つのルートで組み立て中"},
    "working_pnl": {"en": "pricing every candidate on every scenario", "ja": "全シナリオで全候補を評価中"},
    "working_hedge": {"en": "solving for the cheapest hedge and verifying it", "ja": "最も安いヘッジを計算し検証中"},
    "working_compare": {"en": "solving each family of hedges (puts, spreads, the mix; yen hedges alone and joint)",
                        "ja": "ヘッジの種類ごとに計算中(プット、スプレッド、組み合わせ、為替ヘッジのみ、指数＋為替)"},
    "working_leverage": {"en": "finding the largest leverage", "ja": "最大レバレッジを計算中"},
    "working_put_study": {"en": "replaying the put rolls", "ja": "プットのロールを再現中"},
    "progress_standing_put": {"en": "standing put lines", "ja": "常備薬プットの候補"},
    "progress_frontier": {"en": "frontier", "ja": "コストと上限の関係"},
    "progress_leverage_paths": {"en": "leverage over paths", "ja": "パス上のレバレッジ"},
    "progress_variants": {"en": "variants", "ja": "比較する設定"},
    "holdings_title": {"en": "Holdings", "ja": "保有資産"},
    "holding": {"en": "holding", "ja": "資産"},
    "holding_amount": {"en": "amount", "ja": "数量・金額"},
    "holding_value": {"en": "value", "ja": "評価額"},
    "holding_rate": {"en": "rate / yr", "ja": "年利"},
    "holding_total": {"en": "NAV", "ja": "純資産"},
    "holding_mmf": {"en": "{name}", "ja": "{name}"},
    "holding_mmf_default": {"en": "USD Treasury MMF", "ja": "米ドル建て米国債MMF"},
    "holding_mmf_hedged": {"en": "{name} (yen-hedged)", "ja": "{name}(為替ヘッジあり)"},
    "holding_mmf_hedged_default": {"en": "USD Treasury MMF (yen-hedged)", "ja": "米ドル建て米国債MMF(為替ヘッジあり)"},
    "holding_lots": {"en": "{n} lots", "ja": "{n}枚"},
    "holding_cash": {"en": "cash {ccy}", "ja": "現金 {ccy}"},
    "holding_etf": {"en": "{name} ETF (cash)", "ja": "{name} ETF(現物)"},
    "holding_margin_position": {"en": "{name} ETF on margin", "ja": "{name} ETF(信用買い)"},
    "holding_margin_loan": {"en": "margin loan ({name})", "ja": "信用買いの借入({name})"},
    "holding_futures": {"en": "{name} futures", "ja": "{name} 先物"},
    "holding_option": {"en": "{name}", "ja": "{name}"},
    "holding_other": {"en": "{name}", "ja": "{name}"},
    "named_title": {"en": "Named stresses, now (% of NAV)", "ja": "想定ストレス、即時(純資産比)"},
    "named_stress": {"en": "stress", "ja": "ストレス"},
    "named_move": {"en": "{index} {move} with {fx}", "ja": "{index} {move}、同時に{fx}"},
    "unhedged": {"en": "unhedged", "ja": "ヘッジなし"},
    "hedged": {"en": "hedged", "ja": "ヘッジあり"},
    "ways_title": {"en": "Ways to the {cap} cap", "ja": "上限 {cap} に収める方法"},
    "way": {"en": "way", "ja": "方法"},
    "way_hedge": {"en": "cheapest hedge", "ja": "最安のヘッジ"},
    "way_puts": {"en": "puts only", "ja": "プットのみ"},
    "way_spreads": {"en": "spreads only", "ja": "スプレッドのみ"},
    "way_fx": {"en": "yen hedges only", "ja": "為替ヘッジのみ"},
    "way_reduce": {"en": "less exposure", "ja": "エクスポージャー削減"},
    "cost_now": {"en": "cost now", "ja": "今のコスト"},
    "per_year": {"en": "per year", "ja": "年換算"},
    "deep_fall": {"en": "at {deep}", "ja": "{deep}時"},
    "exposure_kept": {"en": "exposure", "ja": "エクスポージャー"},
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
    "report_verified": {"en": "Verified on all {n:,} scenarios (fast kernel) and re-valued position by position "
                              "(reference, QuantLib) on {nq:,} ({sample}): worst {worst}, largest difference {diff} "
                              "within {tol} — {verdict}.",
                        "ja": "全{n:,}シナリオ(高速カーネル)で検証し、{nq:,}シナリオ({sample})で建玉ごとに再評価"
                              "(参照評価・QuantLib): 最大損失 {worst}、最大差 {diff}(許容 {tol}) — {verdict}。"},
    "remedy_longer_expiry": {"en": "a longer expiry: every candidate expires by day {longest}, inside the {window}-day "
                                    "window of {scenario} ([hedge] months)",
                             "ja": "より長い満期: 候補はすべて{longest}日目までに満期となり、{scenario}の{window}日間の"
                                   "途中で切れます([hedge] months)"},
    "remedy_rolled_program": {"en": "a put rolled through the episode: hedgeopt backtest",
                              "ja": "局面を通してプットをロールする: hedgeopt backtest"},
    "remedy_currency": {"en": "less in dollars, or more yen hedges in [hedge.fx]: the yen's rise costs the dollar "
                              "holdings and no index option pays for it",
                        "ja": "ドル建て資産を減らすか、[hedge.fx] の為替ヘッジを増やす: 円高はドル資産の損失で、"
                              "指数オプションでは補えません"},
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
    "report_figures_note": {"en": "The figures are also saved as PNG files beside this page.",
                            "ja": "図はこのページと同じフォルダにPNGファイルでも保存されています。"},
    "yearly_carry": {"en": "yearly carry", "ja": "年間キャリー"},
    # -- figures (hedgeopt.face.figures) and their captions in the report ---------------------------------------
    "fig_unhedged": {"en": "unhedged", "ja": "ヘッジなし"},
    "fig_hedged": {"en": "hedged", "ja": "推奨ヘッジあり"},
    "fig_hedge_detail": {"en": "with the recommended hedge ({n:g} contracts, {cost})",
                         "ja": "推奨ヘッジあり({n:g}枚、{cost})"},
    "fig_cap": {"en": "loss cap −{cap}", "ja": "損失上限 −{cap}"},
    "fig_yen_unhedged": {"en": "account, unhedged", "ja": "口座(ヘッジなし)"},
    "fig_yen_yen leg": {"en": "with the hedge's yen leg only", "ja": "推奨ヘッジの為替部分のみ"},
    "fig_yen_hedged": {"en": "with the whole recommended hedge", "ja": "推奨ヘッジ全体"},
    "fig_yen_mmf": {"en": "the dollar MMF alone ({value}), in yen", "ja": "ドルMMF({value})の円換算の損益"},
    "fig_yen_axis": {"en": "{pair} move over {days} days (and the level)", "ja": "{days}日間の{pair}の変化率(と水準)"},
    "fig_yen_title": {"en": "The yen leg: account P&L (% of NAV) against the {pair} move over {days} days, {index} "
                            "unchanged",
                      "ja": "為替部分: {days}日間の{pair}の変化と口座損益(純資産比 %、{index} は変化なし)"},
    "caption_yen_leg": {
        "en": "What the yen hedges do: the account's P&L as the dollar moves against the yen (left: the yen up), "
              "without a hedge (dashed), with the recommended hedge's yen hedges only (solid blue), with the whole "
              "hedge (green), and the dollar MMF's own loss or gain in yen (dotted), which the yen leg offsets.",
        "ja": "為替ヘッジの働き: ドル円が動いたときの口座損益(左ほど円高)。破線はヘッジなし、青い実線は推奨ヘッジの"
              "為替部分のみ、緑は推奨ヘッジ全体、点線はドルMMFそのものの円換算の損益で、為替部分はこれを打ち消します。"},
    "report_replay_index_only": {"en": "The replay holds the hedge's index options only: its yen hedges are judged on "
                                       "the scenarios above.",
                                 "ja": "この再現はヘッジのうち指数オプションだけを持ちます。為替ヘッジは上のシナリオで"
                                       "評価しています。"},
    "report_compare_fx": {"en": "Index and yen hedges for the same cap", "ja": "同じ上限での指数と為替のヘッジの比較"},
    "report_yen_leg": {"en": "The yen leg of the hedge", "ja": "ヘッジの為替部分"},
    "fig_cap_short": {"en": "cap −{cap}", "ja": "上限 −{cap}"},
    "fig_fx_flat": {"en": "{pair} unchanged ({start})", "ja": "為替変化なし({start})"},
    "fig_yen_up": {"en": "yen up: {pair} {start} → {end}", "ja": "円高: {start} → {end}"},
    "fig_yen_down": {"en": "yen down: {pair} {start} → {end}", "ja": "円安: {start} → {end}"},
    "fig_fx_move": {"en": "{pair} {start} → {end} ({move})", "ja": "{pair} {start} → {end}({move})"},
    "fig_pnl_what": {"en": "Account P&L (% of NAV, in {ccy}) against the {index} move over {days} days",
                     "ja": "{index} の{days}日間の変化率と口座損益(純資産比 %、{ccy}建て)"},
    "fig_pnl_title": {"en": "unhedged (dashed) and with the recommended hedge (solid), for three exchange rates",
                      "ja": "ヘッジなし(破線)と推奨ヘッジあり(実線)、為替は3通り"},
    "fig_no_hedge_needed": {"en": "unhedged, for three exchange rates: no hedge needed for the {cap} cap",
                            "ja": "ヘッジなし、為替は3通り: 損失上限 {cap} にヘッジは不要"},
    "fig_no_hedge_holds": {"en": "unhedged, for three exchange rates: no hedge from the candidates holds the {cap} cap",
                           "ja": "ヘッジなし、為替は3通り: 候補のどのヘッジでも損失上限 {cap} を守れません"},
    "fig_index_move": {"en": "{index} move over {days} days (%)", "ja": "{index} の{days}日間の変化率(%)"},
    "fig_pnl_pct": {"en": "account P&L (% of NAV)", "ja": "口座損益 純資産比(%)"},
    "fig_outside": {"en": "beyond the grid the hedge was solved on", "ja": "ヘッジの計算に使った範囲の外"},
    "fig_binding_unhedged": {"en": "the scenario that sets the worst case, unhedged",
                             "ja": "最大損失を決めるシナリオ(ヘッジなし)"},
    "fig_binding_hedged": {"en": "the same scenario with the hedge", "ja": "同じシナリオ(推奨ヘッジあり)"},
    "fig_scenario_detail": {"en": "{days} days: {index} {move}, {fx}", "ja": "{days}日間: {index} {move}、{fx}"},
    "fig_heatmap_title": {"en": "Account P&L (% of NAV, in {ccy}) after {days} days: {index} move × {pair}\n"
                                "boxed: a loss beyond the {cap} cap",
                          "ja": "{days}日後の口座損益(純資産比 %、{ccy}建て): {index} の変化率 × {pair}\n"
                                "枠: 損失上限 {cap} を超える損失"},
    "fig_fx_axis_yen": {"en": "{pair} after {days} days (lower: yen up)", "ja": "{days}日後の{pair}(下ほど円高)"},
    "fig_fx_axis": {"en": "{pair} after {days} days (lower: {ccy} down)", "ja": "{days}日後の{pair}(下ほど{ccy}安)"},
    "fig_frontier_title": {"en": "Cost of the cheapest hedge against the loss cap ({kind}), {unit}",
                           "ja": "損失上限ごとの最も安いヘッジのコスト({kind}、{unit})"},
    "fig_whole": {"en": "whole contracts", "ja": "整数枚"},
    "fig_fractional": {"en": "continuous: fractional contracts", "ja": "連続解: 端数枚を含む"},
    "fig_cap_axis": {"en": "worst-case loss cap (% of NAV)", "ja": "損失上限 純資産比(%)"},
    "fig_cost_axis": {"en": "premium + commission ({unit})", "ja": "プレミアム + 手数料({unit})"},
    "fig_recommended": {"en": "recommended hedge", "ja": "推奨ヘッジ"},
    "fig_net": {"en": "net P&L", "ja": "損益合計"},
    "fig_decomposition_title": {"en": "Historical episodes, unhedged: P&L by source ({unit})",
                                "ja": "過去の局面での損益の内訳(ヘッジなし、{unit})"},
    "fig_paths_title": {"en": "NAV ({unit}) and drawdown (% from peak), {start} to {end}\nvariants on the same "
                              "path; markers: rule triggers of '{marked}' (option rolls not marked)",
                        "ja": "純資産({unit})とドローダウン(ピークからの%)、{start}〜{end}\n"
                              "同じパスでの各設定。印: 「{marked}」のルール発動(オプションのロールは除く)"},
    "fig_nav_axis": {"en": "NAV ({unit})", "ja": "純資産({unit})"},
    "fig_drawdown_axis": {"en": "drawdown (% from peak)", "ja": "ドローダウン(ピークからの%)"},
    "fig_liquidation": {"en": "liquidation", "ja": "強制決済"},
    "caption_pnl_vs_index": {
        "en": "How to read it: each colour is one move of the currency, dashed without a hedge, solid with the "
              "recommended hedge (dots: the grid scenarios it was solved on). Where a line falls below the red cap, "
              "the account loses more than allowed. The marked point is the scenario that sets the worst case.",
        "ja": "見方: 色は為替の動き、破線はヘッジなし、実線は推奨ヘッジあり(点はヘッジの計算に使ったシナリオ)。"
              "線が赤い損失上限より下なら、許容を超える損失です。印は最大損失を決めるシナリオです。"},
    "caption_heatmap_index_fx": {
        "en": "Each cell is the account's P&L as a percentage of NAV for one index move (across) and one exchange "
              "rate (down), without and with the recommended hedge; boxed cells lose more than the cap.",
        "ja": "各マスは指数の変化率(横)と為替(縦)の組み合わせでの口座損益(純資産比)です。左がヘッジなし、"
              "右が推奨ヘッジあり。枠のあるマスは損失上限を超えます。"},
    "caption_frontier": {
        "en": "What the cheapest hedge in whole contracts costs for each loss cap, by family; the star is the "
              "recommended hedge. A tighter cap never costs less.",
        "ja": "損失上限ごとに、整数枚で最も安いヘッジのコストを種類別に示します。星印が推奨ヘッジです。"
              "上限を厳しくすると、コストは同じか高くなります。"},
    "caption_decomposition": {
        "en": "The unhedged account through each historical episode, its P&L split into carry, the index, the "
              "exchange rate, options and funding.",
        "ja": "過去の各局面でのヘッジなしの口座損益を、キャリー・指数・為替・オプション・借入コストに分けて示します。"},
    "caption_paths_nav_drawdown": {
        "en": "The account day by day through history, as configured and with one change at a time; the lower "
              "panel is the fall from the last peak, with the cap drawn.",
        "ja": "過去の値動きでの日々の口座の推移(設定どおりと、1項目ずつ変えたもの)。下段は直近の高値からの下落率で、"
              "上限を線で示します。"},
    "variant:as configured": {"en": "as configured", "ja": "設定どおり"},
    "variant:no rules": {"en": "no rules", "ja": "ルールなし"},
    "variant:with rules": {"en": "with rules", "ja": "ルールあり"},
    "variant:hedge: none": {"en": "hedge: none", "ja": "ヘッジなし"},
    "variant:hedge: put": {"en": "hedge: put", "ja": "ヘッジ: プット"},
    "variant:hedge: spread": {"en": "hedge: spread", "ja": "ヘッジ: プットスプレッド"},
    "variant:route: cash": {"en": "route: cash", "ja": "手段: 現物"},
    "variant:route: margin": {"en": "route: margin", "ja": "手段: 信用取引"},
    "variant:route: futures": {"en": "route: futures", "ja": "手段: 先物"},
    "variant:route: calls": {"en": "route: calls", "ja": "手段: コール買い"},
    "variant:route: call spread": {"en": "route: call spread", "ja": "手段: コールスプレッド"},
    "variant:fx hedge: none": {"en": "FX hedge: none", "ja": "為替ヘッジなし"},
    "episode:1987-10 Black Monday": {"en": "1987-10 Black Monday", "ja": "1987年10月 ブラックマンデー"},
    "episode:2000-03 Dot-com bear": {"en": "2000-03 Dot-com bear", "ja": "2000年3月〜 ITバブル崩壊の下落相場"},
    "episode:2007-10 GFC bear": {"en": "2007-10 GFC bear", "ja": "2007年10月〜 世界金融危機の下落相場"},
    "episode:2008-09 Lehman": {"en": "2008-09 Lehman", "ja": "2008年9月 リーマン・ショック"},
    "episode:2011-08 US downgrade": {"en": "2011-08 US downgrade", "ja": "2011年8月 米国債格下げ"},
    "episode:2015-08 China devaluation": {"en": "2015-08 China devaluation", "ja": "2015年8月 人民元切り下げ"},
    "episode:2018-Q4 Fed selloff": {"en": "2018-Q4 Fed selloff", "ja": "2018年10〜12月 利上げ局面の急落"},
    "episode:2020-03 COVID crash": {"en": "2020-03 COVID crash", "ja": "2020年3月 コロナ・ショック"},
    "episode:2022 Rate-hike bear": {"en": "2022 Rate-hike bear", "ja": "2022年 利上げ局面の下落相場"},
    "episode:2024-08 Yen carry unwind": {"en": "2024-08 Yen carry unwind", "ja": "2024年8月 円キャリー取引の巻き戻し"},
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
    "shards_where": {"en": "Ran in shards: {n} paths, shards: {shards} of up to {size} paths each, on {engine}.",
                     "ja": "シャードに分けて計算: {n} 本のパスを最大 {size} 本ずつ {shards} 個に分け、"
                           "{engine}で実行。"},
    "shards_engine_serial": {"en": "this process (no Dask)", "ja": "このプロセス内(Dask なし)"},
    "shards_engine_local": {"en": "a local Dask cluster of {n} workers",
                            "ja": "ローカルの Dask クラスタ(ワーカー {n} 個)"},
    "shards_engine_scheduler": {"en": "the Dask scheduler at {address}", "ja": "Dask スケジューラ {address} "},
    "shards_sample_events": {"en": "The rule log below is the first shard's (paths mc 1 to mc {last}); the table "
                                    "above counts every path.",
                             "ja": "下のルール発動の記録は最初のシャード(パス mc 1〜mc {last})のものです。上の表は"
                                   "すべてのパスの集計です。"},
    "shards_no_after_tax": {"en": "After-tax figures are not computed in a sharded run: run with at most {most} "
                                  "paths and without --workers or --scheduler to see them.",
                            "ja": "シャード実行では税引後の数値は計算しません。{most} 本以下のパスで、--workers や "
                                  "--scheduler を付けずに実行すると表示されます。"},
    "progress_shards": {"en": "path shards", "ja": "パスのシャード"},
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
    "bt_max_drawdown_p05": {"en": "max DD, worst 5%", "ja": "最大ドローダウン(下位5%)"},
    "bt_p_breach": {"en": "P(DD > cap)", "ja": "上限超過の確率"},
    "bt_p_ruin": {"en": "P(ruin)", "ja": "破綻の確率"},
    "bt_path": {"en": "path", "ja": "パス"},
    "bt_roll": {"en": "roll", "ja": "ロール"},
    "bt_cost_premiums": {"en": "option premiums", "ja": "オプション料"},
    "bt_cost_commissions": {"en": "commissions", "ja": "売買手数料"},
    "bt_cost_fx_conversion": {"en": "FX conversion", "ja": "為替手数料"},
    "bt_cost_roll": {"en": "hedge rolls", "ja": "ヘッジのロール"},
    # after tax on paths (issue 16; hedgeopt.paths.aftertax, render_paths.after_tax)
    "at_line": {"en": "After tax: CAGR {cagr} (pre-tax {cagr_pre}), max drawdown {dd} (pre-tax {dd_pre}); tax "
                      "paid {paid}, owed at the horizon {due}",
                "ja": "税引後: 年率リターン {cagr}（税引前 {cagr_pre}）、最大ドローダウン {dd}（税引前 {dd_pre}）。"
                      "納税額 {paid}、期末の未払い税 {due}"},
    "at_line_mc": {"en": "After tax, medians over {n} paths: CAGR {cagr} (pre-tax {cagr_pre}; worst 5% {cagr_p05}), "
                         "max drawdown {dd} (pre-tax {dd_pre}; worst 5% {dd_p05}); tax paid {paid}, owed at the "
                         "horizon {due}",
                   "ja": "税引後（{n}パスの中央値）: 年率リターン {cagr}（税引前 {cagr_pre}、下位5% {cagr_p05}）、"
                         "最大ドローダウン {dd}（税引前 {dd_pre}、下位5% {dd_p05}）。納税額 {paid}、期末の未払い税 "
                         "{due}"},
    "at_rules": {"en": "The account as configured pays Japanese tax from its cash (the {year} rules on every year of "
                       "the path; listed tax withheld at each year end, the rest on 15 March); the last day's value "
                       "is what selling everything then leaves after tax. A planning model, not a tax return.",
                 "ja": "設定どおりの口座が日本の税金を口座の現金から支払います（全期間に{year}年の税制を適用。"
                       "上場株式等の税は年末に源泉徴収、残りは翌年3月15日に納付）。最終日の値は全ポジションを売却した"
                       "場合の税を差し引いた手取りです。計画用の簡略モデルで、申告用ではありません。"},
    "at_ledger_title": {"en": "Tax by year (as configured, tax paid from the account)",
                        "ja": "年ごとの税金（設定どおりの口座、税は口座から支払い）"},
    "at_year": {"en": "tax year", "ja": "課税年"},
    "at_liquidation": {"en": "all sold", "ja": "全売却"},
    "at_realised_listed": {"en": "listed", "ja": "上場株式等"},
    "at_realised_futures": {"en": "futures", "ja": "先物等"},
    "at_realised_misc": {"en": "misc", "ja": "雑所得"},
    "at_tax": {"en": "tax", "ja": "税額"},
    "at_tax_abroad": {"en": "tax abroad", "ja": "外国源泉税"},
    "at_carry_used": {"en": "carry used", "ja": "繰越控除"},
    "at_carry_created": {"en": "loss carried", "ja": "繰越損失"},
    "at_carry_expired": {"en": "carry lapsed", "ja": "繰越失効"},
    "at_paid": {"en": "paid", "ja": "納付額"},
    "at_due": {"en": "owed", "ja": "未払い"},
    "at_paid_title": {"en": "Tax paid per tax year over {n} paths (as configured)",
                      "ja": "課税年ごとの納税額（{n}パス、設定どおりの口座）"},
    "at_mean": {"en": "mean", "ja": "平均"},
    "at_p05": {"en": "5%", "ja": "下位5%"},
    "at_p50": {"en": "median", "ja": "中央値"},
    "at_p95": {"en": "95%", "ja": "上位5%"},
    # the rolled FX hedge on paths ([paths.fx_hedge]; hedgeopt.paths.fx_steps, render_paths, paths_words)
    "bt_fx_costs": {"en": "FX hedge cost", "ja": "為替ヘッジ費用"},
    "bt_cost_fx_spread": {"en": "FX hedge spreads", "ja": "為替ヘッジのスプレッド"},
    "bt_cost_fx_carry": {"en": "FX hedge carry (rate gap)", "ja": "為替ヘッジの金利差コスト"},
    "bt_cost_fx_commission": {"en": "FX hedge commissions", "ja": "為替ヘッジの売買手数料"},
    "bt_fx_liquidation": {"en": "FX hedge closed", "ja": "為替ヘッジの強制決済"},
    "ev_reason_fx_liquidation": {"en": "margin call unmet for {threshold}+ days (cash {observed}): FX hedge closed",
                                 "ja": "追証が {threshold} 営業日を超えて解消されず(現金 {observed})、為替ヘッジを"
                                       "強制決済"},
    "fx_hedge_none": {"en": "no FX hedge", "ja": "為替ヘッジなし"},
    "fx_hedge_forward": {"en": "{symbol} {ratio} of the USD MMF sold forward, {tenor}-day forwards rolled at maturity",
                         "ja": "{symbol} で USD MMF の {ratio} を為替予約で売り、{tenor} 日物を満期ごとにロール"},
    "fx_hedge_future": {"en": "{symbol} {ratio} of the USD MMF, yen futures bought and rolled {roll} days before "
                              "each quarterly expiry",
                        "ja": "{symbol} で USD MMF の {ratio} をヘッジ、円先物を買い、各限月の {roll} 日前にロール"},
    "fx_hedge_rolling": {"en": "{symbol} {ratio} of the USD MMF sold, swap points paid daily, re-sized every {tenor} "
                               "days",
                         "ja": "{symbol} で USD MMF の {ratio} をドル売り、スワップポイントを毎日支払い、"
                               "{tenor} 日ごとに数量を調整"},
    "fx_hedge_fixed": {"en": " (day-0 size kept)", "ja": "(初日の数量のまま)"},
    "paths_fx_hedge": {"en": "FX hedge: {hedge}", "ja": "為替ヘッジ: {hedge}"},
    "paths_fx_proxy": {"en": "The FX hedge gains and loses with these paths' USDJPY, which is a proxy (see above): "
                             "read its results as an illustration, not a record.",
                       "ja": "為替ヘッジの損益はこのパスの USDJPY に従いますが、これは代替値です(上記参照)。結果は"
                             "実績ではなく目安として読んでください。"},
    "bt_date": {"en": "date", "ja": "日付"},
    "bt_event": {"en": "event", "ja": "イベント"},
    "bt_reason": {"en": "reason", "ja": "理由"},
    "bt_before": {"en": "exposure before", "ja": "変更前エクスポージャー"},
    "bt_after": {"en": "exposure after", "ja": "変更後エクスポージャー"},
    "bt_derisk": {"en": "derisk", "ja": "リスク削減"},
    "bt_reentry": {"en": "re-entry", "ja": "再エントリー"},
    "bt_leverage_cap": {"en": "leverage cap", "ja": "レバレッジ上限"},
    "bt_margin_liquidation": {"en": "margin liquidation", "ja": "信用取引の強制決済"},
    "bt_futures_liquidation": {"en": "futures liquidation", "ja": "先物の強制決済"},
    "init_written": {"en": "wrote {path} ({template} template); next: hedgeopt stress {path}",
                     "ja": "{path} を書き出しました({template} のひな形)。次は: hedgeopt stress {path}"},
    "report_files_written": {"en": "wrote {html} and {n} figures", "ja": "{html} と図 {n} 枚を書き出しました"},
    "pnl_written": {"en": "wrote {matrix} and {prices}", "ja": "{matrix} と {prices} を書き出しました"},
    # the path outputs' own words (hedgeopt.face.paths_words, render_paths): triggers, variants, rules, warnings
    "bt_traded": {"en": "traded", "ja": "売買額"},
    "bt_path_number": {"en": "path {n}", "ja": "パス {n}"},
    "ev_reason_derisk": {"en": "drawdown {observed} crossed the {threshold} step: sold {cut} of the exposure held",
                         "ja": "ドローダウン {observed} が {threshold} の段階に達したため、保有エクスポージャーの"
                               " {cut} を売却"},
    "ev_reason_reentry": {"en": "realised vol {observed} below {threshold} long enough: one step back up",
                          "ja": "実現ボラティリティ {observed} が {threshold} 未満で落ち着いたため、1段階買い戻し"},
    "ev_reason_leverage_cap": {"en": "leverage {observed}x above the {threshold}x cap: trimmed",
                               "ja": "レバレッジ {observed}倍が上限 {threshold}倍を超えたため削減"},
    "ev_reason_margin_liquidation": {"en": "margin ratio {observed} below maintenance {threshold}: position sold",
                                     "ja": "保証金維持率 {observed} が最低維持率 {threshold} を下回り、建玉を"
                                           "強制決済"},
    "ev_reason_futures_liquidation": {"en": "margin call unmet for {threshold}+ days (cash {observed}): "
                                            "contracts closed",
                                      "ja": "追証が {threshold} 営業日を超えて解消されず(現金 {observed})、先物を"
                                            "強制決済"},
    "ev_reason_roll": {"en": "standing hedge rolled: new strike {observed} ({threshold} of the index)",
                       "ja": "常設ヘッジをロール: 新しい権利行使価格 {observed}(指数の {threshold})"},
    "bt_not_run": {"en": "{name}: not run — {reason}", "ja": "{name}: 実行できません — {reason}"},
    "bt_calls_note": {"en": "{calls}, {spread}: {call_line} / {spread_line} in place of the satellite, whole "
                            "contracts; no standing put and no rules (the loss is fixed in advance: the premium)",
                      "ja": "{calls}、{spread}: サテライトの代わりに {call_line} / {spread_line}(整数枚)。常設の"
                            "プットもルールもなし(損失は事前に確定: プレミアム)"},
    "rules_none": {"en": "no rules", "ja": "ルールなし"},
    "rules_step": {"en": "{level} -> sell {cut} of exposure held",
                   "ja": "{level} で保有エクスポージャーの {cut} を売却"},
    "rules_no_staircase": {"en": "no staircase", "ja": "段階的な削減なし"},
    "rules_no_reentry": {"en": "no re-entry", "ja": "買い戻しなし"},
    "rules_reentry": {"en": "re-enter in {step}x steps when {window}-day vol < {vol} for {days} days",
                      "ja": "{window}日ボラティリティが {days} 日続けて {vol} 未満なら {step}倍ずつ買い戻し"},
    "rules_reentry_dd": {"en": "re-enter in {step}x steps when {window}-day vol < {vol} for {days} days or "
                               "drawdown > {dd}",
                         "ja": "{window}日ボラティリティが {days} 日続けて {vol} 未満、またはドローダウンが {dd} "
                               "より浅くなれば {step}倍ずつ買い戻し"},
    "rules_line": {"en": "{steps}; {back}; leverage cap {cap}x", "ja": "{steps}。{back}。レバレッジ上限 {cap}倍"},
    "hedge_none": {"en": "no hedge", "ja": "ヘッジなし"},
    "program_line": {"en": "{symbol} {strikes} {kind}, {tenor}-day tenor rolled {roll} days before expiry",
                     "ja": "{symbol} {strikes} {kind}、期間 {tenor} 日、満期の {roll} 日前にロール"},
    "hedge_put": {"en": "put", "ja": "プット"},
    "hedge_spread": {"en": "spread", "ja": "プットスプレッド"},
    "calls_call": {"en": "call", "ja": "コール"},
    "calls_spread": {"en": "call spread", "ja": "コールスプレッド"},
    "hedge_line": {"en": "{program}, coverage {coverage}", "ja": "{program}、カバー率 {coverage}"},
    "paths_line": {"en": "{name} — {n} × {days} days ({start} to {end})",
                   "ja": "{name} — {n} 本 × {days} 営業日({start}〜{end})"},
    "paths_rules_hedge": {"en": "rules: {rules}; hedge: {hedge}", "ja": "ルール: {rules}。ヘッジ: {hedge}"},
    "cap_warning_path": {"en": "WARNING {variant}: the drawdown reached {dd}, beyond the {cap} cap ([risk] cap); "
                               "it ends at {end}.",
                         "ja": "警告 {variant}: ドローダウンが {dd} に達し、上限 {cap}([risk] cap)を超えました。"
                               "期末のドローダウンは {end} です。"},
    "cap_warning_ends": {"en": "WARNING {variant}: the drawdown reached {dd}, beyond the {cap} cap ([risk] cap), "
                               "and it ends beyond it, at {end}.",
                         "ja": "警告 {variant}: ドローダウンが {dd} に達して上限 {cap}([risk] cap)を超え、期末も "
                               "{end} と上限を超えたままです。"},
    "cap_warning_paths": {"en": "WARNING {variant}: on {p} of the {n} paths the drawdown went beyond the {cap} cap "
                                "([risk] cap), the worst to {dd}; {p_end} end beyond it.",
                          "ja": "警告 {variant}: {n} 本のパスのうち {p} でドローダウンが上限 {cap}([risk] cap)を"
                                "超えました(最悪 {dd})。期末に超えているパスは {p_end} です。"},
    "pl_leverage": {"en": "leverage", "ja": "レバレッジ"},
    "pl_exposure": {"en": "exposure", "ja": "エクスポージャー"},
    "pl_breach": {"en": "P(DD > cap)", "ja": "上限超過の確率"},
    "pl_liquidations": {"en": "liquidations", "ja": "強制決済"},
    "pl_breach_rules": {"en": "P(DD > cap), rules", "ja": "上限超過の確率(ルールあり)"},
    "pl_liquidations_rules": {"en": "liquidations, rules", "ja": "強制決済(ルールあり)"},
    "study_title": {"en": "The rolled put on the S&P 500 history", "ja": "S&P 500 の過去データでロールしたプット"},
    "study_published": {"en": "Published (docs/cboe_reference.md)", "ja": "公表値(docs/cboe_reference.md)"},
    "study_strategy": {"en": "strategy", "ja": "戦略"},
    "study_2008": {"en": "2008", "ja": "2008年"},
    "study_4q2008": {"en": "4Q 2008", "ja": "2008年10〜12月"},
    "study_crisis": {"en": "drawdown 2007-10 to 2009-03", "ja": "ドローダウン 2007年10月〜2009年3月"},
    "study_source": {"en": "source", "ja": "出典"},
    # -- the standing put as a program (hedgeopt program; hedgeopt.face.program, issue 15) ---------------------
    "working_program": {"en": "searching the standing-put programs", "ja": "常備薬のプログラムを探索中"},
    "prog_stage_mc": {"en": "Monte Carlo: every program on {paths} paths",
                      "ja": "モンテカルロ: {paths} 本のパスで全プログラム"},
    "prog_stage_replay": {"en": "crisis replay: {window}", "ja": "危機の再現: {window}"},
    "prog_title": {"en": "The standing put (常備薬) as a rolled program", "ja": "常備薬: ロールし続けるプログラム"},
    "prog_put": {"en": "{symbol} {strike} put, {tenor}-day, {roll}",
                 "ja": "{symbol} {strike} プット、期間{tenor}日、{roll}"},
    "prog_spread": {"en": "{symbol} {high}/{low}% put spread, {tenor}-day, {roll}",
                    "ja": "{symbol} {high}/{low}% プットスプレッド、期間{tenor}日、{roll}"},
    "prog_roll_sold": {"en": "sold with {days} days left", "ja": "満期の{days}日前に売却"},
    "prog_roll_held": {"en": "held to expiry", "ja": "満期まで保有"},
    "prog_label_put": {"en": "put {strike} {tenor}d/{roll} x{coverage}",
                       "ja": "プット {strike} {tenor}日/{roll} ×{coverage}"},
    "prog_label_spread": {"en": "spread {high}/{low}% {tenor}d/{roll} x{coverage}",
                          "ja": "スプレッド {high}/{low}% {tenor}日/{roll} ×{coverage}"},
    "prog_label_none": {"en": "none", "ja": "ヘッジなし"},
    "prog_goal_target": {"en": "Goal: the cheapest program with P(drawdown > {cap}) at most {level} on {n} Monte "
                               "Carlo paths{history}.",
                         "ja": "目標: {n} 本のモンテカルロのパスでドローダウンが {cap} を超える確率を {level} 以下に"
                               "抑える{history}、最も安いプログラム。"},
    "prog_goal_history": {"en": " that also holds {cap} through the {first}–{last} crises",
                          "ja": "とともに {first}〜{last}年の危機でも {cap} を守る"},
    "prog_goal_budget": {"en": "Goal: within {budget} a year, the program with the lowest P(drawdown > {cap}) on "
                               "{n} Monte Carlo paths.",
                         "ja": "目標: 年 {budget} 以内で、{n} 本のモンテカルロのパスでドローダウンが {cap} を超える"
                               "確率が最も低いプログラム。"},
    "prog_contracts_one": {"en": "{n} contract a roll", "ja": "ロールごとに{n}枚"},
    "prog_contracts": {"en": "{n} contracts a roll", "ja": "ロールごとに{n}枚"},
    "prog_contracts_mean": {"en": "{n} contracts a roll on average", "ja": "ロールごとに平均{n}枚"},
    "prog_carry": {"en": "Carry: {program}, {contracts}; cover {cover}× the exposure hedged ({coverage}× asked, "
                         "whole contracts): {cost} a year ({pct} of NAV); P(drawdown > {cap}) {p} on {n} paths "
                         "(without it {p0}); median {median}, worst 5% {worst5}.",
                   "ja": "常備薬: {program}、{contracts}。カバー率はヘッジ対象エクスポージャーの {cover}倍"
                         "(指定 {coverage}倍を整数枚に丸めたもの)。費用は年 {cost}(純資産比 {pct})。"
                         "{n} 本のパスでドローダウンが {cap} を超える確率 {p}(常備薬なし {p0})、"
                         "リターンの中央値 {median}、下位5% {worst5}。"},
    "prog_after_tax": {"en": "After tax ({year}): {after} a year. {why}",
                       "ja": "税引後({year}年): 年 {after}。{why}"},
    "tax_saves": {"en": "The lapsed premiums are losses in the {category} category and offset this year's gains "
                        "there: they save {saved} ({share} of the cost).",
                  "ja": "掛け捨てになった保険料は{category}の損失で、今年の{category}の利益と通算され、"
                        "{saved}(費用の {share})の税が軽くなります。"},
    "tax_saves_none_carry": {"en": "The lapsed premiums are losses in the {category} category; with no gains there "
                                   "this year they save no tax now (the loss carries forward 3 years, with a "
                                   "return).",
                             "ja": "掛け捨てになった保険料は{category}の損失ですが、今年は{category}の利益がないため"
                                   "税は軽くなりません(確定申告をすれば損失は3年間繰り越せます)。"},
    "tax_saves_none_misc": {"en": "The lapsed premiums are losses in the {category} category; with no gains there "
                                  "this year they save no tax, and such a loss neither offsets other income nor "
                                  "carries forward.",
                            "ja": "掛け捨てになった保険料は{category}の損失ですが、今年は{category}の利益がないため"
                                  "税は軽くならず、この損失は他の所得と通算も繰越もできません。"},
    "prog_worse_on_paths": {"en": "On the paths it breaches the cap more often than no program ({p} against {p0}): "
                                  "its premium costs more than it pays there; it is chosen for the crises.",
                            "ja": "パスではこのプログラムのほうが常備薬なしより上限を超えやすくなります({p} 対 {p0})。"
                                  "パスでは費用が効果を上回り、危機への備えとして選ばれています。"},
    "prog_holds": {"en": "Holds {cap} through the {first}–{last} crises (worst {worst}, {window}).",
                   "ja": "{first}〜{last}年の危機でも {cap} を守ります(最悪 {worst}、{window})。"},
    "prog_misses": {"en": "Misses {cap} in the {first}–{last} crises by {gap} (worst {worst}, {window}).",
                    "ja": "{first}〜{last}年の危機では {cap} を {gap} 超えます(最悪 {worst}、{window})。"},
    "prog_not_replayed": {"en": "Not replayed through the crises (--no-history).",
                          "ja": "危機の再現は行っていません(--no-history)。"},
    "prog_none_needed": {"en": "No program needed: without a standing hedge P(drawdown > {cap}) is {p} on {n} "
                               "paths (target {level}).",
                         "ja": "常備薬は不要です: 常設ヘッジなしでも、{n} 本のパスでドローダウンが {cap} を超える"
                               "確率は {p}(目標 {level})。"},
    "prog_unreachable": {"en": "No program reaches the goal: none keeps P(drawdown > {cap}) at most {level} on "
                               "{n} paths{history}.",
                         "ja": "目標に届くプログラムはありません: {n} 本のパスでドローダウンが {cap} を超える確率を "
                               "{level} 以下に抑える{history}ものはありません。"},
    "prog_unreachable_history": {"en": " and holds {cap} through the crises",
                                 "ja": "とともに危機でも {cap} を守る"},
    "prog_closest": {"en": "Closest: {program} (cover {cover}×) leaves {p} of the paths beyond {cap}, at {cost} a "
                           "year.",
                     "ja": "最も近いもの: {program}(カバー率 {cover}倍)。{cap} を超えるパスは {p}、費用は年 "
                           "{cost}。"},
    "prog_take_target": {"en": "What it would take: a target of {need} or more (--target-probability {arg}), a "
                               "wider cap than {cap} (--cap), or less index exposure.",
                         "ja": "届かせるには: 目標を {need} 以上にする(--target-probability {arg})、上限を {cap} "
                               "より広げる(--cap)、または指数エクスポージャーを減らします。"},
    "prog_take_history": {"en": "No program holds {cap} through the {first}–{last} crises: the best, {program}, "
                                "reaches {worst} ({window}). A wider cap (--cap) or less index exposure would; "
                                "--no-history judges on the paths alone.",
                          "ja": "{first}〜{last}年の危機で {cap} を守るプログラムはありません: 最良の {program} で"
                                "も {worst}({window})。上限を広げる(--cap)か指数エクスポージャーを減らせば届きます。"
                                "--no-history ではパスだけで判断します。"},
    "prog_budget_nothing": {"en": "{budget} a year buys no program: the cheapest, {program} (cover {cover}×), costs "
                                  "{cost} a year, {ratio}× the budget.",
                            "ja": "年 {budget} で買えるプログラムはありません: 最も安い {program}(カバー率 {cover}倍)"
                                  "でも年 {cost} で、予算の {ratio}倍です。"},
    "prog_take_budget": {"en": "What it would take: a budget of {cost} a year or more (--budget-per-year {arg}).",
                         "ja": "買うには: 予算を年 {cost} 以上にします(--budget-per-year {arg})。"},
    "prog_work_rules": {"en": "Who does the work: P(drawdown > {cap}) is {nothing} with neither, {rules} with the "
                              "rules alone, {program} with the program alone, {both} with both.",
                        "ja": "どちらが効いているか: ドローダウンが {cap} を超える確率は、どちらもなしで {nothing}、"
                              "ルールだけで {rules}、常備薬だけで {program}、両方で {both}。"},
    "prog_work_plain": {"en": "Who does the work: P(drawdown > {cap}) is {nothing} without the program, {program} "
                              "with it (no rules configured).",
                        "ja": "どちらが効いているか: ドローダウンが {cap} を超える確率は、常備薬なしで {nothing}、"
                              "常備薬ありで {program}(ルールの設定なし)。"},
    "prog_work_title": {"en": "Who does the work, on the same {n} paths",
                        "ja": "どちらが効いているか(同じ {n} 本のパス)"},
    "prog_work_row": {"en": "protection", "ja": "守り"},
    "prog_work:nothing": {"en": "nothing", "ja": "なし"},
    "prog_work:rules only": {"en": "rules only", "ja": "ルールのみ"},
    "prog_work:program only": {"en": "program only", "ja": "常備薬のみ"},
    "prog_work:program + rules": {"en": "program + rules", "ja": "常備薬 + ルール"},
    "prog_p_beyond": {"en": "P(DD > {cap})", "ja": "{cap}超の確率"},
    "prog_median": {"en": "median return", "ja": "リターン中央値"},
    "prog_worst5": {"en": "worst 5% return", "ja": "リターン下位5%"},
    "prog_cost_year": {"en": "cost a year", "ja": "年間費用"},
    "prog_cost_share": {"en": "% NAV a year", "ja": "純資産比/年"},
    "prog_history_title": {"en": "Crisis replay: worst drawdown, a fresh account bought on each window's first day "
                                 "(cap −{cap})",
                           "ja": "危機の再現: 各期間の初日に口座を組んだときの最大ドローダウン(上限 −{cap})"},
    "prog_window": {"en": "window", "ja": "期間"},
    "prog_no_hedge": {"en": "no hedge", "ja": "ヘッジなし"},
    "prog_the_program": {"en": "the program", "ja": "常備薬あり"},
    "prog_window:stylised crash_1987": {"en": "1987-style crash (stylised)", "ja": "1987年型の暴落(様式化)"},
    "prog_window:stylised v_2020": {"en": "2020-style V (stylised)", "ja": "2020年型のV字(様式化)"},
    "prog_stylised_note": {"en": "Stylised windows are shown, not held to the cap (the shipped history ends in "
                                 "2018).",
                           "ja": "様式化した期間は参考表示で、上限の判定には使いません(過去データは2018年まで)。"},
    "prog_frontier_title": {"en": "Frontier: yearly cost against P(drawdown > {cap}), the programs no cheaper one "
                                  "beats",
                            "ja": "フロンティア: 年間費用とドローダウンが {cap} を超える確率(より安く同等以上のものが"
                                  "ないプログラム)"},
    "prog_family": {"en": "family", "ja": "種類"},
    "prog_family:put": {"en": "puts", "ja": "プット"},
    "prog_family:spread": {"en": "spreads", "ja": "スプレッド"},
    "prog_family:best": {"en": "best", "ja": "最良"},
    "prog_family:chosen": {"en": "chosen", "ja": "採用"},
    "prog_program": {"en": "program", "ja": "プログラム"},
    "prog_cover": {"en": "cover", "ja": "カバー率"},
    "prog_crises": {"en": "worst in crises", "ja": "危機での最悪"},
    "prog_chosen_mark": {"en": "◀ chosen", "ja": "◀ 採用"},
    "prog_legend": {"en": "Programs: strikes as % of the index at each roll; 91d/21 = 91-day options sold with 21 "
                          "days left (/0: held to expiry); x0.5 = the cover asked. Cover = notional bought / "
                          "exposure hedged, mean over the rolls: whole contracts (at least one) can buy several "
                          "times a small satellite.",
                    "ja": "プログラムの見方: 権利行使価格はロール時の指数に対する%。91日/21 = 期間91日のオプションを"
                          "満期の21日前に売却(/0 は満期まで保有)。×0.5 = 指定したカバー率。カバー率 = 購入した想定"
                          "元本 / ヘッジ対象エクスポージャー(ロールの平均)。整数枚(最低1枚)のため、小さなサテライト"
                          "では指定の何倍にもなります。"},
    "prog_notes": {"en": "Paths and proxies", "ja": "パスと代替指標"},
    "prog_searched": {"en": "{programs} programs searched ({distinct} distinct once rounded to whole contracts) on "
                            "{n} Monte Carlo paths of {days} trading days (seed {seed}).",
                      "ja": "{n} 本 × {days} 営業日のモンテカルロのパス(シード {seed})で {programs} 通りの"
                            "プログラムを探索(整数枚に丸めると {distinct} 通り)。"},
    "prog_advise": {"en": "Standing put (常備薬), from a quick search on {n} paths (hedgeopt program runs the full "
                          "one): {what}",
                    "ja": "常備薬(パス {n} 本での簡易探索。本格的な探索は hedgeopt program): {what}"},
    "prog_advise_chosen": {"en": "{program}, cover {cover}×, {cost} a year; P(drawdown > {cap}) {p} (without it "
                                 "{p0}).",
                           "ja": "{program}、カバー率 {cover}倍、年 {cost}。ドローダウンが {cap} を超える確率 {p}"
                                 "(常備薬なし {p0})。"},
    "prog_advise_none": {"en": "none needed (P(drawdown > {cap}) {p} without one).",
                         "ja": "不要(常備薬なしでドローダウンが {cap} を超える確率 {p})。"},
    "prog_advise_unreachable": {"en": "no program meets P(drawdown > {cap}) at most {level}; the closest is "
                                      "{program} at {cost} a year ({p}).",
                                "ja": "ドローダウンが {cap} を超える確率を {level} 以下にできるプログラムはありません。"
                                      "最も近いのは {program}(年 {cost}、{p})。"},
    "fig_prog_title": {"en": "Standing-put programs: yearly cost against P(drawdown > {cap}) on {n} paths",
                       "ja": "常備薬のプログラム: 年間費用と {n} 本のパスでドローダウンが {cap} を超える確率"},
    "fig_prog_cost": {"en": "cost a year ({unit})", "ja": "年間費用({unit})"},
    "fig_prog_p": {"en": "P(drawdown > {cap}) (%)", "ja": "{cap}超のドローダウンの確率(%)"},
    "fig_prog_all": {"en": "every program searched", "ja": "探索したすべてのプログラム"},
    "fig_prog_chosen": {"en": "chosen: {program}", "ja": "採用: {program}"},
    "fig_prog_target": {"en": "target {level}", "ja": "目標 {level}"},
    "caption_program_frontier": {
        "en": "Every standing-put program searched (grey) by what it costs a year and how often the drawdown went "
              "beyond the cap on the Monte Carlo paths; the lines join the programs no cheaper one beats, for puts, "
              "spreads and the best of both; the star is the chosen program. The lines ask nothing of the crisis "
              "replay; the chosen program must also hold the cap through the crises, so it can sit above them.",
        "ja": "探索した常備薬のプログラム(灰色)を、年間費用と、モンテカルロのパスでドローダウンが上限を超えた割合で"
              "示します。線はより安く同等以上のものがないプログラムを、プット・スプレッド・両方の最良ごとに結んだもの"
              "で、星印が採用したプログラムです。線は危機の再現を問いませんが、採用するプログラムは危機でも上限を守る必要"
              "があるため、線より上に来ることがあります。"},
    "report_program": {"en": "The standing put (常備薬) as a program", "ja": "常備薬のプログラム"},
    "report_program_paths": {"en": "Searched on {n} Monte Carlo paths to keep the report quick; hedgeopt program "
                                   "--paths 10000 gives the full answer.",
                             "ja": "レポートを速く作るため {n} 本のモンテカルロのパスで探索しています。本格的な答えは "
                                   "hedgeopt program --paths 10000 で。"},
    "report_program_skipped": {"en": "The program search could not run on this account: {error}",
                               "ja": "この口座ではプログラムの探索を実行できませんでした: {error}"},
    "paths_hedge_cover": {"en": "standing hedge as bought: cover {cover}× the exposure hedged (notional bought / "
                                "exposure, mean over the rolls; whole contracts); outlay {outlay} a year",
                          "ja": "常設ヘッジの実際: カバー率はヘッジ対象エクスポージャーの {cover}倍(購入した想定元本 / "
                                "エクスポージャー、ロールの平均、整数枚)、支出は年 {outlay}"},
    "pput_title": {"en": "PPUT check: Cboe's quarters beside ours, one change at a time (TR)",
                   "ja": "PPUT との照合: Cboe 公表の四半期と本モデル、変更を1つずつ(配当込み)"},
    "pput_quarter": {"en": "quarter", "ja": "四半期"},
    "pput_sp500_published": {"en": "S&P pub.", "ja": "S&P 公表"},
    "pput_sp500": {"en": "S&P ours", "ja": "S&P 本モデル"},
    "pput_published": {"en": "PPUT pub.", "ja": "PPUT 公表"},
    "pput_close_price_old_vol": {"en": "as was", "ja": "従来"},
    "pput_open_settlement": {"en": "+SOQ", "ja": "+寄付清算"},
    "pput_dividends": {"en": "+div.", "ja": "+配当"},
    "pput_vol_model": {"en": "+vol", "ja": "+ボラ"},
    "pput_no_costs": {"en": "no costs", "ja": "コストなし"},
    "pput_gap": {"en": "gap", "ja": "差"},
    # rate regimes ([routes]; the checklist's funding item)
    "regime:base": {"en": "today's rates", "ja": "現在の金利"},
    "regime:rising": {"en": "rising", "ja": "金利上昇"},
    "regime:falling": {"en": "falling", "ja": "金利低下"},
    "rate_path:ramp": {"en": "ramp", "ja": "直線的に変化"},
    "rate_path:step": {"en": "step", "ja": "一度に変化"},
    # the route comparison (hedgeopt routes; the report's routes section)
    "route:margin": {"en": "A margin ETF", "ja": "A 信用買いETF"},
    "route:futures": {"en": "B futures", "ja": "B 先物"},
    "route:calls": {"en": "C calls", "ja": "C コール"},
    "route:cash": {"en": "D ETF outright", "ja": "D 現物ETF"},
    "routes_title": {"en": "Four routes to {exposure} of {index} (NAV {nav}, loss cap {cap})",
                     "ja": "{index} を {exposure} 持つ4つの方法(純資産 {nav}、損失上限 {cap})"},
    "routes_costs_title": {"en": "What each route costs (today's rates)", "ja": "各ルートのコスト(現在の金利)"},
    "routes_risks_title": {"en": "What each route risks", "ja": "各ルートのリスク"},
    "routes_worst_by": {"en": "Worst case of {routes}: {scenario}", "ja": "{routes} の最大損失のシナリオ: {scenario}"},
    "routes_upside_title": {"en": "The upside each route keeps ({days} days)", "ja": "上昇時に残る利益({days}日)"},
    "routes_regimes_title": {"en": "Across rate regimes: cost a year / worst case",
                             "ja": "金利シナリオ別: 年間コスト / 最大損失"},
    "routes_route": {"en": "route", "ja": "ルート"},
    "routes_holds": {"en": "holds", "ja": "保有"},
    "routes_year": {"en": "a year", "ja": "年間コスト"},
    "routes_open": {"en": "to open", "ja": "建てる費用"},
    "routes_tied": {"en": "ties up", "ja": "拘束資金"},
    "routes_buffer": {"en": "buffer", "ja": "余力"},
    "routes_ok": {"en": "ok", "ja": "可"},
    "routes_short": {"en": "SHORT", "ja": "不足"},
    "routes_worst": {"en": "worst case", "ja": "最大損失"},
    "routes_called": {"en": "called at", "ja": "追証が出る下落"},
    "routes_kept": {"en": "+{move} kept", "ja": "+{move}上昇時の利益"},
    "routes_most": {"en": "most leverage", "ja": "最大レバレッジ"},
    "routes_never": {"en": "never", "ja": "なし"},
    "routes_holds_margin": {"en": "ETF {amount}, {ccy} loan at {rate:.2%}",
                            "ja": "ETF {amount}、{ccy}建て借入 金利 {rate:.2%}"},
    "routes_holds_futures": {"en": "{n:,} × {symbol} = {amount} ({times:,.2f}× the ask)",
                             "ja": "{symbol} {n:,}枚 = {amount}(希望額の {times:,.2f}倍)"},
    "routes_holds_calls": {"en": "{options} (delta {delta} today)", "ja": "{options}(現在のデルタ {delta})"},
    "routes_holds_cash": {"en": "ETF {amount}, paid in full", "ja": "ETF {amount}(全額自己資金)"},
    "routes_limit:loss cap": {"en": "loss cap", "ja": "損失上限"},
    "routes_limit:margin call": {"en": "margin call", "ja": "追証"},
    "routes_limit:futures buffer": {"en": "futures buffer", "ja": "先物の現金余力"},
    "routes_limit:cash": {"en": "cash and MMF", "ja": "現金とMMF"},
    "routes_limit:leverage cap": {"en": "leverage cap", "ja": "レバレッジ上限"},
    "routes_limit:budget": {"en": "budget", "ja": "予算"},
    "routes_limit:participation": {"en": "contracts", "ja": "枚数上限"},
    "routes_cheapest": {"en": "Cheapest a year: {route}, {amount}.",
                        "ja": "年間コストが最も安いのは {route}({amount})。"},
    "routes_cheapest_earns": {"en": "Cheapest a year: {route}, which earns {amount} a year.",
                              "ja": "年間コストが最も安いのは {route}(年 {amount} のプラス)。"},
    "routes_safest": {"en": "Smallest worst case: {route}, {loss} (cap -{cap}).",
                      "ja": "最大損失が最も小さいのは {route}({loss}、上限 -{cap})。"},
    "routes_none_within_cap": {"en": "No route keeps the worst case within the {cap} cap at this exposure; the "
                                     "smallest: {route}, {loss}.",
                               "ja": "この金額ではどのルートも最大損失が上限 {cap} を超えます。最も小さいのは {route}"
                                     "({loss})。"},
    "routes_contract_size": {"en": "One futures contract is {one}: whole contracts hold {held} ({n:,}), "
                                   "{times:,.2f}× the exposure asked; B is compared at that size.",
                             "ja": "先物1枚は {one}。整数枚では {held}({n:,}枚)、希望額の {times:,.2f}倍になり、"
                                   "B はその金額で比較しています。"},
    "routes_reordered": {"en": "Under {regime} rates the order a year changes: {order}.",
                         "ja": "{regime}では年間コストの順位が変わります: {order}。"},
    "routes_same_order": {"en": "The rate regimes do not change the order a year.",
                          "ja": "金利シナリオでも年間コストの順位は変わりません。"},
    "routes_rank": {"en": "Cheapest a year, {regime}: {order}", "ja": "年間コストの安い順({regime}): {order}"},
    "routes_none": {"en": "No route can hold this exposure.", "ja": "この金額を持てるルートはありません。"},
    "routes_left_out": {"en": "{route} left out: {reason}", "ja": "{route} は除外: {reason}"},
    "routes_c_participation": {"en": "no mix of at most {max_contracts:,.0f} contracts of each call is worth the rise "
                                     "asked",
                               "ja": "各コール {max_contracts:,.0f}枚以内では求める上昇分の価値に届きません"},
    "routes_c_budget": {"en": "the calls cost {least_premium:,.0f}, more than the budget {budget:,.0f}",
                        "ja": "必要なコール代 {least_premium:,.0f} が予算 {budget:,.0f} を超えます"},
    "routes_c_worst_case": {"en": "no calls keep the worst case within the cap", "ja":
                            "どのコールでも最大損失が上限に収まりません"},
    "routes_costs_note": {"en": "A year: funding (loan interest, the financing in the futures price, the MMF yield "
                                "given up) less dividends, plus futures rolls and the calls' decay at today's "
                                "premiums. To open: the trade, the spread and converting yen, once. Ties up: the "
                                "loan's maintenance margin, the futures' initial margin, the premium, the cash "
                                "spent.",
                          "ja": "年間コスト: 資金コスト(借入金利、先物価格に含まれる金利、取り崩したMMFの利回り)"
                                "から配当を引き、先物のロールとコールの時間価値の減少(現在のプレミアム)を加えたもの。"
                                "建てる費用: 売買手数料・スプレッド・円転の一回分。拘束資金: 信用の維持証拠金、"
                                "先物の当初証拠金、コール代、現物に使った資金。"},
    "routes_risks_note": {"en": "Worst case on the config's scenarios less the opening costs, re-checked "
                                "position by position (options with QuantLib); called at: the index fall (the yen "
                                "unchanged) that brings a margin call or leaves the cash below the futures' "
                                "maintenance margin; kept: the gain "
                                "beside the core at each rise over {days} days, and its share of the exposure's.",
                          "ja": "最大損失は設定のシナリオで建てる費用を含めた値(建玉ごとに再評価、"
                                "オプションはQuantLib)。"
                                "追証が出る下落: 為替が変わらないときに追証、または現金が先物の維持証拠金を下回る"
                                "指数の下落率。上昇時の利益: {days}日で指数が上がったときの利益と、同額の指数に"
                                "対する割合。"},
    # -- market snapshot: hedgeopt market, and the findings on every page -------------------------------------
    "finding:stale": {"en": "quotes of {date}, {days} days before the valuation date",
                      "ja": "{date} の気配値(評価日の {days} 日前)"},
    "finding:undated": {"en": "the file does not say when its quotes were taken: read as of the valuation date "
                                "{valuation_date}",
                        "ja": "ファイルに気配値の日付がないため、評価日 {valuation_date} のものとして読みます"},
    "finding:spot": {"en": "the file states the underlying at {implied}, the market's spot is {spot} ({gap})",
                     "ja": "ファイルの原資産価格 {implied}、市場データのスポット {spot}(差 {gap})"},
    "finding:parity_spot": {"en": "put-call parity puts the underlying at {implied}, the market's spot is {spot} "
                                  "({gap})",
                            "ja": "プット・コール・パリティから見た原資産価格 {implied}、市場データのスポット {spot}"
                                  "(差 {gap})"},
    "finding:carry": {"en": "the chain's forwards imply a dividend yield of {implied_yield}; the market uses "
                            "{yield}",
                      "ja": "チェーンのフォワードが示す配当利回り {implied_yield}、市場データの配当利回り {yield}"},
    "finding:layout_assumed": {"en": "the IBKR export is read by column name, a layout not checked against IB's "
                                     "documentation: compare a few quotes with TWS",
                               "ja": "IBKR の出力は列名で読んでおり、IB の資料で確認できていない形式です。"
                                     "いくつかの気配を TWS の画面と照らし合わせてください"},
    "finding:other_rows": {"en": "{rows} rows of other contracts in the file left out",
                           "ja": "ファイル内の別の銘柄の行 {rows} 件を除外"},
    "finding:expiring_today": {"en": "{rows} options expiring on the valuation date left out",
                               "ja": "評価日に満期を迎えるオプション {rows} 件を除外"},
    "finding:unquoted": {"en": "{rows} listed options with no quote (bid and ask 0): neither bought nor fitted",
                         "ja": "気配のない上場オプション {rows} 件(買い気配・売り気配とも 0): 買わず、フィットにも"
                               "使いません"},
    "finding:zero_bids": {"en": "{rows} options with a zero bid: bought at the ask, left out of the fit",
                          "ja": "買い気配ゼロのオプション {rows} 件: 売り気配で買えますが、フィットには使いません"},
    "finding:inconsistent": {"en": "{rows} quotes admit an arbitrage against a neighbouring strike (stale?): left "
                                   "out of the fit",
                             "ja": "隣の権利行使価格と裁定が成り立つ気配 {rows} 件(古い気配?)をフィットから除外"},
    "finding:skipped": {"en": "{rows} bad rows left out (hedgeopt market lists each with its reason)",
                        "ja": "不正な行 {rows} 件を除外(hedgeopt market が理由とともに一覧表示)"},
    "finding:unfitted": {"en": "too few quotes to fit a smile at {expiries}",
                         "ja": "気配が少なくスマイルを当てはめられない満期: {expiries}"},
    "finding:settled": {"en": "{rows} settlement prices stand in for quotes: bid and ask are modelled around them",
                        "ja": "気配値の代わりに清算値段 {rows} 件を使用: 買い気配・売り気配はその周りにモデルで設定"},
    "finding:not_converged": {"en": "the fit did not converge at {expiries}: that smile is free of arbitrage but may "
                                    "not be the closest to the quotes",
                              "ja": "満期 {expiries} のフィットが収束しませんでした: そのスマイルに裁定はありませんが、"
                                    "気配に最も近いとは限りません"},
    "finding:fit_error": {"en": "the fitted smile is within {max_error} vol points of every mid (rms {rms_error})",
                          "ja": "当てはめたスマイルと仲値のずれは最大 {max_error} ボラティリティ・ポイント"
                                "(二乗平均 {rms_error})"},
    "finding_sep": {"en": "; ", "ja": "。"},
    "findings_line": {"en": "{symbol} chain: {findings}", "ja": "{symbol} オプションチェーン: {findings}"},
    "market_title": {"en": "Market snapshot", "ja": "市場スナップショット"},
    "market_input": {"en": "input", "ja": "項目"},
    "market_value": {"en": "value", "ja": "値"},
    "market_from": {"en": "from", "ja": "出所"},
    "from:given": {"en": "given", "ja": "指定"},
    "from:chain": {"en": "chain", "ja": "チェーン"},
    "from:embedded": {"en": "embedded, illustrative", "ja": "組み込み(例示用)"},
    "input:valuation_date": {"en": "valuation date", "ja": "評価日"},
    "input:spot": {"en": "{name} spot", "ja": "{name} スポット"},
    "input:fx": {"en": "{base} per {ccy}", "ja": "{ccy} 1単位あたり {base}"},
    "input:rate": {"en": "{ccy} rate", "ja": "{ccy} 金利"},
    "input:yield": {"en": "{name} dividend yield", "ja": "{name} 配当利回り"},
    "rate_flat": {"en": "{rate} flat", "ja": "{rate}(一定)"},
    "rate_curve": {"en": "{first} to {last}, {n} pillars", "ja": "{first}〜{last}({n} 点)"},
    "chain_rows": {"en": "{used} quotes used in {expiries} expiries; {skipped} bad rows; {other} rows of other "
                         "contracts",
                   "ja": "使った気配 {used} 件({expiries} 満期)、不正な行 {skipped} 件、別銘柄の行 {other} 件"},
    "parity_title": {"en": "{symbol}: put-call parity by expiry", "ja": "{symbol}: 満期ごとのプット・コール・パリティ"},
    "col_expiry": {"en": "expiry", "ja": "満期"},
    "col_days": {"en": "days", "ja": "日数"},
    "col_pairs": {"en": "pairs", "ja": "組数"},
    "col_parity_forward": {"en": "parity fwd", "ja": "パリティ先渡"},
    "col_model_forward": {"en": "model fwd", "ja": "モデル先渡"},
    "col_gap": {"en": "gap", "ja": "差"},
    "fit_title": {"en": "{symbol}: SSVI fit by expiry (errors in vol points)",
                  "ja": "{symbol}: 満期ごとの SSVI フィット(誤差はボラティリティ・ポイント)"},
    "col_quotes": {"en": "quotes", "ja": "気配数"},
    "col_atm_vol": {"en": "ATM vol", "ja": "ATMボラ"},
    "col_rms": {"en": "rms err", "ja": "二乗平均誤差"},
    "col_max": {"en": "max err", "ja": "最大誤差"},
    "col_inside": {"en": "in bid/ask", "ja": "気配内"},
    "smile_title": {"en": "{symbol} {expiry}: fitted smile against the quotes (vols in %)",
                    "ja": "{symbol} {expiry}: 当てはめたスマイルと気配(ボラティリティ %)"},
    "col_strike": {"en": "strike", "ja": "権利行使価格"},
    "col_kf": {"en": "K/F", "ja": "K/F"},
    "col_kind": {"en": "side", "ja": "種類"},
    "col_bid_vol": {"en": "bid", "ja": "買い"},
    "col_ask_vol": {"en": "ask", "ja": "売り"},
    "col_mid_vol": {"en": "mid", "ja": "仲値"},
    "col_fit_vol": {"en": "fit", "ja": "フィット"},
    "col_error_vp": {"en": "error", "ja": "誤差"},
    "smile_more": {"en": "{shown} of {total} quotes shown; --all shows every one",
                   "ja": "気配 {total} 件のうち {shown} 件を表示(--all ですべて表示)"},
    "bad_rows_title": {"en": "{symbol}: bad rows left out", "ja": "{symbol}: 除外した不正な行"},
    "col_line": {"en": "line", "ja": "行"},
    "col_reason": {"en": "reason", "ja": "理由"},
    "kind:put": {"en": "put", "ja": "プット"},
    "kind:call": {"en": "call", "ja": "コール"},
    "market_no_chain": {"en": "No option chain is loaded: give one in [market] chains or with --chain SYMBOL=FILE.",
                        "ja": "オプションチェーンが読み込まれていません。[market] の chains か --chain 銘柄=ファイル"
                              "で指定してください。"},
    "report_valuation_date": {"en": "valuation date {date}", "ja": "評価日 {date}"},
    "fig_smile_title": {"en": "{symbol}: implied vol of the quotes (bid to ask) and the fitted SSVI smile",
                        "ja": "{symbol}: 気配のインプライド・ボラティリティ(買い〜売り)と当てはめた SSVI スマイル"},
    "fig_smile_x": {"en": "log-forward moneyness ln(K/F)", "ja": "フォワードに対する対数マネーネス ln(K/F)"},
    "fig_smile_y": {"en": "implied vol, %", "ja": "インプライド・ボラティリティ(%)"},
    "fig_smile_expiry": {"en": "{expiry} ({days} days)", "ja": "{expiry}({days} 日)"},
    "caption_smile": {"en": "{symbol}: each quote the fit used is a bar from its bid vol to its ask vol, the line "
                            "the fitted smile of its expiry (one SSVI slice, free of butterfly and calendar "
                            "arbitrage). Quoted options are bought at their ask; the fit prices the rest.",
                      "ja": "{symbol}: フィットに使った各気配を買い気配から売り気配までのボラティリティの棒で、線は"
                            "満期ごとに当てはめたスマイル(SSVI スライス、バタフライとカレンダーの裁定なし)。"
                            "気配のあるオプションは売り気配で買い、それ以外はフィットで値付けします。"},
}
"""Every user-visible label, in English and Japanese."""


CHECK_FACTS_JA: dict[str, str] = {
    "leverage": "レバレッジ {leverage:.2f}倍(上限 {cap:.2f}倍)",
    "net_exposure": "指数エクスポージャー(ネット)は純資産の {share:.1%}",
    "worst_scenario": "最悪のシナリオで {loss:.1%}({scenario})",
    "named_crash": "指数-30%と円高(USDJPY -10%)が今同時に起きると {loss:.1%}(上限 {cap:.0%})",
    "no_leverage": "信用取引も先物もなし",
    "fx_hedge_margin": "為替ヘッジの必要証拠金 {amount}(現金の {share:.0%})",
    "buffer_share": "現金+MMFは純資産の {share:.0%}(最低 {floor:.0%})",
    "futures_cash": "現金は当初証拠金の {multiple:.1f}倍(最低 {floor:.1f}倍)。1日 -{adverse:.0%} の値洗い損が"
                    "{days:.1f}日続いてもMMFを解約せずに払えます",
    "margin_call_none": "{index} の追証はどの下落でも発生しない",
    "margin_call_at": "{index} の追証は {fall:.0%} の下落で発生",
    "nothing_borrowed": "借入なし",
    "loan_spread": "{index}: MMF利回り − 借入金利 = 年 {spread:+.2%}",
    "futures_spread": "{symbol} の資金コスト: MMF利回り − 先物の金利 = 年 {spread:+.2%}",
    "net_carry": "年間キャリー合計 {amount}",
    "rate_regime": "金利シナリオ「{name}」: {currencies} の短期金利が {days}日で {change:+.2%}({path}、今年の平均 "
                   "{average:+.2%})",
    "rules_missing": "[rules] に {missing} を書いてください(docs/config.md 参照)",
    "derisk_step": "{drawdown:+.0%} で保有エクスポージャーの {cut:.0%} を売却",
    "no_staircase": "段階的な削減なし",
    "reentry": "{window}日ボラティリティ {vol:.0%} 未満が{days}日続いたら {step:g}倍ずつ戻す",
    "reentry_or_drawdown": "{window}日ボラティリティ {vol:.0%} 未満が{days}日続くか、ドローダウンが {drawdown:.0%} より"
                           "浅くなったら {step:g}倍ずつ戻す",
    "no_reentry": "再エントリーなし",
    "leverage_cap": "レバレッジ上限 {cap:g}倍",
}
"""The checklist's facts (``hedgeopt.risk.checklist.FACTS``) in Japanese; a test holds the two key sets equal."""

def family(name: str, lang: Lang | str = Lang.EN) -> str:
    """A hedge family of :mod:`hedgeopt.optimizer.comparison` by name (``puts``, ``mix``, ``fx``, ``joint``).

    >>> family("mix"), family("fx"), family("joint", "ja")
    ('mix', 'yen hedges', '指数＋為替')
    """
    key = f"family:{name}"
    return t(key if key in CATALOGUE else name, lang)


def t(key: str, lang: Lang | str = Lang.EN, **fields: object) -> str:
    """The label ``key`` in ``lang``, with ``fields`` formatted in.

    Raises
    ------
    KeyError
        For a key missing from :data:`CATALOGUE` (a test holds every key to both languages).
    """
    return CATALOGUE[key][Lang(lang).value].format(**fields)


SHORT: dict[str, dict[str, str]] = {
    "contracts": {"en": "qty", "ja": "枚数"},
    "options": {"en": "opts", "ja": "OP"},
    "funding": {"en": "fund.", "ja": "借入"},
    "pct_nav": {"en": "%NAV", "ja": "資産比"},
    "after_tax_pct": {"en": "%NAV a.t.", "ja": "税引後比"},
    "model_per_contract": {"en": "model/ct", "ja": "理論/枚"},
    "quoted_per_contract": {"en": "quoted/ct", "ja": "気配/枚"},
    "commission_per_contract": {"en": "comm./ct", "ja": "手数料/枚"},
    "cost_per_contract": {"en": "cost/ct", "ja": "コスト/枚"},
    "trade_commission": {"en": "comm.", "ja": "手数料"},
    "worst_case": {"en": "worst", "ja": "最大損失"},
    "bt_max_drawdown": {"en": "max DD", "ja": "最大DD"},
    "bt_max_drawdown_p05": {"en": "DD p05", "ja": "DD下位5%"},
    "bt_shortfall_days": {"en": "short days", "ja": "不足日"},
    "bt_liquidations": {"en": "liquid.", "ja": "強制決済"},
    "bt_survival_days": {"en": "surv. days", "ja": "持続日"},
    "bt_events": {"en": "triggers", "ja": "発動"},
    "bt_cagr": {"en": "CAGR", "ja": "年率"},
    "bt_vol": {"en": "vol", "ja": "ボラ"},
    "bt_sharpe": {"en": "Sharpe", "ja": "シャープ"},
    "bt_calmar": {"en": "Calmar", "ja": "カルマー"},
    "bt_final_nav": {"en": "final NAV", "ja": "最終資産"},
    "bt_total_costs": {"en": "costs", "ja": "コスト"},
    "bt_p_breach": {"en": "P(DD>cap)", "ja": "超過率"},
    "bt_p_ruin": {"en": "P(ruin)", "ja": "破綻率"},
    "bt_before": {"en": "before", "ja": "変更前"},
    "bt_after": {"en": "after", "ja": "変更後"},
    "yen_carry_year": {"en": "carry/yr", "ja": "キャリー/年"},
}
"""Short headers for narrow terminals, by :data:`CATALOGUE` key (a test holds both languages to each key)."""


def short(header: str, lang: Lang | str = Lang.EN) -> str:
    """The short form of the header ``header`` (a :data:`CATALOGUE` text in ``lang``); ``header`` when none.

    >>> short("% NAV"), short("純資産比", "ja"), short("scenario")
    ('%NAV', '資産比', 'scenario')
    """
    code = Lang(lang).value
    for key, forms in SHORT.items():
        if CATALOGUE[key][code] == header:
            return forms[code]
    return header


def named(kind: str, name: str, lang: Lang | str = Lang.EN) -> str:
    """A name the library gives in English (``kind`` ``"episode"`` or ``"variant"``) in ``lang``.

    The catalogue's ``"kind:name"`` entry when there is one, else ``name`` itself (a user's own label).

    Examples
    --------
    >>> named("episode", "2008-09 Lehman", "ja"), named("variant", "as configured", "ja"), named("episode", "x")
    ('2008年9月 リーマン・ショック', '設定どおり', 'x')
    """
    entry = CATALOGUE.get(f"{kind}:{name}")
    return name if entry is None else entry[Lang(lang).value]
