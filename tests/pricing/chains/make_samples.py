"""Write the ILLUSTRATIVE chain samples of examples/chains/ in each supported download format.

Run as ``python tests/pricing/chains/make_samples.py``; the tests check the shipped files equal what this writes.
Every price is priced, not observed: the embedded default market (valuation 2026-11-25, SPX 6000, NKY 38000,
USD 4% and JPY 0.5% flat, dividend yields SPX 1.3% and NKY 1.8%), the default surfaces' vols at the strike's
moneyness in the contract's own underlying (XSP 540 / 600), European Black-Scholes prices, Act/365; bid and ask
are price -/+ max(one tick, 1% of price), rounded outward to the contract's tick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pricing.black_scholes import bs_greeks
from pricing.market import default_market
from pricing.trading_costs.ticks import minimum_tick, round_to_tick

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "chains"
MARKET = default_market()
US_EXPIRIES = ("2026-12-18", "2027-01-15", "2027-03-19", "2027-06-18")
NK_MONTHS = ("202612", "202701", "202702", "202703")  # second Fridays 2026-12-11, 2027-01-08, 02-12, 03-12
LEVELS = {"SPX": 6000.0, "NKY": 38000.0}
CURRENCY = {"SPX": "USD", "NKY": "JPY"}
WARNING = "ILLUSTRATIVE, not market data: priced by tests/pricing/chains/make_samples.py from hedgeopt's default market"


def _quote(index: str, ratio: float, strike: float, expiry: str, kind: str, tick_class: str) -> dict[str, float]:
    """Price, bid, ask, vol, delta and gamma of one option (points of the contract's own underlying)."""
    t = (dt.date.fromisoformat(expiry) - MARKET.valuation_date).days / 365.0
    spot = LEVELS[index] * ratio
    vol = float(MARKET.surface(index).vol(strike / spot, t))
    rate = float(MARKET.curve(CURRENCY[index]).zero_rate(t))
    greeks = bs_greeks(kind, spot, strike, t, rate, float(MARKET.income_rate(index, t)), vol)
    price = float(greeks.price)
    half = max(float(minimum_tick(price, tick_class)), 0.01 * price)
    bid = float(round_to_tick(max(price - half, 0.0), tick_class, "bid"))
    ask = float(round_to_tick(price + half, tick_class, "ask"))
    return {"price": price, "bid": bid, "ask": ask, "vol": vol, "delta": float(greeks.delta),
            "gamma": float(greeks.gamma)}


def _cboe_side(q: dict[str, float]) -> str:
    """The ten cells of one side of a Cboe line after its symbol."""
    return f"0,0,{q['bid']:g},{q['ask']:g},0,{q['vol']:.4f},{q['delta']:.4f},{q['gamma']:.4f},0"


def _cboe_line(root: str, expiry: str, strike: float, ratio: float, tick_class: str) -> str:
    """One line of a Cboe delayed-quotes file: the call and the put at ``strike``."""
    day = dt.date.fromisoformat(expiry)
    code = f"{day:%y%m%d}"
    call, put = (_quote("SPX", ratio, strike, expiry, k, tick_class) for k in ("call", "put"))
    return (f"{day:%a %b %d %Y},{root}{code}C{round(strike * 1000):08d},{_cboe_side(call)},{strike:.2f},"
            f"{root}{code}P{round(strike * 1000):08d},{_cboe_side(put)}")


def cboe_sample(symbol: str) -> str:
    """A Cboe delayed-quotes download of SPX (with a few SPXW lines) or XSP, dated 2026-11-25 16:15 EST."""
    ratio, name, strikes = {
        "SPX": (1.0, "Standard & Poors 500 Index", range(4500, 6601, 300)),
        "XSP": (0.1, "S&P 500 Mini-SPX Options Index", range(450, 661, 30)),
    }[symbol]
    level = LEVELS["SPX"] * ratio
    lines = [f"# {WARNING}.", "# Layout of Cboe's delayed-quotes 'Download CSV' (see pricing/chains/cboe.py).", "",
             f"{name},Last: {level:g},Change:  0",
             f'"Date: November 25, 2026 at 4:15 PM EST",Bid: {level:g},Ask: {level:g},Size: 0*0,Volume: 0',
             "Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,"
             "Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest"]
    for expiry in US_EXPIRIES:
        lines += [_cboe_line(symbol, expiry, float(k), ratio, symbol) for k in strikes]
        if symbol == "SPX" and expiry == US_EXPIRIES[0]:
            lines += [_cboe_line("SPXW", expiry, float(k), ratio, "SPXW") for k in (5700, 6000, 6300)]
    return "\n".join(lines) + "\n"


def _jpx_price(value: float) -> str:
    """A JPX premium cell: 7 integer digits, 2 decimals."""
    return f"{value:010.2f}"


def _jpx_record(code: str, month: str, strike: float, serial: int, tick_class: str) -> str:
    """One record of JPX's option theoretical price file (17 cells)."""
    expiry = month if len(month) == 8 else {"202612": "20261211", "202701": "20270108", "202702": "20270212",
                                             "202703": "20270312"}[month]
    iso = f"{expiry[:4]}-{expiry[4:6]}-{expiry[6:]}"
    put, call = (_quote("NKY", 1.0, strike, iso, k, tick_class) for k in ("put", "call"))
    cells = [code, "OOP", month, f"{strike:019.6f}", "",
             f"1{serial:08d}", _jpx_price(0), _jpx_price(0), _jpx_price(round(put["price"])), f"{put['vol']:.6f}",
             f"2{serial:08d}", _jpx_price(0), _jpx_price(0), _jpx_price(round(call["price"])), f"{call['vol']:.6f}",
             _jpx_price(LEVELS["NKY"]), f"{float(MARKET.surface('NKY').vol(1.0, 30 / 365)):.6f}"]
    return ",".join(cells)


def jpx_sample() -> str:
    """JPX's theoretical price file for 2026-11-25: large monthlies and weeklies, and mini options."""
    lines = [f"# {WARNING}.", "# Layout of JPX's 'Option Theoretical Price, etc.' file (see pricing/chains/jpx.py);",
             "# the real file has no comment and no header line. Issue codes are made up."]
    serial = 0
    batches: list[tuple[str, tuple[str, ...], range, str]] = [
        ("NK225E", NK_MONTHS, range(28500, 41251, 1500), "NK225_OPT"),
        ("NK225WE", ("20261204",), range(36000, 40001, 1000), "NK225_OPT"),
        ("NK225MWE", ("20261204", "20261211"), range(36000, 40001, 1000), "NK225M_OPT"),
    ]
    for code, months, strikes, tick_class in batches:
        for month in months:
            for strike in strikes:
                serial += 1
                lines.append(_jpx_record(code, month, float(strike), serial, tick_class))
    return "\n".join(lines) + "\n"


def ibkr_sample() -> str:
    """A TWS option-chain page of XSP exported as CSV (layout unverified, see pricing/chains/ibkr.py)."""
    lines = [f"# {WARNING}.", "# Layout assumed for a TWS option-chain export (not verified: pricing/chains/ibkr.py).",
             "Financial Instrument,Bid,Ask,Last,Implied Vol. %,Delta,Underlying Price",
             "XSP INDEX,600.00,600.00,600.00,,,"]
    for expiry in US_EXPIRIES[:3]:
        day = dt.date.fromisoformat(expiry)
        for strike in range(450, 661, 30):
            for kind in ("Put", "Call"):
                q = _quote("SPX", 0.1, float(strike), expiry, kind.lower(), "XSP")
                label = f"XSP {day:%b %d}".upper() + f" '{day:%y} {strike} {kind}"
                lines.append(f"{label},{q['bid']:.2f},{q['ask']:.2f},,{100 * q['vol']:.2f}%,{q['delta']:.3f},600.00")
    return "\n".join(lines) + "\n"


SAMPLES: dict[str, Callable[[], str]] = {
    "spx_cboe_sample.csv": lambda: cboe_sample("SPX"),
    "xsp_cboe_sample.csv": lambda: cboe_sample("XSP"),
    "nk225_jpx_sample.csv": jpx_sample,
    "xsp_ibkr_sample.csv": ibkr_sample,
}
"""Shipped file name -> its generator."""


def main(folder: Path = EXAMPLES) -> list[Path]:
    """Write every sample into ``folder``; return the paths written."""
    paths = []
    for name, make in SAMPLES.items():
        path = folder / name
        path.write_text(make(), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in main():
        print(written)
