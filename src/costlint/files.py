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
