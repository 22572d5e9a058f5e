"""TOML config loading: the seed example, defaults, every route, and every error path with its key path."""

from __future__ import annotations

import copy
import dataclasses
import tomllib
from pathlib import Path

import pytest

from hedgeopt.account.holdings import MMF, EtfPosition, FuturesPosition, LinearAsset, MarginPosition, OptionPosition
from hedgeopt.config.config import Config, GridSpec, config_from_dict, load_config
from pricing import InputError, Package, default_market
from pricing.market import NKY_SURFACE, PARAMETRIC_SURFACES, SPX_SURFACE
from pricing.ssvi import SSVISurface

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "seed_10m.toml"


@pytest.fixture
def seed_dict() -> dict:
    return tomllib.loads(SEED.read_text(encoding="utf-8"))


def load(data: dict) -> Config:
    return config_from_dict(copy.deepcopy(data))


# -- the seed and valid configs ----------------------------------------------------------------------------------
def test_seed_example_loads():
    cfg = load_config(SEED)
    assert cfg.source == str(SEED)
    market, acct = cfg.market, cfg.account
    assert market == default_market()  # no [market] section: the embedded default, unchanged
    assert acct.mmf == (MMF(7_000_000, amount_currency="JPY", yield_=0.04),)
    assert acct.satellite == (MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY", maintenance_ratio=0.25),)
    # The seed's arithmetic: NAV 10,000,000, leverage 13/10.
    assert acct.nav(market) == pytest.approx(10_000_000.0, rel=1e-12)
    assert acct.leverage(market) == pytest.approx(1.3, rel=1e-12)
    spec = cfg.scenarios
    assert spec.horizon_days == 30 and spec.currency == "USD"
    # equity −0.40 .. 0.20 by 0.05: 13 values; fx three.
    assert len(spec.grid.equity) == 13
    assert spec.grid.equity[0] == pytest.approx(-0.40) and spec.grid.equity[-1] == pytest.approx(0.20)
    assert spec.grid.fx == (-0.10, 0.0, 0.10)
    assert spec.historical == ("all",)
    assert dict(spec.model.betas) == {"NKY": 1.1}
    assert spec.model.vol_response.down_beta == 0.8 and spec.model.vol_response.up_beta == 0.2


def test_minimal_config_uses_defaults():
    cfg = config_from_dict({"account": {"cash": [{"amount": 1_000_000}]}})
    assert cfg.source == "<dict>"
    assert cfg.account.base_currency == "JPY"
    assert cfg.scenarios.horizon_days == 30
    assert cfg.scenarios.grid == GridSpec()
    assert cfg.scenarios.monte_carlo is None


def test_market_overrides(seed_dict):
    seed_dict["market"] = {"spots": {"SPX": 5000.0}, "fx": {"USD": 140.0}, "rates": {"USD": 0.05},
                           "dividend_yields": {"SPX": 0.01}, "vol": {"SPX": {"atm_short": 0.2}},
                           "valuation_date": "2027-01-04"}
    m = load(seed_dict).market
    assert m.spot("SPX") == 5000.0 and m.spot("NKY") == 38000.0  # given key replaced, the other kept
    assert m.fx_rate("USD") == 140.0
    assert float(m.curve("USD").zero_rate(1.0)) == 0.05
    assert m.dividend_yield("SPX") == 0.01
    surface = m.surface("SPX")
    assert isinstance(surface, SSVISurface)  # the default's model
    assert surface.atm_short == 0.2 and surface.atm_long == SPX_SURFACE.atm_long  # the default's other keys kept
    assert (surface.rho, surface.eta, surface.gamma) == (SPX_SURFACE.rho, SPX_SURFACE.eta, SPX_SURFACE.gamma)
    assert surface.carry == pytest.approx(0.05 - 0.01, abs=1e-15)  # centred on the configured forward: r - q
    assert str(m.valuation_date) == "2027-01-04"
    assert "with config inputs" in m.label


def test_market_rate_alone_recentres_only_the_ssvi_surfaces_it_moves(seed_dict):
    seed_dict["market"] = {"rates": {"JPY": 0.01}}
    m = load(seed_dict).market
    assert m.surface("NKY") == dataclasses.replace(NKY_SURFACE, carry=0.01 - 0.018)
    assert m.surface("SPX") is SPX_SURFACE  # USD rate and SPX yield unchanged


def test_market_vol_ssvi_keys_and_explicit_carry(seed_dict):
    seed_dict["market"] = {"rates": {"USD": 0.05},
                           "vol": {"SPX": {"rho": -0.7, "eta": 1.5, "gamma": 0.5, "carry": 0.02}}}
    surface = load(seed_dict).market.surface("SPX")
    assert surface == SSVISurface(SPX_SURFACE.atm_short, SPX_SURFACE.atm_long, rho=-0.7, eta=1.5, gamma=0.5,
                                  carry=0.02)  # a carry given is kept, not re-centred


def test_market_vol_parametric_model_starts_from_the_old_default(seed_dict):
    seed_dict["market"] = {"vol": {"SPX": {"model": "Parametric", "skew": -0.2}, "NKY": {"model": "parametric"}}}
    m = load(seed_dict).market
    assert m.surface("SPX") == dataclasses.replace(PARAMETRIC_SURFACES["SPX"], skew=-0.2)
    assert m.surface("NKY") == PARAMETRIC_SURFACES["NKY"]


@pytest.mark.parametrize(
    ("vol", "match"),
    [
        ({"skew": -0.2}, r'^market\.vol\.SPX\.skew=-0\.2: expected a key of model = "ssvi": atm_long, atm_short, '
                         r'carry, eta, gamma, mean_reversion, rho \(skew is a key of model = "parametric"; set '
                         r'model = "parametric" to use it\)$'),
        ({"model": "parametric", "rho": -0.5}, r'^market\.vol\.SPX\.rho=-0\.5: expected a key of model = "parametric"'),
        ({"model": "sabr"}, r"^market\.vol\.SPX\.model='sabr': expected one of parametric, ssvi$"),
        ({"rh": -0.5}, r"^market\.vol\.SPX\.rh=-0\.5: .*did you mean 'rho'"),
        ({"eta": 3.0}, r"^market\.vol\.SPX\.eta=3\.0: expected at most 2\.2210 with rho=-0\.54, gamma=0\.37 .*"
                       r"Gatheral-Jacquier butterfly condition, Theorem 4\.2\)$"),
        ({"gamma": 0.8}, r"^market\.vol\.SPX\.gamma=0\.8: expected a power in \(0, 0\.5\]"),
        ({"carry": 2.7}, r"^market\.vol\.SPX\.carry=2\.7: .*looks like a percentage"),
    ],
)
def test_market_vol_errors_name_the_key(seed_dict, vol, match):
    seed_dict["market"] = {"vol": {"SPX": vol}}
    with pytest.raises(InputError, match=match):
        load(seed_dict)


def test_every_route_loads(seed_dict):
    seed_dict["account"]["satellite"] += [
        {"route": "cash", "index": "NKY", "value": 500_000},
        {"route": "futures", "symbol": "mes", "contracts": 1, "initial_margin": 1_500},
        {"route": "options", "contract": "XSP", "strike": 540, "contracts": 2, "expiry": "2027-03-19"},
        {"route": "OPTIONS", "contract": "SPX", "spread": "5700/5100", "contracts": 1, "expiry": "2027-03-19"},
    ]
    seed_dict["account"]["other"] = [{"name": "gold", "value": 10_000, "currency": "USD", "betas": {"SPX": -0.1}}]
    acct = load(seed_dict).account
    _, etf, fut, put, spread = acct.satellite
    assert etf == EtfPosition("NKY", 500_000)
    assert fut == FuturesPosition("MES", 1, 1_500)
    assert isinstance(put, OptionPosition) and put.contracts == 2 and put.instrument.strike == 540
    assert isinstance(spread.instrument, Package)
    assert acct.other == (LinearAsset("gold", 10_000, "USD", {"SPX": -0.1}),)


def test_grid_false_and_historical_false(seed_dict):
    seed_dict["scenarios"]["grid"] = False
    seed_dict["scenarios"]["historical"] = False
    spec = load(seed_dict).scenarios
    assert spec.grid is None and spec.historical is None


def test_grid_lists_and_episode_names(seed_dict):
    seed_dict["scenarios"]["grid"] = {"equity": [-0.3, 0.0], "vol_shift": 0.05}
    seed_dict["scenarios"]["historical"] = {"episodes": ["2020-03 COVID crash"], "instantaneous": True}
    spec = load(seed_dict).scenarios
    assert spec.grid.equity == (-0.3, 0.0)
    assert spec.grid.vol_shift == (0.05,)  # a scalar is a one-value axis
    assert spec.grid.fx == GridSpec().fx  # axis not given: default
    assert spec.historical == ("2020-03 COVID crash",) and spec.instantaneous_history


# -- error paths --------------------------------------------------------------------------------------------------
def _mmf(d):
    return d["account"]["mmf"][0]


def _sat(d):
    return d["account"]["satellite"][0]


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        pytest.param(lambda d: _mmf(d).update(yeild=_mmf(d).pop("yield")),
                     r"account\.mmf\[0\]\.yeild=0\.04: expected one of the keys .*did you mean 'yield'\?",
                     id="unknown-key-yeild"),
        pytest.param(lambda d: _sat(d).update(loan_rate=6),
                     r"account\.satellite\[0\]\.loan_rate=6\.0: .*looks like a percentage", id="loan-rate-6"),
        pytest.param(lambda d: _mmf(d).update(amount=-1), r"account\.mmf\[0\]\.amount=-1\.0: expected a number >= 0",
                     id="negative-amount"),
        pytest.param(lambda d: _sat(d).update(route="swap"),
                     r"account\.satellite\[0\]\.route='swap': expected one of cash, margin, futures, options",
                     id="unknown-route"),
        pytest.param(lambda d: _sat(d).update(route="margn"), r"route='margn': .*did you mean 'margin'\?",
                     id="route-typo"),
        pytest.param(lambda d: _sat(d).pop("route"), r"account\.satellite\[0\]\.route=None", id="missing-route"),
        pytest.param(lambda d: _sat(d).pop("loan_rate"),
                     r"account\.satellite\[0\]\.loan_rate=None: expected a value \(this key is required\)",
                     id="missing-required-key"),
        pytest.param(lambda d: _mmf(d).pop("amount"), r"account\.mmf\[0\]\.amount=None: .*required",
                     id="missing-mmf-amount"),
        pytest.param(lambda d: d["scenarios"]["grid"].update(equity={"start": 0.1, "stop": -0.1, "step": 0.05}),
                     r"scenarios\.grid\.equity\.stop=-0\.1: .*the range is empty", id="empty-range"),
        pytest.param(lambda d: d["scenarios"]["grid"].update(fx=[]), r"scenarios\.grid\.fx=\[\]: .*empty",
                     id="empty-list"),
        pytest.param(lambda d: d["scenarios"]["grid"].update(equity={"start": -0.1, "stop": 0.1, "step": 0}),
                     r"scenarios\.grid\.equity\.step=0: expected a step > 0", id="zero-step"),
        pytest.param(lambda d: d["scenarios"]["grid"].update(equity={"start": -0.1, "stop": 0.1}),
                     r"scenarios\.grid\.equity\.step=None: .*required", id="range-without-step"),
        pytest.param(lambda d: d["scenarios"]["grid"].update(equty=[0.0]),
                     r"scenarios\.grid\.equty=.*did you mean 'equity'", id="grid-typo"),
        pytest.param(lambda d: d.update(market={"vol": {"SPX": {"atm_short": 15}}}),
                     r"market\.vol\.SPX\.atm_short=15\.0: .*15\.0 looks like a percentage", id="vol-15"),
        pytest.param(lambda d: d.update(market={"vol": {"SPX": {"atm_shrt": 0.15}}}),
                     r"market\.vol\.SPX\.atm_shrt=.*did you mean 'atm_short'", id="vol-key-typo"),
        pytest.param(lambda d: d.update(market={"vol": {"SPXX": {"atm_short": 0.15}}}),
                     r"market\.vol\.SPXX=.*did you mean 'SPX'", id="vol-unknown-index"),
        pytest.param(lambda d: d.update(market={"valution_date": "2027-01-04"}),
                     r"market\.valution_date=.*did you mean 'valuation_date'", id="market-typo"),
        pytest.param(lambda d: d.update(market={"rates": {"USD": 4}}),
                     r"market\.rates(\.USD)?=4\.0: .*looks like a percentage", id="rate-4"),
        pytest.param(lambda d: d.update(market={"fx": {"USD": -150}}),
                     r"market\.(fx\.)?USD=-150\.0: expected a number > 0", id="negative-fx"),
        pytest.param(lambda d: d.update(acount={}), r"acount=\{\}: .*did you mean 'account'", id="top-typo"),
        pytest.param(lambda d: d["account"].update(base_currency="USD"),
                     r"account\.base_currency='USD': expected the market's base currency JPY", id="base-currency"),
        pytest.param(lambda d: d["account"].update(satellite={"route": "cash"}),
                     r"account\.satellite=.*expected an array of tables", id="satellite-not-array"),
        pytest.param(lambda d: d["account"].update(mmf=[5]), r"account\.mmf\[0\]=5: expected a table of keys",
                     id="mmf-not-table"),
        pytest.param(lambda d: _sat(d).update(index="DAX"), r"account\.satellite\[0\]\.index='DAX': expected one of",
                     id="unknown-index"),
        pytest.param(lambda d: _sat(d).update(maintenance_ratio=1.5),
                     r"account\.satellite\[0\]\.maintenance_ratio=1\.5", id="maintenance-ratio"),
        pytest.param(lambda d: _sat(d).update(strike=540), r"account\.satellite\[0\]\.strike=540: .*one of the keys",
                     id="key-of-other-route"),
        pytest.param(lambda d: d["account"]["satellite"].append(
            {"route": "futures", "symbol": "XSP", "contracts": 1, "initial_margin": 1_500}),
            r"account\.satellite\[1\]\.symbol='XSP': expected a futures contract", id="futures-symbol"),
        pytest.param(lambda d: d["account"]["satellite"].append(
            {"route": "futures", "symbol": "MES", "contracts": 1.5, "initial_margin": 1_500}),
            r"account\.satellite\[1\]\.contracts=1\.5", id="futures-contracts"),
        pytest.param(lambda d: d["account"]["satellite"].append(
            {"route": "options", "contract": "XSP", "contracts": 1}),
            r"account\.satellite\[1\]\.strike=None", id="option-without-strike"),
        pytest.param(lambda d: d["account"]["satellite"].append(
            {"route": "options", "contract": "XSP", "spread": "570-480", "contracts": 1}),
            r"account\.satellite\[1\]\.spread='570-480': expected two strikes", id="option-bad-spread"),
        pytest.param(lambda d: d["account"].update(other=[{"name": "gold", "value": 1, "currency": "USD",
                                                            "carry": 5}]),
                     r"account\.other\[0\]\.carry=5\.0: .*looks like a percentage", id="other-carry-5"),
        pytest.param(lambda d: d["account"]["cash"][0].update(currency="JPYY"),
                     r"account\.cash\[0\]\.currency='JPYY': expected a three-letter ISO", id="bad-currency"),
        pytest.param(lambda d: d["scenarios"].update(horizon_days=-1),
                     r"scenarios\.horizon_days=-1: expected a whole number of days from 0 to 3,650",
                     id="negative-horizon"),
        pytest.param(lambda d: d["scenarios"].update(horizon_days=1.5), r"scenarios\.horizon_days=1\.5",
                     id="fractional-horizon"),
        pytest.param(lambda d: d["scenarios"].update(monte_carlo={"seed": 1}),
                     r"scenarios\.monte_carlo\.n=None: .*required", id="monte-carlo-without-n"),
        pytest.param(lambda d: d["scenarios"]["factor_model"].update(drivr="SPX"),
                     r"scenarios\.factor_model\.drivr=.*did you mean 'driver'", id="factor-model-typo"),
        pytest.param(lambda d: d["scenarios"]["factor_model"].update(vol_response={"down_beta": -1}),
                     r"scenarios\.factor_model\.vol_response\.down_beta=-1\.0: expected a number >= 0",
                     id="vol-response-negative"),
        pytest.param(lambda d: d["scenarios"]["historical"].update(episode="all"),
                     r"scenarios\.historical\.episode=.*did you mean 'episodes'", id="historical-typo"),
    ],
)
def test_config_error_names_the_key(seed_dict, mutate, match):
    mutate(seed_dict)
    with pytest.raises(InputError, match=match):
        load(seed_dict)


def test_currency_without_fx_rate_fails(seed_dict):
    # An MMF in EUR with no [market] fx EUR: the message names the holding's key and the fx entry to add.
    _mmf(seed_dict).update(currency="EUR")
    with pytest.raises(InputError, match=r"account\.mmf\[0\]\.currency='EUR': .*FX rate.*fx = \{ EUR = \.\.\. \}"):
        load(seed_dict)


def test_cash_currency_without_fx_rate_fails(seed_dict):
    seed_dict["account"]["cash"].append({"amount": 1_000, "currency": "CHF"})
    with pytest.raises(InputError, match=r"account\.cash\[1\]\.currency='CHF': .*FX rate"):
        load(seed_dict)


def test_currency_with_fx_rate_loads(seed_dict):
    seed_dict["market"] = {"fx": {"USD": 150.0, "EUR": 160.0}}
    _mmf(seed_dict).update(currency="EUR")
    cfg = load(seed_dict)
    # 7,000,000 JPY of a EUR fund, still 7,000,000 JPY: NAV unchanged; FX share moves from USD to EUR.
    assert cfg.account.nav(cfg.market) == pytest.approx(10_000_000.0, rel=1e-12)
    assert cfg.account.fx_shares(cfg.market) == pytest.approx({"EUR": 0.7, "USD": 0.0}, abs=1e-12)


@pytest.mark.parametrize("key", ["loan_currency", "value_currency"])
def test_satellite_currency_without_fx_rate_names_key(seed_dict, key):
    _sat(seed_dict).update({key: "EUR"})
    with pytest.raises(InputError, match=rf"account\.satellite\[0\]\.{key}='EUR'|fx\.EUR"):
        load(seed_dict)


def test_satellite_currency_without_fx_rate_is_refused(seed_dict):
    _sat(seed_dict).update(loan_currency="EUR")
    with pytest.raises(InputError, match=r"expected a currency with an FX rate in \[market\] fx .*JPY per EUR"):
        load(seed_dict)


def test_missing_account_section_path(seed_dict):
    seed_dict.pop("account")
    with pytest.raises(InputError, match=r"^account=None: expected a value \(this key is required\)"):
        load(seed_dict)


def test_missing_account_section_is_refused(seed_dict):
    seed_dict.pop("account")
    with pytest.raises(InputError, match=r"account=None: expected a value \(this key is required\)"):
        load(seed_dict)


def test_negative_nav_path(seed_dict):
    seed_dict["account"]["cash"][0]["amount"] = -20_000_000
    with pytest.raises(InputError, match=r"^account=-13000000: expected a positive net asset value"):
        load(seed_dict)


def test_negative_nav_is_refused(seed_dict):
    # 7,000,000 − 20,000,000 + 0 (ETF net of loan) = −13,000,000.
    seed_dict["account"]["cash"][0]["amount"] = -20_000_000
    with pytest.raises(InputError, match=r"=-13000000: expected a positive net asset value"):
        load(seed_dict)


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        pytest.param(lambda d: d["scenarios"]["factor_model"].update(betas=1.1),
                     r"scenarios\.factor_model\.betas", id="factor-model-betas-scalar"),
        pytest.param(lambda d: d["account"].update(other=[{"name": "gold", "value": 1, "currency": "USD",
                                                            "betas": 0.5}]),
                     r"account\.other\[0\]\.betas", id="other-betas-scalar"),
        pytest.param(lambda d: d.update(market={"spots": 6000}), r"market\.spots", id="spots-scalar"),
    ],
)
def test_scalar_where_table_expected(seed_dict, mutate, match):
    mutate(seed_dict)
    with pytest.raises(InputError, match=match):
        load(seed_dict)


def test_not_a_table():
    with pytest.raises(InputError, match=r"expected a table of keys"):
        config_from_dict([1, 2])


def test_bad_toml_syntax(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[account\ncash = 1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"config='.*bad\.toml': expected valid TOML \(.+\)"):
        load_config(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"config='.*nope\.toml': expected an existing TOML file"):
        load_config(tmp_path / "nope.toml")


def test_loan_rate_message_is_one_sentence(seed_dict):
    _sat(seed_dict).update(loan_rate=6)
    with pytest.raises(InputError) as info:
        load(seed_dict)
    exc = info.value
    assert exc.field == "account.satellite[0].loan_rate"
    assert "percentage" in str(exc) and "\n" not in str(exc)


def test_vol_response_list_takes_the_worst_case_over_responses(seed_dict):
    seed_dict["scenarios"]["factor_model"]["vol_response"] = [{"down_beta": 0.3}, {"down_beta": 1.5}]
    cfg = load(seed_dict)
    assert cfg.scenarios.model.vol_response.down_beta == 0.3
    grid_rows = [label for label in cfg.scenario_set().labels if "/ resp " in label]
    # 13 equity points x 3 fx points x 1 vol shift x 2 responses = 78 grid rows.
    assert len(grid_rows) == 78


def test_vol_response_list_errors_name_the_item(seed_dict):
    seed_dict["scenarios"]["factor_model"]["vol_response"] = [{"down_beta": 0.3}, {"down_bta": 1.5}]
    with pytest.raises(InputError, match=r"scenarios\.factor_model\.vol_response\[1\]\.down_bta.*did you mean"):
        load(seed_dict)


def test_a_boolean_surface_parameter_is_refused_with_its_key_path(tmp_path):
    """[market.vol.SPX] atm_short = true is an error naming the key, never a vol of 100%."""
    text = Path(ROOT / "examples" / "seed_10m.toml").read_text()
    path = tmp_path / "bool.toml"
    path.write_text('[market.vol.SPX]\nmodel = "ssvi"\natm_short = true\n\n' + text)
    with pytest.raises(InputError, match=r"market\.vol\.SPX\.atm_short=True: expected a number"):
        load_config(path)
