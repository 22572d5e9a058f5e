"""After tax on the terminal: what-if's split by income category and ``hedgeopt tax --explain``, with their JSON.

Rows are built as plain strings (``*_rows`` functions) so that the report shows the same tables; the printing
functions use the language chosen by :func:`hedgeopt.face.render.use_language`.
"""

from __future__ import annotations

from hedgeopt.config.tax_spec import Category
from hedgeopt.face import i18n, render
from hedgeopt.face.i18n import Lang
from hedgeopt.face.tax import words
from hedgeopt.face.terminal import console, print_json
from hedgeopt.risk.stress import StressResult
from hedgeopt.tax import TaxExplanation
from hedgeopt.tax.explain import APPLIED, LEFT_OUT


def split_rows(result: StressResult, row: int, lang: Lang | str) -> tuple[list, list[list[str]]]:
    """Headers and rows of one scenario's split by income category: held gain, P&L, tax, after tax; a total last.

    ``row`` is the scenario's position in ``result.table``. Every category is listed (a NISA loss shows its tax of
    0: it offsets nothing).
    """
    assert result.tax is not None, "split_rows needs a result with tax columns"
    ccy, r = result.summary.base_currency, result.table.iloc[row]
    held = [result.tax.embedded[c.value] for c in Category]
    pnl = [float(r[f"pnl_{c.value}"]) for c in Category]
    tax = [float(r[f"tax_{c.value}"]) for c in Category]
    cols = [i18n.money_column([*values, sum(values)], ccy, lang) for values in (held, pnl, tax)]
    after = i18n.money_column([p - t for p, t in zip(pnl, tax, strict=True)] + [float(r["after_tax"])], ccy, lang)
    names = [words.category(c, lang) for c in Category] + [i18n.t("tax_total", lang)]
    rows = [[name, cols[0][1][k], cols[1][1][k], cols[2][1][k], after[1][k]] for k, name in enumerate(names)]
    headers = [i18n.t("tax_category", lang), *(_header(key, unit, lang) for key, unit in
                                                zip(("tax_held", "pnl", "tax", "after_tax"),
                                                    (cols[0][0], cols[1][0], cols[2][0], after[0]), strict=True))]
    return headers, rows


def _header(key: str, unit: str, lang: Lang | str) -> tuple[str, str, str]:
    name = i18n.t(key, lang)
    return i18n.with_unit(name, unit, lang), i18n.with_unit(i18n.short(name, lang), unit, lang), name


def split_table(result: StressResult, row: int = 0) -> None:
    """Print one scenario's split by income category (what-if); nothing without tax columns."""
    if result.tax is None:
        return
    lang = render.language()
    headers, rows = split_rows(result, row, lang)
    title = i18n.t("tax_split_title", lang, year=result.tax.year, ccy=result.summary.base_currency)
    console().print(render.tabulate(title, headers, rows, wrap=[0], priority=[0, 1, 0, 0, 0]))


def stress_notes(result: StressResult) -> None:
    """Print the lines under a stress or what-if table (:func:`hedgeopt.face.tax.words.stress_lines`)."""
    out = console()
    for line in words.stress_lines(result, render.language()):
        out.print(line, markup=False)


def answer_lines(e: TaxExplanation, lang: Lang | str) -> list[str]:
    """The answer first: tax year, account, returns filed; how derivatives listed abroad are read; US withholding."""
    filed = i18n.t("tax_filed_yes" if e.file_return else "tax_filed_no", lang)
    return [i18n.t("tax_answer", lang, year=e.year, account=i18n.t(f"tax_account:{e.account.value}", lang),
                   filed=filed),
            i18n.t(f"tax_foreign:{e.foreign_derivatives.value}", lang, rate=f"{e.comprehensive_rate:.2%}"),
            i18n.t("tax_credit_yes" if e.foreign_tax_credit else "tax_credit_no", lang)]


def placement_rows(e: TaxExplanation, lang: Lang | str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows: every holding, its income, its category, the rule and its source."""
    ja = Lang(lang) is Lang.JA
    rows = [[words.holding(p.holding, lang), words.income(p.income, lang), words.category(p.category, lang),
             p.rule_ja if ja else p.rule, p.source] for p in e.placements]
    headers = [i18n.t(k, lang) for k in ("holding", "tax_income", "tax_category", "tax_rule", "tax_source")]
    return headers, rows


def year_rows(e: TaxExplanation, ccy: str, lang: Lang | str) -> tuple[list, list[list[str]]]:
    """Headers and rows: per category, the net realised this year so far and the losses carried in."""
    unit, ytd = i18n.money_column(list(e.year_to_date.values()), ccy, lang)
    rows = []
    for k, c in enumerate(e.year_to_date):
        carried = [i18n.t("tax_carried_cell", lang, year=x.year, amount=i18n.money(x.amount, ccy, lang),
                          last=x.last_year) for x in e.carried if x.category is c]
        rows.append([words.category(c, lang), ytd[k], i18n.t("list_sep", lang).join(carried) or "—"])
    return [i18n.t("tax_category", lang), _header("tax_ytd", unit, lang), i18n.t("tax_carried", lang)], rows


def rate_rows(e: TaxExplanation, ccy: str, lang: Lang | str) -> list[list[str]]:
    """The two rates with their arithmetic: 20.315% = 15% × 1.021 + 5%; the marginal 総合課税 rate."""
    surtax = f"{1.0 + e.surtax:.3f}"
    return [[i18n.t("tax_rate_separate", lang),
             i18n.t("tax_rate_separate_value", lang, rate=f"{e.separate_rate:.3%}",
                    income=f"{e.income_tax_separate:.0%}", surtax=surtax, local=f"{e.local_tax_separate:.0%}")],
            [i18n.t("tax_rate_comprehensive", lang, income=i18n.money(e.other_income, ccy, lang)),
             i18n.t("tax_rate_comprehensive_value", lang, rate=f"{e.comprehensive_rate:.2%}",
                    band=f"{e.comprehensive_band:.0%}", surtax=surtax, local=f"{e.local_tax_comprehensive:.0%}")]]


def boundary_lines(lang: Lang | str) -> list[str]:
    """The boundary: a simplification for planning, the rules applied, what is left out (one line each)."""
    ja = Lang(lang) is Lang.JA
    return [i18n.t("tax_boundary_intro", lang), i18n.t("tax_applies", lang),
            *(f"  • {j if ja else en}" for _, en, j in APPLIED), i18n.t("tax_leaves_out", lang),
            *(f"  • {j if ja else en}" for _, en, j in LEFT_OUT)]


def explanation(e: TaxExplanation, ccy: str) -> None:
    """Print ``hedgeopt tax --explain``: the answer, every holding's category, this year, the rates, the boundary."""
    lang, out = render.language(), console()
    for line in answer_lines(e, lang):
        out.print(line, markup=False)
    headers, rows = placement_rows(e, lang)
    out.print(render.tabulate(i18n.t("tax_placements_title", lang), headers, rows, right_from=9,
                              wrap=[0, 1, 2, 3, 4]))
    headers, rows = year_rows(e, ccy, lang)
    out.print(render.tabulate(i18n.t("tax_year_title", lang, ccy=ccy), headers, rows, right_from=1, wrap=[0, 2]))
    out.print(render.tabulate(i18n.t("tax_rates_title", lang, year=e.year), [i18n.t("figure", lang),
                                                                             i18n.t("value", lang)],
                              rate_rows(e, ccy, lang), right_from=9, wrap=[0, 1]))
    out.print(i18n.t("tax_boundary_title", lang), style="bold", markup=False)
    for line in boundary_lines(lang):
        out.print(line, markup=False)


def explanation_json(e: TaxExplanation, ccy: str) -> None:
    """Print the explanation as JSON (:meth:`hedgeopt.tax.TaxExplanation.as_dict`, with ``base_currency``)."""
    print_json({"applies": True, "base_currency": ccy, **e.as_dict()})
