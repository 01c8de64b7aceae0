"""`make data`: derive every table from data/raw/ into data/ (``--check``: compare only).

    python -m pipeline          write the derived tables (all or nothing)
    python -m pipeline --check  exit 1, naming the tables, if data/ differs from the raw files
"""

from __future__ import annotations

import sys

from pipeline import (
    PipelineError,
    un_comtrade,
    usgs_ds140,
    usgs_mcs2026,
    usgs_myb2022,
    usitc_dataweb,
)
from pipeline.raw import DATA_DIR, RAW_DIR, RawFiles, verify
from pipeline.tables import Table, differences, write_all


def derive() -> list[Table]:
    """Every derived table, from verified raw files (raises PipelineError)."""
    raw = verify(RAW_DIR)
    records = usgs_mcs2026.read(raw)
    return [*usgs_mcs2026.tables(records), usgs_myb2022.history(raw, records),
            usgs_ds140.history(raw),
            *_trade(raw), un_comtrade.china_imports(raw)]


def _trade(raw: RawFiles) -> list[Table]:
    """US trade in the rare-earth headings, and the US-Australia check made from it."""
    trade = usitc_dataweb.trade(raw)
    return [trade, usitc_dataweb.australia_check(trade)]


def main(argv: list[str]) -> int:
    """Run the derivation; print what changed or what is wrong."""
    try:
        tables = derive()
    except PipelineError as error:
        print(f"make data: {error}", file=sys.stderr)
        return 2
    if "--check" in argv:
        stale = differences(tables, DATA_DIR)
        for file in stale:
            print(f"data/{file} differs from what data/raw/ produces. Fix: run `make data` "
                  "(never edit a derived table by hand: change the raw file or the pipeline)",
                  file=sys.stderr)
        return 1 if stale else 0
    changed = write_all(tables, DATA_DIR)
    print(f"make data: {len(tables)} tables derived, {len(changed)} changed"
          + (f": {', '.join(changed)}" if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
