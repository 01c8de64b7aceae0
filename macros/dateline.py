"""The dateline under every page title: when the page was last reviewed, the period it covers
and how long it takes to read.

A page says the first two in its front matter; the third is counted from its prose::

    ---
    description: ...
    reviewed: 2026-12-04            # required: the day the page was last checked against sources
    covers: "Nov 2025 – Dec 2026"   # optional: the period the page describes, as readers say it
    ---

Reading time counts prose only: not the front matter, footnote definitions, glossary lines,
unrendered macro calls, HTML tags or link targets (macros/dateline_hooks.py counts the page
after the macros have run, so what they generate is read too). English is read at 228 words a
minute and Chinese at 255 characters a minute, the mean silent reading speeds that the IReST
study measured for the two languages (Trauzettel-Klosinski et al., "Standardized assessment of
reading performance", Investigative Ophthalmology & Visual Science 53(9), 2012). Latin-script
words inside a Chinese page count as English words.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from datetime import date

WORDS_PER_MINUTE = 228        # English, IReST
CJK_CHARACTERS_PER_MINUTE = 255  # Chinese, IReST

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:.*(?:\n(?: {4}|\t).*)*", re.MULTILINE)
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:.*$", re.MULTILINE)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{##.*?##\}", re.DOTALL)
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]]+\]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_AUTOLINK = re.compile(r"<https?://[^>]*>")
_HTML_TAG = re.compile(r"<[^>]+>")
_ATTRIBUTE_LIST = re.compile(r"\{:?\s*[#.][^}]*\}")
# Han ideographs (with extension A and compatibility forms), kana, Hangul syllables.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.,-][A-Za-z0-9]+)*")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# The dateline's words per language: reviewed date, period covered, reading time.
LABELS = {
    "en": {"reviewed": "Reviewed", "covers": "Covers", "minutes": "{n} min read"},
    "zh": {"reviewed": "审阅于", "covers": "涵盖", "minutes": "阅读约{n}分钟"},
}


class DatelineError(ValueError):
    """A page's front matter cannot give its dateline; the message names the page and the fix."""


@dataclass(frozen=True)
class Dateline:
    """What the dateline shows for one page."""

    reviewed: date
    covers: str
    minutes: int


def prose(markdown: str) -> str:
    """The text a reader reads: Markdown without code, footnote definitions, glossary lines,
    macro calls, footnote markers, link targets and HTML tags."""
    text = _FENCE.sub(" ", markdown)
    for pattern in (_FOOTNOTE_DEFINITION, _ABBREVIATION, _JINJA, _FOOTNOTE_REFERENCE,
                    _AUTOLINK, _HTML_TAG, _ATTRIBUTE_LIST):
        text = pattern.sub(" ", text)
    return _LINK_TARGET.sub("] ", text)


def count(markdown: str) -> tuple[int, int]:
    """(Latin-script words, CJK characters) in a page's prose."""
    text = prose(markdown)
    characters = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return words, characters


def reading_minutes(markdown: str) -> int:
    """Minutes to read a page's prose, rounded up, at least one."""
    words, characters = count(markdown)
    minutes = words / WORDS_PER_MINUTE + characters / CJK_CHARACTERS_PER_MINUTE
    return max(1, math.ceil(minutes))


def dateline(meta: dict[str, object], markdown: str, page: str, today: date) -> Dateline:
    """The page's dateline from its front matter and prose; a missing or malformed ``reviewed``
    (or one later than ``today``) or a malformed ``covers`` raises DatelineError naming ``page``."""
    reviewed = meta.get("reviewed")
    example = f"add 'reviewed: {today.isoformat()}' (the day you last checked the page against " \
              "its sources) to the front matter at the top of the page"
    if reviewed is None:
        raise DatelineError(f"{page}: the page has no 'reviewed:' date. Fix: {example}")
    if not isinstance(reviewed, date):
        raise DatelineError(f"{page}: 'reviewed: {reviewed}' is not a date written YYYY-MM-DD. "
                            f"Fix: {example}")
    if reviewed > today:
        raise DatelineError(f"{page}: 'reviewed: {reviewed.isoformat()}' is in the future. "
                            "Fix: give the day the page was actually reviewed")
    covers = meta.get("covers", "")
    if not isinstance(covers, str):
        raise DatelineError(f"{page}: 'covers:' must be text in quotes, for example "
                            "covers: \"Nov 2025 – Dec 2026\"")
    return Dateline(reviewed, covers.strip(), reading_minutes(markdown))


def format_date(day: date, locale: str) -> str:
    """'4 December 2026' in English, '2026年12月4日' in Chinese."""
    if locale == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def render(line: Dateline, locale: str) -> str:
    """The dateline as HTML (a paragraph of items; the stylesheet draws the separators)."""
    words = LABELS.get(locale, LABELS["en"])
    items = [f'{words["reviewed"]} <time datetime="{line.reviewed.isoformat()}">'
             f'{format_date(line.reviewed, locale)}</time>']
    if line.covers:
        items.append(f'{words["covers"]} {html.escape(line.covers)}')
    items.append(words["minutes"].format(n=line.minutes))
    spans = "".join(f'<span class="cm-dateline__item">{item}</span>' for item in items)
    return f'<p class="cm-dateline">{spans}</p>'
