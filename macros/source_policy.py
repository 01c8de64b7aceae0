"""The source policy: no citation may point at a host listed in source-policy.yaml.

Every URL in the pages (docs/**/*.md), in data/datapackage.yaml and in the CSV files of data/ is
checked; each hit becomes a Problem naming the file, the line, the URL and what to cite instead
(for a CSV: the column too; for the descriptor: the data set). The list itself is checked too, so
a typo in it is reported rather than silently matching nothing.

The build runs it before any page renders (macros/precheck.py).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from macros.paths import DATA_DIR, PROJECT_ROOT, relative
from macros.validate import Problem

POLICY_FILE = PROJECT_ROOT / "source-policy.yaml"
URL = re.compile(r"https?://[^\s<>()\[\]{}\"'`|\\^]+", re.IGNORECASE)
HOST = re.compile(r"^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
RESOURCE_LINE = re.compile(r"^- name:\s*(\S+)")  # a resource under `resources:` (block style)


@dataclass(frozen=True)
class Rule:
    """One listed host and why it is never a source."""

    host: str
    kind: str
    instead: str

    def matches(self, host: str) -> bool:
        """The host itself or one of its subdomains."""
        return host == self.host or host.endswith("." + self.host)


def load_rules(path: Path = POLICY_FILE, section: str = "hosts"
               ) -> tuple[list[Rule], list[Problem]]:
    """The hosts listed under ``section``, and what is wrong with the list itself."""
    name = relative(path)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where installed
        policy = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, yaml.YAMLError) as error:
        return [], [Problem(name, f"cannot be read: {error}".replace("\n", " "),
                            "restore source-policy.yaml from the repository")]
    kinds = policy.get("kinds") or {}
    rules, problems = [], []
    for number, entry in enumerate(policy.get(section) or [], start=1):
        entry = entry if isinstance(entry, dict) else {"host": entry}
        host = str(entry.get("host", "")).lower()
        wrong = ("host is not a bare host name (no scheme, path or 'www.')"
                 if not HOST.match(host) or host.startswith("www.") else
                 f"kind '{entry.get('kind')}' is not one of: {', '.join(kinds)}"
                 if entry.get("kind") not in kinds else
                 "it does not say what to cite `instead`" if not entry.get("instead") else "")
        if wrong:
            problems.append(Problem(name, f"entry {number} of `{section}`: {wrong}",
                                    "write {host: example.com, kind: <a kind listed under "
                                    "`kinds`>, instead: <what to cite>}", value=host or None))
        else:
            rules.append(Rule(host, entry["kind"], entry["instead"]))
    return rules, problems


def rule_for(url: str, rules: list[Rule]) -> Rule | None:
    """The rule a URL breaks, if any."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:  # not a URL after all (e.g. "http://[" in prose)
        return None
    return next((rule for rule in rules if rule.matches(host)), None)


def urls_in(line: str) -> list[tuple[int, str]]:
    """(1-based column, URL) of every http(s) URL in a line; trailing punctuation is dropped."""
    return [(match.start() + 1, match.group(0).rstrip(".,;:!?*_~"))
            for match in URL.finditer(line)]


def _problem(file: str, rule: Rule, url: str, line: int, col: int, column: str | None = None,
             where: str = "") -> Problem:
    article = "an" if rule.kind[0] in "aeiou" else "a"
    return Problem(file, f"{where}cites {url}: {rule.host} is {article} {rule.kind}, never "
                   "acceptable as a source (source-policy.yaml)",
                   f"cite {rule.instead} instead", line=line, column=column, offset=col)


def check_markdown(path: Path, rules: list[Rule]) -> list[Problem]:
    """Listed hosts cited anywhere in one Markdown page (footnotes, links, plain URLs)."""
    name = relative(path)
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if "://" not in line:
            continue
        for col, url in urls_in(line):
            rule = rule_for(url, rules)
            if rule:
                problems.append(_problem(name, rule, url, number, col))
    return problems


def check_descriptor_text(path: Path, rules: list[Rule]) -> list[Problem]:
    """Listed hosts in data/datapackage.yaml (sources, notes), naming the data set."""
    name = relative(path)
    problems = []
    resource = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        found = RESOURCE_LINE.match(line)
        resource = found.group(1) if found else resource
        if "://" not in line:
            continue
        for col, url in urls_in(line):
            rule = rule_for(url, rules)
            if rule:
                where = f"data set '{resource}' " if resource else ""
                problems.append(_problem(name, rule, url, number, col, where=where))
    return problems


def check_csv(path: Path, rules: list[Rule]) -> list[Problem]:
    """Listed hosts in any cell of one CSV file, naming the line and the column.

    Only lines holding a URL are parsed (a cell never spans two lines: see macros/validate.py),
    so large derived tables cost little.
    """
    name = relative(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []  # the data validation reports an unreadable file
    header = next(csv.reader(lines[:1]), [])
    problems = []
    for number, line in enumerate(lines[1:], start=2):
        if "://" not in line:
            continue
        for index, cell in enumerate(next(csv.reader([line]), [])):
            for _, url in urls_in(cell):
                rule = rule_for(url, rules)
                if rule:
                    column = header[index] if index < len(header) else None
                    problems.append(_problem(name, rule, url, number, line.find(url) + 1 or 1,
                                             column=column))
    return problems


def check_project(docs_dir: Path, data_dir: Path = DATA_DIR, policy: Path = POLICY_FILE,
                  section: str = "hosts") -> list[Problem]:
    """Every problem the source policy finds in the pages and the data package.

    ``section="pending"``: citations of hosts listed as pending (still cited while the pages
    are rewritten), which the build reports without failing.
    """
    rules, problems = load_rules(policy, section)
    for page in sorted(docs_dir.rglob("*.md")):
        problems += check_markdown(page, rules)
    descriptor = data_dir / "datapackage.yaml"
    if descriptor.is_file():
        problems += check_descriptor_text(descriptor, rules)
    for table in sorted(data_dir.glob("*.csv")):
        problems += check_csv(table, rules)
    return problems


def cited_urls(docs_dir: Path, data_dir: Path = DATA_DIR) -> dict[str, list[str]]:
    """Every URL cited in the pages, the descriptor and the CSVs, with where ("file:line")."""
    files = [*sorted(docs_dir.rglob("*.md")), data_dir / "datapackage.yaml",
             *sorted(data_dir.glob("*.csv"))]
    found: dict[str, list[str]] = {}
    for path in files:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for _, url in urls_in(line):
                found.setdefault(url, []).append(f"{relative(path)}:{number}")
    return found


def report(problems: list[Problem]) -> str:
    """The message a contributor reads when the policy is broken."""
    count = f"{len(problems)} citation{'s' if len(problems) != 1 else ''}"
    lines = "\n".join(f"  - {p}" for p in problems)
    return f"{count} break the source policy (source-policy.yaml):\n{lines}"
