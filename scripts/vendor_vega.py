"""`make vega-runtime`: write the live charts' Vega runtime to docs/assets/javascripts/vega.js.

Run it after upgrading vl-convert-python (the build says so when the file no longer fits the Vega
version that charts are compiled for), then commit the file. Bundling takes vl-convert several
seconds, which is why builds do not do it (macros/vega_runtime.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project's macros package
from macros import vega_runtime  # noqa: E402
from macros.paths import PROJECT_ROOT  # noqa: E402


def main() -> None:
    """Bundle the runtime and write it where the build publishes it from."""
    target = PROJECT_ROOT / "docs" / vega_runtime.RUNTIME_SOURCE
    target.write_bytes(vega_runtime.make_runtime())
    print(f"wrote {target.relative_to(PROJECT_ROOT)} ({target.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
