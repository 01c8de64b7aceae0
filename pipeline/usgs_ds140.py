"""USGS Data Series 140, rare-earth historical statistics (2020 version): US production,
imports, exports, apparent consumption, unit value and world production, 1900-2020.

One sheet, one row a year. Markers stay as data: NA (not available) and W (withheld) leave the
value empty and are kept in ``usgs_value``. Cells USGS computed with a formula are read as the
workbook stores their result.
"""

from __future__ import annotations

import warnings

from openpyxl.utils import get_column_letter

from pipeline import PipelineError
from pipeline.raw import RawFiles
from pipeline.tables import Table

FILE = "usgs/ds140_rare_earths_2020.xlsx"
SHEET = "Rare earths"
HEADER_ROW = 5
# Column header -> (measure, unit) as this table names them.
MEASURES = {"Production": ("US production", "t REO"), "Imports": ("US imports", "t REO"),
            "Exports": ("US exports", "t REO"),
            "Apparent consumption": ("US apparent consumption", "t REO"),
            "Unit value ($/t)": ("US unit value", "USD/t"),
            "Unit value (98$/t)": ("US unit value, 1998 dollars", "USD/t (1998)"),
            "World production": ("world production", "t REO")}
MARKERS = {"NA": "not available", "W": "withheld"}
YEARS = range(1900, 2021)


def history(raw: RawFiles) -> Table:
    """Every statistic of the sheet by year, one row per year and measure."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the workbook's print settings: harmless
        sheet = openpyxl.load_workbook(raw.path(FILE), read_only=True, data_only=True)[SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[HEADER_ROW - 1][:8])
    if header != ["Year", *MEASURES]:
        raise PipelineError(f"data/raw/{FILE}, sheet '{SHEET}', row {HEADER_ROW}: columns "
                            f"{header}, expected {['Year', *MEASURES]}. Fix: the table's layout "
                            "changed; adapt MEASURES in pipeline/usgs_ds140.py")
    table = Table("rare-earth-history-ds140.csv",
                  ["year", "measure", "value", "unit", "usgs_value", "source_ref"])
    for offset, year in enumerate(YEARS):
        number = HEADER_ROW + 1 + offset
        cells = rows[number - 1]
        if cells[0] != year:
            raise PipelineError(f"data/raw/{FILE}, sheet '{SHEET}', cell A{number}: expected "
                                f"the year {year}, found {cells[0]!r}. Fix: adapt YEARS")
        for column, (measure, unit) in enumerate(MEASURES.values(), start=2):
            cell = cells[column - 1]
            where = f"{FILE}!{SHEET}!{get_column_letter(column)}{number}"
            if isinstance(cell, str) and cell in MARKERS:
                value = None
            elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
                value = float(cell)
            else:
                raise PipelineError(f"data/raw/{where}: unknown value or marker {cell!r}. Fix: "
                                    "add it to MARKERS in pipeline/usgs_ds140.py if USGS "
                                    "defines it")
            table.rows.append({"year": year, "measure": measure, "value": value, "unit": unit,
                               "usgs_value": cell if value is None else value,
                               "source_ref": where})
    return table
