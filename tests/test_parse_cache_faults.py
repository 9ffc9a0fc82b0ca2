"""The parse cache on failing filesystems and under a kill: a read-only directory, a full disk and a run
killed while it writes entries each leave the output exactly what it is without the cache, with no message,
and no entry that is trusted unless it is whole (tests/faults.py mounts real failing filesystems)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from costlint.readers import parse_cache
from costlint.readers.hcl.parser import parse_bytes
from faults import fill, read_only_directory, small_filesystem, tree
from test_parse_cache import LAYOUT, costlint, entries, entry_path, same, valid


def reference(tmp_path: Path, project: Path) -> subprocess.CompletedProcess[str]:
    return costlint("resources", "--format", "json", str(project), cache=tmp_path / "off", COSTLINT_NO_CACHE="1")


def test_a_read_only_cache_directory_is_read_but_never_written(tmp_path: Path) -> None:
    expected = reference(tmp_path, LAYOUT)
    with read_only_directory(tmp_path) as root:
        before = tree(root)
        same(costlint("resources", "--format", "json", str(LAYOUT), cache=root), expected)
        assert tree(root) == before
    # Entries a previous run left are still used when the directory has turned read-only: here the entry of a
    # one-bucket file holds (validly) a queue, and the run lists the queue.
    project = tmp_path / "p"
    project.mkdir()
    source = project / "main.tf"
    source.write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n')
    digest = hashlib.sha256(source.read_bytes()).digest()
    entry = parse_cache.encode_entry(parse_bytes(b'resource "aws_sqs_queue" "q" {\n  name = "y"\n}\n'), digest)
    name = entry_path(tmp_path, source).name
    with read_only_directory(tmp_path, {f"parse/{name}": entry}) as root:
        listed = costlint("resources", "--format", "json", str(project), cache=root)
        assert listed.returncode == 0 and listed.stderr == ""
        assert '"aws_sqs_queue.q"' in listed.stdout


def test_a_full_disk(tmp_path: Path) -> None:
    expected = reference(tmp_path, LAYOUT)
    # 48 KiB: some entries fit (the grammar cache does not: it falls back to the temporary directory), the rest
    # meet a full disk. Every entry written is whole, no temporary file is left, the output is unchanged.
    with small_filesystem(tmp_path, "48k") as disk:
        same(costlint("resources", "--format", "json", str(LAYOUT), cache=disk), expected)
        sources = [p for p in LAYOUT.rglob("*") if p.name.endswith((".tf", ".tf.json", ".tpl"))]
        written = [p for p in sources if entry_path(disk, p).exists()]
        assert 0 < len(written) < len({p.read_bytes() for p in sources})
        assert all(valid(entry_path(disk, p), p) for p in written)
        assert not list((disk / "parse").glob("*.tmp"))
        same(costlint("resources", "--format", "json", str(LAYOUT), cache=disk), expected)
        # Not a byte left: no entry at all, still no message.
        for entry in entries(disk):
            entry.unlink()
        fill(disk)
        same(costlint("resources", "--format", "json", str(LAYOUT), cache=disk), expected)
        assert entries(disk) == []


def test_a_run_killed_while_writing_leaves_no_entry_that_is_trusted(tmp_path: Path) -> None:
    # 16 distinct files of about 200 KiB (an entry of about 400 KiB each, a few hundred microseconds to
    # write). A cold run is killed (SIGKILL: no clean-up of any kind) the moment a temporary file shows in the
    # cache directory, that is while it writes an entry; three times over. After each kill every entry present
    # is whole; the temporary files the kills leave are never read; the next run's output is unchanged.
    project = tmp_path / "many"
    for i in range(16):
        folder = project / f"p{i % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        body = "".join(
            f'resource "aws_instance" "r{i}_{j}" {{\n  instance_type = "t3.micro"\n  tags = {{ Name = "n{j}" }}\n}}\n'
            for j in range(3000)
        )
        (folder / f"f{i}.tf").write_text(body)
    expected = reference(tmp_path, project)
    assert expected.returncode == 0, expected.stderr
    sources = sorted(project.rglob("*.tf"))
    by_entry = {entry_path(tmp_path / "cache", p): p for p in sources}
    cache = tmp_path / "cache"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TF_VAR_", "AWS_", "COSTLINT_"))}
    environ["COSTLINT_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-m", "costlint", "resources", "--format", "json", str(project)]
    left_behind = 0
    for _ in range(3):
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environ)
        before = set((cache / "parse").glob("*.tmp")) if (cache / "parse").is_dir() else set()
        while run.poll() is None:
            with contextlib.suppress(FileNotFoundError), os.scandir(cache / "parse") as listing:
                if any(e.name.endswith(".tmp") and Path(e.path) not in before for e in listing):
                    run.send_signal(signal.SIGKILL)
                    break
        assert run.wait(timeout=60) == -signal.SIGKILL
        left_behind += len(set((cache / "parse").glob("*.tmp")) - before)
        for entry in entries(cache):
            assert entry in by_entry and valid(entry, by_entry[entry]), entry
    assert left_behind >= 1  # at least one kill fell in the middle of a write
    assert len(entries(cache)) < len(sources)
    same(costlint("resources", "--format", "json", str(project), cache=cache), expected)
    assert len(entries(cache)) == len(sources)


def test_cache_clear_on_a_read_only_directory_is_one_line_per_file_and_exit_3(tmp_path: Path) -> None:
    with read_only_directory(tmp_path, {"parse/abc.parse": b"entry", "grammar/g.grammar": b"tables"}) as root:
        before = tree(root)
        done = costlint("cache", "clear", cache=root)
        assert done.returncode == 3
        lines = done.stderr.splitlines()
        assert len(lines) == 2 and all(line.startswith("costlint: error: cannot delete ") for line in lines)
        assert "Traceback" not in done.stderr
        assert tree(root) == before
