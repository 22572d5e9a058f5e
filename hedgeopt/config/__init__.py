"""The config: TOML sections read strictly into typed objects, the settings of every engine, starter templates.

Offers :func:`load_config` -> :class:`Config` (market, account, scenarios, [risk], [hedge], [rules], [paths]).
Imports ``hedgeopt.account`` (and ``pricing``, ``scenarios``); the engines and the face import it.
"""

from hedgeopt.config.call_spec import CallCandidateSpec, calls_from_table
from hedgeopt.config.config import Config, GridSpec, ScenarioSpec, config_from_dict, load_config
from hedgeopt.config.hedge_spec import CandidateSpec, HedgeSpec
from hedgeopt.config.path_settings import CallKind, Frictions, HedgeKind, PathSettings, RolledCalls, StandingHedge
from hedgeopt.config.risk_spec import CVaRCap, RiskSpec
from hedgeopt.config.rules import DeriskStep, Reentry, Rules
from hedgeopt.config.templates import TEMPLATES, template_text

__all__ = [
    "CallCandidateSpec",
    "calls_from_table",
    "CallKind",
    "CandidateSpec",
    "Config",
    "config_from_dict",
    "CVaRCap",
    "DeriskStep",
    "Frictions",
    "GridSpec",
    "HedgeKind",
    "HedgeSpec",
    "load_config",
    "PathSettings",
    "Reentry",
    "RiskSpec",
    "RolledCalls",
    "Rules",
    "ScenarioSpec",
    "StandingHedge",
    "template_text",
    "TEMPLATES",
]
