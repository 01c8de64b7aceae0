"""The site's glossary: docs/.snippets/abbreviations.md and its Chinese edition.

Each line defines one term, in Markdown's abbreviation syntax::

    *[USGS]: United States Geological Survey, publisher of the annual Mineral Commodity Summaries

A line of a translated glossary may name its headword, then the English term it translates (the
key that pairs it with the English glossary), then other forms the pages use, all of them
matched as tooltips::

    *[美国地质调查局 | USGS]: 发布年度《矿产品概要》

Such a term's tooltip is its label (美国地质调查局（USGS）) and its meaning, whichever form the
text uses; a plain line's tooltip is its meaning, as in the English glossary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from macros.i18n import DEFAULT, abbreviations_file

LINE = re.compile(r"^\*\[(?P<forms>[^\]]+)\]:\s*(?P<meaning>.+)$")


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    headword: str
    english: str  # the English glossary's term this entry translates (its headword in English)
    aliases: tuple[str, ...]
    meaning: str

    @property
    def label(self) -> str:
        """The headword, with the English term beside it when they differ."""
        return self.headword if self.english == self.headword else \
            f"{self.headword}（{self.english}）"

    @property
    def tooltip(self) -> str:
        """The tooltip on every form of the term."""
        return self.meaning if self.english == self.headword else f"{self.label}：{self.meaning}"

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling the pages may use, headword first."""
        return tuple(dict.fromkeys((self.headword, self.english, *self.aliases)))


def terms(path: Path) -> list[Term]:
    """The entries of a glossary file, in file order."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        if match:
            headword, *others = (form.strip() for form in match["forms"].split("|"))
            english = others[0] if others else headword
            entries.append(Term(headword, english, tuple(others[1:]), match["meaning"].strip()))
    return entries


def sort_key(locale: str) -> Callable[[Term], object]:
    """Alphabetical order in English; pinyin order (Latin headwords among them) in Chinese."""
    if locale == "zh":
        from pypinyin import Style, lazy_pinyin

        return lambda term: ([s.lower() for s in lazy_pinyin(term.headword, style=Style.TONE3)],
                             term.headword)
    return lambda term: term.headword.lower()


def glossary_markdown(docs_dir: str | Path, locale: str = DEFAULT) -> str:
    """The glossary of ``locale`` as a Markdown definition list, each term once."""
    entries = sorted(terms(abbreviations_file(docs_dir, locale)), key=sort_key(locale))
    return "\n\n".join(f"{term.label}\n:   {term.meaning}" for term in entries)


def abbreviation_definitions(path: Path) -> str:
    """The glossary as Markdown abbreviation definitions, one per form of each term.

    One definition per block: Markdown tests every block against each block processor before
    the abbreviation one takes a single line off it, so one block of n lines costs n searches
    of the whole block per processor (about 2 s of a whole build).
    """
    return "\n\n".join(f"*[{form}]: {term.tooltip}" for term in terms(path)
                         for form in term.forms)
