"""Errors that stop costlint as a whole (exit code 3), as opposed to problems with one input file."""

from __future__ import annotations


class CannotRun(Exception):
    """costlint cannot do what was asked: a broken dependency, an unusable cache, a failed update.

    The message is shown to the user as is, on one line, after ``costlint: error:``.
    """


_debugging = False


def set_debugging(on: bool) -> None:
    """Let internal errors propagate as tracebacks (``COSTLINT_DEBUG=1``, read once by the command line)."""
    global _debugging
    _debugging = on


def debugging() -> bool:
    """Whether an internal error should propagate instead of becoming a one-line diagnostic."""
    return _debugging
