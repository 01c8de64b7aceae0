"""USGS Minerals Yearbook 2022, Rare Earths, tables-only release: table 8 (world mine
production by country, 2018-2022), and the rare-earth production history built from it.

The history takes each year from the latest USGS edition in data/raw/: MCS 2026 (2024-2025
world table; United States 2021-2023 from its salient statistics), else MYB 2022. Rows that no
raw file holds (2023 outside the United States, read in MCS 2025) are hand-entered in
data/rare-earth-production-history.csv itself, marked 'hand-entered: ...' in source_ref; the
derivation keeps them as they are.
"""

from __future__ import annotations

import csv
import warnings

from pipeline import PipelineError
from pipeline.raw import DATA_DIR, RawFiles
from pipeline.tables import Table
from pipeline.usgs_mcs2026 import Record, parse_value, us_production, world_rows

FILE = "usgs/myb2022_rare_earths_tables.xlsx"
SHEET = "T8"
HEADER = {"A6": "Country or locality2", "C6": 2018, "E6": 2019, "G6": 2020, "I6": 2021,
          "K6": 2022}
YEAR_COLUMNS = {2018: "C", 2019: "E", 2020: "G", 2021: "I", 2022: "K"}
# Row labels of T8 (with their footnote marks) -> the site's country names.
COUNTRIES = {"China3": "China", "United States": "United States", "Australiae": "Australia",
             "Burmae": "Burma (Myanmar)", "Total": "World total"}
HISTORY = "rare-earth-production-history.csv"
HAND_ENTERED = "hand-entered:"


def table8(raw: RawFiles) -> dict[tuple[str, int], tuple[float, str]]:
    """(country, year) -> (t REO, 'T8!C11') for the countries of COUNTRIES."""
    import openpyxl

    with warnings.catch_warnings():  # the workbook has no default style: harmless
        warnings.simplefilter("ignore")
        sheet = openpyxl.load_workbook(raw.path(FILE), read_only=True)[SHEET]
    cells = {c.coordinate: c.value for row in sheet.iter_rows() for c in row
             if c.value is not None}
    for address, expected in HEADER.items():
        if cells.get(address) != expected:
            raise PipelineError(f"data/raw/{FILE}, sheet {SHEET}, cell {address}: expected "
                                f"{expected!r}, found {cells.get(address)!r}. Fix: the table's "
                                "layout changed; adapt HEADER in pipeline/usgs_myb2022.py")
    labels = {v: k[1:] for k, v in cells.items() if k.startswith("A") and v in COUNTRIES}
    missing = set(COUNTRIES) - set(labels)
    if missing:
        raise PipelineError(f"data/raw/{FILE}, sheet {SHEET}: no row labelled "
                            f"{', '.join(sorted(missing))}. Fix: adapt COUNTRIES")
    values = {}
    for label, row in labels.items():
        for year, column in YEAR_COLUMNS.items():
            value = cells.get(f"{column}{row}")
            if not isinstance(value, (int, float)):
                raise PipelineError(f"data/raw/{FILE}, sheet {SHEET}, cell {column}{row}: "
                                    f"expected a number, found {value!r}")
            values[(COUNTRIES[label], year)] = (float(value), f"{FILE}!{SHEET}!{column}{row}")
    return values


def history(raw: RawFiles, records: list[Record]) -> Table:
    """Rare-earth mine production 2018-2025 of China, the US, Australia, Burma and the world."""
    table = Table(HISTORY, ["country", "year", "production_t", "edition", "source_ref"])
    found: dict[tuple[str, int], dict[str, object]] = {}
    for (name, year), (value, ref) in table8(raw).items():
        found[(name, year)] = {"production_t": value, "edition": "MYB 2022", "source_ref": ref}
    for year, record in us_production(records).items():
        if year <= 2023:
            found[("United States", year)] = _mcs(record)
    for record in world_rows(records, "RARE EARTHS", "Production"):
        name = {"Burma": "Burma (Myanmar)"}.get(record["Country"], record["Country"])
        if name in COUNTRIES.values():
            found[(name, int(record["Year"]))] = _mcs(record)
    for row in _hand_entered():
        found.setdefault((row["country"], int(row["year"])), row)
    order = list(COUNTRIES.values())
    for name, year in sorted(found, key=lambda k: (order.index(k[0]), k[1])):
        table.rows.append({"country": name, "year": year, **found[(name, year)]})
    return table


def _mcs(record: Record) -> dict[str, object]:
    """A history cell read in the MCS 2026 data release."""
    return {"production_t": parse_value(record["Value"], record.ref).number,
            "edition": "MCS 2026", "source_ref": record.ref}


def _hand_entered() -> list[dict[str, str]]:
    """The committed rows no raw file holds, kept as a contributor typed them."""
    path = DATA_DIR / HISTORY
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as file:
        rows = [r for r in csv.DictReader(file)
                if r.get("source_ref", "").startswith(HAND_ENTERED)]
    for row in rows:
        row["production_t"] = float(row["production_t"])
    return rows
