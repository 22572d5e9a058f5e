"""Path sources: daily market paths (:class:`MarketPaths`).

From the shipped S&P 500 history, Monte Carlo, stylised crashes or a CSV file of your own.
Imports ``pricing`` and ``scenarios.sets``.
"""

from scenarios.paths.csv_file import load_paths
from scenarios.paths.history import sp500_history
from scenarios.paths.market_paths import MarketPaths
from scenarios.paths.monte_carlo import monte_carlo_paths
from scenarios.paths.stylised import stylised_names, stylised_path

__all__ = ["load_paths", "MarketPaths", "monte_carlo_paths", "sp500_history", "stylised_names", "stylised_path"]
