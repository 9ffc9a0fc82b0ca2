"""``costlint diff`` against real git repositories: --base REF, --head REF, --base-path DIR.

The repository and the figures are described in ``tests/diff_repo.py`` (worked out by hand from the
bundled snapshot's us-east-1 prices).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diff_repo import costlint as run
from diff_repo import git, make_repo, write


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("diff") / "repo"
    base, head = make_repo(path)
    return path, base, head


def _doc(result) -> dict:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _by_address(doc: dict) -> dict[str, dict]:
    return {(r["project"], r["address"]): r for r in doc["resources"]}  # type: ignore[misc]


def test_base_ref_against_the_working_tree_json_contract(repo: tuple[Path, str, str]) -> None:
    path, base, _ = repo
    doc = _doc(run("diff", "infra", "--base", base, "--format", "json", cwd=path))
    assert doc["base"] == f"git {base} ({base[:7]})" and doc["head"] == "working tree"
    assert doc["total_monthly_cost_before"] == 88.072
    assert doc["total_monthly_cost_after"] == 183.002
    # 70.08 + 32.85 - 8.00 + 8.392; the worker (priced before, not after) is left out, not -8.392
    assert doc["total_monthly_cost_delta"] == 103.322
    assert doc["total_monthly_cost_delta_percent"] == pytest.approx(103.322 / 88.072 * 100)
    assert doc["summary"]["resources_added"] == 2 and doc["summary"]["resources_removed"] == 1
    assert doc["summary"]["resources_changed"] == 2 and doc["summary"]["resources_unchanged"] == 1
    assert doc["summary"]["resources_without_delta"] == 1

    projects = {p["path"]: p for p in doc["projects"]}
    assert projects["infra"]["change"] == "changed"
    assert projects["infra"]["total_monthly_cost_before"] == 88.072
    assert projects["infra"]["total_monthly_cost_after"] == 174.61
    assert projects["infra"]["total_monthly_cost_delta"] == 94.93
    assert projects["infra/edge"]["change"] == "added"
    assert projects["infra/edge"]["total_monthly_cost_before"] == 0
    assert projects["infra/edge"]["total_monthly_cost_delta"] == 8.392

    resources = _by_address(doc)
    assert ("infra", "aws_vpc.main") not in resources  # unchanged: left out
    web = resources[("infra", "module.app.aws_instance.web")]
    assert web["change"] == "changed"
    assert (web["monthly_cost_before"], web["monthly_cost_after"], web["monthly_cost_delta"]) == (71.68, 141.76, 70.08)
    (usage,) = web["components"]
    assert usage["change"] == "changed"
    assert usage["before"]["unit_price"] == 0.096 and usage["after"]["unit_price"] == 0.192
    assert usage["monthly_cost_delta"] == 70.08
    # Each side is the breakdown's resource object: components, assumptions, file:line (the module's
    # file, read from git for the base although it lies outside the path given).
    assert web["before"]["file"] == "../modules/app/main.tf" and web["before"]["line"] == 5
    assert web["before"]["monthly_cost"] == 71.68 and web["before"]["status"] == "priced"
    assert {c["name"] for c in web["after"]["components"]} >= {"Instance usage (Linux/UNIX, on-demand, m5.xlarge)"}

    worker = resources[("infra", "aws_instance.worker")]
    assert worker["change"] == "changed"
    assert worker["monthly_cost_before"] == 8.392
    assert worker["monthly_cost_after"] is None and worker["monthly_cost_delta"] is None
    assert worker["after"]["status"] == "not_priced"
    assert "var.worker_type" in worker["after"]["reason"]
    assert worker["components"] == []

    data = resources[("infra", "aws_ebs_volume.data")]
    assert (data["change"], data["monthly_cost_before"], data["monthly_cost_after"], data["after"]) == (
        "removed",
        8,
        0,
        None,
    )
    assert data["monthly_cost_delta"] == -8
    nat = resources[("infra", "aws_nat_gateway.gw")]
    assert (nat["change"], nat["monthly_cost_delta"], nat["before"]) == ("added", 32.85, None)
    assert resources[("infra/edge", "aws_instance.edge")]["change"] == "added"

    (unpriced,) = doc["not_priced"]
    assert (unpriced["address"], unpriced["change"]) == ("aws_instance.worker", "changed")


def test_table_reads_like_a_diff(repo: tuple[Path, str, str]) -> None:
    path, base, _ = repo
    result = run("diff", "infra", "--base", base, cwd=path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    row = next(line for line in lines if "module.app.aws_instance.web" in line)
    assert row.lstrip().startswith("~") and row.split()[-3:] == ["$71.68", "$141.76", "+$70.08"]
    assert any("m5.large → m5.xlarge" in line for line in lines)
    assert next(line for line in lines if "aws_nat_gateway.gw" in line).lstrip().startswith("+")
    assert next(line for line in lines if "aws_ebs_volume.data" in line).split()[-3:] == ["$8.00", "-", "-$8.00"]
    worker = next(line for line in lines if "aws_instance.worker" in line)
    assert worker.split()[-5:] == ["$8.39", "not", "priced", "no", "delta"]
    assert "Project: infra/edge (terraform, added): $0.00 -> $8.39 a month (+$8.39)" in lines
    assert " Monthly cost: $88.07 -> $183.00 a month (+$103.32, +117.3%)" in lines
    assert "aws_vpc.main" not in result.stdout
    shown = run("diff", "infra", "--base", base, "--show-unchanged", cwd=path)
    assert "aws_vpc.main" in shown.stdout


def test_git_read_touches_neither_working_tree_nor_index(repo: tuple[Path, str, str]) -> None:
    path, base, _ = repo
    write(path, {"infra/scratch.tf": "# uncommitted\n"})
    try:
        index = (path / ".git" / "index").read_bytes()
        status = git(path, "status", "--porcelain", "--untracked-files=all")
        worktrees = git(path, "worktree", "list")
        assert run("diff", "infra", "--base", base, cwd=path).returncode == 0
        assert (path / ".git" / "index").read_bytes() == index
        assert git(path, "status", "--porcelain", "--untracked-files=all") == status
        assert git(path, "worktree", "list") == worktrees
    finally:
        (path / "infra" / "scratch.tf").unlink()


def test_paths_are_shown_alike_on_both_sides_wherever_costlint_runs(
    repo: tuple[Path, str, str], tmp_path: Path
) -> None:
    path, base, _ = repo
    inside = _doc(run("diff", ".", "--base", base, "--format", "json", cwd=path / "infra"))
    assert {p["path"]: p["change"] for p in inside["projects"]} == {".": "changed", "edge": "added"}
    assert inside["total_monthly_cost_delta"] == 103.322
    above = _doc(run("diff", str(path / "infra"), "--base", base, "--format", "json", cwd=path.parent))
    assert {p["path"]: p["change"] for p in above["projects"]} == {"repo/infra": "changed", "repo/infra/edge": "added"}
    outside = _doc(run("diff", str(path / "infra"), "--base", base, "--format", "json", cwd=tmp_path))
    assert {p["path"]: p["change"] for p in outside["projects"]} == {
        str(path / "infra"): "changed",
        str(path / "infra" / "edge"): "added",
    }
    assert outside["total_monthly_cost_delta"] == 103.322


def test_a_path_missing_from_the_base_is_a_project_added(repo: tuple[Path, str, str]) -> None:
    path, base, _ = repo
    doc = _doc(run("diff", "infra/edge", "--base", base, "--format", "json", cwd=path))
    (project,) = doc["projects"]
    assert (project["path"], project["change"]) == ("infra/edge", "added")
    assert doc["total_monthly_cost_before"] == 0 and doc["total_monthly_cost_delta"] == 8.392
    assert doc["total_monthly_cost_delta_percent"] is None


def test_head_ref_ignores_the_working_tree(repo: tuple[Path, str, str]) -> None:
    path, base, head = repo
    write(path, {"infra/edge/main.tf": None})  # an uncommitted deletion
    try:
        doc = _doc(run("diff", "infra", "--base", base, "--head", head, "--format", "json", cwd=path))
        assert doc["head"] == f"git {head} ({head[:7]})"
        assert doc["total_monthly_cost_delta"] == 103.322
        assert {p["path"] for p in doc["projects"]} == {"infra", "infra/edge"}
        # The same revisions the other way round: every delta changes sign (the worker still has none).
        back = _doc(run("diff", "infra", "--base", head, "--head", base, "--format", "json", cwd=path))
        assert back["total_monthly_cost_delta"] == -103.322
        assert {p["path"]: p["change"] for p in back["projects"]} == {"infra": "changed", "infra/edge": "removed"}
        # The working tree without infra/edge: the project is removed, not an error.
        worktree = _doc(run("diff", "infra", "--base", head, "--format", "json", cwd=path))
        assert {p["path"]: p["change"] for p in worktree["projects"]} == {
            "infra": "unchanged",
            "infra/edge": "removed",
        }
        assert worktree["total_monthly_cost_delta"] == -8.392
        assert worktree["resources"][0]["address"] == "aws_instance.edge"
    finally:
        git(path, "checkout", "-q", "--", "infra/edge/main.tf")


def test_base_path_is_another_checkout(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    path, base, _ = repo
    checkout = tmp_path / "base-checkout"
    git(tmp_path, "clone", "-q", str(path), str(checkout))
    git(checkout, "checkout", "-q", base)
    doc = _doc(run("diff", "infra", "--base-path", str(checkout), "--format", "json", cwd=path))
    assert doc["base"] == f"directory {checkout}"
    assert doc["total_monthly_cost_before"] == 88.072 and doc["total_monthly_cost_delta"] == 103.322
    assert {p["path"]: p["change"] for p in doc["projects"]} == {"infra": "changed", "infra/edge": "added"}
    # Without a PATH: the current directory against the other copy of it.
    inside = _doc(run("diff", "--base-path", str(checkout / "infra"), "--format", "json", cwd=path / "infra"))
    assert inside["total_monthly_cost_delta"] == 103.322


def test_gates_exit_1_saying_which_and_by_how_much(repo: tuple[Path, str, str]) -> None:
    path, base, _ = repo
    result = run(
        "diff", "infra", "--base", base, "--fail-on-increase", "100", "--fail-on-increase-percent", "150", cwd=path
    )
    assert result.returncode == 1, result.stderr
    gates = [line for line in result.stderr.splitlines() if line.startswith("costlint: gate:")]
    # 103.322 - 100 = 3.322 over; 117.3% is under 150%: only the amount gate is crossed.
    assert gates == [
        "costlint: gate: monthly cost increases by $103.32, over the --fail-on-increase limit of $100.00 by $3.32"
    ]
    percent = run("diff", "infra", "--base", base, "--fail-on-increase-percent", "100", cwd=path)
    assert percent.returncode == 1
    assert (
        "costlint: gate: monthly cost increases by 117.3% ($103.32), over the --fail-on-increase-percent limit "
        "of 100% by 17.3 percentage points"
    ) in percent.stderr
    passing = run("diff", "infra", "--base", base, "--fail-on-increase", "$103.33", cwd=path)
    assert passing.returncode == 0 and "gate" not in passing.stderr
    # A decrease never crosses a gate.
    down = run("diff", "infra", "--base", "HEAD", "--head", base, "--fail-on-increase", "0", cwd=path)
    assert down.returncode == 0, down.stderr
    bad = run("diff", "infra", "--base", base, "--fail-on-increase", "lots", cwd=path)
    assert bad.returncode == 2 and "expected a number" in bad.stderr


def test_bad_revisions_and_paths_are_one_line(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    path, _, _ = repo
    unknown = run("diff", "infra", "--base", "no-such-branch", cwd=path)
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines() == [
        f"costlint: error: unknown git revision 'no-such-branch' in {path.resolve()} "
        "(in CI, fetch the history: actions/checkout with fetch-depth: 0)"
    ]
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    not_git = run("diff", ".", "--base", "HEAD", cwd=outside)
    assert not_git.returncode == 2 and "is not inside a git repository" in not_git.stderr
    assert "Traceback" not in not_git.stderr
    both = run("diff", "infra", "--base", "HEAD", "--base-path", str(outside), cwd=path)
    assert both.returncode == 2 and "not both" in both.stderr
    nothing = run("diff", "infra", cwd=path)
    assert nothing.returncode == 2 and "nothing to compare with" in nothing.stderr


def test_a_broken_base_file_is_a_warning_the_change_decides_the_exit_code(tmp_path: Path) -> None:
    from diff_repo import HEAD_INFRA

    repo = tmp_path / "repo"
    make_repo(repo)
    write(repo, {"infra/main.tf": "resource {{{ broken\n"})
    git(repo, "commit", "-qam", "broken")
    write(repo, {"infra/main.tf": HEAD_INFRA})  # the change fixes it
    result = run("diff", "infra", "--base", "HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "infra/main.tf:1: warning: in the base (git HEAD (" in result.stderr
    broken_head = run("diff", "infra", "--base", "HEAD~1", "--head", "HEAD", cwd=repo)
    assert broken_head.returncode == 2
    assert "infra/main.tf:1: error:" in broken_head.stderr and "Traceback" not in broken_head.stderr


def test_only_projects_whose_inputs_changed_are_read_again(
    repo: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from costlint.cli.diff_sides import git_tree, other_tree, read_side, working_tree
    from costlint.readers import ReadOptions

    path, base, _ = repo
    monkeypatch.chdir(path)
    root, paths, options = path.resolve(), ("infra",), ReadOptions(environ={})

    def base_side(ref: str):  # type: ignore[no-untyped-def]
        head_tree = working_tree(paths, root)
        head = read_side(head_tree, options)
        with git_tree(root, ref, paths) as (tree, _):
            side = read_side(other_tree(paths, root, tree, "the repository"), options, head, head_tree)
        return head, side

    head, same = base_side("HEAD")  # the working tree is HEAD: nothing to read again
    assert same.reused == 2 and [id(p) for p in same.projects] == [id(p) for p in head.projects]
    _, older = base_side(base)  # infra changed, infra/edge did not exist
    assert older.reused == 0 and [p.path for p in older.projects] == ["infra"]
    module = path / "modules" / "app" / "main.tf"
    text = module.read_text()
    module.write_text(text.replace("volume_size = 20", "volume_size = 40"))
    try:
        # The module lies outside the PATH: infra read it, so infra is read again; infra/edge is not.
        head, edited = base_side("HEAD")
        assert edited.reused == 1
        assert [p.path for p in edited.projects if all(p is not q for q in head.projects)] == ["infra"]
    finally:
        module.write_text(text)


def test_changes_outside_the_path_or_by_deletion_still_show(repo: tuple[Path, str, str]) -> None:
    path, _, _ = repo
    module = path / "modules" / "app" / "main.tf"
    text = module.read_text()
    module.write_text(text.replace("volume_size = 20", "volume_size = 40"))
    try:
        doc = _doc(run("diff", "infra", "--base", "HEAD", "--format", "json", cwd=path))
        # 20 more GB of gp3 at 0.08: +1.60, on the module's instance only
        assert doc["total_monthly_cost_delta"] == 1.6
        assert [(r["address"], r["monthly_cost_delta"]) for r in doc["resources"]] == [
            ("module.app.aws_instance.web", 1.6)
        ]
    finally:
        module.write_text(text)
    write(path, {"infra/terraform.tfvars": 'worker_type = "t3.micro"\n'})
    git(path, "add", "infra/terraform.tfvars")
    git(path, "commit", "-qm", "worker type")
    try:
        (path / "infra" / "terraform.tfvars").unlink()  # the working tree deletes it: the worker loses its type
        doc = _doc(run("diff", "infra", "--base", "HEAD", "--format", "json", cwd=path))
        (worker,) = doc["resources"]
        assert (worker["address"], worker["monthly_cost_before"], worker["after"]["status"]) == (
            "aws_instance.worker",
            8.392,
            "not_priced",
        )
    finally:
        git(path, "reset", "-q", "--hard", "HEAD~1")


def test_usage_file_applies_to_both_sides(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    path, base, _ = repo
    usage = tmp_path / "usage.yml"
    usage.write_text("version: 0.1\nresource_usage:\n  aws_nat_gateway.gw:\n    monthly_data_processed_gb: 200\n")
    doc = _doc(run("diff", "infra", "--base", base, "--usage-file", str(usage), "--format", "json", cwd=path))
    # The added NAT gateway now also processes 200 GB at 0.045: 32.85 + 9.00 = 41.85 (the rest as before).
    nat = _by_address(doc)[("infra", "aws_nat_gateway.gw")]
    assert nat["monthly_cost_delta"] == 41.85
    assert doc["total_monthly_cost_delta"] == 112.322
    bad = tmp_path / "bad.yml"
    bad.write_text("version: 0.1\nresource_usage:\n  aws_nat_gateway.gw:\n    monthly_data_processed_gb: -1\n")
    refused = run("diff", "infra", "--base", base, "--usage-file", str(bad), cwd=path)
    assert refused.returncode == 2 and f"{bad}:4: error:" in refused.stderr
