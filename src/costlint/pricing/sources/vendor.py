"""``costlint pricing trim-sources``: the repository's ``pricing_sources/``, trimmed from the upstream copies.

The build reads only ``pricing_sources/`` (beside ``pricing_cache/``), so that ``costlint pricing build``
works from a clean clone. That folder holds, for each upstream file an adapter reads, only the part it
reads (each adapter's ``KEPT`` entries say which part), plus the upstream provenance and licence files.
Trimming is reproducible: JSON is re-written in its original key order with every number as printed
upstream (never through a float), compactly, and ``.gz`` files are written with gzip's timestamp and
file name left empty; the same upstream files give the same bytes.

``pricing_sources/trimmed.json`` lists every kept file with the sha256 of its upstream copy and of the
kept file, and how it was trimmed; the snapshot's manifest repeats both checksums per source.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from costlint.pricing.sources import Kept, SourceError

TRIMMED_INDEX = "trimmed.json"


def all_kept() -> list[Kept]:
    """Every file of ``pricing_sources/`` and how it is made, from the adapters' ``KEPT``."""
    from costlint.pricing.sources import (
        calculator_data,
        coroot,
        costwatch,
        ec2shop,
        golden,
        karpenter,
        libcloud,
        price_watcher,
        sanity,
    )

    kept: list[Kept] = [Kept("README.md", "UPSTREAM-README.md", how="the upstream folder's README, copied unchanged")]
    for module in (karpenter, libcloud, coroot, golden, sanity, price_watcher, calculator_data, costwatch, ec2shop):
        kept.extend(module.KEPT)
    paths = [k.path for k in kept]
    duplicates = sorted({p for p in paths if paths.count(p) > 1})
    if duplicates:
        raise SourceError(f"two kept files at {duplicates}")
    return sorted(kept, key=lambda k: k.path)


def dumps(value: Any) -> str:
    """Compact JSON with ``Decimal`` numbers written as parsed (``0.09000000357627869`` stays so)."""
    out: list[str] = []
    _write(value, out)
    return "".join(out)


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if i:
                out.append(",")
            out.append(json.dumps(str(key), ensure_ascii=False))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, bool) or value is None:
        out.append(json.dumps(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise SourceError(f"not a JSON number: {value}")
        out.append(str(value))
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    else:
        raise SourceError(f"unexpected JSON value {value!r}")


def _read_upstream(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _gzip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    # No timestamp and no file name in the header: the same content gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as f:
        f.write(data)
    return buffer.getvalue()


def kept_bytes(upstream_root: Path, kept: Kept) -> bytes:
    """The bytes of ``kept`` as trimmed from the upstream folder."""
    source = upstream_root / kept.upstream
    if not source.is_file():
        raise SourceError(f"missing upstream file {source}")
    if kept.keep is None and source.suffix == Path(kept.path).suffix:
        return source.read_bytes()
    text = _read_upstream(source)
    if kept.keep is not None:
        doc = json.loads(text.decode("utf-8"), parse_float=Decimal, parse_int=Decimal)
        text = (dumps(kept.keep(doc, upstream_root)) + "\n").encode("utf-8")
    return _gzip(text) if kept.path.endswith(".gz") else text


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def trim(upstream_root: Path, into: Path, kept: Iterable[Kept] | None = None) -> list[dict[str, str]]:
    """Write every kept file from ``upstream_root`` into ``into`` and the index ``trimmed.json``."""
    if not upstream_root.is_dir():
        raise SourceError(f"no such upstream directory: {upstream_root}")
    rows = []
    for item in kept if kept is not None else all_kept():
        data = kept_bytes(upstream_root, item)
        target = into / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        rows.append(
            {
                "path": item.path,
                "upstream": item.upstream,
                "upstream_sha256": sha256_hex((upstream_root / item.upstream).read_bytes()),
                "sha256": sha256_hex(data),
                "bytes": str(len(data)),
                "how": item.how,
            }
        )
    index = {"format": 1, "files": sorted(rows, key=lambda r: r["path"])}
    (into / TRIMMED_INDEX).write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return rows
