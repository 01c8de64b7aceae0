"""The figures in prose: `stat` and `share` read one row of data/ and explain bad queries."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from macros.catalog import load_catalog
from macros.formatting import format_quantity, markdown_text
from macros.stat import StatError, share, stat

SOURCE = {"title": "Test survey", "path": "https://example.org/survey", "publisher": "Test office"}


def make_package(folder: Path) -> Path:
    """A two-resource package in `folder`: production by country and one-off figures."""
    descriptor = {
        "name": "test", "licenses": [{"name": "CC-BY-4.0", "path": "https://x.org/by"}],
        "resources": [
            {"name": "production", "path": "production.csv", "sources": [SOURCE],
             "schema": {"primaryKey": ["country", "year"], "fields": [
                 {"name": "country", "type": "string"},
                 {"name": "year", "type": "integer"},
                 {"name": "production_t", "type": "number", "unit": "t REO"}]}},
            {"name": "key_figures", "path": "key-figures.csv", "sources": [SOURCE],
             "schema": {"primaryKey": ["key"], "fields": [
                 {"name": "key", "type": "string"},
                 {"name": "value", "type": "number"},
                 {"name": "unit", "type": "string"},
                 {"name": "qualifier", "type": "string"},
                 {"name": "source_title", "type": "string"},
                 {"name": "source_url", "type": "string"}]}},
        ],
    }
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor), encoding="utf-8")
    (folder / "production.csv").write_text(
        "country,year,production_t\nChina,2025,270000\nWorld total,2025,390000\n"
        "China,2024,260000\n", encoding="utf-8")
    (folder / "key-figures.csv").write_text(
        "key,value,unit,qualifier,source_title,source_url\n"
        "floor,110,USD/kg,,Press release,https://example.org/floor\n"
        "reliance,90,%,>,Summary,https://example.org/nir\n", encoding="utf-8")
    return folder


@pytest.fixture
def catalog(tmp_path: Path):
    return load_catalog(make_package(tmp_path))


def test_stat_formats_the_matching_row_with_its_unit_and_links_the_data_page(catalog) -> None:
    text = stat(catalog, "market.md", "production", country="China", year=2025)
    assert text.startswith("[270,000 tonnes of rare-earth oxide](data.md#production ")
    assert '"Source: Test survey"' in text


def test_stat_link_is_relative_to_a_nested_page(catalog) -> None:
    text = stat(catalog, "members/japan.md", "production", country="China", year=2024)
    assert "(../data.md#production " in text


def test_stat_uses_the_row_unit_qualifier_and_own_source(catalog) -> None:
    assert stat(catalog, "index.md", "key_figures", key="floor").startswith(
        "[US$110 per kg](https://example.org/floor ")
    assert stat(catalog, "index.md", "key_figures", key="reliance").startswith("[more than 90%]")


@pytest.mark.parametrize(("options", "english", "chinese"), [
    ({"format": "compact"}, "270,000 tonnes of rare-earth oxide", "27万吨稀土氧化物"),
    ({"unit": "short"}, "270,000 tonnes", "27万吨"),
    ({"unit": False}, "270,000", "27万"),
    ({"format": "compact", "unit": "short"}, "270,000 tonnes", "27万吨"),
])
def test_stat_writes_the_format_and_unit_style_asked_for(catalog, options, english,
                                                         chinese) -> None:
    for page, expected in (("market.md", english), ("market.zh.md", chinese)):
        text = stat(catalog, page, "production", country="China", year=2025, **options)
        assert text.startswith(f"[{expected}]("), text


@pytest.mark.parametrize(("value", "unit", "locale", "compact", "style", "expected"), [
    (44_000_000, "t REO", "en", True, "long", "44 million tonnes of rare-earth oxide"),
    (44_000_000, "t REO", "en", True, "short", "44 million tonnes"),
    (44_000_000, "t REO", "zh", True, "short", "4,400万吨"),
    (43_876_000, "t Li", "en", True, False, "43.9 million"),  # three significant digits
    (43_876_000, "t Li", "zh", True, False, "4,390万"),
    (1_234_567, "t", "zh", True, "long", "123万吨"),
    (1_234_567, "t", "zh", False, "long", "1,234,567吨"),  # in full, every digit stays
    (999_999, "t", "en", True, "long", "1 million tonnes"),  # rounded, then named
    (270_000, "t", "en", True, "long", "270,000 tonnes"),  # under a million: as the data has it
    (12.5, "USD bn", "en", True, False, "12.5 billion"),  # the scale word stays
    (12.5, "USD bn", "zh", True, "long", "125亿美元"),
    (110, "USD/kg", "en", False, False, "110"),
    (90, "%", "en", True, "long", "90%"),
])
def test_compact_numbers_and_unit_styles(value, unit, locale, compact, style, expected) -> None:
    assert format_quantity(value, unit, "", locale, compact, style) == expected


def test_compact_prose_and_chinese_chart_labels_use_one_table_of_number_words() -> None:
    from macros.formatting import NUMBER_WORDS, compact_number_zh_expression

    expression = compact_number_zh_expression("datum.value")
    assert all(f"abs(datum.value) >= {size}" in expression and f"'{word}'" in expression
               for size, word in NUMBER_WORDS["zh"])


@pytest.mark.parametrize(("options", "message"), [
    ({"format": "short"}, "format='short' is not a number format: use format=\"compact\""),
    ({"unit": "shrot"}, "unit='shrot' is not a unit style: use unit=\"short\""),
    ({"unit": True}, "unit=True is not a unit style"),
])
def test_stat_refuses_an_unknown_format_or_unit_style(catalog, options, message) -> None:
    with pytest.raises(StatError, match=message.replace("(", r"\(")):
        stat(catalog, "index.md", "production", country="China", year=2025, **options)


def test_share_divides_by_the_named_total(catalog) -> None:
    text = share(catalog, "index.md", "production", country="China", year=2025,
                 of={"country": "World total"})
    assert text.startswith("[69.2%]")


@pytest.mark.parametrize(("filters", "message"), [
    ({"country": "Chile", "year": 2025}, "no row of data/production.csv matches"),
    ({"country": "China"}, "2 rows of data/production.csv match"),
    ({"nation": "China"}, "has no column nation"),
    ({}, "needs filters"),
])
def test_stat_refuses_queries_that_do_not_pick_one_row(catalog, filters: dict,
                                                       message: str) -> None:
    with pytest.raises(StatError, match=message):
        stat(catalog, "index.md", "production", **filters)


def test_stat_names_known_data_sets_for_an_unknown_one(catalog) -> None:
    with pytest.raises(KeyError, match="Known data sets: production, key_figures"):
        stat(catalog, "index.md", "prodution", country="China", year=2025)


def test_a_changed_csv_value_changes_the_rendered_figure(tmp_path: Path) -> None:
    folder = make_package(tmp_path)
    path = folder / "production.csv"
    path.write_text(path.read_text().replace("270000", "271500"), encoding="utf-8")
    text = stat(load_catalog(folder), "index.md", "production", country="China", year=2025)
    assert text.startswith("[271,500 tonnes")


def test_data_text_is_inert_in_markdown() -> None:
    assert markdown_text("</script><b>*x*</b>") == "&lt;/script&gt;&lt;b&gt;\\*x\\*&lt;/b&gt;"
    assert markdown_text('China\'s "share"') == "China's &quot;share&quot;"  # ' kept for the TOC
    assert format_quantity(12.5, "USD bn") == "US$12.5 billion"


def test_an_empty_value_names_the_data_set_and_column(tmp_path: Path) -> None:
    folder = make_package(tmp_path)
    schema = yaml.safe_load((folder / "datapackage.yaml").read_text())
    schema["resources"][0]["schema"]["fields"][2]["constraints"] = {"required": False}
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(schema), encoding="utf-8")
    path = folder / "production.csv"
    path.write_text(path.read_text().replace("China,2024,260000", "China,2024,"), "utf-8")
    catalog = load_catalog(folder)
    with pytest.raises(StatError, match="'production' has no value in column 'production_t'"):
        stat(catalog, "index.md", "production", country="China", year=2024)
    with pytest.raises(StatError, match="has no value"):
        share(catalog, "index.md", "production", of={"year": 2025}, country="China", year=2024)


def test_prose_figures_do_not_load_pandas(tmp_path: Path) -> None:
    """A build whose charts come from the cache never imports pandas (0.5 s per build)."""
    import subprocess
    import sys

    folder = make_package(tmp_path)
    code = ("import sys; from macros.catalog import load_catalog; from macros.stat import stat; "
            f"print(stat(load_catalog(__import__('pathlib').Path({str(folder)!r})), 'index.md', "
            "'production', country='China', year=2025)); print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).parents[1])
    assert done.stdout.splitlines() == [stat(load_catalog(folder), "index.md", "production",
                                             country="China", year=2025), "False"]


def test_after_one_csv_edit_only_that_data_set_is_checked_again(tmp_path: Path) -> None:
    from unittest import mock

    from macros import validate
    from macros.catalog import DataError

    folder = make_package(tmp_path)
    load_catalog(folder)
    path = folder / "production.csv"
    edited = str(random.randrange(10**9))  # a value no earlier run stamped as valid
    path.write_text(path.read_text().replace("270000", edited), encoding="utf-8")
    with mock.patch.object(validate, "check_cells", wraps=validate.check_cells) as checked:
        load_catalog(folder)
    assert [call.args[0]["name"] for call in checked.call_args_list] == ["production"]
    path.write_text(path.read_text().replace(edited, "lots"), encoding="utf-8")
    with pytest.raises(DataError, match=r"data/production\.csv|production\.csv"):
        load_catalog(folder)
