"""File-system helpers shared by discovery and the readers.

``Path.resolve()`` raises ``RuntimeError`` on a symbolic link loop (before Python 3.13); a loop or a
dangling link in a scanned tree must become one diagnostic line, never a traceback, so every path
costlint resolves goes through ``real_path`` and every file it cannot open is explained by
``open_problem``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def real_path(path: Path | str) -> Path:
    """The absolute path with symbolic links resolved as far as they go; never raises."""
    return Path(os.path.realpath(path))


def os_reason(exc: OSError) -> str:
    """``permission denied``, ``no such file or directory``: the OS's words, as a message continues them."""
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def open_problem(path: Path | str) -> str | None:
    """Why ``path`` cannot be opened (a symbolic link loop, a broken link, no permission), or None."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            try:
                target = os.readlink(path)
            except OSError:
                return "broken symbolic link"
            return f"broken symbolic link (to {target})"
        return os_reason(exc)
    return None


MAX_INPUT_BYTES = 4 * 1024 * 1024
"""The most costlint reads from one input file (a .tf file, a variables file, a parameters file, a
file() argument). Parsing costs memory and time in proportion: a 2 MB .tf file of dense blocks takes
some 250 MB and 10 s to parse."""
MAX_TEMPLATE_BYTES = 1024 * 1024
"""CloudFormation's own limit for a template (1 MB). cfn-lint's YAML decoder checks duplicate keys in
quadratic time: a 3 MB template of 16,000 resources took 15 s, a 10 MB one minutes."""


class InputTooLarge(ValueError):
    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        self.message = f"file is {mib(size)}, more than the {mib(limit)} costlint reads from one file; not read"
        super().__init__(self.message)


def mib(size: int) -> str:
    """``4 MiB``, ``9.5 MiB``."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MiB"


def read_input(path: Path | str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The file's bytes; InputTooLarge beyond ``limit`` (only that much is ever read)."""
    with open(path, "rb") as f:
        data = f.read(limit + 1)
        if len(data) > limit:
            raise InputTooLarge(os.fstat(f.fileno()).st_size, limit)
    return data
