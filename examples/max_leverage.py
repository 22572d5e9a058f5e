"""The largest leverage under a loss cap: alone, and with the cheapest hedge chosen together.

Run: .venv/bin/python examples/max_leverage.py
"""

from pathlib import Path

from hedgeopt.config.config import load_config
from hedgeopt.optimizer import hedging

config = load_config(Path(__file__).with_name("seed_10m.toml"))

for cap in (0.15, 0.20, 0.25):
    r = hedging.max_leverage_for(config, cap=cap)
    print(f"cap {cap:.0%}: {r.leverage:.3f}x exactly, {r.leverage_step:.1f}x in steps ({r.limit})")

joint = hedging.max_leverage_for(config, cap=0.20, hedge_mode="joint")
print(f"with the hedge chosen together: {joint.leverage:.3f}x -> {joint.leverage_step:.1f}x ({joint.limit}); "
      f"hedge cost {joint.hedge.cost:,.0f} JPY")
