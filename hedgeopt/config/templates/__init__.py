"""Commented starter configs for the strategy's three templates (written by ``hedgeopt init``).

* ``defensive``: MMF 70–90%, index 10–30% bought outright, leverage at most 1.1×, cap 10%.
* ``balanced``: MMF 60–80%, index 20–40% on a margin loan with puts or spreads, leverage at most 1.3× (the
  strategy's own 10,000,000 JPY example).
* ``advanced``: MMF about 70%, index through futures, plus gold and a short-credit fund.

Each has a Japanese twin (``balanced.ja.toml``): the same keys and values, its comments in Japanese.

Imports ``pricing`` only (``hedgeopt.face.export.write_template`` writes one to disk).
"""

from __future__ import annotations

import difflib
from importlib import resources

from pricing import InputError

TEMPLATES = ("defensive", "balanced", "advanced")
"""The template names."""

LANGUAGES = ("en", "ja")
"""The languages of the templates' comments."""


def template_text(name: str, lang: str = "en") -> str:
    """The commented TOML of template ``name``, its comments in ``lang`` (``"en"`` or ``"ja"``).

    Raises
    ------
    InputError
        An unknown name (the message suggests the nearest one) or language.
    """
    if str(lang) not in LANGUAGES:
        raise InputError("lang", lang, "'ja' or 'en'")
    key = str(name).strip().lower()
    if key not in TEMPLATES:
        near = difflib.get_close_matches(key, TEMPLATES, n=1)
        raise InputError("template", name, "one of " + ", ".join(TEMPLATES),
                         hint=f"did you mean '{near[0]}'?" if near else None)
    file = f"{key}.toml" if lang == "en" else f"{key}.{lang}.toml"
    return resources.files(__package__).joinpath(file).read_text(encoding="utf-8")
