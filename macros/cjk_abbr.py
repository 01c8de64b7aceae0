"""Abbreviation tooltips that also work in Chinese text (a drop-in for Markdown's ``abbr``).

Markdown's ``abbr`` finds a term only between word boundaries (``\\b``). Chinese has no spaces,
and to a regular expression every Chinese character is a word character, so a Chinese term
inside a sentence (关键矿产 in 美国的关键矿产政策) never matches, nor does a Latin acronym
written against Chinese text (美国DoD). Here a term matches wherever it is not part of a longer
Latin word or number: the same as ``abbr`` for English pages.

A term gets its tooltip once per page, at its first occurrence (the forms of one term share a
tooltip text, so 美国地质调查局 and USGS count as one): later occurrences stay plain text.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor

NOT_LATIN_WORD_BEFORE = r"(?<![A-Za-z0-9_])"
NOT_LATIN_WORD_AFTER = r"(?![A-Za-z0-9_])"


class CjkAbbrTreeprocessor(AbbrTreeprocessor):
    """``abbr``'s tree processor with boundaries that only Latin letters and digits make."""

    def run(self, root: Any) -> None:
        """Wrap every known term in an ``<abbr>`` (longest terms first)."""
        if not self.abbrs:
            return
        terms = sorted(self.abbrs, key=len, reverse=True)
        alternatives = "|".join(re.escape(term) for term in terms)
        self.RE = re.compile(f"{NOT_LATIN_WORD_BEFORE}(?:{alternatives}){NOT_LATIN_WORD_AFTER}")
        self.iter_element(root)
        self.keep_first_of_each(root)

    @staticmethod
    def keep_first_of_each(root: Any) -> None:
        """Unwrap every ``<abbr>`` whose tooltip an earlier one in document order already has."""
        parents = {child: parent for parent in root.iter() for child in parent}
        seen: set[str] = set()
        for abbr in list(root.iter("abbr")):
            title = abbr.get("title", "")
            if title not in seen:
                seen.add(title)
                continue
            parent = parents[abbr]
            index = list(parent).index(abbr)
            text = (abbr.text or "") + (abbr.tail or "")
            if index:
                previous = parent[index - 1]
                previous.tail = (previous.tail or "") + text
            else:
                parent.text = (parent.text or "") + text
            parent.remove(abbr)


class CjkAbbrExtension(AbbrExtension):
    """Markdown's ``abbr`` extension with CJK-aware matching."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        """Register ``abbr`` as usual, then replace its tree processor."""
        super().extendMarkdown(md)
        md.treeprocessors.register(CjkAbbrTreeprocessor(md, self.abbrs), "abbr", 7)

