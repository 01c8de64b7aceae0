"""`make data`: the derived tables in data/ are exactly what the raw files produce, every rerun
is byte for byte the same, and every kind of bad raw input stops the derivation, naming the file
and what to do, before anything is written.

Broken inputs are made in temporary folders from the real raw files; none is committed. A
"resealed" file has its manifest entry updated, as a contributor adding a new edition would do,
so the test reaches the reader's own checks behind the checksum guard.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.catalog import DataError, load_catalog
from pipeline import PipelineError, un_comtrade, usgs_ds140, usgs_mcs2026, usitc_dataweb
from pipeline.__main__ import derive
from pipeline.raw import DATA_DIR, RAW_DIR, verify
from pipeline.tables import differences, write_all
from tests.sitebuild import ROOT, copy_project

MCS = "usgs/mcs2026_commodities_data.csv"


@pytest.fixture(scope="module")
def tables():
    """Every derived table, from the committed raw files."""
    return derive()


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/raw/."""
    return Path(shutil.copytree(RAW_DIR, tmp_path / "raw"))


def reseal(root: Path, name: str) -> None:
    """Give a changed raw file's manifest entry its new size and checksum."""
    manifest = root / "manifest.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    for entry in data["files"]:
        if entry["path"] == name:
            entry["sha256"] = hashlib.sha256((root / name).read_bytes()).hexdigest()
            entry["bytes"] = (root / name).stat().st_size
    manifest.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_committed_tables_are_what_the_raw_files_produce(tables) -> None:
    stale = differences(tables, DATA_DIR)
    assert not stale, f"run `make data`: {stale} differ from what data/raw/ produces"


def test_a_rerun_is_byte_for_byte_the_same(tables, tmp_path: Path) -> None:
    assert write_all(tables, tmp_path) == [t.file for t in tables]
    first = {t.file: (tmp_path / t.file).read_bytes() for t in tables}
    assert write_all(derive(), tmp_path) == []
    assert first == {t.file: (tmp_path / t.file).read_bytes() for t in tables}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pipeline-")]


def test_every_derived_table_is_a_resource_that_says_it_is_derived(tables) -> None:
    descriptor = yaml.safe_load((DATA_DIR / "datapackage.yaml").read_text(encoding="utf-8"))
    derived = {r["path"]: r["derived_by"] for r in descriptor["resources"] if "derived_by" in r}
    assert set(derived) == {t.file for t in tables}
    for module in derived.values():
        assert (ROOT / module).is_file(), module


def test_every_derived_row_names_its_raw_file_and_place(tables) -> None:
    listed = set(verify().entries)
    for table in tables:
        for row in table.rows:
            ref = str(row["source_ref"])
            if ref.startswith("hand-entered:"):
                continue
            file = ref.split(":")[0].split("!")[0].split("#")[0]
            assert file in listed, (table.file, ref)
            assert ref != file, f"{table.file}: {ref} names no line, cell or record"


def test_the_revisions_are_applied(tables) -> None:
    reserves = next(t for t in tables if t.file == "rare-earth-reserves.csv").rows
    brazil = next(r for r in reserves if r["country"] == "Brazil")
    world = next(r for r in reserves if r["country"] == "World total")
    assert (brazil["reserves_t"], brazil["usgs_value"]) == (11_000_000, "11,000,000")
    assert (world["reserves_t"], world["qualifier"]) == (75_000_000, ">")
    assert "version 1.3" in brazil["note"]


def test_markers_stay_markers() -> None:
    assert usgs_mcs2026.parse_value("W", "x") == usgs_mcs2026.Value(None, "W", "W")
    assert usgs_mcs2026.parse_value(">85,000,000", "x").number == 85_000_000
    assert usgs_mcs2026.parse_value("—", "x").number == 0


@pytest.mark.parametrize("damage", ["missing", "renamed", "truncated", "changed byte"])
def test_a_damaged_raw_file_is_refused_by_name(raw_copy: Path, damage: str) -> None:
    path = raw_copy / MCS
    if damage == "missing":
        path.unlink()
    elif damage == "renamed":
        path.rename(path.with_name("mcs2026.csv"))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:100_000])
    else:
        data = bytearray(path.read_bytes())
        data[5000] ^= 1
        path.write_bytes(bytes(data))
    with pytest.raises(PipelineError) as error:
        verify(raw_copy)
    message = str(error.value)
    assert f"data/raw/{MCS}" in message and "Fix:" in message
    if damage == "renamed":
        assert "data/raw/usgs/mcs2026.csv: this file is not listed" in message


def test_an_unknown_usgs_marker_stops_the_derivation(raw_copy: Path) -> None:
    path = raw_copy / MCS
    lines = path.read_bytes().split(b"\r\n")
    lines[6093] = lines[6093].replace(b'"270,000"', b"Q")  # China, 2025 (line 6094)
    path.write_bytes(b"\r\n".join(lines))
    reseal(raw_copy, MCS)
    with pytest.raises(PipelineError, match=r"mcs2026_commodities_data.csv:6094.*unknown USGS "
                                            r"value or marker 'Q'.*Fix: .*MARKERS"):
        usgs_mcs2026.tables(usgs_mcs2026.read(verify(raw_copy)))


def test_a_revision_that_no_longer_applies_stops_the_derivation(raw_copy: Path) -> None:
    path = raw_copy / MCS
    path.write_bytes(path.read_bytes().replace(b'"21,000,000"', b'"22,000,000"'))
    reseal(raw_copy, MCS)
    with pytest.raises(PipelineError, match=r"usgs-revisions.csv, line 4: .* line 6109, column "
                                            r"'Value' holds '22,000,000'"):
        usgs_mcs2026.read(verify(raw_copy))


def test_a_dataweb_sheet_with_a_changed_header_stops_the_derivation(raw_copy: Path) -> None:
    import openpyxl

    name = usitc_dataweb.FLOWS[0].file
    workbook = openpyxl.load_workbook(raw_copy / name)
    workbook["Customs Value"]["B3"] = "Partner"
    workbook.save(raw_copy / name)
    reseal(raw_copy, name)
    with pytest.raises(PipelineError, match=r"us_imports_for_consumption_1993-2026.xlsx, sheet "
                                            r"'Customs Value', cell B3: header 'Partner', "
                                            r"expected 'Country'"):
        usitc_dataweb.trade(verify(raw_copy))


def test_comtrade_partners_must_add_up_to_world(raw_copy: Path) -> None:
    name = f"{un_comtrade.FOLDER}/2024.json"
    response = json.loads((raw_copy / name).read_text(encoding="utf-8"))
    response["data"] = [r for r in response["data"] if r["partnerDesc"] != "Malaysia"]
    (raw_copy / name).write_text(json.dumps(response), encoding="utf-8")
    reseal(raw_copy, name)
    with pytest.raises(PipelineError, match=r"2024.json: the partners add up to .* the World "
                                            r"row says 1,386,613,152 USD. Fix:"):
        un_comtrade.china_imports(verify(raw_copy))


def test_make_data_writes_nothing_when_a_raw_file_is_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = {p.name: p.read_bytes() for p in (project / "data").glob("*.csv")}
    (project / "data/rare-earth-reserves.csv").write_text("stale\n", encoding="utf-8")
    tampered = project / "data/raw" / un_comtrade.FOLDER / "2010.json"
    tampered.write_bytes(tampered.read_bytes() + b" ")
    result = subprocess.run([sys.executable, "-m", "pipeline"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 2
    refused = "data/raw/un-comtrade/china-imports-hs2846/2010.json: its SHA-256 differs"
    assert refused in result.stderr
    assert (project / "data/rare-earth-reserves.csv").read_text(encoding="utf-8") == "stale\n"
    after = {p.name: p.read_bytes() for p in (project / "data").glob("*.csv")}
    assert {k: v for k, v in after.items() if k != "rare-earth-reserves.csv"} == \
        {k: v for k, v in before.items() if k != "rare-earth-reserves.csv"}
    check = subprocess.run([sys.executable, "-m", "pipeline", "--check"], cwd=project,
                           capture_output=True, text=True)
    assert check.returncode == 2  # still refused: --check verifies the raw files too


def test_the_site_build_refuses_a_tampered_raw_file_by_name(tmp_path: Path) -> None:
    data = Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
    tampered = data / "raw/usitc/us_domestic_exports_1993-2026.xlsx"
    tampered.write_bytes(tampered.read_bytes()[:-10])
    with pytest.raises(DataError) as error:
        load_catalog(data)
    assert ("data/raw/usitc/us_domestic_exports_1993-2026.xlsx: its SHA-256 differs from "
            "data/raw/manifest.yaml") in str(error.value)
    assert "Fix: restore the official file" in str(error.value)


def test_a_ds140_year_out_of_place_stops_the_derivation(raw_copy: Path) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(raw_copy / usgs_ds140.FILE)
    workbook[usgs_ds140.SHEET]["A50"] = 1955
    workbook.save(raw_copy / usgs_ds140.FILE)
    reseal(raw_copy, usgs_ds140.FILE)
    with pytest.raises(PipelineError, match=r"ds140_rare_earths_2020.xlsx, sheet 'Rare earths', "
                                            r"cell A50: expected the year 1944, found 1955"):
        usgs_ds140.history(verify(raw_copy))
