"""The config: TOML sections read strictly into typed objects, the settings of every engine, starter templates.

Offers :func:`load_config` -> :class:`Config` (market, account, scenarios, [risk], [hedge], [rules], [paths]).
Imports ``hedgeopt.account`` (and ``pricing``, ``scenarios``); the engines and the face import it.
"""
