"""USITC DataWeb: US imports for consumption and domestic exports by partner (two workbooks).

Each workbook is one DataWeb query: 25 HTS headings, 18 selected partner countries (not the
world), full years 1993-2025 and January-April year-to-date. This module keeps the rare-earth
headings: 2846 (compounds, the clean heading) and, as broad proxies, 2805 (alkali, alkaline-earth
and rare-earth metals) and 8505 (all magnets, rare-earth or not). Annual 2026 columns are
structural zeros and are refused if they are not; 2026 exists only as January-April.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from pipeline import PipelineError
from pipeline.raw import RawFiles
from pipeline.tables import Table

HEADINGS = {"2846": "rare-earth compounds (HTS 2846)",
            "2805": "alkali, alkaline-earth and rare-earth metals (HTS 2805, broad proxy)",
            "8505": "magnets of every kind (HTS 8505, broad proxy)"}
FIRST_YEAR, LAST_YEAR, YTD_YEARS = 1993, 2025, (2025, 2026)
# DataWeb country names the site spells otherwise.
PARTNER = {"Myanmar (Burma)": "Burma (Myanmar)", "Democratic Republic of the Congo": "DR Congo"}


@dataclass(frozen=True)
class Flow:
    """One workbook: its file and the sheets holding value and first quantity."""

    flow: str
    file: str
    value_sheet: str


FLOWS = [Flow("imports", "usitc/us_imports_for_consumption_1993-2026.xlsx", "Customs Value"),
         Flow("exports", "usitc/us_domestic_exports_1993-2026.xlsx", "FAS Value")]
QUANTITY_SHEET = "First Unit of Quantity"
KEY = ["Data Type", "Country", "HTS Number", "Description", "Quantity Description"]


def _years(suffix: str) -> list[str]:
    """The year columns a sheet must have, in order: '1993'... or '1993_Year_to_date'..."""
    return [f"{year}{suffix}" for year in range(FIRST_YEAR, 2027)]


def read_sheet(workbook: Workbook, file: str, sheet: str, suffix: str, quantity: bool
               ) -> dict[tuple[str, str, str], tuple[int, dict[str, object]]]:
    """(partner, heading, unit basis) -> (worksheet row, {column: cell}) of one sheet, after
    checking its header (row 3) is the one DataWeb writes."""
    if sheet not in workbook.sheetnames:
        raise PipelineError(f"data/raw/{file}: no sheet '{sheet}' (sheets: "
                            f"{', '.join(workbook.sheetnames)}). Fix: restore the DataWeb file")
    rows = workbook[sheet]
    rows.reset_dimensions()  # DataWeb writes no sheet dimensions
    lines = list(rows.iter_rows(values_only=True))
    expected = KEY + _years(suffix) + ([f"{y}_Suppressed" for y in _years(suffix)]
                                       if quantity else [])
    header = [str(c) if c is not None else "" for c in lines[2]] if len(lines) > 2 else []
    if header != expected:
        pairs = zip(header, expected, strict=False)
        wrong = next((i for i, (a, b) in enumerate(pairs) if a != b),
                     min(len(header), len(expected)))
        got = header[wrong] if wrong < len(header) else "(nothing)"
        want = expected[wrong] if wrong < len(expected) else "(nothing)"
        raise PipelineError(f"data/raw/{file}, sheet '{sheet}', cell "
                            f"{get_column_letter(wrong + 1)}3: header '{got}', expected '{want}'. "
                            "Fix: the DataWeb layout changed; restore the file or adapt "
                            "pipeline/usitc_dataweb.py")
    found = {}
    for number, line in enumerate(lines[3:], start=4):
        cells = dict(zip(header, line, strict=False))
        if cells["HTS Number"] in HEADINGS:
            basis = str(cells["Quantity Description"]).removeprefix("Value for: ")
            found[(str(cells["Country"]), str(cells["HTS Number"]), basis)] = (number, cells)
    return found


def _number(cell: object, where: str) -> float:
    """A numeric cell, or a PipelineError naming it."""
    if not isinstance(cell, (int, float)):
        raise PipelineError(f"data/raw/{where}: expected a number, found {cell!r}. Fix: restore "
                            "the DataWeb file")
    return float(cell)


def trade(raw: RawFiles) -> Table:
    """US trade in the rare-earth headings by partner, year and unit basis, value and quantity."""
    import openpyxl

    table = Table("us-rare-earth-trade.csv",
                  ["flow", "hts", "partner", "year", "period", "unit_basis", "value_usd",
                   "quantity", "quantity_suppressed", "source_ref"])
    for spec in FLOWS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DataWeb writes no default style: harmless
            workbook = openpyxl.load_workbook(raw.path(spec.file), read_only=True)
        for period, suffix, years in (("year", "", range(FIRST_YEAR, LAST_YEAR + 1)),
                                      ("Jan-Apr", "_Year_to_date", YTD_YEARS)):
            ytd = " YTD" if suffix else ""
            value_sheet, quantity_sheet = spec.value_sheet + ytd, QUANTITY_SHEET + ytd
            values = read_sheet(workbook, spec.file, value_sheet, suffix, quantity=False)
            quantities = read_sheet(workbook, spec.file, quantity_sheet, suffix, quantity=True)
            for key in sorted(values, key=lambda k: (k[1], k[0], k[2])):
                partner, hts, basis = key
                row, cells = values[key]
                if not suffix:
                    _check_no_annual_2026(cells, f"{spec.file}!{value_sheet}!AM{row}")
                q_row, q_cells = quantities.get(key, (None, {}))
                has_quantity = q_row is not None and basis != "no units collected"
                for year in years:
                    column = f"{year}{suffix}"
                    letter = get_column_letter(len(KEY) + 1 + year - FIRST_YEAR)
                    ref = f"{spec.file}!{value_sheet}!{letter}{row}"
                    quantity, suppressed = None, False
                    if has_quantity:
                        suppressed = bool(q_cells.get(f"{column}_Suppressed"))
                        quantity = _number(q_cells[column],
                                           f"{spec.file}!{quantity_sheet}!{letter}{q_row}")
                        quantity = None if suppressed else quantity
                        ref += f"; {quantity_sheet}!{letter}{q_row}"
                    table.rows.append({
                        "flow": spec.flow, "hts": hts, "partner": PARTNER.get(partner, partner),
                        "year": year, "period": period, "unit_basis": basis,
                        "value_usd": _number(cells[column], ref), "quantity": quantity,
                        "quantity_suppressed": suppressed, "source_ref": ref})
    return table


def _check_no_annual_2026(cells: dict[str, object], where: str) -> None:
    """The annual 2026 column must be the structural zero DataWeb writes for a partial year."""
    if _number(cells["2026"], where):
        raise PipelineError(f"data/raw/{where}: the annual 2026 column is not zero. Fix: 2026 "
                            "is only a year-to-date period; check the DataWeb query")


CHECK_PARTNER, CHECK_YEARS = "Australia", (2023, 2024)


def australia_check(trade_table: Table) -> Table:
    """US trade with Australia in the rare-earth headings, 2023 and 2024, summed by flow and
    heading (and over both flows and all three headings), with the change: the official
    figures against Global Times' claim that US-Australia rare-earth trade rose 67% in 2024.
    Each row lists the workbook cells it adds up."""
    table = Table("us-australia-rare-earth-trade-check.csv",
                  ["flow", "hts", "value_2023_usd", "value_2024_usd", "change_pct",
                   "source_ref"])
    rows = [r for r in trade_table.rows if r["partner"] == CHECK_PARTNER
            and r["period"] == "year" and r["year"] in CHECK_YEARS]
    for flow in ("imports", "exports", "two-way"):
        for hts in (*HEADINGS, "all three"):
            picked = [r for r in rows if flow in (r["flow"], "two-way")
                      and hts in (r["hts"], "all three")]
            totals = [sum(float(r["value_usd"]) for r in picked if r["year"] == year)
                      for year in CHECK_YEARS]
            change = round((totals[1] / totals[0] - 1) * 100, 1) if totals[0] else None
            cells = "; ".join(str(r["source_ref"]).split("; ")[0] for r in picked)
            table.rows.append({"flow": flow, "hts": hts, "value_2023_usd": totals[0],
                               "value_2024_usd": totals[1], "change_pct": change,
                               "source_ref": cells})
    return table
