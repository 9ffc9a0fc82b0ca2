"""Each Terraform file's bytes parsed once per run, and not again the next run.

**Once per run.** ``parse`` keeps every parse of the process keyed by the file's content (its SHA-256
and the syntax: HCL, JSON, or a ``templatefile()`` template), not by its path: every project, every
module call and every copy of a vendored module share one parse. Evaluation stays per module instance
(``terraform_module.py``).

**Across runs.** A parse missing from the process is looked up in ``<cache dir>/parse`` (the cache
directory is ``$COSTLINT_CACHE_DIR``, else the platform's user cache), where each entry holds one
file's syntax tree as plain tuples in ``marshal`` format (``hcl/serial.py``), behind a header:

    magic "costlint-parse\\n", format, parser stamp (32 bytes), content hash (32 bytes),
    payload length (8 bytes), CRC-32 of the payload (4 bytes), payload

An entry is used only when every field of its header is what this run would write and the payload
decodes; anything else (another costlint's parser, a truncated or corrupted file, a file that is not an
entry) is ignored, the file is parsed again and the entry rewritten. The parser stamp hashes the
source of the modules that build the tree, python-hcl2's grammar and version and lark's and Python's
versions, so that an entry written by other parser code is never read, a development checkout included.

Entries are written atomically (``writing.write_atomic``: a private file renamed into place), so two
runs writing at once each leave a whole entry, and a run killed midway leaves a temporary file that is
never read (removed by a later eviction). The directory is bounded: after a run that wrote entries,
when they pass ``MAX_BYTES`` the least recently used entries are deleted first (a hit refreshes an
entry's time at most once a day) down to ``TRIM_TO`` of the bound. A cache directory that cannot be
created, read or written is no cache: the run parses, with no message.

``COSTLINT_NO_CACHE=1`` (or ``--no-cache``) turns the on-disk cache off; the once-per-run sharing stays.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import marshal
import os
import stat
import struct
import sys
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from costlint.readers.hcl.ast import HclSyntaxError, ParsedFile

MAX_BYTES = 256 * 1024 * 1024
"""The parse cache's bound on disk (256 MiB: the trees of some 190 MB of Terraform source)."""
TRIM_TO = 0.8
"""Eviction deletes down to this fraction of the bound, so that it does not run again at every write."""
_TOUCH_AFTER = 86_400.0
_MAGIC = b"costlint-parse\n"
_FORMAT = 1
_HEADER = struct.Struct(f"<{len(_MAGIC)}sH32s32sQI")
_SUFFIX = ".parse"
_MAX_ENTRY = 64 * 1024 * 1024
"""The largest entry read: a 4 MiB file, the most costlint parses, gives at most about 30 MiB (7.5 times
its size for a list of bare names, the densest tree measured)."""
_STALE_TEMPORARY = 3_600.0
"""A temporary file older than this was left by a killed run: an eviction removes it."""

# The modules whose code decides the tree a file parses to.
_PARSER_MODULES = ("ast.py", "parser.py", "json_syntax.py", "lexical.py", "templates.py", "grammar.py", "serial.py")

_parses: dict[tuple[str, bytes], ParsedFile] = {}


def disabled_by(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``COSTLINT_NO_CACHE`` turns the on-disk cache off (set, and not ``0``)."""
    value = (os.environ if environ is None else environ).get("COSTLINT_NO_CACHE", "")
    return value.strip() not in ("", "0")


def content_key(data: bytes, syntax: str) -> tuple[str, bytes]:
    """What a parse is keyed by: the syntax (``hcl``, ``json`` or ``template``) and the SHA-256 of the bytes."""
    return syntax, hashlib.sha256(data).digest()


def parse(data: bytes, key: tuple[str, bytes], use_disk: bool = True) -> ParsedFile:
    """The parse of ``data`` (``key``: its ``content_key``), from this run's parses, else the disk cache
    (``use_disk``), else parsed now. The result is shared: callers must not change it."""
    syntax, digest = key
    parsed = _parses.get(key)
    if parsed is not None:
        return parsed
    store = disk_store() if use_disk else None
    with _collector_paused():
        if store is not None:
            parsed = store.load(syntax, digest)
        if parsed is None:
            parsed = _parse_now(data, syntax)
            if store is not None and not parsed.timed_out:
                store.save(syntax, digest, parsed)
    _parses[key] = parsed
    return parsed


def forget() -> None:
    """Drop this process's parses (tests of the disk cache start from an empty process cache)."""
    _parses.clear()
    _stores.clear()


TEMPLATE = "template"
"""The one attribute of the body a template's parse is kept as (syntax ``template``)."""


def _parse_now(data: bytes, syntax: str) -> ParsedFile:
    if syntax == "template":
        return _parse_template(data)
    if syntax == "json":
        from costlint.readers.hcl.json_syntax import parse_json_config

        return parse_json_config(data)
    from costlint.readers.hcl.parser import parse_bytes

    return parse_bytes(data)


def _parse_template(data: bytes) -> ParsedFile:
    """A ``templatefile()`` template, as a body with one attribute (``TEMPLATE``); an error is kept with the
    words the evaluator reports (``str`` of the exception)."""
    from costlint.readers.hcl.ast import Attribute, Body
    from costlint.readers.hcl.parser import parse_expression
    from costlint.readers.hcl.templates import TemplateError, parse_template_text

    try:
        template = parse_template_text(data.decode("utf-8"), 1, parse_expression)
    except (HclSyntaxError, TemplateError, UnicodeDecodeError) as exc:
        return ParsedFile(None, HclSyntaxError(getattr(exc, "line", 1) or 1, str(exc)))
    return ParsedFile(Body({TEMPLATE: Attribute(TEMPLATE, template, 1)}, []))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while one file is parsed or loaded; then its tree is kept out of later ones.

    A parse allocates hundreds of thousands of objects (Lark's tokens and trees, then the AST): every
    700 allocations started a young collection, and every hundredth or so a full one that walked every
    object alive, the trees of every file read so far included, so that the run time grew faster than
    the input (one file of 10,000 resources: 2.2 s -> 1.3 s; ten repositories: 4.6 s -> 3.0 s). Lark's
    trees hold no reference cycles: reference counting frees them as before. Afterwards one collection
    of what was allocated since the previous file (the garbage of the evaluation in between), and
    ``gc.freeze`` moves the survivors, the trees, out of the collector's sight: every object is walked
    once, not once per collection. Without that collection, cyclic garbage frozen with the trees
    raised the peak memory by a quarter (98 MB instead of 78 MB).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()
            gc.freeze()


# The disk cache ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def parser_stamp() -> bytes:
    """32 bytes that change whenever the tree a file parses to could change."""
    from costlint.readers.hcl import serial
    from costlint.readers.hcl.grammar import grammar_text, lark_version, locate_grammar

    grammar, hcl2_version = locate_grammar()
    digest = hashlib.sha256()
    for part in (str(_FORMAT), str(serial.FORMAT), hcl2_version, lark_version(), sys.version, str(marshal.version)):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(grammar_text(grammar).encode("utf-8") + b"\0")
    here = Path(__file__).resolve().parent / "hcl"
    for name in _PARSER_MODULES:
        try:
            digest.update((here / name).read_bytes() + b"\0")
        except OSError:
            # An installation without sources (bytecode only): its version names the code.
            from costlint import __version__

            digest.update(f"costlint {__version__} {name}".encode() + b"\0")
    return digest.digest()


_stores: dict[Path, DiskStore | None] = {}


def disk_store() -> DiskStore | None:
    """The parse cache of the current cache directory, or None when it is unusable."""
    from costlint.paths import cache_root

    try:
        directory = cache_root() / "parse"
    except Exception:  # platformdirs failing to name a directory: no cache, as for an unwritable one
        return None
    if directory not in _stores:
        _stores[directory] = DiskStore.open(directory)
    return _stores[directory]


@dataclass
class DiskStore:
    directory: Path
    max_bytes: int = MAX_BYTES
    writable: bool = True
    size: int | None = None
    """Bytes of entries in the directory, counted at this process's first write and kept up to date."""

    @classmethod
    def open(cls, directory: Path, max_bytes: int = MAX_BYTES) -> DiskStore | None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None if not directory.is_dir() else cls(directory, max_bytes, writable=False)
        return cls(directory, max_bytes, writable=os.access(directory, os.W_OK | os.X_OK))

    def path(self, syntax: str, digest: bytes) -> Path:
        key = hashlib.sha256(parser_stamp() + syntax.encode("ascii") + digest).hexdigest()
        return self.directory / (key + _SUFFIX)

    def load(self, syntax: str, digest: bytes) -> ParsedFile | None:
        path = self.path(syntax, digest)
        try:
            # Not blocking on a FIFO, nor reading a device or a huge file put where an entry should be.
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        try:
            status = os.fstat(handle)
            if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_ENTRY:
                return None
            with os.fdopen(handle, "rb", closefd=False) as reader:
                data = reader.read(_MAX_ENTRY + 1)
            modified = status.st_mtime
        except OSError:
            return None
        finally:
            os.close(handle)
        parsed = decode_entry(data, digest)
        if parsed is not None and self.writable and time.time() - modified > _TOUCH_AFTER:
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: evicted last
        return parsed

    def save(self, syntax: str, digest: bytes, parsed: ParsedFile) -> None:
        if not self.writable:
            return
        from costlint.writing import write_atomic

        try:
            entry = encode_entry(parsed, digest)
        except (TypeError, ValueError):
            return  # a node serial.py cannot encode (a bug, caught by tests/test_parse_cache.py): not kept
        path = self.path(syntax, digest)
        try:
            write_atomic(path, entry, durable=False)
        except OSError:
            self.writable = False  # a full disk or a directory turned read-only: no more tries this run
            return
        if self.size is None:
            self.size = sum(size for _, size, _ in self.entries())
        else:
            self.size += len(entry)
        if self.size > self.max_bytes:
            self.size = self.evict(int(self.max_bytes * TRIM_TO))

    def entries(self) -> list[tuple[Path, int, float]]:
        """(path, size, last use) of each entry."""
        out = []
        try:
            with os.scandir(self.directory) as listing:
                for item in listing:
                    if not item.name.endswith(_SUFFIX):
                        continue
                    with contextlib.suppress(OSError):
                        stat = item.stat(follow_symlinks=False)
                        out.append((Path(item.path), stat.st_size, stat.st_mtime))
        except OSError:
            pass
        return out

    def evict(self, target: int) -> int:
        """Delete the least recently used entries until at most ``target`` bytes are left (and the
        temporary files of killed runs); the bytes left."""
        entries = sorted(self.entries(), key=lambda item: item[2])
        left = sum(size for _, size, _ in entries)
        for path, size, _ in entries:
            if left <= target:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                left -= size
        now = time.time()
        with contextlib.suppress(OSError), os.scandir(self.directory) as listing:
            for item in listing:
                if item.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        if now - item.stat(follow_symlinks=False).st_mtime > _STALE_TEMPORARY:
                            os.unlink(item.path)
        return left


def encode_entry(parsed: ParsedFile, digest: bytes) -> bytes:
    from costlint.readers.hcl.serial import encode_body

    error = (parsed.error.line, parsed.error.message) if parsed.error is not None else None
    body = encode_body(parsed.body) if parsed.body is not None else None
    payload = marshal.dumps((body, error, [tuple(p) for p in parsed.problems]))
    header = _HEADER.pack(_MAGIC, _FORMAT, parser_stamp(), digest, len(payload), zlib.crc32(payload))
    return header + payload


def decode_entry(data: bytes, digest: bytes) -> ParsedFile | None:
    """The parse an entry holds, or None unless it is whole and was written for ``digest`` by this
    parser (never raises)."""
    try:
        magic, version, stamp, content, length, crc = _HEADER.unpack_from(data)
        payload = memoryview(data)[_HEADER.size :]
        if (
            magic != _MAGIC
            or version != _FORMAT
            or stamp != parser_stamp()
            or content != digest
            or length != len(payload)
            or crc != zlib.crc32(payload)
        ):
            return None
        from costlint.readers.hcl.serial import decode_body

        body_data, error, problems = marshal.loads(payload)
        body = decode_body(body_data) if body_data is not None else None
        failure = HclSyntaxError(int(error[0]), str(error[1])) if error is not None else None
        if (body is None) == (failure is None):
            return None
        return ParsedFile(body, failure, [(int(line), str(message)) for line, message in problems])
    except Exception:
        return None
