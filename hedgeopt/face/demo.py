"""The demo: the strategy's own example account end to end, as values (the CLI prints them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hedgeopt.config.config import Config, load_config
from hedgeopt.optimizer import hedging
from hedgeopt.optimizer.comparison import Comparison
from hedgeopt.optimizer.leverage import LeverageResult
from hedgeopt.optimizer.result import HedgeResult
from hedgeopt.risk.checklist import Checklist, checklist
from hedgeopt.risk.stress import StressResult, stress
from pricing import InputError

SEED_CONFIG = Path(__file__).resolve().parents[2] / "examples" / "seed_10m.toml"
"""The strategy's example account (10,000,000 JPY, 1.3x on margin), shipped with the repository."""


@dataclass(frozen=True)
class Demo:
    """Everything the demo shows, in order."""

    config: Config
    stress: StressResult
    hedge: HedgeResult
    comparison: Comparison
    leverage: LeverageResult
    checklist: Checklist


def run_demo(config_path: str | Path | None = None, cap: float | None = None) -> Demo:
    """Run the demo on the seed account (or ``config_path``).

    Stress, the cheapest whole-contract hedge at the cap, puts vs spreads for the same cap, the largest
    leverage and the five checks.

    Parameters
    ----------
    config_path : str or Path, optional
        Defaults to ``examples/seed_10m.toml``.
    cap : float, optional
        Worst-case loss cap, fraction of NAV; default the config's ``[risk] cap`` (0.20 for the seed).
    """
    path = Path(config_path) if config_path is not None else SEED_CONFIG
    if not path.exists():
        raise InputError("config", str(path), "an existing TOML config (the seed lives in examples/)")
    config = load_config(path)
    cap = cap if cap is not None else config.risk.cap
    return Demo(
        config=config,
        stress=stress(config),
        hedge=hedging.hedge(config, cap=cap, integer=True),
        comparison=hedging.compare_for(config, cap=cap),
        leverage=hedging.max_leverage_for(config),
        checklist=checklist(config),
    )
