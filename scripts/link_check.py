"""Which cited sources are dead: ``make link-check`` (weekly in .github/workflows/links.yml).

Every URL cited in the pages, data/datapackage.yaml and the CSVs is put on one local page, served
from 127.0.0.1, and LinkChecker (a maintained link checker, pinned in requirements.txt) checks
each link on it. The result is Markdown (to $GITHUB_STEP_SUMMARY when set, else to standard
output, and to ``--out`` if given): every URL that failed, why, and where it is cited. Dead links
are reported, never fatal: the exit status is 0 unless the checker itself could not run, and the
number of dead links goes to $GITHUB_OUTPUT as ``dead=N`` for the workflow's issue step.
"""

from __future__ import annotations

import argparse
import csv
import functools
import html
import io
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros.source_policy import cited_urls  # noqa: E402  (after the path is set)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Stay quiet."""


def link_page(urls: list[str]) -> str:
    """One HTML page linking every URL."""
    items = "\n".join(f'<li><a href="{html.escape(u, quote=True)}">{html.escape(u)}</a></li>'
                      for u in urls)
    return f"<!doctype html><html><head><title>Cited sources</title></head><body><ul>\n{items}" \
           "\n</ul></body></html>\n"


def run_linkchecker(start: str, timeout: int) -> list[dict[str, str]]:
    """LinkChecker's CSV rows for the start page and every link on it."""
    linkchecker = Path(sys.executable).with_name("linkchecker")
    done = subprocess.run(
        [str(linkchecker), "--check-extern", "--recursion-level=1", "--no-status",
         "--no-warnings", f"--timeout={timeout}", "--threads=4", "--output=csv", start],
        capture_output=True, text=True, timeout=3600)
    if done.returncode not in (0, 1):  # 1: some links are broken
        raise RuntimeError(f"linkchecker exited {done.returncode}: {done.stderr[-2000:]}")
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def check(project: Path, timeout: int) -> tuple[int, list[tuple[str, str, list[str]]]]:
    """(URLs checked, [(dead URL, why, where cited)])."""
    cited = cited_urls(project / "docs", project / "data")
    urls = sorted(cited)
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "index.html").write_text(link_page(urls), encoding="utf-8")
        handler = functools.partial(_Quiet, directory=folder)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            start = f"http://127.0.0.1:{server.server_address[1]}/index.html"
            rows = run_linkchecker(start, timeout)
        finally:
            server.shutdown()
            server.server_close()
    dead = []
    for row in rows:
        url = row.get("urlname", "")
        if url in cited and row.get("valid", "").lower() not in ("true", "1"):
            why = " ".join(row.get("result", "").split()) or "failed"
            dead.append((url, why[:160], cited[url]))
    return len(urls), sorted(dead)


def report(checked: int, dead: list[tuple[str, str, list[str]]]) -> str:
    """The Markdown report."""
    lines = ["## Cited sources: link check", "",
             f"{checked} URLs checked; {len(dead)} did not answer with a page."]
    if dead:
        lines += ["", "| URL | Result | Cited in |", "|---|---|---|"]
        lines += [f"| <{url}> | {why.replace('|', '/')} | {', '.join(f'`{w}`' for w in where)} |"
                  for url, why, where in dead]
        lines += ["", "Replace each dead link with the publisher's current page, or with an "
                      "archived copy of the original, and say so in the note."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Check, then write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="project to check")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    parser.add_argument("--timeout", type=int, default=30, help="seconds per link")
    args = parser.parse_args(argv)
    try:
        checked, dead = check(args.project, args.timeout)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"link-check: could not run the link checker: {error}", file=sys.stderr)
        return 2
    text = report(checked, dead)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
            out.write(f"dead={len(dead)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
