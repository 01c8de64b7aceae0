"""The raw files and their manifest: nothing is read that does not match its checksum.

The check itself is the one the site build makes (macros/validate.py, ``check_raw_files``), so
`make data` and the build refuse the same files with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.validate import check_raw_files, read_raw_manifest
from pipeline import PipelineError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"


@dataclass(frozen=True)
class RawFiles:
    """The verified raw files of one data/raw/ folder."""

    root: Path
    entries: dict[str, dict]

    def path(self, name: str) -> Path:
        """The path of a verified raw file (``name`` as the manifest writes it)."""
        if name not in self.entries:
            raise PipelineError(f"data/raw/{name}: no such file in data/raw/manifest.yaml. Fix: "
                                "add the official file and its manifest entry")
        return self.root / name

    def read_bytes(self, name: str) -> bytes:
        """A verified raw file's bytes."""
        return self.path(name).read_bytes()


def verify(root: Path = RAW_DIR) -> RawFiles:
    """Check every file against data/raw/manifest.yaml (present, same size and SHA-256, none
    unlisted); raise PipelineError naming every file that fails."""
    problems = check_raw_files(root) if root.is_dir() else []
    if not root.is_dir() or problems:
        found = problems or ["data/raw/ is missing. Fix: restore it from git"]
        raise PipelineError("raw files do not match data/raw/manifest.yaml:\n  - "
                            + "\n  - ".join(str(p) for p in found))
    return RawFiles(root, {e["path"]: e for e in read_raw_manifest(root)})
