"""A chain's fitted smile against its quotes: implied vol by log-forward moneyness, one colour per fitted expiry.

Each quote the fit used is a vertical bar from its bid vol to its ask vol (a dot at the mid vol where the bid is
zero or a settlement price stands in); the fitted SSVI slice is the line through them. Japanese figures in
IPAexGothic, as every report figure (:mod:`hedgeopt.face.figures`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from hedgeopt.face.figures import _finish, _font
from hedgeopt.face.i18n import Lang, t
from pricing.chains.chain import OptionChain

MAX_EXPIRIES = 6
"""Fitted expiries drawn at most, evenly chosen from the shortest to the longest."""


def _expiries(chain: OptionChain) -> list[float]:
    """The fitted expiries (years) drawn: all of them, or :data:`MAX_EXPIRIES` spread from first to last."""
    ts = list(chain.fit.by_expiry["t"])
    if len(ts) <= MAX_EXPIRIES:
        return ts
    return [ts[i] for i in np.unique(np.linspace(0, len(ts) - 1, MAX_EXPIRIES).round().astype(int))]


def smile_figure(symbol: str, chain: OptionChain, lang: Lang | str = Lang.EN) -> Figure:
    """Vol (%, y) against ``ln(K/F)`` (x): bid-ask bars of the quotes and the fitted smile, per expiry.

    Lines carry ``gid`` ``"fit <expiry>"``; the bars ``"quotes <expiry>"``.
    """
    lang = Lang(lang)
    q, surface = chain.fit.quotes, chain.fit.surface
    expiry_of = dict(zip(chain.quotes["t"].round(12), chain.quotes["expiry"], strict=False))
    with _font(lang):
        fig, ax = plt.subplots(figsize=(9, 5.6))
        colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        for i, t_years in enumerate(_expiries(chain)):
            here = q[q["t"].round(12) == round(t_years, 12)]
            k = np.log(here["moneyness"] / here["forward_ratio"]).to_numpy()
            colour, expiry = colours[i % len(colours)], expiry_of[round(t_years, 12)].isoformat()
            bid = here["iv_bid"].to_numpy(float)
            ask = here["iv_ask"].to_numpy(float)
            mid = here["iv"].to_numpy(float)
            low = np.where(np.isfinite(bid), bid, mid)
            high = np.where(np.isfinite(ask), ask, mid)
            bars = ax.vlines(k, 100 * low, 100 * high, color=colour, linewidth=2.5, alpha=0.6)
            bars.set_gid(f"quotes {expiry}")
            ax.scatter(k, 100 * mid, s=8, color=colour, zorder=3)
            grid = np.linspace(k.min() - 0.02, k.max() + 0.02, 200)
            moneyness = np.exp(grid) * float(here["forward_ratio"].iat[0])
            (line,) = ax.plot(grid, 100 * surface.vol(moneyness, t_years), color=colour,
                              label=t("fig_smile_expiry", lang, expiry=expiry, days=round(t_years * 365)))
            line.set_gid(f"fit {expiry}")
        ax.set_xlabel(t("fig_smile_x", lang))
        ax.set_ylabel(t("fig_smile_y", lang))
        ax.set_title(t("fig_smile_title", lang, symbol=symbol))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper right")
        return _finish(fig)
