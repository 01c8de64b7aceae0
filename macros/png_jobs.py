"""PNG downloads rendered in a second process while the build goes on.

Turning a chart's download SVG into a PNG (vl-convert's resvg, every label set in real fonts) takes
0.2-2 s per chart and holds Python's global lock, so a thread would not help: the renderings run
in one worker process, on the machine's other core, while this one draws the next charts and
converts pages. A PNG is written straight into the build cache (atomically); copies into the
site wait for it (:func:`copy_when_done`) until :func:`finish` (macros/hooks.py,
``on_post_build``) has waited for all of them.

Every build imports the ``macros`` package afresh (macros/hooks.py), but spares this module:
renderings started by the English half of a build are still in flight when the Chinese half
runs. It therefore holds no state derived from project files, only the worker and its jobs.
"""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

_pool: ProcessPoolExecutor | None = None
_jobs: dict[Path, Future[None]] = {}  # cache file -> its rendering, until finish() has seen it
_copies: list[tuple[Path, Path]] = []  # (cache file, site file) waiting for a rendering


def start(svg_text: str, target: Path, scale: int) -> None:
    """Render ``svg_text`` at ``scale`` into ``target`` in the background, unless it is there or
    under way."""
    global _pool
    if target.exists() or target in _jobs:
        return
    if _pool is None:
        # A fresh interpreter rather than a fork: this process may already run vl-convert's
        # threads, which a fork would copy in an unknown state.
        _pool = ProcessPoolExecutor(max_workers=1,
                                    mp_context=multiprocessing.get_context("spawn"))
    _jobs[target] = _pool.submit(_render, svg_text, target, scale)


def copy_when_done(source: Path, target: Path) -> None:
    """Copy a cache file into the site now, or after its rendering (by :func:`finish`)."""
    if source in _jobs:
        _copies.append((source, target))
    else:
        _copy(source, target)


def finish() -> None:
    """Wait for every rendering started so far, then make the copies that waited for them;
    raise the first rendering that failed."""
    jobs = list(_jobs.items())
    _jobs.clear()
    for source, job in jobs:
        try:
            job.result()
        except Exception as error:
            raise RuntimeError(f"rendering the PNG download {source.name} failed: "
                               f"{type(error).__name__}: {error}") from error
    copies = list(_copies)
    _copies.clear()
    for source, target in copies:
        _copy(source, target)


def _copy(source: Path, target: Path) -> None:
    """Copy a file, making its folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _render(svg_text: str, target: Path, scale: int) -> None:
    """In the worker: render and store the PNG."""
    import vl_convert as vlc

    from macros import fonts
    from macros.render_cache import store

    fonts.register()
    store(target, vlc.svg_to_png(svg_text, scale=scale))
