"""The strategy's 10,000,000 JPY walk-through, step by step, in Python.

Run: .venv/bin/python examples/walkthrough_10m.py
"""

from pathlib import Path

from hedgeopt.account.carry import yearly_carry
from hedgeopt.config.config import load_config
from hedgeopt.optimizer import hedging
from hedgeopt.risk.checklist import checklist
from hedgeopt.risk.stress import what_if

config = load_config(Path(__file__).with_name("seed_10m.toml"))
account, market = config.account, config.market

# 1. The account: 7,000,000 JPY in a USD Treasury MMF + 3,000,000 JPY cash + 3,000,000 JPY of S&P 500 on margin.
print(f"NAV {account.nav(market):,.0f} JPY, leverage {account.leverage(market):.2f}x")

# 2. What it earns if nothing moves: the MMF's 4% against the 6% margin loan on the borrowed part.
carry = yearly_carry(account, market)
print(f"yearly carry {carry.net:,.0f} JPY; borrowed part {carry.borrowed_spreads['SPX']:+.2%} a year")

# 3. The stress the strategy names: the index -30% and USDJPY -10% (the yen up 11.1%) on the same day.
crash = what_if(config, equity=-0.30, fx=-0.10).table.iloc[0]
print(f"index -30% with USDJPY -10%: {crash['pnl']:,.0f} JPY ({crash['pnl_pct']:.1%}); "
      f"index part {crash['index']:,.0f}")

# 4. The cheapest hedge that keeps every scenario's loss within 20% of NAV, in whole XSP contracts.
hedge = hedging.hedge(config, cap=0.20)
for position in hedge.positions:
    print(f"buy {position.quantity:g} x {position.instrument.label} for {position.cost:,.0f} JPY")
print(f"worst case {hedge.worst_case_before:.1%} -> {hedge.worst_case_after:.1%}; "
      f"verified: {hedge.verification.passed}")

# 5. The most leverage the 20% cap allows, in the strategy's 0.1x steps.
leverage = hedging.max_leverage_for(config)
print(f"largest leverage {leverage.leverage:.3f}x -> {leverage.leverage_step:.1f}x ({leverage.limit})")

# 6. The five checks before any order.
for check in checklist(config).checks:
    print(f"{check.number}. {check.name}: {check.status.value} — {check.detail}")
