"""The program's after-tax line: the cost after tax and why, in English and Japanese."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from hedgeopt.face.program.words import after_tax_line
from hedgeopt.tax import Category, TaxSettings, premium_after_tax

F = Category.FUTURES


@pytest.mark.parametrize(("settings", "symbol", "phrase"), [
    (TaxSettings(year=2026, year_to_date={F: 1e6}), "NK225M_OPT", "save 18,284 JPY (20.3% of the cost)"),
    (TaxSettings(year=2026), "NK225M_OPT", "carries forward 3 years"),
    (TaxSettings(year=2026), "XSP", "neither offsets other income nor carries forward"),
])
def test_program_after_tax_sentence(settings: TaxSettings, symbol: str, phrase: str) -> None:
    answer = SimpleNamespace(after_tax=premium_after_tax(settings, symbol, 90_000.0))
    line = after_tax_line(answer, "JPY", "en")  # type: ignore[arg-type]
    assert line.startswith("After tax (2026): ") and phrase in line, line


def test_program_after_tax_sentence_in_japanese(english_words) -> None:  # noqa: ANN001
    answer = SimpleNamespace(after_tax=premium_after_tax(TaxSettings(year=2026), "XSP", 90_000.0))
    line = after_tax_line(answer, "JPY", "ja")  # type: ignore[arg-type]
    assert line.startswith("税引後(2026年)") and not english_words(line), line
