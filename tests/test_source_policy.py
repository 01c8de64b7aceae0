"""The source policy (source-policy.yaml): no citation may point at a listed host.

The checks run on small files written here (fast); the project's own pages and data are checked
once as they are. The end-to-end build that a listed host stops is in tests/test_bad_input.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macros import source_policy
from macros.source_policy import Rule, load_rules, rule_for
from tests.sitebuild import ROOT

POLICY = """
kinds:
  forum: posts by anyone
  syndicated copy: a copy of an agency story
hosts:
  - {host: reddit.com, kind: forum, instead: the page the post links to}
  - {host: zawya.com, kind: syndicated copy, instead: the agency story}
pending:
  - {host: tradingkey.com, kind: syndicated copy, instead: the Reuters story}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tiny project: a policy, one page, a descriptor and a CSV, all clean."""
    (tmp_path / "source-policy.yaml").write_text(POLICY, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/page.md").write_text(
        "# A page\n\nA claim.[^a]\n\n[^a]: Reuters, \"A story\". <https://www.reuters.com/x>\n",
        encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data/datapackage.yaml").write_text(
        "resources:\n- name: prices\n  path: prices.csv\n  sources:\n"
        "  - path: https://pubs.usgs.gov/a.pdf\n", encoding="utf-8")
    (tmp_path / "data/prices.csv").write_text(
        "year,note,source_url\n2025,\"a, b\",https://www.iea.org/x\n", encoding="utf-8")
    return tmp_path


def check(project: Path, section: str = "hosts") -> list:
    """The policy's problems in the tiny project."""
    return source_policy.check_project(project / "docs", project / "data",
                                       project / "source-policy.yaml", section=section)


def test_a_clean_project_passes(project: Path) -> None:
    assert check(project) == []


def test_a_listed_host_in_a_footnote_names_the_page_the_line_and_the_url(project: Path) -> None:
    page = project / "docs/page.md"
    page.write_text(page.read_text(encoding="utf-8") +
                    "[^b]: A forum post. <https://old.reddit.com/r/x/comments/1>.\n",
                    encoding="utf-8")
    [problem] = check(project)
    text = str(problem)
    assert problem.file.endswith("page.md") and problem.line == 6
    assert problem.offset == len("[^b]: A forum post. <") + 1
    assert "https://old.reddit.com/r/x/comments/1" in text  # the trailing "." is not the URL's
    assert "reddit.com is a forum" in text and "Fix: cite the page the post links to" in text


def test_a_link_in_the_text_is_checked_too(project: Path) -> None:
    (project / "docs/other.md").write_text("# Other\n\nSee [this](https://www.zawya.com/a).\n",
                                           encoding="utf-8")
    [problem] = check(project)
    assert problem.file.endswith("other.md") and problem.line == 3
    assert "zawya.com is a syndicated copy" in str(problem)


def test_a_listed_host_in_a_csv_names_the_line_and_the_column(project: Path) -> None:
    table = project / "data/prices.csv"
    table.write_text(table.read_text(encoding="utf-8") +
                     "2024,\"c, d\",https://www.zawya.com/en/story\n", encoding="utf-8")
    [problem] = check(project)
    assert str(problem).startswith("prices.csv, line 3, column 'source_url': cites "
                                   "https://www.zawya.com/en/story")
    assert problem.offset == len('2024,"c, d",') + 1


def test_a_listed_host_in_the_descriptor_names_the_data_set(project: Path) -> None:
    descriptor = project / "data/datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8") +
                          "  - path: https://zawya.com/copy\n", encoding="utf-8")
    [problem] = check(project)
    assert problem.file.endswith("datapackage.yaml") and problem.line == 6
    assert "data set 'prices' cites https://zawya.com/copy" in str(problem)


def test_subdomains_match_but_look_alike_hosts_do_not() -> None:
    rules = [Rule("reddit.com", "forum", "x")]
    assert rule_for("https://www.reddit.com/r/a", rules)
    assert rule_for("http://REDDIT.com./a", rules)
    assert rule_for("https://notreddit.com/a", rules) is None
    assert rule_for("https://reddit.com.example.org/a", rules) is None


def test_pending_hosts_are_listed_apart_and_do_not_fail(project: Path) -> None:
    page = project / "docs/page.md"
    page.write_text(page.read_text(encoding="utf-8") + "<https://www.tradingkey.com/n/1>\n",
                    encoding="utf-8")
    assert check(project) == []
    [pending] = check(project, section="pending")
    assert "tradingkey.com" in str(pending)


@pytest.mark.parametrize(("entry", "says"), [
    ("{host: https://reddit.com/x, kind: forum, instead: y}", "not a bare host name"),
    ("{host: www.reddit.com, kind: forum, instead: y}", "not a bare host name"),
    ("{host: reddit.com, kind: blog, instead: y}", "kind 'blog' is not one of: forum"),
    ("{host: reddit.com, kind: forum}", "instead"),
])
def test_a_mistake_in_the_list_itself_is_reported(tmp_path: Path, entry: str, says: str) -> None:
    policy = tmp_path / "source-policy.yaml"
    policy.write_text(f"kinds:\n  forum: posts\nhosts:\n  - {entry}\n", encoding="utf-8")
    rules, problems = load_rules(policy)
    assert rules == [] and len(problems) == 1
    assert "entry 1 of `hosts`" in str(problems[0]) and says in str(problems[0])


def test_the_project_list_is_well_formed_and_the_project_follows_it() -> None:
    rules, problems = load_rules()
    pending, pending_problems = load_rules(section="pending")
    assert not problems + pending_problems, "\n".join(map(str, problems + pending_problems))
    assert len(rules) >= 20
    hosts = [r.host for r in rules + pending]
    assert len(hosts) == len(set(hosts)), "a host is listed twice in source-policy.yaml"
    found = source_policy.check_project(ROOT / "docs")
    assert not found, source_policy.report(found)
