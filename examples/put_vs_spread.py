"""Put or put spread for the same protection, and the cost-versus-cap frontier of each.

Run: .venv/bin/python examples/put_vs_spread.py
"""

from pathlib import Path

from hedgeopt.config.config import load_config
from hedgeopt.optimizer import hedging

config = load_config(Path(__file__).with_name("seed_10m.toml"))

comparison = hedging.compare_for(config, cap=0.10)
print(comparison.table()[["family", "status", "cost", "worst_case_after"]].to_string(index=False))

frontier = hedging.frontier_for(config, caps=(0.08, 0.10, 0.12, 0.15, 0.20))
print(frontier.pivot(index="cap", columns="family", values="cost").round(0).to_string())
