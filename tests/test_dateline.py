"""The dateline under every title (macros/dateline.py): reviewed date, period, reading time."""

from __future__ import annotations

import re
from datetime import date

import pytest

from macros.dateline import DatelineError, count, dateline, format_date, reading_minutes, render

TODAY = date(2026, 12, 4)


def test_reading_time_counts_prose_only() -> None:
    body = " ".join(["word"] * 228)
    extra = (
        '\n\n{{ stat("key_figures", key="ndpr_price_floor") }} [^a]\n\n'
        "[link text](https://example.org/a/long/path/with/many/words)\n\n"
        "[^a]: A footnote definition with many words that nobody reads as prose at all.\n"
        "    and its indented continuation line.\n"
        "*[IEA]: International Energy Agency\n"
        "```\ncode block words words words\n```\n<span>tag</span>\n"
    )
    words, characters = count(body + extra)
    assert (words, characters) == (228 + 2 + 1, 0)  # 'link text' and the span's 'tag'
    assert reading_minutes(body) == 1
    assert reading_minutes(" ".join(["word"] * 229)) == 2  # rounded up


def test_chinese_is_counted_by_character() -> None:
    text = "稀土" * 255 + " MP Materials"
    assert count(text) == (2, 510)
    assert reading_minutes(text) == 3  # 510 / 255 + 2 / 228, rounded up


def test_a_page_without_reviewed_fails_naming_the_page_and_the_fix() -> None:
    with pytest.raises(DatelineError, match=r"docs/club.md: .*no 'reviewed:'.*Fix: add "
                                            r"'reviewed: 2026-12-04'"):
        dateline({"description": "x"}, "text", "docs/club.md", TODAY)


@pytest.mark.parametrize("meta, problem", [
    ({"reviewed": "December 2026"}, "not a date written YYYY-MM-DD"),
    ({"reviewed": date(2026, 12, 5)}, "is in the future"),
    ({"reviewed": TODAY, "covers": 2026}, "'covers:' must be text"),
])
def test_a_malformed_dateline_fails_with_a_message(meta, problem) -> None:
    with pytest.raises(DatelineError, match=re.escape(problem)):
        dateline(meta, "text", "docs/market.md", TODAY)


def test_the_dateline_renders_in_each_language() -> None:
    line = dateline({"reviewed": TODAY, "covers": "Nov 2025 – Dec 2026 <b>"}, "word",
                    "docs/index.md", TODAY)
    english = render(line, "en")
    assert '<time datetime="2026-12-04">4 December 2026</time>' in english
    assert "Covers Nov 2025 – Dec 2026 &lt;b&gt;" in english  # front matter stays text
    assert "1 min read" in english
    chinese = render(dateline({"reviewed": TODAY}, "稀土", "docs/index.zh.md", TODAY), "zh")
    assert "2026年12月4日" in chinese and "阅读约1分钟" in chinese and "涵盖" not in chinese
    assert format_date(date(2025, 11, 3), "en") == "3 November 2025"


def test_every_built_page_shows_its_dateline_under_its_title(site, pages) -> None:
    missing = []
    for page in pages:
        html = (site.root / page / "index.html").read_text(encoding="utf-8")
        if not re.search(r'</h1><p class="cm-dateline">.*?<time datetime="\d{4}-\d\d-\d\d">'
                         r'.*?(min read|分钟)</span></p>', html):
            missing.append(page or "(home)")
    assert not missing, f"pages without a dateline under the title: {missing}"
