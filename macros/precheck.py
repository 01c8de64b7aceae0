"""What runs before any page renders: the data package and the source policy.

The build calls ``run()`` from its ``on_pre_build`` hook; ``make check`` runs it alone first
(``python -m macros.precheck``), so a contributor sees a data or citation problem within a
second or two, before the build. On GitHub Actions every problem is also an annotation.
``python -m macros.precheck --pending`` lists the citations of hosts still pending in
source-policy.yaml.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from macros import annotate, source_policy
from macros.catalog import Catalog, DataError, load_catalog
from macros.paths import PROJECT_ROOT


class PrecheckError(Exception):
    """The data or the citations have problems; the message lists every one."""


def run(docs_dir: Path, load: Callable[[], Catalog] = load_catalog) -> Catalog | None:
    """Validate the data (``load``) and the citations; raise PrecheckError listing every problem
    (annotated on GitHub Actions). Returns the catalog when the data is valid."""
    messages, problems, catalog = [], [], None
    try:
        catalog = load()
    except DataError as error:
        messages.append(str(error))
        problems += error.problems
    cited = source_policy.check_project(docs_dir)
    if cited:
        messages.append(source_policy.report(cited))
        problems += cited
    if problems:
        annotate.emit(problems)
        raise PrecheckError("\n".join(messages))
    return catalog


def main(argv: list[str]) -> int:
    """Command line: exit 1 with every problem on standard error."""
    docs = PROJECT_ROOT / "docs"
    if "--pending" in argv:
        pending = source_policy.check_project(docs, section="pending")
        print("\n".join(str(p) for p in pending) or "No pending host is cited.")
        return 0
    try:
        run(docs)
    except PrecheckError as error:
        print(error, file=sys.stderr)
        return 1
    print("Data package valid; no citation points at a host of source-policy.yaml.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
