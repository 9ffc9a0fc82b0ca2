"""The manifest of a price cache directory: its sources, their dates and checksums, its coverage.

``<dir>/manifest.json``::

    {
      "format": 1,
      "origin": "snapshot" | "update",
      "sources": [ {"id", "name", "origin", "date", "license", "checksum", "notes", ...}, ... ],
      "files": {"aws/ec2/us-east-1.json": "sha256:<hex>", ...},
      "coverage": {"aws": {"ec2": {"us-east-1": <number of prices>, ...}, ...}},
      ...                                   (extra keys an origin needs, e.g. "fetched" for updates)
    }

A source's ``id`` is what price entries name in their ``source`` field. ``checksum`` is the
``sha256:<hex>`` of the source data as read (a file of ``../shared/pricing-sources`` or a downloaded
offer file). The bundled snapshot's manifest holds no build time, so that building twice from the
same inputs gives identical bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ijson

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


@dataclass
class Manifest:
    origin: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    coverage: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def source(self, source_id: str) -> dict[str, Any] | None:
        return next((s for s in self.sources if s.get("id") == source_id), None)

    def to_json(self) -> str:
        doc: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "origin": self.origin,
            "sources": sorted(self.sources, key=lambda s: s["id"]),
            "files": dict(sorted(self.files.items())),
            "coverage": self.coverage,
            **self.extra,
        }
        return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def scan_files(directory: Path) -> tuple[dict[str, str], dict[str, dict[str, dict[str, int]]]]:
    """Checksums and price counts of every region file under ``directory``."""
    files: dict[str, str] = {}
    coverage: dict[str, dict[str, dict[str, int]]] = {}
    for path in sorted(directory.glob("*/*/*.json")):
        rel = path.relative_to(directory).as_posix()
        provider, service, name = rel.split("/")
        files[rel] = sha256_of(path)
        # Counted while streaming: a large region file is never held in memory as a whole.
        with path.open("rb") as f:
            count = sum(1 for _ in ijson.kvitems(f, "prices"))
        coverage.setdefault(provider, {}).setdefault(service, {})[name[: -len(".json")]] = count
    return files, coverage


def write_manifest(directory: Path, manifest: Manifest) -> Path:
    """Fill ``files`` and ``coverage`` from the directory's region files, then write the manifest."""
    manifest.files, manifest.coverage = scan_files(directory)
    path = directory / MANIFEST_NAME
    path.write_text(manifest.to_json(), encoding="utf-8")
    return path


def read_manifest(directory: Path) -> Manifest | None:
    path = directory / MANIFEST_NAME
    if not path.is_file():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported manifest format {doc.get('format')!r}")
    known = {"format", "origin", "sources", "files", "coverage"}
    return Manifest(
        origin=doc["origin"],
        sources=doc.get("sources", []),
        files=doc.get("files", {}),
        coverage=doc.get("coverage", {}),
        extra={k: v for k, v in doc.items() if k not in known},
    )


def cache_summary(label: str, directory: Path) -> dict[str, Any]:
    """What a cache directory holds, for `costlint pricing info`: its manifest's sources, dates and coverage
    (or, without a readable manifest, the coverage its files show)."""
    summary: dict[str, Any] = {"cache": label, "path": str(directory), "exists": directory.is_dir()}
    try:
        manifest = read_manifest(directory) if directory.is_dir() else None
    except (OSError, ValueError, KeyError) as exc:
        summary["error"] = f"unreadable manifest: {exc}"
        manifest = None
    files = (
        sorted(p.relative_to(directory).as_posix() for p in directory.glob("*/*/*.json")) if directory.is_dir() else []
    )
    summary["files"] = len(files)
    summary["in_use"] = bool(files)
    if manifest is not None:
        summary["origin"] = manifest.origin
        for key in ("snapshot_date", "currency"):
            if key in manifest.extra:
                summary[key] = manifest.extra[key]
        updated = manifest.extra.get("updated")  # written by `pricing update`: {"at": ..., "endpoint": ...}
        if isinstance(updated, dict) and updated.get("at"):
            summary["updated_at"] = str(updated["at"])
        summary["sources"] = [
            {k: s.get(k) for k in ("id", "name", "date", "license", "origin", "checksum") if s.get(k) is not None}
            for s in sorted(manifest.sources, key=lambda s: str(s.get("id")))
        ]
        summary["coverage"] = manifest.coverage
        if "low_confidence" in manifest.extra:
            summary["low_confidence"] = manifest.extra["low_confidence"]
    else:
        coverage: dict[str, dict[str, dict[str, int]]] = {}
        for rel in files:
            provider, service, name = rel.split("/")
            coverage.setdefault(provider, {}).setdefault(service, {})[name[:-5]] = -1
        summary["coverage"] = coverage
    return summary
