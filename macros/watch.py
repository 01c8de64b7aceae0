"""`watch_list()` and `event_list()`: the home page's "what to watch" and the timeline's
chronology, generated from data/events.csv.

Each event has a ``status`` (data/datapackage.yaml): ``happened``, ``scheduled`` or ``outcome
unknown``. The list has three parts, each dated and linked to its source:

- coming up: scheduled events on or after the page's review date, soonest first;
- deadlines passed whose outcome no source confirms, latest first;
- the latest confirmed developments (``happened``), latest first.

`event_list(since, until)` lists every event in a date range, oldest first, marking those not
confirmed as having happened.

The statuses must agree with the page's ``reviewed:`` date: a row still ``scheduled`` before it,
or ``happened`` after it, stops the build naming the file, line and column, so the list cannot
go stale silently.
"""

from __future__ import annotations

from datetime import date

from macros.catalog import Catalog
from macros.dateline import format_date
from macros.formatting import markdown_text
from macros.i18n import locale_of, translator
from macros.stat import source_link

RESOURCE = "events"
LATEST = 4  # confirmed developments shown


class WatchError(ValueError):
    """An event's status contradicts the page's review date."""


def _checked(catalog: Catalog, reviewed: date) -> list[tuple[date, dict[str, str]]]:
    """Every event with its date, after checking its status against ``reviewed``."""
    file = f"data/{catalog.resource(RESOURCE)['path']}"
    events = []
    for line, row in enumerate(catalog.rows(RESOURCE), start=2):  # line 1 is the header
        day = date.fromisoformat(row["date"])
        where = f"{file}, line {line}, column 'status'"
        if row["status"] == "scheduled" and day < reviewed:
            raise WatchError(f"{where}: '{row['title']}' is still 'scheduled' but its date "
                             f"{row['date']} is before the page's review date {reviewed}. Fix: "
                             "set the status to 'happened' (with a source that confirms it) or "
                             "'outcome unknown'")
        if row["status"] == "happened" and day > reviewed:
            raise WatchError(f"{where}: '{row['title']}' is marked 'happened' but is dated "
                             f"{row['date']}, after the page's review date {reviewed}. Fix: "
                             "set the status to 'scheduled', or correct the date")
        events.append((day, row))
    return events


STATUS_NOTE = {"scheduled": "scheduled", "outcome unknown": "outcome not confirmed"}


def _item(catalog: Catalog, page_uri: str, day: date, row: dict[str, str],
          tagged: bool = True) -> str:
    """One event as a Markdown list item: date, title, summary, status note (if ``tagged``),
    source link."""
    locale = locale_of(page_uri)
    t = translator(locale)
    source = source_link(catalog, RESOURCE, row, row["source_publisher"], page_uri)
    title = markdown_text(t(row["title"]))
    summary = markdown_text(t(row["summary"]))
    note = STATUS_NOTE.get(row["status"]) if tagged else None
    if locale == "zh":
        tag = f"（{t(note)}）" if note else ""
        return f"- **{format_date(day, locale)}：**{title}{tag}。{summary}（{source}）"
    tag = f" ({note})" if note else ""
    return f"- **{format_date(day, locale)}:** {title}{tag}. {summary} ({source})"


def event_list(catalog: Catalog, page_uri: str, reviewed: date, since: date | None = None,
               until: date | None = None) -> str:
    """Every event from ``since`` to ``until`` (inclusive, either open), oldest first."""
    events = sorted(_checked(catalog, reviewed), key=lambda e: (e[0], e[1]["title"]))
    chosen = [(day, row) for day, row in events
              if (since is None or day >= since) and (until is None or day <= until)]
    if not chosen:
        raise WatchError(f"{page_uri}: event_list() found no event in data/events.csv between "
                         f"{since or 'the start'} and {until or 'the end'}")
    return "\n".join(_item(catalog, page_uri, *e) for e in chosen) + "\n"


def watch_list(catalog: Catalog, page_uri: str, reviewed: date, latest: int = LATEST) -> str:
    """The three dated lists as Markdown, in the page's language."""
    t = translator(locale_of(page_uri))
    events = _checked(catalog, reviewed)

    def item(day: date, row: dict[str, str]) -> str:
        return _item(catalog, page_uri, day, row, tagged=False)

    def by_status(status: str) -> list[tuple[date, dict[str, str]]]:
        return [(day, row) for day, row in events if row["status"] == status]

    coming = sorted(by_status("scheduled"), key=lambda e: e[0])
    unknown = sorted(by_status("outcome unknown"), key=lambda e: e[0], reverse=True)
    happened = sorted(by_status("happened"), key=lambda e: e[0], reverse=True)[:latest]
    parts = [f"**{t('Coming up')}**", ""]
    parts += [item(*e) for e in coming] or [t("Nothing is scheduled in the data after this "
                                              "page's review date.")]
    if unknown:
        parts += ["", f"**{t('Deadlines passed, outcome not confirmed')}**", ""]
        parts += [item(*e) for e in unknown]
    parts += ["", f"**{t('Latest confirmed developments')}**", ""]
    parts += [item(*e) for e in happened]
    return "\n".join(parts) + "\n"
