"""The demo: the strategy's own example account end to end, as values (the CLI prints them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hedgeopt.advice import Advice, advise
from hedgeopt.config.config import Config, load_config
from pricing import InputError

SEED_CONFIG = Path(__file__).resolve().parents[2] / "examples" / "seed_10m.toml"
"""The strategy's example account (10,000,000 JPY, 1.3x on margin), shipped with the repository."""


@dataclass(frozen=True)
class Demo:
    """Everything the demo shows: the config and the advice (verdict first, its evidence inside)."""

    config: Config
    advice: Advice


def run_demo(config_path: str | Path | None = None, cap: float | None = None) -> Demo:
    """Run the demo on the seed account (or ``config_path``): :func:`hedgeopt.advice.advise` and its evidence.

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
    return Demo(config=config, advice=advise(config, cap=cap))
