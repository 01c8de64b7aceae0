"""Charts drawn ahead, in a second process, when a build finds many figures missing from .cache/.

A cold build draws every figure with vl-convert: static SVG, Vega for the live chart, PNG. The
build itself draws them in the order its pages ask for them, the default language first. Once it
has met PREFETCH_AFTER missing figures (macros/figure.py), this module starts one worker process
that draws every registered chart in the opposite order (last language first, registry order
reversed) into the same content-keyed cache: each side then finds half its work done by the
other. Nothing depends on the worker: it only fills the cache, every entry written atomically,
and a chart it fails on is simply drawn (and its error reported) by the build.

The worker is stopped when the build ends (:func:`stop`, macros/hooks.py ``on_post_build``).
Like macros/png_jobs.py, this module is spared by the per-build re-import of macros/, so the
worker started in the English half of a build is still known in the Chinese half.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

PREFETCH_AFTER = 3  # missing figures in one build; a CSV edit under `make serve` misses 1-2
_worker: Any = None  # the running multiprocessing.Process, if any
_in_worker = False  # True inside the worker (it must not start workers of its own)


def start(locale: str) -> None:
    """Start the worker for ``locale`` and the languages built after it, unless one runs."""
    global _worker
    if _in_worker or (_worker is not None and _worker.is_alive()):
        return
    from macros.i18n import LOCALES

    only = os.environ.get("SITE_ONLY_LOCALE")  # mkdocs.yml: a build of one language
    locales = [lang for lang in LOCALES[LOCALES.index(locale):] if not only or lang == only]
    # A fresh interpreter rather than a fork: this process runs vl-convert's threads.
    context = multiprocessing.get_context("spawn")
    _worker = context.Process(target=_draw_all, args=(locales,), daemon=True,
                              name="chart-prefetch")
    _worker.start()


def stop() -> None:
    """End the worker (whatever it was drawing is not needed any more); remove the partial
    cache file it may have been writing."""
    global _worker
    if _worker is None:
        return
    worker, _worker = _worker, None
    worker.terminate()
    worker.join()
    from macros.bundle import CACHE

    for partial in CACHE.glob(f"*.{worker.pid}-*.partial"):  # see bundle.store
        partial.unlink(missing_ok=True)


def _draw_all(locales: list[str]) -> None:
    """In the worker: draw every registered chart in every language, in the reverse order."""
    global _in_worker
    _in_worker = True
    from macros import charts, png_jobs
    from macros.figure import draw_ahead

    png_jobs.render_inline = True  # a daemon process may not start processes of its own
    for locale in reversed(locales):
        for chart in reversed(charts.all_charts()):
            try:
                draw_ahead(chart.id, locale)
            except Exception:  # noqa: BLE001, S112 - the build draws this chart and reports it
                continue

