"""The words of the path outputs in either language: rule triggers, variants, rules, hedges and path notes.

The path engine reports data, not sentences: an event is a kind and its figures (:mod:`hedgeopt.paths.events`), a
path source's note a :class:`~scenarios.paths.market_paths.Note` (an
English sentence carrying its key and figures). This module says each of them in English or Japanese; the labels
live in :data:`hedgeopt.face.i18n.CATALOGUE`, the Japanese of the library's own English sentences in
:data:`NOTES_JA` (their English is the sentence itself).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from hedgeopt.config.path_settings import CallKind, HedgeKind, Rebalance, RolledCalls, RolledFxHedge, StandingHedge
from hedgeopt.config.rules import Rules
from hedgeopt.face import i18n
from hedgeopt.face.i18n import Lang
from hedgeopt.paths.result import PathRun
from hedgeopt.paths.result import hedge_bought as bought_figures
from pricing.fx.terms import FxRoute
from scenarios.paths.market_paths import MarketPaths, Note

NOTES_JA: dict[str, str] = {
    # the one-period hedge replayed on a recorded path (hedgeopt.paths.replay)
    "replay_method": "口座はルールも常備薬のヘッジもなしでパスエンジンを通し、ヘッジは1期間の再評価で毎日評価します"
                     "(満期を迎えたオプションは満期日の指数の値で支払われます)。",
    "replay_premium": "オプション料はエンジンの現金から差し引かず、そのキャリーは含めていません。",
    # path names
    "history_name": "S&P 500 の過去データ {first}〜{last}",
    "window": "{name}({first}〜{last})",
    "mc_name": "モンテカルロのパス({dist}、シード {seed})",
    # the shipped S&P 500 history (scenarios.paths.history)
    "history_sp500_dividends": "S&P 500: arch.data.sp500 の調整後終値(価格指数)。配当は配当利回りとして加えます。"
                               "各暦年の1指数単位あたり配当(シラー教授の ie_data.xls、S&P の4四半期配当合計、"
                               "{years})を各日の終値で割った値で、この期間の平均は年 {mean:.2%}。価格と配当を合わせて"
                               "トータルリターンになります。",
    "history_vol_model": "インプライド・ボラティリティ: {vix_start} 以降は VIX / 100(arch.data.vix)。それ以前はモデル"
                         "で、各日までの S&P 500 のリターンから求めた閾値GARCH(1,1)による今後{days}日のボラティリティ"
                         "予測(パラメータは1999〜2018年で推定。先読みするのはデータではなくパラメータ)に、"
                         "{vix_start}〜2018-12-31 の VIX で較正した分散プレミアム 年 {premium:.4f}(予測ゼロのとき "
                         "{premium_vol:.1%})を加えたもの。ストレス局面表の VIX 終値に対する誤差は二乗平均平方根で "
                         "{rmse:.1f} ポイント(置き換えた実現ボラティリティ代替値は {old_rmse:.1f})。"
                         "[{low:.0%}, {high:.0%}] に制限。パスはATMボラティリティを持つため、どちらも {scale:.3f} 倍"
                         "します(市場のボラティリティ・サーフェスの30日ATMボラティリティと VIX 算式のボラティリティ"
                         "の比)。",
    "history_opens": "始値: arch.data.sp500 の始値。この期間の {days} 日のうち {stale} 日は本当の始値ではない(前日終値"
                     "または当日終値と同じ)ため前日終値で代用し、寄り付きの特別清算指数で決済されるオプションはその日、"
                     "前日終値で決済されます。本当の始値でも、取引所の特別清算指数とは近いだけで同じではありません。",
    "history_usd_rate": "USD金利: ファーマ・フレンチの RF(arch.data.frenchdata、月率%)を各日付の月について "
                        "12 × RF / 100 の年率(単利)に換算。{last} より後の月は直前の値を使います。",
    "history_base_rate": "{currency}金利: 代替値で、一定の {rate:.2%}(市場の3か月ゼロ金利)。{currency}金利の履歴は"
                         "同梱されていません。",
    "history_fx_beta": "USDJPY: 履歴は同梱されていません。代替値として log(USDJPY / {fx0:.2f}) = {beta:.3f} × "
                       "log(SPX / {first} の SPX)。モンテカルロのファクターモデルの回帰部分(相関 × USD のボラ"
                       "ティリティ / SPX のボラティリティ)で、株が下がると円高になります。",
    "history_fx_constant": "USDJPY: 履歴は同梱されていません。代替値として市場の {fx0:.2f} で一定。",
    # Monte Carlo paths (scenarios.paths.monte_carlo)
    "mc_model": "シミュレーションで、過去データではありません: 日次の{dist}の対数リターン(dt = 1/252、指定がなければ"
                "ドリフトなし)、相関 {pairs}{fx}。各指数のリターンのボラティリティは前日のインプライド・ボラティリ"
                "ティ(から下記の分散リスク・プレミアムを差し引いたもの)に従い、インプライド・ボラティリティは "
                "{starts} から始まり、毎日スポットとボラティリティの連動(下落1単位あたり +{down:g}、上昇"
                "1単位あたり -{up:g}、ゼロ中心)と年率 {kappa:g} の平均回帰で動き、[{floor:g}, {cap:g}] に制限。"
                "短期金利は市場データの現在の3か月ゼロ金利で一定。",
    "mc_variance_premium": "分散リスク・プレミアム {premium:.2f}: 各指数はインプライド分散の {share:.2f} だけを"
                           "実現します(リターンのボラティリティはインプライド・ボラティリティの {realised:.3f} 倍。"
                           "開始時は {starts})。オプションはインプライド・ボラティリティに市場のボラティリティ・"
                           "サーフェスのスキューを加えて評価します。variance_premium の既定値 {default:.2f} の根拠: "
                           "インプライド分散は平均して実現分散を上回ってきました(カー・ウー 2009、ボラースレフ・"
                           "タウチェン・ジョウ 2009)。1990〜2025年の VIX の平均は 19.59%、その後30日の実現ボラ"
                           "ティリティの平均は 15.50% で、既定の SPX のサーフェス(ATMボラティリティは VIX の "
                           "0.871 倍)では ATM 分散の {default:.2f} が実現しない計算です。",
    # your own history (scenarios.paths.csv_file)
    "csv_name": "{file} {first}〜{last}",
    "csv_own": "自分の過去データ: {file}、{n} 日分({first}〜{last})、与えられた列は {given}。指数の水準は価格指数として"
               "読むため、エンジンが市場の配当利回り({dividends})で配当を加えます(配当込みの指数では二重に数えます)。",
    "csv_own_window": "自分の過去データ: {file}、{n} 日分({first}〜{last}。ファイルには {n_file} 日分、{file_first}〜"
                      "{file_last})、与えられた列は {given}。指数の水準は価格指数として読むため、エンジンが市場の配当"
                      "利回り({dividends})で配当を加えます(配当込みの指数では二重に数えます)。",
    "csv_fill": "{column}: 期間内の空欄 {n} 個は前の日付の値を使いました(行 {shown}{more_text})。",
    "csv_vol_fit": "vol.{index}: ファイルにありません。代替値として {a:.3f} + {b:.3f} × ファイルの {index} 終値の"
                   "{days}日実現ボラティリティ(scenarios.paths.history の VIX への回帰)を [{low:.0%}, "
                   "{high:.0%}] に制限してファイル全体で計算し、{scale:.3f} 倍します(市場のボラティリティ・サーフェスの"
                   "30日ATMボラティリティと VIX 算式のボラティリティの比。回帰は VIX に対するもので、パスはATMボラティ"
                   "リティを持つため)。暴落時には低めに出ます。",
    "csv_vol_fit_other": "vol.{index}: ファイルにありません。代替値として {a:.3f} + {b:.3f} × ファイルの {index} 終値の"
                         "{days}日実現ボラティリティ(scenarios.paths.history の VIX への回帰)を "
                         "[{low:.0%}, {high:.0%}] に制限してファイル全体で計算し、{scale:.3f} 倍します(市場のボラティ"
                         "リティ・サーフェスの30日ATMボラティリティと VIX 算式のボラティリティの比)。S&P 500 で推定した"
                         "回帰なので {index} には近似で、暴落時には低めに出ます。",
    "csv_vol_constant": "vol.{index}: ファイルになく、実現ボラティリティを計算するには日付が足りません。代替値として"
                        "一定の {vol:.2%}(市場のボラティリティ・サーフェスの30日ATMボラティリティ)。",
    "csv_fx": "fx.{currency}: ファイルにありません。代替値として市場の 1 {currency} = {fx:.2f} {base} で一定。",
    "csv_rate": "rate.{currency}: ファイルにありません。代替値として一定の {rate:.2%}(市場の3か月ゼロ金利)。",
    # stylised paths (scenarios.paths.stylised)
    "stylised_name_crash_1987": "様式化したパス crash_1987: 1987年型の1日の暴落(1日で -20.5%、ボラティリティ 0.20 → "
                                "1.50、その後60日で安値から +15%)",
    "stylised_name_slow_bleed_2008": "様式化したパス slow_bleed_2008: 2008年型の下落相場(355営業日で -56.8%、うち1週間"
                                     "で -9%、ボラティリティは 0.80 まで、円は30%上昇)",
    "stylised_name_v_2020": "様式化したパス v_2020: 2020年型のV字(23営業日で -34%、ボラティリティ 0.14 → 0.82、その後"
                            "100日で安値から +45%、USD/JPY +5%)",
    "stylised_model": "様式化したパスで、過去データの再現ではありません: 市場の {index} の水準と為替レートから始まる"
                      "決定論的な対数線形の区間({segments})。ATMボラティリティは区間の端の間で線形、短期金利は現在の3か月"
                      "ゼロ金利で一定。",
    "stylised_sources_crash_1987":
        "1987-10-19 をもとに様式化したもので、再現ではありません: S&P 500 は 282.70 から 224.84 へ下落しました(-20.47"
        "%、-20.5% に丸め)。その前の週にすでに約9%下げていましたが、平穏な助走期間ではそれを省いています。VXO はその"
        "日に約150で引け(FRED VXOCLS)、10-16 の約36から急騰しました。VIX 型の指数の約1.2倍になるため、ピークの 1.50 "
        "は30日ATMボラティリティを過大に表し、1週間で 0.60、60日後に 0.30 への低下は様式化です。S&P 500 は1988年1月に"
        "は 250〜260 前後と安値から11〜16%上にあり、パスは60営業日で +15%(暴落週に +5%)としています。USD/JPY(FRED DEX"
        "JPUS)は暴落前の約143から1987年11月初めに約138へ(当日は -0.6%)。パスは暴落週に -3%(当日 -1%)を入れてその後は"
        "据え置きますが、実際にはドル安が続き、1988年1月初めには約121になりました。",
    "stylised_sources_slow_bleed_2008":
        "2007〜09年の下落相場をもとに様式化したもので、再現ではありません: S&P 500 は 1565.15(2007-10-09)から 676.53"
        "(2009-03-09)へ、355営業日で -56.78%(-56.8% に丸め)下落しましたが、3本の直線ではありませんでした。最悪の週"
        "(2008-10-06〜10-10)は -18.2% で、パスの中盤の暴落週はその半分です。VIX(FRED VIXCLS)は約17から2008年10〜11"
        "月には80近くで引け、底では50近くでした。パスの 0.18、0.30、0.80、0.45 は様式化です。USD/JPY(FRED DEXJPUS)は"
        "約124(2007年6月)から約87(2008年12月〜2009年1月)へ -30% 下落しましたが、株価のピークでは約117、底では約98"
        "でした(期間中 -15.5%)。パスが底で -30% とするのは円高を株価の最悪の日に重ねるもので、円建ての投資家にはより"
        "厳しいケースです。",
    "stylised_sources_v_2020":
        "2020年のコロナ暴落をもとに様式化したもので、再現ではありません: S&P 500 は 3386.15(2020-02-19)から 2237.40"
        "(2020-03-23)へ23営業日で -33.9% 下落し、実際の反発はパスより速く、安値から53営業日後の 2020-06-08 には +44% "
        "でした。VIX(FRED VIXCLS)は約14から 2020-03-16 に 82.69 で引け、底の日は 61.59。パスは底で 0.82 のピークを"
        "つけ、線形に低下します。USD/JPY(FRED DEXJPUS)は下落の終わりにほぼ始値(+0.2%)でしたが、その間 2020-03-09 "
        "に約102まで下げ、ドルの買い戻しで約111まで戻しました。パスの +5% はその買い戻しを表し、円が円建ての投資家の"
        "クッションにならないケースで、その後は始値に戻ります。",
    # the put study (hedgeopt.paths.put_study)
    "study_unhedged": "S&P 500(ヘッジなし)",
    "study_pput": "95% プット、毎月(PPUT 型)",
    "study_standing": "90% プット、3か月(常設プット)",
    "study_figure_return_2008": "2008年の年間リターン(配当込み)",
    "study_figure_return_4q2008": "2008年10〜12月のリターン(配当込み)",
    "study_figure_crisis_drawdown": "金融危機のドローダウン 2007-10-31〜2009-02-27",
    "study_figure_max_drawdown": "最大ドローダウン 1986年6月〜2018年12月",
    "study_figure_cagr": "年率複利リターン 1986年6月〜2018年12月",
    "study_figure_vol": "標準偏差 1986年6月〜2018年12月",
    "pput_steps": "本モデルを1つずつ変えた結果: 満期日の終値で清算・価格リターン・従来の線形ボラティリティ代理、"
                  "+ 満期日朝の特別清算指数で清算、+ 配当(配当込みリターン)、"
                  "+ 閾値GARCH ボラティリティモデル(現在のモデル)、+ 売買コストなし。",
    "pput_opens": "寄付での清算には過去データの始値を使います。2006年以前はほとんどが実際の始値ではなく"
                  "前日終値で代用するため、2001年と2002年の四半期は前日の終値で清算され、"
                  "この段階の変化は夜間の値幅ではなく満期日1日分の値動きになります。",
    "pput_index": "本モデルは指数に 98%(プレミアムを払う MMF に 2%)を持つため、S&P 500 の -21.9% の四半期は、"
                  "プットの前の段階で口座の -21.5% になります。",
    "pput_left": "残る差: PPUT はロール日の東部時間 11:30〜12:00 の出来高加重平均価格でプットを買い、"
                 "米国短期国債の金利で再投資します。本モデルは終値で理論価格 ±2% で買い"
                 "(コストの段階がその大きさを示します)、その日の実際のスマイルではなく、"
                 "パスのボラティリティで動かした SSVI 曲面で評価します。",
    "study_terms": "配当込みリターン(指数ファンドが日付ごとの配当を再投資)。為替は一定(ドル建ての投資家)。"
                   "指数 98%、プレミアムを払う米国短期国債の MMF 2%。SPX のプットは満期日朝の特別清算指数で清算。"
                   "毎月のプットは理論価格 ±2%、常設プットは気配モデルの買気配/売気配で売買し、どちらも"
                   "保有する(端数の)枚数に IBKR + Cboe の手数料表を適用します。",
    # the program search (hedgeopt.program.answer)
    "program_no_history": "危機の再現なし: 同梱の過去データは S&P 500 のみです。",
    "program_symbol": "プログラムは {chosen} を買います: 設定の {configured} は {index} ではない指数のオプションで、"
                      "口座のエクスポージャーは {index} にあります。",
}
"""Japanese of the library's English sentences (:class:`~scenarios.paths.market_paths.Note`), by note key."""

_SEGMENTS_JA = {"calm lead-in (stylised)": "平穏な助走期間(様式化)", "Black Monday": "ブラックマンデー",
                "rest of the crash week": "暴落週の残り", "partial recovery": "部分的な回復", "slow bleed": "じり安",
                "crash week": "暴落の週", "second leg down": "二番底への下落", "fall": "下落", "rebound": "反発",
                "recovery": "回復"}
"""Japanese of the stylised paths' segments, by their English name."""

_DIST_JA = {"gbm": "正規分布(幾何ブラウン運動)", "student_t": "スチューデントt分布(自由度 {dof:g})"}


def note(text: str, lang: Lang | str) -> str:
    """A path note or name in ``lang``: a :class:`Note` with a Japanese text in :data:`NOTES_JA`, else as written."""
    if Lang(lang) is Lang.EN or not isinstance(text, Note) or text.key not in NOTES_JA:
        return str(text)
    fields: dict[str, Any] = {k: note(v, lang) if isinstance(v, Note) else v for k, v in text.fields.items()}
    return NOTES_JA[text.key].format(**{**fields, **_japanese_parts(text.key, fields)})


def _japanese_parts(key: str, fields: dict[str, Any]) -> dict[str, str]:
    """The parts of a note that are lists or choices in its figures, worded in Japanese (they override fields)."""
    parts: dict[str, str] = {}
    if "dist" in fields:
        parts["dist"] = _DIST_JA[fields["dist"]].format(**fields)
    if key == "stylised_model":
        parts["segments"] = " / ".join(
            f"{days}日 {_SEGMENTS_JA.get(what, what)}: {fields['index']} {equity:+.1%}、USD/JPY {fx:+.1%}、"
            f"ボラティリティ {vol:.2f} へ" for days, what, equity, fx, vol in fields["segments"])
    if key == "csv_fill":
        parts["more_text"] = f" ほか {fields['more']} 行" if fields["more"] > 0 else ""
    if key == "mc_model":
        parts["pairs"] = fields["pairs"] or "なし(1因子)"
        parts["fx"] = f"、{fields['currency']} のボラティリティは一定の {fields['fx_vol']:.2f}" if fields[
            "currency"] else ""
    if key == "mc_variance_premium":
        parts["share"] = 1.0 - fields["premium"]
        parts["starts"] = "、".join(f"{index} インプライド {v:.1%} / 実現 {r:.1%}" for index, v, r in fields["starts"])
    return parts


def path_label(label: str, lang: Lang | str) -> str:
    """A path's label (``mc 12`` -> ``パス 12`` in Japanese; recorded histories keep their name)."""
    match = re.fullmatch(r"(?:mc|path) (\d+)", label)
    if match and Lang(lang) is Lang.JA:
        return i18n.t("bt_path_number", lang, n=match.group(1))
    return note(label, lang)


def _pct(x: float, places: int = 1, sign: bool = False) -> str:
    return f"{x:+.{places}%}" if sign else f"{x:.{places}%}"


def event_reason(row: Mapping[str, Any], currency: str, lang: Lang | str) -> str:
    """Why a rule or the market traded, from an event row's ``event``, ``observed``, ``threshold`` and ``cut``.

    Parameters
    ----------
    row : mapping
        A row of :attr:`hedgeopt.paths.result.PathRun.events` (``row["event"]`` its kind's label).
    currency : str
        The base currency (a futures liquidation names the cash left).
    lang : {"en", "ja"}
    """
    kind, observed, threshold = row["event"], float(row["observed"]), float(row["threshold"])
    figures = {
        "derisk": dict(observed=_pct(observed, sign=True), threshold=_pct(threshold, 0, sign=True),
                       cut=_pct(float(row["cut"]), 0)),
        "reentry": dict(observed=_pct(observed), threshold=_pct(threshold, 0)),
        "leverage_cap": dict(observed=f"{observed:.2f}", threshold=f"{threshold:g}"),
        "margin_liquidation": dict(observed=_pct(observed), threshold=_pct(threshold, 0)),
        "futures_liquidation": dict(observed=i18n.money(observed, currency, lang), threshold=f"{threshold:.0f}"),
        "roll": dict(observed=f"{observed:,.2f}", threshold=_pct(threshold, 0)),
        "fx_liquidation": dict(observed=i18n.money(observed, currency, lang), threshold=f"{threshold:.0f}"),
    }[kind]
    return i18n.t(f"ev_reason_{kind}", lang, **figures)


def rules_text(rules: Rules | None, lang: Lang | str) -> str:
    """The rules in one line, as :meth:`Rules.describe` words them in English; None: "no rules"."""
    if rules is None:
        return i18n.t("rules_none", lang)
    steps = i18n.t("list_sep", lang).join(
        i18n.t("rules_step", lang, level=_pct(s.drawdown, 0, sign=True), cut=_pct(s.cut, 0)) for s in rules.derisk
    ) or i18n.t("rules_no_staircase", lang)
    r = rules.reentry
    if r is None:
        back = i18n.t("rules_no_reentry", lang)
    else:
        back = i18n.t("rules_reentry" if r.drawdown_above is None else "rules_reentry_dd", lang,
                      step=f"{rules.leverage_step:g}", window=r.window, vol=_pct(r.realised_vol_below, 0),
                      days=r.days, dd=_pct(r.drawdown_above or 0.0, 0))
    return i18n.t("rules_line", lang, steps=steps, back=back, cap=f"{rules.leverage_cap:g}")


def hedge_text(hedge: StandingHedge | None, lang: Lang | str) -> str:
    """The standing hedge in one line, as :meth:`StandingHedge.describe` words it in English; None: "no hedge"."""
    if hedge is None or hedge.kind is HedgeKind.NONE:
        return i18n.t("hedge_none", lang)
    return i18n.t("hedge_line", lang, program=program_text(hedge, f"hedge_{hedge.kind.value}", lang),
                  coverage=f"{hedge.coverage:g}")


def program_text(program: StandingHedge, kind: str, lang: Lang | str) -> str:
    """A rolled option program's options and rolls in one line; ``kind`` is the catalogue key of its kind's name."""
    return i18n.t("program_line", lang, symbol=program.symbol, strikes=program.strikes, kind=i18n.t(kind, lang),
                  tenor=program.tenor_days, roll=program.roll_days)


def calls_text(calls: RolledCalls, lang: Lang | str) -> str:
    """Route C's calls in one line, as :meth:`RolledCalls.describe` words it in English."""
    return program_text(calls, f"calls_{calls.kind.value}", lang)


def calls_note(frame: pd.DataFrame, lang: Lang | str) -> str | None:
    """The side-by-side table's note on its route C rows (``attrs["calls"]``); None without them."""
    calls = frame.attrs.get("calls")
    names = ("route: calls", "route: call spread")
    if calls is None or not any(name in frame.index for name in names):
        return None
    return i18n.t("bt_calls_note", lang, calls=i18n.named("variant", names[0], lang),
                  spread=i18n.named("variant", names[1], lang),
                  call_line=calls_text(replace(calls, kind=CallKind.CALL), lang),
                  spread_line=calls_text(replace(calls, kind=CallKind.SPREAD), lang))


def hedge_bought(run: PathRun) -> dict[str, float] | None:
    """What the run's standing hedge really bought (:func:`hedgeopt.paths.result.hedge_bought`); None: nothing."""
    return bought_figures(run.cover, run.hedge_spend, run.paths.dates)


def cover_text(run: PathRun, currency: str, lang: Lang | str) -> str | None:
    """The standing hedge as bought in one line: its cover and its outlay a year; None when it bought nothing."""
    return bought_text(hedge_bought(run), currency, lang)


def bought_text(bought: Mapping[str, float] | None, currency: str, lang: Lang | str) -> str | None:
    """:func:`cover_text` of :func:`hedge_bought`'s figures (of one run, or merged over path shards)."""
    if bought is None:
        return None
    return i18n.t("paths_hedge_cover", lang, cover=f"{bought['cover']:.1f}",
                  outlay=i18n.money(bought["outlay_per_year"], currency, lang))


def fx_hedge_text(fx_hedge: RolledFxHedge | None, lang: Lang | str) -> str:
    """The rolled FX hedge in one line, as :meth:`RolledFxHedge.describe` says it; None: "no FX hedge"."""
    if fx_hedge is None:
        return i18n.t("fx_hedge_none", lang)
    route = fx_hedge.spec.route
    key = {FxRoute.FORWARD: "fx_hedge_forward", FxRoute.FUTURE: "fx_hedge_future"}.get(route, "fx_hedge_rolling")
    text = i18n.t(key, lang, symbol=fx_hedge.instrument, ratio=_pct(fx_hedge.ratio, 0), tenor=fx_hedge.tenor_days,
                  roll=fx_hedge.roll_days)
    return text + (i18n.t("fx_hedge_fixed", lang) if fx_hedge.rebalance is Rebalance.NONE else "")


FX_PROXY_NOTES = frozenset({"history_fx_beta", "history_fx_constant", "csv_fx"})
"""Note keys that say a path's USDJPY is a stand-in, not a record (the shipped history's, a CSV without it)."""


def fx_is_proxy(paths: MarketPaths) -> bool:
    """True when the paths' USDJPY is a proxy (one of :data:`FX_PROXY_NOTES` is among their notes)."""
    return any(isinstance(n, Note) and n.key in FX_PROXY_NOTES for n in paths.notes)


def cap_warning(name: str, row: Mapping[str, float], cap: float, n_paths: int, lang: Lang | str) -> str:
    """One line for a variant whose drawdown went beyond ``cap``: how deep, and where it ended (or how often)."""
    fields = dict(variant=i18n.named("variant", name, lang), cap=_pct(cap, 0), dd=_pct(row["worst_drawdown"]),
                  end=_pct(row["worst_end_drawdown"]), p=_pct(row["p_breach"]), p_end=_pct(row["p_breach_end"]),
                  n=f"{n_paths:,}")
    if n_paths > 1:
        return i18n.t("cap_warning_paths", lang, **fields)
    ends = math.isfinite(row["p_breach_end"]) and row["p_breach_end"] > 0
    return i18n.t("cap_warning_ends" if ends else "cap_warning_path", lang, **fields)
