"""USGS Mineral Commodity Summaries 2026, data release (doi:10.5066/P1WKQ63T).

One cp1252 CSV, every chapter. Values are text: '270,000', '>85,000,000', or a marker the data
release metadata defines (W, NA, E, XX, s, a dash for zero). Markers stay as data, in the column
``usgs_value`` (the value exactly as printed) and ``qualifier``; they never become numbers.
The revisions of later PDF versions (data/usgs-revisions.csv) are applied before anything is read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from pipeline import PipelineError
from pipeline.raw import DATA_DIR, RawFiles
from pipeline.tables import Table

FILE = "usgs/mcs2026_commodities_data.csv"
REVISIONS = "usgs-revisions.csv"
COLUMNS = ["MCS chapter", "Section", "Commodity", "Country", "Statistics", "Statistics_detail",
           "Unit", "Year", "Value", "Notes", "Is critical mineral 2025", "Other notes"]
# The markers of the 'Value' field as the data release metadata (mcs2026_metadata.xml) defines them.
MARKERS = {"W": "withheld", "NA": "not available", "E": "net exporter", "s": "small",
           "XX": "not applicable", "—": "zero"}
NUMBER = re.compile(r"(?P<bound>[<>])?(?P<digits>\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)")
# USGS country names the site spells otherwise.
COUNTRY = {"Burma": "Burma (Myanmar)", "Korea, Republic of": "South Korea"}
SOURCE = {"source_title": "Mineral Commodity Summaries 2026 Data Release "
                          "(MCS2026_Commodities_Data.csv)",
          "source_publisher": "U.S. Geological Survey National Minerals Information Center",
          "source_url": "https://doi.org/10.5066/P1WKQ63T"}


@dataclass(frozen=True)
class Record:
    """One row of the data release, with the line it sits on (header = line 1)."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    @property
    def ref(self) -> str:
        """Where the row is: 'usgs/mcs2026_commodities_data.csv:6094'."""
        return f"{FILE}:{self.line}"


@dataclass(frozen=True)
class Value:
    """A parsed cell: the number (None for a marker without one), '=', '>' or '<', or the
    marker, and the text as USGS printed it."""

    number: float | None
    qualifier: str
    printed: str


def parse_value(text: str, where: str) -> Value:
    """'>85,000,000' -> (85000000, '>'); 'NA' -> (None, 'NA'); '—' -> (0, '='). An unknown
    marker stops the derivation, naming the row."""
    printed = text.strip()
    if printed == "—":
        return Value(0.0, "=", printed)
    if printed in MARKERS:
        return Value(None, printed, printed)
    match = NUMBER.fullmatch(printed)
    if not match:
        raise PipelineError(f"data/raw/{where}, column 'Value': unknown USGS value or marker "
                            f"'{printed}'. Fix: if the data release metadata defines it, add it "
                            "to MARKERS in pipeline/usgs_mcs2026.py with its meaning; otherwise "
                            "leave this row out of the selection")
    return Value(float(match["digits"].replace(",", "")), match["bound"] or "=", printed)


def read(raw: RawFiles) -> list[Record]:
    """Every row of the data release, revisions applied, checking the header first."""
    text = raw.read_bytes(FILE).decode("cp1252")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    if header != COLUMNS:
        raise PipelineError(f"data/raw/{FILE}, line 1: the columns are {header}, expected "
                            f"{COLUMNS}. Fix: this is not the MCS 2026 data release the pipeline "
                            "reads; restore it, or adapt pipeline/usgs_mcs2026.py to the new "
                            "edition")
    records = []
    for cells in reader:
        if len(cells) != len(COLUMNS):
            raise PipelineError(f"data/raw/{FILE}, line {reader.line_num}: {len(cells)} cells, "
                                f"expected {len(COLUMNS)} (a truncated file?). Fix: restore it")
        records.append(Record(reader.line_num, dict(zip(COLUMNS, cells, strict=True))))
    return apply_revisions(records, raw)


def apply_revisions(records: list[Record], raw: RawFiles) -> list[Record]:
    """Apply each entry of data/usgs-revisions.csv: the cell must still hold the old value,
    and the revision must cite a line of a raw file (the USGS version history)."""
    by_line = {r.line: r for r in records}
    path = DATA_DIR / REVISIONS
    with path.open(encoding="utf-8", newline="") as file:
        entries = list(csv.DictReader(file))
    for number, entry in enumerate(entries, start=2):
        where = f"data/{REVISIONS}, line {number}"
        record = by_line.get(int(entry["line"]))
        if entry["raw_file"] != FILE or record is None:
            raise PipelineError(f"{where}: no line {entry['line']} in data/raw/{entry['raw_file']}"
                                ". Fix: name a line of the data release")
        column = entry["column"]
        if record[column] != entry["old_value"]:
            raise PipelineError(f"{where}: data/raw/{FILE}, line {record.line}, column "
                                f"'{column}' holds '{record[column]}', not '{entry['old_value']}'. "
                                "Fix: the revision no longer applies; check it against the raw "
                                "file")
        cited = raw.read_bytes(entry["source_file"]).decode("utf-8").splitlines()
        number_cited = int(entry["source_line"])
        if not 0 < number_cited <= len(cited) or entry["quote"] not in cited[number_cited - 1]:
            raise PipelineError(f"{where}: line {number_cited} of data/raw/{entry['source_file']} "
                                f"does not contain the quoted words '{entry['quote']}'. Fix: cite "
                                "the line that describes the revision, quoting it word for word")
        cells = {**record.cells, column: entry["new_value"]}
        by_line[record.line] = Record(record.line, cells)
    return [by_line[r.line] for r in records]


def revised_lines() -> dict[int, str]:
    """Line -> a sentence saying which later version revised that row, and how."""
    with (DATA_DIR / REVISIONS).open(encoding="utf-8", newline="") as file:
        entries = list(csv.DictReader(file))
    said = {}
    for e in entries:
        change = (f"revised the value from {e['old_value']}, the figure the data-release CSV "
                  "still holds" if e["column"] == "Value" else "changed this row's footnote")
        said[int(e["line"])] = (f"MCS 2026 {e['revised_in']} ({e['revised_on']}) {change} "
                                "(data/usgs-revisions.csv).")
    return said


def select(records: list[Record], chapter: str, **cells: str) -> list[Record]:
    """The rows of one chapter whose cells equal ``cells`` (keys without spaces: Statistics)."""
    wanted = {k.replace("_", " ") if k != "Statistics_detail" else k: v for k, v in cells.items()}
    return [r for r in records if r["MCS chapter"] == chapter
            and all(r[k] == v for k, v in wanted.items())]


def note(record: Record, revised: dict[int, str]) -> str:
    """The row's USGS notes without 'Estimated.' (a column says so), revisions named."""
    parts = [p.strip() for p in record["Notes"].split(" -- ") if p.strip()]
    parts = [p for p in parts if p not in ("Estimated.", "Reported.")]
    parts = [p for p in parts if not p.startswith("See Appendix C")]
    if record.line in revised:
        parts.append(revised[record.line])
    return " ".join(parts)


def estimated(record: Record) -> bool:
    """True if USGS notes the value as estimated."""
    return record["Notes"].startswith("Estimated.")


def country(record: Record) -> str:
    """The country in the site's spelling."""
    return COUNTRY.get(record["Country"], record["Country"])


def _country_table(records: list[Record], file: str, value_column: str, bounds: bool,
                   revised: dict[int, str], with_year: bool) -> Table:
    """A by-country table (production or reserves) from world-table rows."""
    columns = ["country"] + (["year"] if with_year else []) + [value_column]
    columns += (["qualifier"] if bounds else []) + (["estimated"] if with_year else [])
    columns += ["note", "usgs_value", "source_ref"]
    table = Table(file, columns)
    order = list(dict.fromkeys(country(r) for r in records))
    for record in sorted(records, key=lambda r: (order.index(country(r)), r["Year"])):
        value = parse_value(record["Value"], record.ref)
        row = {"country": country(record), "year": int(record["Year"]),
               value_column: value.number, "estimated": estimated(record),
               "note": note(record, revised), "usgs_value": value.printed,
               "source_ref": record.ref}
        if bounds:
            row["qualifier"] = value.qualifier if value.number is not None else ""
        table.rows.append(row)
    return table


def world_rows(records: list[Record], chapter: str, statistics: str) -> list[Record]:
    """A chapter's world-table rows of one statistic (Production or Reserves)."""
    return [r for r in records if r["MCS chapter"] == chapter and r["Section"].startswith("World")
            and r["Statistics"] == statistics]


def production_and_reserves(records: list[Record]) -> list[Table]:
    """Rare-earth and lithium mine production (2024-2025) and reserves by country."""
    revised = revised_lines()
    return [
        _country_table(world_rows(records, "RARE EARTHS", "Production"),
                       "rare-earth-production.csv", "production_t", False, revised, True),
        _country_table(world_rows(records, "RARE EARTHS", "Reserves"),
                       "rare-earth-reserves.csv", "reserves_t", True, revised, False),
        _country_table(world_rows(records, "LITHIUM", "Production"),
                       "lithium-production.csv", "production_t", False, revised, True),
        _country_table(world_rows(records, "LITHIUM", "Reserves"),
                       "lithium-reserves.csv", "reserves_t", True, revised, False),
    ]


def import_sources(records: list[Record]) -> Table:
    """Shares of US imports of rare-earth compounds and metals by source, 2021-24."""
    table = Table("us-rare-earth-import-sources.csv",
                  ["country", "share_pct", "period", "source_ref"])
    for record in select(records, "RARE EARTHS", Section="Import Sources"):
        value = parse_value(record["Value"], record.ref)
        table.rows.append({"country": country(record), "share_pct": value.number,
                           "period": record["Year"].replace("–", "-20"), "source_ref": record.ref})
    return table


@dataclass(frozen=True)
class Reliance:
    """Which net-import-reliance row of a chapter stands for a mineral."""

    mineral: str
    chapter: str
    detail: str = ""  # text the Statistics_detail must contain ('' = the chapter's only row)
    commodity: str = ""  # the Commodity cell, where a chapter has two (bauxite and alumina)


RELIANCE = [
    Reliance("rare earths", "RARE EARTHS", "Compounds and metals"),
    Reliance("heavy rare earths", "RARE EARTHS (Heavy)"),
    Reliance("yttrium", "YTTRIUM"),
    Reliance("scandium", "SCANDIUM"),
    Reliance("gallium", "GALLIUM"),
    Reliance("germanium", "GERMANIUM"),
    Reliance("natural graphite", "GRAPHITE (NATURAL)"),
    Reliance("manganese", "MANGANESE"),
    Reliance("tantalum", "TANTALUM"),
    Reliance("bismuth", "BISMUTH"),
    Reliance("antimony", "ANTIMONY"),
    Reliance("cobalt", "COBALT"),
    Reliance("chromium", "CHROMIUM"),
    Reliance("tin", "TIN"),
    Reliance("bauxite", "BAUXITE AND ALUMINA", commodity="Bauxite"),
    Reliance("zinc", "ZINC", "Refined zinc"),
    Reliance("copper", "COPPER"),
    Reliance("tungsten", "TUNGSTEN"),
    Reliance("lithium", "LITHIUM"),
    Reliance("nickel", "NICKEL"),
]


def net_import_reliance(records: list[Record]) -> Table:
    """US net import reliance, 2021-2025, for the minerals in RELIANCE."""
    table = Table("us-net-import-reliance.csv",
                  ["mineral", "year", "nir_pct", "qualifier", "note", "usgs_value", "source_ref"])
    for spec in RELIANCE:
        rows = [r for r in select(records, spec.chapter, Statistics="Net import reliance")
                if spec.detail in r["Statistics_detail"]
                and (not spec.commodity or r["Commodity"] == spec.commodity)]
        years = [r["Year"] for r in rows]
        if not rows or len(years) != len(set(years)):
            raise PipelineError(f"data/raw/{FILE}: chapter {spec.chapter} has "
                                f"{len(rows)} net-import-reliance rows for {years}, expected one "
                                "a year. Fix: narrow the selection in RELIANCE "
                                "(pipeline/usgs_mcs2026.py)")
        for record in rows:
            value = parse_value(record["Value"], record.ref)
            scope = record["Statistics_detail"].replace("Net import reliance", "").strip(" :,")
            scope = re.sub(r"^(as )?a percentage of ", "", scope.replace("relianceas", "as"))
            text = " ".join([f"Share of {scope}.", *filter(None, [note(record, {})])])
            table.rows.append({"mineral": spec.mineral, "year": int(record["Year"]),
                               "nir_pct": value.number,
                               "qualifier": value.qualifier if value.number is not None else "",
                               "note": text, "usgs_value": value.printed,
                               "source_ref": record.ref})
    return table


@dataclass(frozen=True)
class Price:
    """One price series of a chapter."""

    commodity: str
    chapter: str
    detail: str  # text the Statistics_detail must contain
    unit: str
    market: str


PRICES = [
    Price("NdPr oxide", "RARE EARTHS", "(NdPr) oxide", "USD/kg", "99% min, FOB (Argus, via USGS)"),
    Price("Nd oxide", "RARE EARTHS", "Neodymium oxide", "USD/kg",
          "99.5% min, FOB (Argus, via USGS)"),
    Price("Pr oxide", "RARE EARTHS", "Praseodymium oxide", "USD/kg",
          "99.99% min, FOB (Argus, via USGS)"),
    Price("Dy oxide", "RARE EARTHS (Heavy)", "Dysprosium oxide", "USD/kg",
          "99.5% min, FOB (Argus and Asian Metal, via USGS)"),
    Price("Tb oxide", "RARE EARTHS (Heavy)", "Terbium oxide", "USD/kg",
          "99.99% min, FOB (Argus and Asian Metal, via USGS)"),
    Price("lithium carbonate", "LITHIUM", "battery-grade lithium carbonate", "USD/t",
          "battery grade, annual average-real; spot and long-term contract assessments "
          "(Benchmark Mineral Intelligence, via USGS)"),
]


def prices(records: list[Record]) -> Table:
    """Annual average prices, 2021-2025, of the series in PRICES."""
    table = Table("prices-annual.csv", ["commodity", "year", "price", "unit", "market",
                                        "estimated", *SOURCE, "source_ref"])
    for spec in PRICES:
        rows = [r for r in select(records, spec.chapter, Statistics="Price")
                if spec.detail in r["Statistics_detail"]]
        if len(rows) != 5:
            raise PipelineError(f"data/raw/{FILE}: {len(rows)} price rows for {spec.commodity} "
                                "in chapter {spec.chapter}, expected 2021-2025. Fix: check PRICES")
        for record in rows:
            value = parse_value(record["Value"], record.ref)
            table.rows.append({"commodity": spec.commodity, "year": int(record["Year"]),
                               "price": value.number, "unit": spec.unit, "market": spec.market,
                               "estimated": estimated(record), **SOURCE,
                               "source_ref": record.ref})
    return table


@dataclass(frozen=True)
class Snapshot:
    """A mineral of the per-mineral table: its chapter, production statistic and unit."""

    mineral: str
    chapter: str
    unit: str
    production: str = "Mine production"


SNAPSHOT = [
    Snapshot("rare earths", "RARE EARTHS", "t REO"),
    Snapshot("lithium", "LITHIUM", "t Li"),
    Snapshot("gallium", "GALLIUM", "kg", "Primary production"),
    Snapshot("germanium", "GERMANIUM", "kg", "Refinery production"),
    Snapshot("antimony", "ANTIMONY", "t"),
    Snapshot("natural graphite", "GRAPHITE (NATURAL)", "t"),
    Snapshot("cobalt", "COBALT", "t"),
    Snapshot("nickel", "NICKEL", "t"),
    Snapshot("tungsten", "TUNGSTEN", "t"),
    Snapshot("manganese", "MANGANESE", "thousand t"),
]
SNAPSHOT_COUNTRIES = ("China", "United States", "World total")


def mineral_snapshot(records: list[Record]) -> Table:
    """China's, the US's and the world's production and reserves, mineral by mineral."""
    revised = revised_lines()
    table = Table("mineral-snapshot.csv",
                  ["mineral", "measure", "country", "year", "value", "qualifier", "unit",
                   "basis", "estimated", "note", "usgs_value", "source_ref"])
    for spec in SNAPSHOT:
        basis = _basis(records, spec.chapter)
        for measure, statistics in (("production", "Production"), ("reserves", "Reserves")):
            rows = [r for r in world_rows(records, spec.chapter, statistics)
                    if r["Country"] in SNAPSHOT_COUNTRIES
                    and (measure == "reserves"
                         or r["Statistics_detail"].startswith(spec.production))]
            for record in rows:
                value = parse_value(record["Value"], record.ref)
                table.rows.append({
                    "mineral": spec.mineral, "measure": measure, "country": country(record),
                    "year": int(record["Year"]), "value": value.number,
                    "qualifier": value.qualifier if value.number is not None else "",
                    "unit": spec.unit, "basis": basis if measure == "production" else "",
                    "estimated": estimated(record), "note": note(record, revised),
                    "usgs_value": value.printed, "source_ref": record.ref})
    return table


def _basis(records: list[Record], chapter: str) -> str:
    """What a chapter's figures count, from its 'Other notes': 'Data in metric tons, ...'."""
    notes = next(r["Other notes"] for r in records if r["MCS chapter"] == chapter)
    first = notes.split(" -- ")[0].strip()
    return first.strip("()") if first.startswith("(") else ""


def us_production(records: list[Record]) -> dict[int, Record]:
    """US rare-earth mine production (mineral concentrates) by year, salient statistics."""
    rows = select(records, "RARE EARTHS", Statistics_detail="Production: Mineral concentrates")
    return {int(r["Year"]): r for r in rows}


def tables(records: list[Record]) -> list[Table]:
    """Every table derived from the data release alone."""
    return [*production_and_reserves(records), import_sources(records),
            net_import_reliance(records), prices(records), mineral_snapshot(records)]
