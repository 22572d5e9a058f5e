"""Scenario and episode names as a user reads them, in English or Japanese.

The library labels a grid scenario ``SPX -30% / USD -10% / vol +0 / 30d / resp 0.8`` and a historical one by its
episode (``2007-10 GFC bear``); those labels are data (JSON keeps them). In Japanese every part is worded for a
retail investor, and a currency move is read as the yen's with its levels: ``USD -10%`` at USDJPY 150 is
``円高 150→135円``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hedgeopt.face.i18n import CATALOGUE, Lang, named

_MOVE = re.compile(r"^([A-Z][A-Z0-9]{1,5}) ([+-]\d+(?:\.\d+)?)%$")
_PARTS_JA: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^vol ([+-]\d+)$"), r"IV \1pt"),
    (re.compile(r"^(\d+)d$"), r"\1日後"),
    (re.compile(r"^rate ([+-]\d+)bp$"), r"金利 \1bp"),
    (re.compile(r"^resp ([\d.]+)$"), r"IV感応度 \1"),
)


def scenario_name(label: str, lang: Lang | str = Lang.EN, fx: Mapping[str, float] | None = None,
                  base: str = "JPY") -> str:
    """``label`` for a reader of ``lang``; English labels pass through unchanged.

    Parameters
    ----------
    label : str
        A scenario label from the library (grid, episode, Monte Carlo ``mc 12``, what-if).
    lang : Lang or str
    fx : mapping of str to float, optional
        Today's rates, base currency per unit (``{"USD": 150.0}``): a currency move then shows its levels.
    base : str
        The account's base currency (a JPY base reads a currency move as 円高/円安).

    Examples
    --------
    >>> scenario_name("SPX -30% / USD -10% / vol +0 / 30d / resp 0.8", "ja", {"USD": 150.0})
    'SPX -30% / 円高 150→135円 / IV +0pt / 30日後 / IV感応度 0.8'
    >>> scenario_name("2008-09 Lehman", "ja"), scenario_name("mc 7", "ja")
    ('2008年9月 リーマン・ショック', 'モンテカルロ 7')
    >>> scenario_name("SPX -30% / USD -10% / vol +0 / 30d", "en")
    'SPX -30% / USD -10% / vol +0 / 30d'
    """
    if Lang(lang) is Lang.EN:
        return label
    if f"episode:{label}" in CATALOGUE:  # a shipped historical episode
        return named("episode", label, lang)
    if label.startswith("what-if: "):
        return "想定: " + scenario_name(label.removeprefix("what-if: "), lang, fx, base)
    if label.startswith("mc ") and label[3:].isdigit():
        return "モンテカルロ " + label[3:]
    parts = label.split(" / ")
    move = _MOVE.match(parts[1]) if len(parts) > 1 else None
    if move:  # a grid label: the driver's move, then the scenario currency's
        parts[1] = currency_move(move.group(1), float(move.group(2)) / 100, base, (fx or {}).get(move.group(1)))
    return " / ".join(_part_ja(part) for part in parts)


def currency_move(currency: str, move: float, base: str = "JPY", rate: float | None = None) -> str:
    """A move of ``currency`` against the base in Japanese: ``円高 150→135円`` (JPY base), else ``USD -10%``.

    Examples
    --------
    >>> currency_move("USD", -0.10, "JPY", 150.0), currency_move("USD", 0.10, "JPY", 150.0)
    ('円高 150→135円', '円安 150→165円')
    >>> currency_move("USD", 0.0, "JPY", 150.0), currency_move("USD", -0.10, "JPY")
    ('為替変わらず', '円高 ドル-10%')
    """
    if base != "JPY":
        return f"{currency} {move:+.0%}"
    if abs(move) < 5e-5:
        return "為替変わらず"
    side = "円高" if move < 0 else "円安"
    if rate is None:
        return f"{side} {'ドル' if currency == 'USD' else currency}{move:+.0%}"
    return f"{side} {rate:,.0f}→{rate * (1 + move):,.0f}円"


def _part_ja(part: str) -> str:
    for pattern, replacement in _PARTS_JA:
        if pattern.match(part):
            return pattern.sub(replacement, part)
    return part


_INSTRUMENT = re.compile(r"^(\S+) (\d{4}-\d{2}-\d{2}) (\S+) (put|call)( spread)?$")
_KINDS_JA = {"put": "プット", "call": "コール", "put spread": "プットスプレッド", "call spread": "コールスプレッド"}
_PAIR_OPTIONS = {"USDJPY_OPT": ("USD", "JPY")}
"""Currency-option contracts: the pair each is written on (foreign, domestic)."""
_LINEAR = re.compile(r"^(\S+) (?:[A-Z]{6}|(\d{4})-(\d{2})-(\d{2}) (?:forward|yen future)) \(sell ([A-Z]{3})\)$")


def instrument_name(label: str, lang: Lang | str = Lang.EN) -> str:
    """An instrument's label (``XSP 2027-11-19 450/420 put spread``, a yen hedge's) for a reader of ``lang``.

    Index options keep their label in English; currency options and the linear yen hedges
    (:class:`pricing.fx.instruments.FxHedge`) are named as a broker names them, in either language.

    Examples
    --------
    >>> instrument_name("XSP 2027-11-19 450/420 put spread", "ja")
    'XSP 2027-11-19満期 450/420 プットスプレッド'
    >>> instrument_name("XSP 2027-11-19 480 put", "ja"), instrument_name("XSP 2027-11-19 480 put")
    ('XSP 2027-11-19満期 480 プット', 'XSP 2027-11-19 480 put')
    >>> instrument_name("USDJPY_OPT 2027-02-19 135 put", "ja")
    'ドル/円 2027-02-19満期 135 プット(ドルプット・円コール)'
    >>> instrument_name("USDJPY_OPT 2027-02-19 135/127.5 put spread")
    'USD/JPY 2027-02-19 135/127.5 put spread'
    >>> instrument_name("OTC_FX USDJPY (sell USD)", "ja"), instrument_name("6J 2027-03-15 yen future (sell USD)", "ja")
    ('店頭FX ドル売り', 'CME 円先物 2027年3月限(ドル売り)')
    >>> instrument_name("USDJPY_FWD 2026-12-25 forward (sell USD)")
    'bank forward for 2026-12-25, sell USD'
    """
    linear = _LINEAR.match(label)
    if linear and f"fx_name:{linear.group(1)}" in CATALOGUE:
        return _linear_name(linear, Lang(lang))
    found = _INSTRUMENT.match(label)
    if found and found.group(1) in _PAIR_OPTIONS:
        return _pair_option_name(found, Lang(lang))
    if Lang(lang) is Lang.EN or not found:
        return label
    symbol, expiry, strikes, kind, spread = found.groups()
    return f"{symbol} {expiry}満期 {strikes} {_KINDS_JA[kind + (spread or '')]}"


def currency_word(currency: str, lang: Lang | str = Lang.EN) -> str:
    """``USD`` as a Japanese reader says it (ドル); other codes, and English, unchanged."""
    return {"USD": "ドル", "JPY": "円"}.get(currency, currency) if Lang(lang) is Lang.JA else currency


def _linear_name(found: re.Match[str], lang: Lang) -> str:
    symbol, year, month, day, sold = found.groups()
    when = "" if year is None else f"{year}-{month}-{day}"
    month_text = "" if year is None else (f"{year}年{int(month)}月" if lang is Lang.JA else f"{year}-{month}")
    return CATALOGUE[f"fx_name:{symbol}"][lang.value].format(ccy=currency_word(sold, lang), date=when,
                                                              month=month_text)


def _pair_option_name(found: re.Match[str], lang: Lang) -> str:
    symbol, expiry, strikes, kind, spread = found.groups()
    foreign, domestic = _PAIR_OPTIONS[symbol]
    if lang is Lang.EN:
        return f"{foreign}/{domestic} {expiry} {strikes} {kind}{spread or ''}"
    pair = f"{currency_word(foreign, lang)}/{currency_word(domestic, lang)}"
    side = ("" if spread or kind != "put" else
            f"({currency_word(foreign, lang)}プット・{currency_word(domestic, lang)}コール)")
    return f"{pair} {expiry}満期 {strikes} {_KINDS_JA[kind + (spread or '')]}{side}"


_MARKET_JA: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"illustrative embedded default \((\d{4}-\d{2}-\d{2}); SSVI surfaces fitted to long-run published "
                r"figures\), not live data"),
     r"組み込みの例示用データ(\1、長期の公表値に合わせたSSVIボラティリティ曲面)、実際の相場ではありません"),
    (re.compile(r", with config inputs"), "、設定ファイルの値を反映"),
    (re.compile(r", with ([a-z_, ]+) given"), r"、\1 を指定"),
    (re.compile(r"(\S+) chain (\d{4}-\d{2}-\d{2})"), r"\1 オプションチェーン \2"),
    (re.compile(r"(\S+) chain (\S+) \("), r"\1 オプションチェーン \2("),
    (re.compile(r"Cboe delayed quotes "), "Cboe 遅延気配 "),
    (re.compile(r"JPX settlement prices "), "JPX 理論価格・清算値段 "),
    (re.compile(r"IBKR option chain export "), "IBKR オプションチェーン出力 "),
    (re.compile(r"generic CSV "), "汎用 CSV "),
    (re.compile(r" of (\d{4}-\d{2}-\d{2})( [^);]+)?\)"), r" \1\2 時点)"),
    (re.compile(r" undated\)"), " 日付なし)"),
    (re.compile(r"; embedded illustrative values for "), "。組み込みの例示用の値: "),
)


def market_label(label: str, lang: Lang | str = Lang.EN) -> str:
    """Where the market data comes from (``Market.label``) for a reader of ``lang``; user labels pass through.

    Examples
    --------
    >>> market_label("XSP chain 2026-11-25, with config inputs", "ja")
    'XSP オプションチェーン 2026-11-25、設定ファイルの値を反映'
    """
    if Lang(lang) is Lang.EN:
        return label
    for pattern, replacement in _MARKET_JA:
        label = pattern.sub(replacement, label)
    return label
