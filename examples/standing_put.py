"""Size the standing put (常備薬): for 1% of NAV a year, which strike and tenor, how many contracts?

Run: .venv/bin/python examples/standing_put.py
"""

from pathlib import Path

from hedgeopt.config.config import load_config
from hedgeopt.optimizer import hedging

config = load_config(Path(__file__).with_name("seed_10m.toml"))
nav = config.account.nav(config.market)

for_budget = hedging.standing_put_for(config, yearly_budget=0.01 * nav)
print(for_budget.table.head(5)[["instrument", "contracts", "yearly_cost", "worst_case_after"]].to_string())
best = for_budget.table.iloc[0]
print(f"with 1% of NAV a year: {best['contracts']:g} x {best['instrument']}, {best['yearly_cost']:,.0f} JPY a year, "
      f"worst case {for_budget.worst_case_before:.1%} -> {best['worst_case_after']:.1%}")

for_cap = hedging.standing_put_for(config, cap=0.12)
best = for_cap.table.iloc[0]
print(f"to hold a 12% cap: {best['contracts']:g} x {best['instrument']} at {best['yearly_cost']:,.0f} JPY a year")
