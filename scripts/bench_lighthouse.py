"""Lighthouse for `make bench`: every page of both editions, as a reader on a phone gets it.

Lighthouse 12 (pinned in scripts/lighthouse/package-lock.json, installed by `make lighthouse` into
scripts/lighthouse/node_modules, never used by `make test`) runs its default mobile profile:
simulated slow 4G and a 4x slower CPU, on the machine's Chromium (headless). The built site is
served from 127.0.0.1 with gzip, as a web host would send it, because Lighthouse simulates the
network from the bytes that were really transferred.

Per page: performance score, largest contentful paint, total blocking time, cumulative layout
shift, accessibility score (with the failing audits), the number of DOM elements, and the
main-thread time of the chart scripts and of Material's bundle (what the blocking time is made
of). Timings on a shared machine are noisy (Lighthouse times the page's main-thread tasks as they
really ran, then scales them), so a page that misses a target is run again, up to ``runs``
times, and the run with the median performance score is reported.

Usage on its own: PORT=8765 RUNS=2 python scripts/bench_lighthouse.py SITE_DIR [PAGE ...]: a site
built with SITE_URL=http://127.0.0.1:8765/ (instant navigation and its prefetching need the
origin the site was built for); pages as site paths such as "market/", default every page.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # shared with the browser tests
from tests import sitebuild  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE_DIR = ROOT / "scripts" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt", ".map")
RUN_TIMEOUT = 180  # seconds for one Lighthouse run
# Audits that weigh nothing in either score and cost minutes on a busy machine (a screenshot of
# the whole page, a second navigation for the back/forward cache, source maps).
SKIPPED = "full-page-screenshot,bf-cache,screenshot-thumbnails,final-screenshot,valid-source-maps"
CHART_SCRIPT = re.compile(r"/(?:vega|charts)\.[0-9a-f]+\.js$")  # macros/hooks.py publishes them
THEME_SCRIPT = re.compile(r"/bundle\.[0-9a-f]+\.min\.js$")  # Material's

# The targets (every page, both languages).
TARGETS = {"performance": 90, "lcp_ms": 2500, "tbt_ms": 200, "cls": 0.0, "accessibility": 100}


@dataclass
class Result:
    """One Lighthouse run of one page (scores 0-100, times in ms)."""

    page: str
    performance: float
    accessibility: float
    lcp_ms: float
    tbt_ms: float
    cls: float
    fcp_ms: float
    dom_elements: int
    chart_js_ms: float = 0.0  # main-thread time of the chart scripts (charts.js, Vega) in the trace
    theme_js_ms: float = 0.0  # ... of Material's bundle
    failed_a11y: list[str] = field(default_factory=list)

    def misses(self) -> list[str]:
        """The targets this run does not meet."""
        missed = []
        if self.performance < TARGETS["performance"]:
            missed.append("performance")
        if self.lcp_ms > TARGETS["lcp_ms"]:
            missed.append("LCP")
        if self.tbt_ms > TARGETS["tbt_ms"]:
            missed.append("TBT")
        if self.cls > TARGETS["cls"]:
            missed.append("CLS")
        if self.accessibility < TARGETS["accessibility"]:
            missed.append("accessibility")
        return missed


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text gzipped (level 6, as web servers default to) when the client asks."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        """Stay quiet."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()) or \
                not self.path.split("?")[0].endswith(("/", *COMPRESSED)):
            return super().send_head()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """A response body for SimpleHTTPRequestHandler.do_GET (which copies it, then closes it)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        """Nothing to close."""


@functools.cache
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    """A file's bytes gzipped (cached per version of the file)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class GzipServer:
    """A threaded static server of ``directory`` on 127.0.0.1 (``port`` 0: chosen by the OS, so a
    build can use the origin before the server starts)."""

    def __init__(self, directory: Path, port: int = 0) -> None:
        handler = functools.partial(_GzipHandler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> GzipServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def chrome_path() -> str:
    """The machine's Chromium (CHROME_PATH, else the one the browser tests use)."""
    path = os.environ.get("CHROME_PATH") or sitebuild.chromium_path()
    if not path:
        raise RuntimeError("No Chromium found: run `make chromium` or set CHROME_PATH.")
    return path


def site_pages(site_dir: Path) -> list[str]:
    """Every page of a build as a site path ("" for home), 404 and search excluded."""
    return sitebuild.Site(root=site_dir, origin="").pages()


def run_once(url: str, page: str) -> Result:
    """One Lighthouse run (mobile defaults) of ``url``."""
    if not shutil.which("node"):
        raise RuntimeError("Lighthouse needs Node.js (Debian package nodejs)")
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE.relative_to(ROOT)} is missing: run `make lighthouse`")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": chrome_path()}
        done = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             "--only-categories=performance,accessibility", f"--skip-audits={SKIPPED}",
             f"--chrome-flags={CHROME_FLAGS}"],
            env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"lighthouse {url} failed: {done.stderr.strip()[-500:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url}: {data['runtimeError'].get('message')}")
    audits = data["audits"]
    a11y = data["categories"]["accessibility"]
    failed = [ref["id"] for ref in a11y["auditRefs"] if ref.get("weight")
              and audits[ref["id"]].get("score") not in (None, 1)]
    scripts = audits["bootup-time"].get("details", {}).get("items", [])
    return Result(page=page, performance=_score(data, "performance"),
                  accessibility=_score(data, "accessibility"),
                  lcp_ms=audits["largest-contentful-paint"]["numericValue"],
                  tbt_ms=audits["total-blocking-time"]["numericValue"],
                  cls=audits["cumulative-layout-shift"]["numericValue"],
                  fcp_ms=audits["first-contentful-paint"]["numericValue"],
                  dom_elements=int(audits["dom-size"].get("numericValue") or 0),
                  chart_js_ms=_script_ms(scripts, CHART_SCRIPT),
                  theme_js_ms=_script_ms(scripts, THEME_SCRIPT), failed_a11y=failed)


def _script_ms(items: list[dict[str, Any]], name: re.Pattern[str]) -> float:
    """Main-thread time (Lighthouse's "JavaScript execution time", simulated) of the scripts
    whose URL matches ``name``."""
    return sum(item.get("total", 0) for item in items if name.search(str(item.get("url"))))


def _score(data: dict[str, Any], category: str) -> float:
    """A category's score, 0-100."""
    return round((data["categories"][category]["score"] or 0) * 100)


def run_page(origin: str, page: str, runs: int) -> tuple[Result, list[Result]]:
    """Run one page until it meets every target or has had ``runs`` runs; return the run with
    the median performance score (the lower middle one of an even count), and all runs."""
    results: list[Result] = []
    while len(results) < max(runs, 1):
        results.append(run_once(f"{origin}/{page}", page))
        if not results[-1].misses():
            break
    ordered = sorted(results, key=lambda r: r.performance)
    return ordered[(len(ordered) - 1) // 2], results


def lighthouse_version() -> str:
    """The installed Lighthouse version."""
    package = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def row(result: Result, runs: list[Result]) -> str:
    """One page's figures for the table."""
    spread = ""
    if len(runs) > 1:
        spread = (f"; {len(runs)} runs: perf {'/'.join(f'{r.performance:.0f}' for r in runs)}, "
                  f"TBT {'/'.join(f'{r.tbt_ms:.0f}' for r in runs)} ms")
    a11y = f"{result.accessibility:.0f}"
    if result.failed_a11y:
        a11y += f" ({', '.join(result.failed_a11y)})"
    return (f"perf {result.performance:.0f}, LCP {result.lcp_ms / 1000:.2f} s, "
            f"TBT {result.tbt_ms:.0f} ms, CLS {result.cls:.3f}, a11y {a11y}, "
            f"FCP {result.fcp_ms / 1000:.2f} s, {result.dom_elements} DOM elements, "
            f"JS main thread: charts {result.chart_js_ms:.0f} ms, Material "
            f"{result.theme_js_ms:.0f} ms{spread}")


def main() -> int:
    """Serve a built site with gzip and print one line per page."""
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    site_dir = Path(sys.argv[1]).resolve()
    pages = sys.argv[2:] or site_pages(site_dir)
    print(f"Lighthouse {lighthouse_version()}, load {os.getloadavg()[0]:.2f}", flush=True)
    with GzipServer(site_dir, int(os.environ.get("PORT", "0"))) as server:
        for page in pages:
            result, runs = run_page(server.origin, page, runs=int(os.environ.get("RUNS", "1")))
            print(f"/{page}: {row(result, runs)}", flush=True)
    print(f"load {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
