"""Helpers for the Terraform reader tests: write a project to a directory, read it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from costlint.discovery import Discovered
from costlint.model import Project, Resource
from costlint.readers import ReadOptions
from costlint.readers.terraform import read_terraform


def write(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def read(
    root: Path,
    files: Mapping[str, str | bytes] | None = None,
    display: str = "proj",
    environ: Mapping[str, str] | None = None,
    **options: object,
) -> Project:
    if files:
        write(root, files)
    read_options = ReadOptions(environ=dict(environ or {}), **options)  # type: ignore[arg-type]
    return read_terraform(Discovered("terraform", root, display, True), read_options)


def by_address(project: Project) -> dict[str, Resource]:
    return {r.address: r for r in project.resources}


def messages(project: Project) -> list[str]:
    return [str(d) for d in project.diagnostics]
