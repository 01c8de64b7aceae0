"""The raw files and their manifest: nothing is read that does not match its checksum."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline import PipelineError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
MANIFEST = "manifest.yaml"


@dataclass(frozen=True)
class RawFiles:
    """The verified raw files of one data/raw/ folder."""

    root: Path
    entries: dict[str, dict]

    def path(self, name: str) -> Path:
        """The path of a verified raw file (``name`` as the manifest writes it)."""
        if name not in self.entries:
            raise PipelineError(f"data/raw/{name}: no such file in data/raw/{MANIFEST}. Fix: add "
                                "the official file and its manifest entry (title, publisher, "
                                "url, retrieved, licence, sha256)")
        return self.root / name

    def read_bytes(self, name: str) -> bytes:
        """A verified raw file's bytes."""
        return self.path(name).read_bytes()


def verify(root: Path = RAW_DIR) -> RawFiles:
    """Check every file against data/raw/manifest.yaml: present, same size and SHA-256, and no
    file without an entry. Raise PipelineError naming every file that fails."""
    manifest = root / MANIFEST
    if not manifest.is_file():
        raise PipelineError(f"data/raw/{MANIFEST} is missing. Fix: restore it from git")
    entries = {e["path"]: e for e in yaml.safe_load(manifest.read_text(encoding="utf-8"))["files"]}
    problems = []
    for name, entry in entries.items():
        path = root / name
        if not path.is_file():
            problems.append(f"data/raw/{name}: missing (renamed or deleted?). Fix: restore the "
                            "file as retrieved (git checkout), under the name the manifest gives")
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != entry["sha256"]:
            size = path.stat().st_size
            problems.append(f"data/raw/{name}: its SHA-256 is {digest}, the manifest says "
                            f"{entry['sha256']} ({size} bytes, manifest {entry['bytes']}): the "
                            "file was changed or truncated. Fix: restore the official file "
                            "(git checkout); never edit a raw file, add a newer one with its "
                            "own manifest entry")
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    for name in sorted(on_disk - set(entries) - {MANIFEST}):
        problems.append(f"data/raw/{name}: not listed in data/raw/{MANIFEST}. Fix: add its "
                        "entry (title, publisher, url, retrieved, licence, sha256) or remove it")
    if problems:
        raise PipelineError("raw files do not match data/raw/manifest.yaml:\n  - "
                            + "\n  - ".join(problems))
    return RawFiles(root, entries)
