"""Editorial measures of the English pages: prose length, facts told on several pages, stacks of
footnote markers and charts shown twice (issue 14's targets).

Run it to print the table:  .venv/bin/python -m tests.editorial
tests/test_editorial.py checks the counters and asserts the targets.

What counts as prose: the page without its front matter, footnote definitions, macro calls
({{ ... }}, {% ... %}), HTML tags, link targets and footnote markers. Headings, admonition titles
and table cells are prose. A "fact" is one of the lead's fact-homes items (NOTES.md), recognised
by the macro or the wording that states it; a page tells it if its text (footnote definitions
excluded) matches.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"

# Reference pages generated from data/ (their prose is a few lines of introduction).
NOT_CONTENT = {"data.md", "glossary.md"}

MAX_WORDS_PER_PAGE = 1400
MAX_WORDS_TOTAL = 7000
MAX_PAGES_PER_FACT = 2
MAX_PAGES_FOR_FLOOR = 3   # the NdPr floor may be headlined on index and market besides its home
STACK = 3                 # this many footnote markers in a row is a stack

# One entry per fact-homes item: the patterns that state it.
FACTS: dict[str, list[str]] = {
    "NdPr price floor": [r'key="ndpr_price_floor"', r"\$\s?110\b", r"110\s?(US\$|USD|dollars)"],
    "China's November 2026 deadlines": [r"1[0] November 2026", r"27 November 2026",
                                        r"2026-11-(10|27)"],
    "Section 232 deadline": [r"13 July 2026", r"2026-07-13"],
    "China's shares of mining/refining/magnets": [
        r'share\("rare_earth_production",\s*country="China"', r'column="china_share_pct"',
        r'key="iea_china_magnet_share"'],
    "Earlier booms (2010-11, lithium)": [r"Molycorp", r"2010[–-]11",
                                         r'key="china_export_quota_cut_h2_2010"'],
}
FLOOR = "NdPr price floor"

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:.*(?:\n(?: {4}|\t).*)*", re.M)
MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
MARKER = re.compile(r"\[\^[^\]]+\]")
MARKER_STACK = re.compile(r"(?:\[\^[^\]]+\]\s?){" + str(STACK) + ",}")
CHART = re.compile(r'chart\(\s*"([^"]+)"')
NO_SOURCE = re.compile(r"(this site|we) (found|could find) no (primary |independent )?source"
                       r"|no source (on|for)[^.]*was found", re.I)
WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F][\w'’.\-–]*")


@dataclass
class PageReport:
    """What the measures found on one page."""

    page: str
    words: int
    facts: set[str] = field(default_factory=set)
    stacks: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    no_source_phrases: int = 0
    long_paragraphs: int = 0


def body(markdown: str) -> str:
    """The page without front matter and footnote definitions."""
    return FOOTNOTE_DEF.sub("", FRONT_MATTER.sub("", markdown))


def prose(markdown: str) -> str:
    """The words a reader reads: body without macro calls, HTML, link targets, markers."""
    text = MACRO.sub(" ", body(markdown))
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)           # [label](target) -> [label]
    text = MARKER.sub(" ", text)
    text = re.sub(r"\{[#:.][^}]*\}", " ", text)         # attribute lists, heading ids
    text = re.sub(r"^(!!!|\?\?\?\+?)\s+\S+", " ", text, flags=re.M)  # admonition type
    return text


def count_words(markdown: str) -> int:
    """Words of prose (see prose())."""
    return len(WORD.findall(prose(markdown)))


def facts_told(markdown: str) -> set[str]:
    """The fact-homes items this page states."""
    text = body(markdown)
    return {name for name, patterns in FACTS.items()
            if any(re.search(p, text) for p in patterns)}


def paragraphs(markdown: str) -> list[str]:
    """Prose paragraphs (blocks separated by blank lines), without headings and list items."""
    blocks = re.split(r"\n\s*\n", prose(markdown))
    return [b for b in blocks if b.strip() and not b.lstrip().startswith(("#", "|", "- ", "*"))]


def measure(path: Path) -> PageReport:
    """All measures for one Markdown page."""
    text = path.read_text(encoding="utf-8")
    return PageReport(
        page=path.name,
        words=count_words(text),
        facts=facts_told(text),
        stacks=MARKER_STACK.findall(body(text)),
        charts=CHART.findall(body(text)),
        no_source_phrases=len(NO_SOURCE.findall(prose(text))),
        long_paragraphs=sum(len(WORD.findall(p)) > 100 for p in paragraphs(text)),
    )


def english_pages(docs: Path = DOCS) -> list[Path]:
    """The English content pages and the about page (not the generated reference pages)."""
    return sorted(p for p in docs.glob("*.md")
                  if p.name.count(".") == 1 and p.name not in NOT_CONTENT)


def pages_per_fact(reports: list[PageReport]) -> dict[str, list[str]]:
    """For each fact, the pages that tell it."""
    return {name: [r.page for r in reports if name in r.facts] for name in FACTS}


def charts_twice(reports: list[PageReport]) -> dict[str, int]:
    """Charts placed more than once in the edition, with how often."""
    counts = Counter(c for r in reports for c in r.charts)
    return {chart: n for chart, n in counts.items() if n > 1}


def table(reports: list[PageReport]) -> str:
    """The measures as a plain-text table."""
    lines = [f"{'page':<18}{'words':>7}{'stacks':>8}{'long ¶':>8}{'no-src':>8}  facts"]
    for r in reports:
        lines.append(f"{r.page:<18}{r.words:>7}{len(r.stacks):>8}{r.long_paragraphs:>8}"
                     f"{r.no_source_phrases:>8}  {', '.join(sorted(r.facts)) or '-'}")
    lines.append(f"{'total':<18}{sum(r.words for r in reports):>7}"
                 f"{sum(len(r.stacks) for r in reports):>8}")
    lines.append("")
    for name, pages in pages_per_fact(reports).items():
        lines.append(f"{name}: {len(pages)} pages ({', '.join(pages) or '-'})")
    twice = charts_twice(reports)
    lines.append("charts shown twice: " + (", ".join(f"{c} x{n}" for c, n in twice.items())
                                          or "none"))
    return "\n".join(lines)


def main() -> None:
    """Print the table for the English pages."""
    print(table([measure(p) for p in english_pages()]))


if __name__ == "__main__":
    main()
