"""What to watch (macros/watch.py): generated from data/events.csv, checked against the page's
review date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from macros.catalog import get_catalog
from macros.watch import WatchError, watch_list

REVIEWED = date(2026, 12, 4)


class OneResource:
    """A catalog holding only an events table, for checking statuses."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self._rows = rows

    def resource(self, name: str) -> dict[str, Any]:
        return {"name": name, "path": "events.csv"}

    def rows(self, name: str) -> list[dict[str, str]]:
        return self._rows

    def sources(self, name: str) -> list[dict[str, Any]]:
        return []


def event(day: str, status: str, title: str = "An event") -> dict[str, str]:
    return {"date": day, "title": title, "summary": "What happened.", "status": status,
            "source_title": "A report", "source_publisher": "A publisher",
            "source_url": "https://example.org/report"}


def test_the_lists_are_split_by_status_and_ordered() -> None:
    rows = [event("2026-01-01", "happened", "Old news"), event("2026-11-01", "happened", "News"),
            event("2027-03-01", "scheduled", "Later"), event("2027-01-01", "scheduled", "Sooner"),
            event("2026-11-10", "outcome unknown", "Deadline")]
    text = watch_list(OneResource(rows), "index.md", REVIEWED, latest=1)
    coming, rest = text.split("**Deadlines passed, outcome not confirmed**")
    unknown, latest = rest.split("**Latest confirmed developments**")
    assert coming.index("Sooner") < coming.index("Later")
    assert "**10 November 2026:** Deadline. What happened. ([A publisher](https://example.org/" \
           'report "Source: A report"))' in unknown
    assert "News" in latest and "Old news" not in latest  # latest=1: only the most recent


@pytest.mark.parametrize("row, problem", [
    (event("2026-11-30", "scheduled"), "is still 'scheduled' but its date 2026-11-30 is before"),
    (event("2026-12-05", "happened"), "is marked 'happened' but is dated 2026-12-05"),
])
def test_a_status_that_contradicts_the_review_date_fails_naming_the_cell(row, problem) -> None:
    rows = [event("2026-01-01", "happened"), row]
    with pytest.raises(WatchError, match=r"data/events.csv, line 3, column 'status': .*" +
                       problem.replace("(", r"\(")):
        watch_list(OneResource(rows), "index.md", REVIEWED)


def test_the_real_events_give_every_part_in_english_and_chinese() -> None:
    english = watch_list(get_catalog(), "index.md", REVIEWED)
    assert english.startswith("**Coming up**")
    assert "**1 January 2027:**" in english  # the DFARS magnet rule, scheduled
    assert "**27 November 2026:**" in english.split("outcome not confirmed")[1]
    chinese = watch_list(get_catalog(), "index.zh.md", REVIEWED)
    assert "**即将到来**" in chinese and "**2027年1月1日：**" in chinese
    assert "美国国防采购磁体规则延伸至采矿环节" in chinese


def test_the_event_list_keeps_its_range_and_marks_what_is_not_confirmed() -> None:
    from macros.watch import event_list

    rows = [event("2025-01-01", "happened", "First"), event("2026-11-10", "outcome unknown",
            "Deadline"), event("2027-01-01", "scheduled", "Later")]
    text = event_list(OneResource(rows), "timeline.md", REVIEWED, since=date(2026, 1, 1))
    assert "First" not in text
    assert "Deadline (outcome not confirmed). What happened." in text
    assert text.index("Deadline") < text.index("Later (scheduled)")
    with pytest.raises(WatchError, match="found no event"):
        event_list(OneResource(rows), "timeline.md", REVIEWED, since=date(2030, 1, 1))
