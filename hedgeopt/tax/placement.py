"""Which income category each holding's gains fall in, with the rule that puts them there.

=======================  ==============================  ===================================================
holding                  income                          category (rule)
=======================  ==============================  ===================================================
MMF (bond fund)          distributions                   listed: 上場株式等の利子等, 20.315% withheld
                                                         (租税特別措置法 8条の4 第1項, 3条の3)
MMF                      redemption gain in yen,         listed: 特定公社債等 since 2016 (租税特別措置法 37条の11
                         exchange gain included          第2項); gains are reckoned in yen at each date's
                                                         rate (所得税法 57条の3), so the exchange gain is in it
cash in a foreign        exchange gain on conversion     misc: 雑所得, 総合課税 (所得税法 35条, 57条の3;
currency                                                 国税不服審判所 平成28年6月2日裁決)
ETF, cash or NISA        sale gain; dividends            listed (租税特別措置法 37条の11 第1項, 8条の4 第1項);
                                                         in NISA none (37条の14, 9条の8)
ETF on margin            信用取引 gain less the loan's     listed: the interest is a cost of the sale
                         interest                        (所得税法 33条3項)
futures, options on      settlement gains (差金等決済)   futures (租税特別措置法 41条の14 第1項;
Osaka Exchange, くりっく365,                              タックスアンサー No.1522)
店頭FX, OTC yen options
futures, options listed  settlement gains                misc by default; futures with
abroad (Cboe, CME)                                       ``foreign_derivatives = "separate"`` ([tax] docs)
bank forward (為替予約)  exchange gain on the dollars     misc: a deliverable forward is not 差金等決済, so the
                         delivered                       gain is an exchange gain (所得税法 57条の3)
other linear assets      gains                           listed: read as a listed fund (a gold ETF)
=======================  ==============================  ===================================================

US-listed ETF dividends lose 10% to US withholding first (日米租税条約 10条2項(b)); see ``foreign_tax_credit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import (
    EtfPosition,
    FuturesPosition,
    FxHedgePosition,
    MarginPosition,
    OptionPosition,
)
from hedgeopt.config.tax_spec import Category, ForeignDerivatives, TaxSettings


class Venue(StrEnum):
    """Where a derivative trades, as the tax rules see it."""

    JAPAN_EXCHANGE = "japan_exchange"
    """A Japanese exchange (Osaka Exchange, Tokyo Financial Exchange): 市場デリバティブ取引 (金商法 2条21項)."""
    JAPAN_OTC = "japan_otc"
    """OTC with a dealer registered in Japan (店頭デリバティブ取引, 金商法 2条22項)."""
    FOREIGN_EXCHANGE = "foreign_exchange"
    """An exchange abroad (Cboe, CME): 外国市場デリバティブ取引 (金商法 2条23項)."""
    BANK_FORWARD = "bank_forward"
    """A deliverable bank forward (為替予約): settled by delivery, not 差金等決済."""


VENUES: dict[str, Venue] = {
    "SPX": Venue.FOREIGN_EXCHANGE, "XSP": Venue.FOREIGN_EXCHANGE, "SPY": Venue.FOREIGN_EXCHANGE,
    "ES": Venue.FOREIGN_EXCHANGE, "MES": Venue.FOREIGN_EXCHANGE, "6J": Venue.FOREIGN_EXCHANGE,
    "MJY": Venue.FOREIGN_EXCHANGE,
    "NK225_OPT": Venue.JAPAN_EXCHANGE, "NK225M_OPT": Venue.JAPAN_EXCHANGE, "NK225_FUT": Venue.JAPAN_EXCHANGE,
    "NK225M_FUT": Venue.JAPAN_EXCHANGE, "NK225U_FUT": Venue.JAPAN_EXCHANGE, "CLICK365": Venue.JAPAN_EXCHANGE,
    "OTC_FX": Venue.JAPAN_OTC, "USDJPY_OPT": Venue.JAPAN_OTC,
    "USDJPY_FWD": Venue.BANK_FORWARD,
}
"""The venue of every catalogued contract (:data:`pricing.catalogue.CATALOGUE` and
:data:`pricing.fx.terms.FX_CATALOGUE`)."""

_RULES = {
    "listed_gain": ("sale and redemption gains of 上場株式等, taxed apart at 20.315%",
                    "上場株式等の譲渡所得等（申告分離課税 20.315%）",
                    "租税特別措置法 37条の11; タックスアンサー No.1463"),
    "listed_income": ("dividends and distributions of 上場株式等, 20.315% withheld; offset against listed losses",
                      "上場株式等の配当所得等（源泉徴収 20.315%、譲渡損失と損益通算可）",
                      "租税特別措置法 8条の4, 37条の12の2; タックスアンサー No.1474"),
    "mmf_gain": ("redemption gain reckoned in yen, the exchange gain included (特定公社債等 since 2016)",
                 "円換算の解約益（為替差益を含む、2016年から特定公社債等）",
                 "租税特別措置法 37条の11 第2項; 所得税法 57条の3"),
    "margin": ("信用取引 gain; the loan's interest is a cost of the sale",
               "信用取引の譲渡益（買方金利は譲渡費用）", "租税特別措置法 37条の11 第1項; 所得税法 33条3項"),
    "nisa": ("tax-free; a loss is deemed not to exist (no offset, no carry-forward)",
             "非課税（損失はないものとみなされ、損益通算・繰越控除なし）", "租税特別措置法 37条の14, 9条の8"),
    "futures": ("差金等決済 of a Japanese-exchange or registered OTC derivative, taxed apart at 20.315%",
                "先物取引に係る雑所得等（申告分離課税 20.315%）",
                "租税特別措置法 41条の14, 41条の15; タックスアンサー No.1522"),
    "foreign_misc": ("listed abroad: outside 41条の14's 市場デリバティブ取引, so 雑所得 under 総合課税",
                     "外国市場デリバティブ取引：雑所得（総合課税）",
                     "租税特別措置法 41条の14 第1項; 金融商品取引法 2条21項, 23項"),
    "foreign_separate": ("listed abroad, reported by the broker in the futures category ([tax] foreign_derivatives)",
                         "外国市場デリバティブ取引：先物取引に係る雑所得等として申告（設定による）",
                         "租税特別措置法 41条の14 第1項; [tax] foreign_derivatives"),
    "forward": ("a deliverable forward is not 差金等決済: the exchange gain is 雑所得 under 総合課税",
                "為替予約（受渡決済）：為替差益は雑所得（総合課税）", "所得税法 35条, 57条の3"),
    "fx_cash": ("exchange gain on converting foreign cash: 雑所得 under 総合課税",
                "外貨の円転による為替差益：雑所得（総合課税）",
                "所得税法 35条, 57条の3; 国税不服審判所 平成28年6月2日裁決"),
    "other": ("read as a listed fund (a gold or credit ETF)", "上場投資信託として扱う", "租税特別措置法 37条の11"),
}


@dataclass(frozen=True)
class Placement:
    """One holding's income of one kind, in its category, with the rule.

    Attributes
    ----------
    holding : str
        What is held (``"USD Treasury MMF"``, ``"SPX margin ETF"``, ``"XSP put"``).
    income : str
        Which of its income: ``"gain"``, ``"distributions"``, ``"dividends"``, ``"exchange gain"``.
    category : Category
    rule, rule_ja : str
        The rule in a sentence, English and Japanese.
    source : str
        The statute articles and 国税庁 pages.
    """

    holding: str
    income: str
    category: Category
    rule: str
    rule_ja: str
    source: str

    def as_dict(self) -> dict[str, str]:
        """Every field as plain text (for JSON)."""
        return {"holding": self.holding, "income": self.income, "category": self.category.value,
                "rule": self.rule, "rule_ja": self.rule_ja, "source": self.source}


def _placed(holding: str, income: str, category: Category, rule: str) -> Placement:
    return Placement(holding, income, category, *_RULES[rule])


def derivative_category(symbol: str, settings: TaxSettings) -> tuple[Category, str]:
    """The category of a derivative's gains and the key of its rule, from the contract's venue.

    Raises
    ------
    KeyError
        For a symbol without a venue in :data:`VENUES` (a catalogue contract added without its tax venue).
    """
    venue = VENUES[symbol]
    if venue is Venue.FOREIGN_EXCHANGE:
        if settings.foreign_derivatives is ForeignDerivatives.SEPARATE:
            return Category.FUTURES, "foreign_separate"
        return Category.MISC, "foreign_misc"
    if venue is Venue.BANK_FORWARD:
        return Category.MISC, "forward"
    return Category.FUTURES, "futures"


def _satellite(pos: object, settings: TaxSettings) -> list[Placement]:
    if isinstance(pos, EtfPosition):
        name = f"{pos.index} ETF"
        if pos.nisa:
            return [_placed(name + " (NISA)", "gain", Category.NISA, "nisa"),
                    _placed(name + " (NISA)", "dividends", Category.NISA, "nisa")]
        return [_placed(name, "gain", Category.LISTED, "listed_gain"),
                _placed(name, "dividends", Category.LISTED, "listed_income")]
    if isinstance(pos, MarginPosition):
        name = f"{pos.index} margin ETF"
        return [_placed(name, "gain", Category.LISTED, "margin"),
                _placed(name, "dividends", Category.LISTED, "listed_income")]
    if isinstance(pos, FuturesPosition):
        category, rule = derivative_category(pos.symbol, settings)
        return [_placed(f"{pos.symbol} futures", "gain", category, rule)]
    if isinstance(pos, OptionPosition):
        symbol = pos.instrument.spec.symbol
        category, rule = derivative_category(symbol, settings)
        return [_placed(f"{symbol} options", "gain", category, rule)]
    raise TypeError(f"not a satellite position: {pos!r}")


def placements(account: Account, settings: TaxSettings) -> list[Placement]:
    """Every holding's income, in its category, with the rule (what ``hedgeopt tax --explain`` lists).

    Examples
    --------
    >>> from hedgeopt.account.holdings import MMF, Cash, MarginPosition
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> [(p.holding, p.income, p.category.value) for p in placements(acct, TaxSettings())][:3]
    [('USD Treasury MMF', 'distributions', 'listed'), ('USD Treasury MMF', 'gain', 'listed'), \
('SPX margin ETF', 'gain', 'listed')]
    """
    out = []
    for fund in account.mmf:
        out += [_placed(fund.name, "distributions", Category.LISTED, "listed_income"),
                _placed(fund.name, "gain", Category.LISTED, "mmf_gain")]
    for cash in account.cash:
        if cash.currency != account.base_currency:
            out.append(_placed(f"{cash.currency} cash", "exchange gain", Category.MISC, "fx_cash"))
    for pos in account.satellite:
        out += _satellite(pos, settings)
    for asset in account.other:
        out.append(_placed(asset.name, "gain", Category.LISTED, "other"))
    for held in account.fx_hedges:
        category, rule = derivative_category(held.hedge.symbol, settings)
        out.append(_placed(f"{held.hedge.symbol} yen hedge", "gain", category, rule))
    return out


def fx_hedge_category(held: FxHedgePosition, settings: TaxSettings) -> Category:
    """The category of a yen hedge's gains."""
    return derivative_category(held.hedge.symbol, settings)[0]
