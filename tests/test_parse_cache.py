"""The parse cache (``readers/parse_cache.py``): the same output with and without it, and never a damaged,
foreign or half-written entry trusted. Every run is a real ``costlint`` process on a real cache directory.
Failing filesystems (read-only, full) and a kill midway are in ``test_parse_cache_faults.py``."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from costlint.readers import parse_cache
from costlint.readers.hcl.ast import ParsedFile
from costlint.readers.hcl.parser import parse_bytes
from costlint.readers.hcl.serial import decode_body, encode_body

FIXTURES = Path(__file__).parent / "fixtures"
LAYOUT = FIXTURES / "parse_cache"


def costlint(*args: str, cache: Path | None, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TF_VAR_", "AWS_", "COSTLINT_"))}
    if cache is not None:
        environ["COSTLINT_CACHE_DIR"] = str(cache)
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "costlint", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=cwd,
        timeout=300,
    )


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "parse").glob("*.parse"))


def entry_path(cache: Path, source: Path) -> Path:
    """Where the cache keeps the parse of ``source``."""
    data = source.read_bytes()
    syntax = "json" if source.name.endswith(".tf.json") else "template" if source.name.endswith(".tpl") else "hcl"
    key = hashlib.sha256(parse_cache.parser_stamp() + syntax.encode() + hashlib.sha256(data).digest()).hexdigest()
    return cache / "parse" / f"{key}.parse"


def valid(entry: Path, source: Path) -> bool:
    return parse_cache.decode_entry(entry.read_bytes(), hashlib.sha256(source.read_bytes()).digest()) is not None


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """The layout read without the cache: what every run with it must print, byte for byte."""
    done = costlint(
        "resources", "--format", "json", str(LAYOUT), cache=tmp_path_factory.mktemp("nocache"), COSTLINT_NO_CACHE="1"
    )
    assert done.returncode == 2  # the broken root
    assert "bad.tf:3: error: unclosed string" in done.stderr
    assert 'main.tf:4: error: attribute "instance_type" is already defined on line 3' in done.stderr
    assert "templatefile('./bad.tpl'): unclosed '${' in template" in done.stderr
    return done


def same(done: subprocess.CompletedProcess[str], reference: subprocess.CompletedProcess[str]) -> None:
    assert (done.returncode, done.stdout, done.stderr) == (reference.returncode, reference.stdout, reference.stderr)


def test_byte_identical_output_cold_warm_and_without_cache(
    tmp_path: Path, reference: subprocess.CompletedProcess[str]
) -> None:
    cache = tmp_path / "cache"
    cold = costlint("resources", "--format", "json", str(LAYOUT), cache=cache)
    same(cold, reference)
    sources = sorted(p for p in LAYOUT.rglob("*") if p.name.endswith((".tf", ".tf.json", ".tpl")))
    # One entry per distinct content (syntax errors and partial errors included; the templatefile() template
    # too), each valid.
    assert len(entries(cache)) == len({(p.suffix, p.read_bytes()) for p in sources})
    assert all(valid(entry_path(cache, p), p) for p in sources)
    stamps = {p: p.stat().st_mtime_ns for p in entries(cache)}
    warm = costlint("resources", "--format", "json", str(LAYOUT), cache=cache)
    same(warm, reference)
    assert {p: p.stat().st_mtime_ns for p in entries(cache)} == stamps  # read, not rewritten
    # The flag turns the cache off for one run: nothing read or written.
    shutil.rmtree(cache / "parse")
    same(costlint("resources", "--format", "json", "--no-cache", str(LAYOUT), cache=cache), reference)
    same(costlint("resources", "--format", "json", str(LAYOUT), cache=cache, COSTLINT_NO_CACHE="1"), reference)
    assert entries(cache) == []


def test_byte_identical_output_over_every_fixture(tmp_path: Path) -> None:
    paths = [str(FIXTURES / "estimate"), str(FIXTURES / "diff"), str(FIXTURES / "sarif")]
    without = costlint("breakdown", "--format", "json", *paths, cache=tmp_path / "a", COSTLINT_NO_CACHE="1")
    assert without.stdout.count('"address"') > 20
    for _ in ("cold", "warm"):
        same(costlint("breakdown", "--format", "json", *paths, cache=tmp_path / "b"), without)


def test_a_valid_entry_is_what_the_run_uses(tmp_path: Path) -> None:
    # The entry of a file holding one bucket is replaced by a whole, valid entry for the same bytes whose tree
    # declares a queue: the warm run lists the queue. (This is what makes the damaged-entry tests below mean
    # something: an entry that passes the checks is trusted.)
    project = tmp_path / "p"
    project.mkdir()
    source = project / "main.tf"
    source.write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n')
    cache = tmp_path / "cache"
    assert '"aws_s3_bucket.b"' in costlint("resources", "--format", "json", str(project), cache=cache).stdout
    other = parse_bytes(b'resource "aws_sqs_queue" "q" {\n  name = "y"\n}\n')
    digest = hashlib.sha256(source.read_bytes()).digest()
    entry_path(cache, source).write_bytes(parse_cache.encode_entry(other, digest))
    listed = costlint("resources", "--format", "json", str(project), cache=cache).stdout
    assert '"aws_sqs_queue.q"' in listed and '"aws_s3_bucket.b"' not in listed


def damage_and_rerun(
    tmp_path: Path, reference: subprocess.CompletedProcess[str], damage: str
) -> tuple[bytes, bytes, Path, Path]:
    cache = tmp_path / "cache"
    costlint("resources", "--format", "json", str(LAYOUT), cache=cache)
    source = LAYOUT / "modules" / "compute" / "main.tf"
    entry = entry_path(cache, source)
    good = entry.read_bytes()
    if damage == "corrupt":
        bad = bytearray(good)
        bad[len(bad) // 2] ^= 0x55  # one byte of the tree
        bad = bytes(bad)
    elif damage == "truncated":
        bad = good[: len(good) - 7]
    elif damage == "garbage":
        bad = b"\x00" * len(good)
    elif damage == "empty":
        bad = b""
    elif damage == "other-version":
        # A whole, checksummed entry for the same bytes written by another parser (another stamp), holding
        # another tree: it must not be read.
        other = parse_bytes(b'resource "aws_sqs_queue" "intruder" {\n  name = "z"\n}\n')
        assert other.body is not None
        header = parse_cache._HEADER
        payload = marshal.dumps((encode_body(other.body), None, []))
        digest = hashlib.sha256(source.read_bytes()).digest()
        bad = (
            header.pack(
                parse_cache._MAGIC, parse_cache._FORMAT, b"\x01" * 32, digest, len(payload), zlib.crc32(payload)
            )
            + payload
        )
    else:
        raise AssertionError(damage)
    entry.write_bytes(bad)
    done = costlint("resources", "--format", "json", str(LAYOUT), cache=cache)
    same(done, reference)
    return good, bad, entry, source


@pytest.mark.parametrize("damage", ["corrupt", "truncated", "garbage", "empty", "other-version"])
def test_a_damaged_or_foreign_entry_is_ignored_and_rewritten(
    tmp_path: Path, reference: subprocess.CompletedProcess[str], damage: str
) -> None:
    _, bad, entry, source = damage_and_rerun(tmp_path, reference, damage)
    assert "intruder" not in reference.stdout
    rewritten = entry.read_bytes()
    assert rewritten != bad and valid(entry, source)


def test_an_entry_of_another_file_is_not_used(tmp_path: Path, reference: subprocess.CompletedProcess[str]) -> None:
    # A valid entry copied over another file's: its header names other bytes.
    cache = tmp_path / "cache"
    costlint("resources", "--format", "json", str(LAYOUT), cache=cache)
    network = entry_path(cache, LAYOUT / "modules" / "network" / "main.tf")
    compute = entry_path(cache, LAYOUT / "modules" / "compute" / "main.tf")
    shutil.copyfile(network, compute)
    same(costlint("resources", "--format", "json", str(LAYOUT), cache=cache), reference)
    assert valid(compute, LAYOUT / "modules" / "compute" / "main.tf")


def test_a_cache_directory_that_cannot_be_created_is_no_cache(
    tmp_path: Path, reference: subprocess.CompletedProcess[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n")
    same(costlint("resources", "--format", "json", str(LAYOUT), cache=blocker / "cache"), reference)
    assert blocker.read_text() == "not a directory\n"


def test_two_concurrent_writers(tmp_path: Path) -> None:
    # Four processes fill one empty cache at once from 120 distinct files: each prints what a run without the
    # cache prints, and every entry left is whole.
    root = tmp_path / "many"
    for i in range(120):
        folder = root / f"p{i % 6}"
        folder.mkdir(parents=True, exist_ok=True)
        lines = [
            f'resource "aws_instance" "r{i}_{j}" {{\n  instance_type = "t3.{"micro" if j % 2 else "small"}"\n}}\n'
            for j in range(40)
        ]
        (folder / f"f{i}.tf").write_text("".join(lines))
    reference = costlint("resources", "--format", "json", str(root), cache=tmp_path / "none", COSTLINT_NO_CACHE="1")
    assert reference.returncode == 0, reference.stderr
    cache = tmp_path / "cache"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TF_VAR_", "AWS_", "COSTLINT_"))}
    environ["COSTLINT_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-m", "costlint", "resources", "--format", "json", str(root)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ) for _ in range(4)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert (run.returncode, out.decode(), err.decode()) == (0, reference.stdout, reference.stderr)
    sources = sorted(root.rglob("*.tf"))
    assert len(entries(cache)) == len(sources)
    assert all(valid(entry_path(cache, p), p) for p in sources)
    assert not list((cache / "parse").glob("*.tmp"))
    same(costlint("resources", "--format", "json", str(root), cache=cache), reference)


def test_check_and_diff_read_through_the_same_cache(tmp_path: Path) -> None:
    head = tmp_path / "head"
    base = tmp_path / "base"
    for side, size in ((base, "t3.micro"), (head, "t3.large")):
        side.mkdir()
        (side / "main.tf").write_text(f'resource "aws_instance" "web" {{\n  instance_type = "{size}"\n}}\n')
        (side / "vars.tf").write_text('variable "unused" {\n  default = 1\n}\n')
    cache = tmp_path / "cache"
    diff = costlint("diff", "--base-path", str(base), str(head), "--format", "json", cache=cache, cwd=head)
    assert diff.returncode == 0, diff.stderr
    # main.tf differs between the sides, vars.tf does not: three distinct contents, three entries.
    assert len(entries(cache)) == 3
    before = {p: p.stat().st_mtime_ns for p in entries(cache)}
    check = costlint("check", "main.tf", "vars.tf", cache=cache, cwd=head)
    assert check.returncode in (0, 1), check.stderr
    assert {p: p.stat().st_mtime_ns for p in entries(cache)} == before


def test_a_warm_run_imports_no_parser(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "main.tf").write_text('resource "aws_instance" "web" {\n  instance_type = "t3.micro"\n}\n')
    code = (
        "import sys\nfrom costlint.cli import main\nsys.argv = ['costlint', 'resources', sys.argv[1]]\n"
        "try:\n    main()\nfinally:\n"
        "    sys.stderr.write(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'lark')))\n"
    )
    environ = {**os.environ, "COSTLINT_CACHE_DIR": str(tmp_path / "cache")}
    environ.pop("COSTLINT_NO_CACHE", None)
    run = [sys.executable, "-c", code, str(project)]
    cold = subprocess.run(run, capture_output=True, text=True, env=environ, timeout=120)
    assert "lark.lark" in cold.stderr
    warm = subprocess.run(run, capture_output=True, text=True, env=environ, timeout=120)
    assert warm.returncode == 0 and warm.stderr == "" and "aws_instance.web" in warm.stdout


def test_eviction_removes_the_least_recently_used_entries_first(tmp_path: Path) -> None:
    store = parse_cache.DiskStore.open(tmp_path / "parse", max_bytes=10_000)
    assert store is not None
    now = time.time()
    made = []
    for i in range(6):
        data = f'resource "aws_instance" "r{i}" {{\n  instance_type = "{"x" * 1500}"\n}}\n'.encode()
        parsed = parse_bytes(data)
        key = parse_cache.content_key(data, "hcl")
        store.save("hcl", key[1], parsed)
        path = store.path("hcl", key[1])
        made.append((path, key[1]))
    sizes = [p.stat().st_size for p, _ in made if p.exists()]
    assert sum(sizes) <= 10_000  # the bound holds after every write
    # Entries used recently survive an eviction; the oldest go first. Ages: entry i last used i hours ago.
    store = parse_cache.DiskStore.open(tmp_path / "parse", max_bytes=10_000)
    assert store is not None
    survivors = [(p, d) for p, d in made if p.exists()]
    for age, (path, _) in enumerate(survivors):
        os.utime(path, (now - 3600 * age, now - 3600 * age))
    stale = tmp_path / "parse" / ".killed.parse.x.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (now - 7200, now - 7200))
    fresh = tmp_path / "parse" / ".running.parse.y.tmp"
    fresh.write_bytes(b"half")
    one = survivors[0][0].stat().st_size
    left = store.evict(one)
    assert [p.exists() for p, _ in survivors] == [True] + [False] * (len(survivors) - 1)
    assert left == one
    assert not stale.exists() and fresh.exists()  # another run may still be writing the fresh one


def test_a_hit_refreshes_an_old_entry_time(tmp_path: Path) -> None:
    store = parse_cache.DiskStore.open(tmp_path / "parse")
    assert store is not None
    data = b'resource "aws_instance" "r" {\n  instance_type = "t3.micro"\n}\n'
    _, digest = parse_cache.content_key(data, "hcl")
    store.save("hcl", digest, parse_bytes(data))
    path = store.path("hcl", digest)
    old = time.time() - 3 * 86_400
    os.utime(path, (old, old))
    loaded = store.load("hcl", digest)
    assert isinstance(loaded, ParsedFile) and loaded.body is not None
    assert path.stat().st_mtime > old + 86_400


def test_the_tree_survives_encoding_unchanged() -> None:
    # Every node kind of the AST, through the tuples and back: the same tuples again.
    text = (
        (LAYOUT / "modules" / "compute" / "main.tf").read_bytes()
        + b"""
locals {
  a = -var.x + 2 * (3 % 4) >= 5 && !true || null == false ? { (var.k) = [1.5, "s"] } : {}
  b = [for i, v in var.l : upper(v) if i > 0]
  c = { for k, v in var.m : k => v... }
  d = var.list[*].id
  e = var.obj.*.name
  f = "%{ if var.x }yes%{ else }no%{ endif } %{ for s in var.l }${s}%{ endfor }"
  g = provider::terraform::encode_tfvars({})
  h = format("%s", var.args...)
  i = var.m["key"][0].x
}
"""
    )
    parsed = parse_bytes(text)
    assert parsed.error is None and parsed.body is not None
    encoded = encode_body(parsed.body)
    assert encode_body(decode_body(encoded)) == encoded
    json_parse = parse_cache._parse_now((LAYOUT / "service" / "locals.tf.json").read_bytes(), "json")
    assert json_parse.body is not None
    assert encode_body(decode_body(encode_body(json_parse.body))) == encode_body(json_parse.body)


def test_cache_info_and_clear(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    costlint("resources", str(LAYOUT), cache=cache)
    info = json.loads(costlint("cache", "info", "--format", "json", cache=cache).stdout)
    by_name = {c["name"]: c for c in info["caches"]}
    assert by_name["parse"]["files"] == len(entries(cache)) > 10
    assert by_name["parse"]["bytes"] == sum(p.stat().st_size for p in entries(cache))
    assert by_name["parse"]["bound"] == parse_cache.MAX_BYTES and by_name["parse"]["state"] == "on"
    assert by_name["grammar"]["files"] == 1
    off = json.loads(costlint("cache", "info", "--format", "json", cache=cache, COSTLINT_NO_CACHE="1").stdout)
    assert off["caches"][0]["state"] == "off (COSTLINT_NO_CACHE)"
    table = costlint("cache", "info", cache=cache).stdout
    assert table.splitlines()[0].split() == ["cache", "state", "files", "size", "bound", "path"]
    assert f"256.0 MiB  {cache / 'parse'}" in table
    (cache / "pricing").mkdir()
    (cache / "pricing" / "manifest.json").write_text("{}\n")
    cleared = costlint("cache", "clear", cache=cache)
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.startswith(f"parse: deleted {by_name['parse']['files']} files (")
    assert entries(cache) == [] and not list((cache / "grammar").iterdir())
    assert (cache / "pricing" / "manifest.json").read_text() == "{}\n"  # prices are not a cache
    again = json.loads(costlint("cache", "clear", "--format", "json", cache=cache).stdout)
    assert [d["files"] for d in again["deleted"]] == [0, 0, 0]


def test_a_fifo_or_a_device_where_an_entry_should_be_is_not_read(tmp_path: Path) -> None:
    # A cache directory may come from elsewhere (a CI cache): what stands at an entry's name is not trusted to
    # be a file, nor to be small. The run neither blocks on a FIFO nor reads /dev/zero.
    project = tmp_path / "p"
    project.mkdir()
    source = project / "main.tf"
    source.write_text('resource "aws_instance" "web" {\n  instance_type = "t3.micro"\n}\n')
    cache = tmp_path / "cache"
    reference = costlint("resources", "--format", "json", str(project), cache=cache, COSTLINT_NO_CACHE="1")
    entry = entry_path(cache, source)
    entry.parent.mkdir(parents=True)
    os.mkfifo(entry)
    same(costlint("resources", "--format", "json", str(project), cache=cache), reference)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    same(costlint("resources", "--format", "json", str(project), cache=cache), reference)
