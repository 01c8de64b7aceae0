"""UN Comtrade: China's imports of HS 2846 (rare-earth compounds) by origin, 1993-2024.

One JSON response of the public API per year, each with China as reporter, a 'World' row and
every partner (country or area of origin). Every response must be China's imports of 2846 for
its own year, and its partners must add up to its World row (the tolerance the retrieval
manifest states: 1 USD or one part in a billion); otherwise nothing is derived.
"""

from __future__ import annotations

import json

from pipeline import PipelineError
from pipeline.raw import RawFiles
from pipeline.tables import Table

FOLDER = "un-comtrade/china-imports-hs2846"
YEARS = range(1993, 2025)
WORLD = "World"
# Comtrade's partner names the site spells otherwise.
PARTNER = {"Myanmar": "Burma (Myanmar)", "Lao People's Dem. Rep.": "Laos", "Viet Nam": "Vietnam",
           "USA": "United States", "Rep. of Korea": "South Korea", "Russian Federation": "Russia",
           "China, Hong Kong SAR": "Hong Kong", "World": "World total"}


def response(raw: RawFiles, year: int) -> list[dict]:
    """One year's records, checked: China, imports, HS 2846, that year, partners = World."""
    name = f"{FOLDER}/{year}.json"
    try:
        records = json.loads(raw.read_bytes(name))["data"]
    except (ValueError, KeyError) as error:
        raise PipelineError(f"data/raw/{name}: not a Comtrade response ({error}). Fix: restore "
                            "the file as retrieved") from error
    for index, r in enumerate(records):
        what = (r["reporterCode"], r["flowCode"], r["cmdCode"], r["refYear"])
        if what != (156, "M", "2846", year):
            raise PipelineError(f"data/raw/{name}, data[{index}]: not China's imports of 2846 in "
                                f"{year}. Fix: restore the file for {year}")
    world = [r for r in records if r["partnerDesc"] == WORLD]
    if len(world) != 1:
        raise PipelineError(f"data/raw/{name}: {len(world)} World rows, expected one")
    total = world[0]["primaryValue"]
    parts = sum(r["primaryValue"] for r in records if r["partnerDesc"] != WORLD)
    if abs(parts - total) > max(1.0, abs(total) * 1e-9):
        raise PipelineError(f"data/raw/{name}: the partners add up to {parts:,.0f} USD, the World "
                            f"row says {total:,.0f} USD. Fix: the response is incomplete or "
                            "altered; retrieve it again (with its manifest entry) or restore it")
    return records


def china_imports(raw: RawFiles) -> Table:
    """China's imports of rare-earth compounds by origin and year: value and net weight."""
    table = Table("china-rare-earth-compound-imports.csv",
                  ["year", "partner", "partner_iso", "value_usd", "net_weight_kg",
                   "weight_estimated", "classification", "source_ref"])
    for year in YEARS:
        records = response(raw, year)
        order = sorted(range(len(records)),
                       key=lambda i: (records[i]["partnerDesc"] != WORLD,
                                      -records[i]["primaryValue"], records[i]["partnerDesc"]))
        for index in order:
            r = records[index]
            table.rows.append({
                "year": year, "partner": PARTNER.get(r["partnerDesc"], r["partnerDesc"]),
                "partner_iso": r["partnerISO"], "value_usd": float(r["primaryValue"]),
                "net_weight_kg": None if r["netWgt"] is None else float(r["netWgt"]),
                "weight_estimated": bool(r["isNetWgtEstimated"]),
                "classification": r["classificationCode"],
                "source_ref": f"{FOLDER}/{year}.json#data[{index}]"})
    return table
