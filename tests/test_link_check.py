"""``make link-check``: LinkChecker finds dead cited sources, checked against local servers only.

A tiny project cites three URLs on 127.0.0.1: a page that exists, one that answers 404 and a port
where nothing listens. No request leaves the machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, SiteServer

pytestmark = pytest.mark.slow  # LinkChecker starts in a process of its own


def closed_port() -> int:
    """A local port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_dead_sources_are_reported_with_where_they_are_cited(tmp_path: Path) -> None:
    served = tmp_path / "sources"
    served.mkdir()
    (served / "report.html").write_text("<title>A report</title>", encoding="utf-8")
    with SiteServer(served) as sources:
        project = tmp_path / "project"
        (project / "docs").mkdir(parents=True)
        (project / "data").mkdir()
        good = f"{sources.origin}/report.html"
        missing = f"{sources.origin}/qa-missing.html"
        refused = f"http://127.0.0.1:{closed_port()}/gone"
        (project / "docs/page.md").write_text(
            f"# Page\n\nA.[^a] B.[^b]\n\n[^a]: <{good}>\n[^b]: <{missing}>\n", encoding="utf-8")
        (project / "data/events.csv").write_text(f"date,source_url\n2025-01-01,{refused}\n",
                                                 encoding="utf-8")
        out = tmp_path / "report.md"
        env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
        env["GITHUB_OUTPUT"] = str(tmp_path / "github-output")
        done = subprocess.run([sys.executable, str(ROOT / "scripts/link_check.py"),
                               "--project", str(project), "--out", str(out), "--timeout", "5"],
                              capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr  # dead links are reported, never fatal
    report = out.read_text(encoding="utf-8")
    assert report == done.stdout
    assert "3 URLs checked; 2 did not answer with a page." in report
    [row404] = [line for line in report.splitlines() if line.startswith(f"| <{missing}>")]
    assert "404" in row404 and "`page.md:6`" in row404
    [row_refused] = [line for line in report.splitlines() if line.startswith(f"| <{refused}>")]
    assert "`events.csv:2`" in row_refused
    assert f"<{good}>" not in report
    assert (tmp_path / "github-output").read_text(encoding="utf-8") == "dead=2\n"


