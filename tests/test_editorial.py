"""Issue 14's editorial targets, measured on the English pages by tests/editorial.py.

The first tests check the counters on small texts, so a measure cannot silently read zero; the
next one prints the table (pytest -s shows it), and the rest assert the targets.
"""

from __future__ import annotations

from pathlib import Path

from tests import editorial

PAGE = """---
description: x
---
# A title

China mined {{ share("rare_earth_production", country="China", year=2025) }}
of the world's rare earths.[^a][^b][^c] See [the club](club.md).[^d]

!!! note "Why it matters"

    The floor is {{ stat("key_figures", key="ndpr_price_floor") }}.[^a] [^b] [^c]

{{ chart("refining_concentration") }}

[^a]: Publisher, "Title about 13 July 2026", 2026. <https://example.org/a>
    a continuation line of the note
"""


def test_prose_leaves_out_macros_markers_links_and_notes() -> None:
    assert editorial.count_words(PAGE) == 18


def test_stacks_of_three_markers_are_found_with_or_without_spaces() -> None:
    assert len(editorial.MARKER_STACK.findall(editorial.body(PAGE))) == 2


def test_facts_are_read_from_macros_and_wording_not_from_footnotes() -> None:
    assert editorial.facts_told(PAGE) == {"NdPr price floor",
                                          "China's shares of mining/refining/magnets"}


def test_a_chart_placed_on_two_pages_is_reported(tmp_path: Path) -> None:
    for name in ("one.md", "two.md"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    reports = [editorial.measure(p) for p in editorial.english_pages(tmp_path)]
    assert editorial.charts_twice(reports) == {"refining_concentration": 2}
    assert editorial.pages_per_fact(reports)["NdPr price floor"] == ["one.md", "two.md"]


def test_the_english_pages_are_measured() -> None:
    reports = [editorial.measure(p) for p in editorial.english_pages()]
    print("\n" + editorial.table(reports))
    assert {"index.md", "market.md", "about.md"} <= {r.page for r in reports}
    assert all(r.words > 100 for r in reports), "a page measured almost no prose"


# Targets of issue 14 on the English pages.


def reports() -> list[editorial.PageReport]:
    return [editorial.measure(p) for p in editorial.english_pages()]


def test_no_page_is_over_the_word_limit() -> None:
    over = {r.page: r.words for r in reports() if r.words > editorial.MAX_WORDS_PER_PAGE}
    assert not over, f"pages over {editorial.MAX_WORDS_PER_PAGE} words of prose: {over}"


def test_the_pages_together_are_within_the_word_budget() -> None:
    total = sum(r.words for r in reports())
    assert total <= editorial.MAX_WORDS_TOTAL, (
        f"{total} words of prose in the English pages; the budget is {editorial.MAX_WORDS_TOTAL}")


def test_no_chart_is_placed_twice_in_an_edition() -> None:
    assert not editorial.charts_twice(reports())


def test_no_page_stacks_three_footnote_markers() -> None:
    stacks = {r.page: r.stacks for r in reports() if r.stacks}
    assert not stacks, f"three or more footnote markers in a row: {stacks}"


def test_each_fact_has_one_home_and_at_most_one_more_page() -> None:
    too_many = {}
    for name, pages in editorial.pages_per_fact(reports()).items():
        limit = (editorial.MAX_PAGES_FOR_FLOOR if name == editorial.FLOOR
                 else editorial.MAX_PAGES_PER_FACT)
        if len(pages) > limit:
            too_many[name] = pages
    assert not too_many, f"facts told on too many pages (see NOTES.md, fact homes): {too_many}"
