"""The agreements table (macros/agreements.py), generated from data/agreements.csv."""

from __future__ import annotations

from macros.agreements import agreements_table, anchor
from macros.catalog import get_catalog


def test_one_row_per_agreement_oldest_first_linked_to_members_and_sources() -> None:
    catalog = get_catalog()
    lines = agreements_table(catalog, "club.md").strip().splitlines()
    rows = catalog.rows("agreements")
    assert lines[0] == "| Date | Partner | Document and source | Kind | Legally binding? |"
    assert len(lines) == 2 + len(rows)
    assert lines[2].startswith("| 28 March 2023 | [Japan](members.md#japan) | [US-Japan")
    assert "[South Korea](members.md#south-korea)" in "\n".join(lines)
    malaysia = next(line for line in lines if "members.md#malaysia" in line)
    assert malaysia.endswith("| MoU | No |")
    assert "(https://www.thestar.com.my/" in malaysia


def test_the_chinese_table_is_chinese() -> None:
    text = agreements_table(get_catalog(), "club.zh.md")
    assert text.startswith("| 日期 | 伙伴 | 文件与来源 | 类型 | 是否具有法律约束力 |")
    assert "[马来西亚](members.md#malaysia)" in text and "| 谅解备忘录 | 否 |" in text


def test_anchor_matches_the_heading_ids_markdown_makes() -> None:
    assert anchor("South Korea") == "south-korea"
    assert anchor("European Union") == "european-union"
