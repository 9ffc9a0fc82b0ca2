"""The HCL parser: python-hcl2 7.x's own Lark grammar, with a grammar cache costlint controls.

Why python-hcl2 7.x and not 8.x (pinned ``python-hcl2>=7.3.1,<8`` in pyproject.toml): 8.x dropped line
numbers (``with_meta`` is a stub) and parses about 2.3x slower. costlint does not use python-hcl2's
dict output at all: it drives the 7.x ``hcl2.lark`` grammar with Lark directly and walks the tree into
its own AST (``parser.py``), where every block, attribute, reference and function call keeps the line
of its first token.

Why our own Lark instance: ``hcl2.parser.parser()`` caches the compiled grammar inside the hcl2
package directory. Where that directory is read-only (container images, Nix, some CI) every run
silently rebuilds the grammar (about 1 s on a fast machine). We cache under costlint's cache
directory (``$COSTLINT_CACHE_DIR/grammar`` or the platform's user cache dir), falling back to the
temporary directory, then to no cache.

``propagate_positions`` is off: tokens carry their line anyway, and position propagation costs about
a fifth of the parse time.

Three terminals are rewritten (``_LINEAR_TERMINALS``) so that matching them takes memory independent of
their length. The grammar's strings, heredocs and block comments repeat a group of alternatives once per
character (``(?:.|\n)*?``), and Python's ``re`` keeps backtracking state for every repetition of a group:
a 5 MB one-line string took about 870 MB, 175 times its size. The rewrites match the same text with a
repeated character class, and for strings a possessive repeat (Python 3.11+; on 3.10 each run of plain
characters is one repetition, so only escapes and ``$`` still cost a repetition each).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from costlint.errors import CannotRun
from costlint.paths import cache_root

if TYPE_CHECKING:
    from lark import Lark, Token

_REINSTALL = "pip install --force-reinstall 'python-hcl2>=7.3.1,<8'"
# Rules the tree walker relies on; a grammar without them is not python-hcl2 7.x's.
_REQUIRED_RULES = (
    "binary_op",
    "binary_term",
    "conditional",
    "full_splat",
    "attr_splat",
    "for_object_expr",
    "heredoc_template_trim",
    "object_elem_key_expression",
    "provider_function_call",
)
# The one change to the grammar: the ellipsis of ``f(args...)`` is an anonymous token, which Lark drops
# from the tree; naming it keeps it, so expanding calls can be told from plain ones.
_ARGUMENTS_TAIL = '("," | "...")?'
_VERSION = re.compile(r"""__version__\s*(?::\s*str\s*)?=\s*(?:version\s*=\s*)?['"]([^'"]+)['"]""")
_POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""
_LINEAR_TERMINALS = (
    (
        r'/(?:(?!\$\$\{)(?!\$\{)[^"\\]|\\.|(?:\$(?!\$?\{)))+/',
        rf'/(?:[^"\\$]+{_POSSESSIVE}|\\.|\$(?!\$?\{{))+{_POSSESSIVE}/',
    ),
    (r"/\/\*(.|\n)*?(\*\/)/", r"/\/\*[\s\S]*?\*\//"),
    (r"\n?(?:.|\n)*?\n\s*(?P=heredoc", r"\n?[\s\S]*?\n\s*(?P=heredoc"),
)


PARSE_SECONDS = 60.0
"""The longest costlint parses one file (a 4 MiB file of dense blocks takes about 20 s)."""


class ParseTimeout(Exception):
    """Parsing went past its deadline (``parse_clock``)."""


class _Clock:
    """The deadline of the parse under way. The lexer calls ``tick`` on each newline, comment and comma
    (every 256th looks at the time), so a file's parse stops soon after its deadline wherever it is.
    Parsing is not reentrant in costlint (one file at a time), so one clock serves."""

    deadline = math.inf
    ticks = 0

    @classmethod
    def tick(cls, token: Token) -> Token:
        cls.ticks += 1
        if not cls.ticks & 255 and time.monotonic() > cls.deadline:
            raise ParseTimeout
        return token


@contextlib.contextmanager
def parse_clock(seconds: float) -> Iterator[None]:
    """Parses within the block stop with ParseTimeout after ``seconds``."""
    previous = _Clock.deadline
    _Clock.deadline = min(previous, time.monotonic() + seconds)
    try:
        yield
    finally:
        _Clock.deadline = previous


def _broken(found: str) -> CannotRun:
    return CannotRun(
        f"the installed 'hcl2' package is not python-hcl2 7.x ({found}); checkov's fork bc-python-hcl2 "
        f"installs under the same name: {_REINSTALL}"
    )


@functools.lru_cache(maxsize=1)
def locate_grammar() -> tuple[Path, str]:
    """The path of python-hcl2's ``hcl2.lark`` and python-hcl2's version, checked without importing it.

    Reads the package's files rather than the installed distributions' metadata: when checkov's fork
    and python-hcl2 are both installed, the metadata of both exist but only one set of files does.
    Once per process (the reader checks it for every project: 37 times over govuk-aws).
    """
    try:
        spec = importlib.util.find_spec("hcl2")
    except (ImportError, ValueError) as exc:
        raise _broken(f"cannot be located: {exc}") from None
    if spec is None or not spec.origin:
        raise CannotRun(f"python-hcl2 is not installed: {_REINSTALL}")
    package = Path(spec.origin).parent
    version = "unknown version"
    try:
        match = _VERSION.search((package / "version.py").read_text(encoding="utf-8"))
        if match:
            version = match.group(1)
    except OSError:
        pass
    grammar = package / "hcl2.lark"
    try:
        text = grammar.read_text(encoding="utf-8")
    except OSError:
        raise _broken(f"version {version} at {package}, without hcl2.lark") from None
    if not version.startswith("7."):
        raise _broken(f"version {version} at {package}")
    missing = [rule for rule in _REQUIRED_RULES if not re.search(rf"^!?\??{rule}\s*:", text, re.M)]
    if missing:
        raise _broken(f"version {version} at {package}, whose grammar lacks {', '.join(missing)}")
    return grammar, version


def lark_version() -> str:
    """lark's version, read from its package without importing it (a run whose files are all in the
    parse cache never imports lark)."""
    try:
        spec = importlib.util.find_spec("lark")
        if spec is not None and spec.origin:
            match = _VERSION.search(Path(spec.origin).read_text(encoding="utf-8"))
            if match:
                return match.group(1)
    except (ImportError, ValueError, OSError):
        pass
    import lark

    return str(lark.__version__)


def _writable_dir(*candidates: Path) -> Path | None:
    for directory in candidates:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(directory, os.W_OK | os.X_OK):
            return directory
    return None


def grammar_cache_file(hcl2_version: str) -> Path | None:
    import lark

    name = f"hcl2-{hcl2_version}-lark-{lark.__version__}.grammar"
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    directory = _writable_dir(cache_root() / "grammar", Path(tempfile.gettempdir()) / f"costlint-{uid}-grammar")
    return directory / name if directory else None


def grammar_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if _ARGUMENTS_TAIL in text:
        text = text.replace(_ARGUMENTS_TAIL, '("," | ELLIPSIS)?') + '\nELLIPSIS : "..."\n'
    for slow, linear in _LINEAR_TERMINALS:
        text = text.replace(slow, linear)
    return text


# Bump when the grammar cache's layout changes (the header line, what is pickled).
_GRAMMAR_CACHE_FORMAT = "1"


def _grammar_stamp(source: str, options: dict[str, object]) -> bytes:
    """The first line of a grammar cache file: what the cached tables were built from. Lark's own cache
    hashes its options *including the cache file's name*, so a cache written under a temporary name and
    renamed never matched again (every second run rebuilt it, about 1.3 s); this stamp names no file."""
    import hashlib

    import lark

    hashable = "".join(f"{k}={v!r};" for k, v in sorted(options.items()) if k != "lexer_callbacks")
    digest = hashlib.sha256(
        "\0".join((source, hashable, lark.__version__, sys.version.split()[0])).encode("utf-8")
    ).hexdigest()
    return f"costlint-grammar {_GRAMMAR_CACHE_FORMAT} {digest}".encode("ascii")


def _load_grammar_cache(cache: Path, stamp: bytes, callbacks: dict[str, Callable[[Token], Token]]) -> Lark | None:
    """The parser stored in ``cache``, or None when it is missing, stale, foreign or damaged (rebuilt)."""
    import pickle

    from lark import Lark

    try:
        data = cache.read_bytes()
    except OSError:
        return None
    header, _, payload = data.partition(b"\n")
    if header != stamp:
        return None
    try:
        # Our own file (_save_grammar_cache), loaded as Lark loads its own cache (``_load``, with the
        # options that are not stored).
        parser = Lark.__new__(Lark)
        return parser._load(pickle.loads(payload), lexer_callbacks=callbacks)
    except Exception:
        return None


def _save_grammar_cache(cache: Path, stamp: bytes, parser: Lark) -> None:
    import io

    from costlint.writing import write_atomic

    buffer = io.BytesIO()
    parser.save(buffer, exclude_options={"lexer_callbacks"})
    # Atomic: a concurrent run never reads half a cache file.
    with contextlib.suppress(OSError):
        write_atomic(cache, stamp + b"\n" + buffer.getvalue())


@functools.lru_cache(maxsize=1)
def hcl_parser() -> Lark:
    """The LALR parser for HCL files; built once per process, loaded from the grammar cache when warm."""
    grammar, version = locate_grammar()
    from lark import Lark
    from lark.exceptions import GrammarError

    source = grammar_text(grammar)
    cache = grammar_cache_file(version)
    # lexer_callbacks are not part of the cached grammar: they are given again on every load.
    callbacks: dict[str, Callable[[Token], Token]] = {name: _Clock.tick for name in ("NL_OR_COMMENT", "COMMA")}
    options: dict[str, object] = {"parser": "lalr", "propagate_positions": False}
    stamp = _grammar_stamp(source, options)
    if cache is not None:
        loaded = _load_grammar_cache(cache, stamp, callbacks)
        if loaded is not None:
            return loaded
    try:
        parser = Lark(source, lexer_callbacks=callbacks, **options)
    except GrammarError as exc:
        raise _broken(f"version {version}, whose grammar does not load: {exc}") from None
    if cache is not None:
        _save_grammar_cache(cache, stamp, parser)
    return parser
