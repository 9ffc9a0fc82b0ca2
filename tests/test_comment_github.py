"""``costlint comment github`` against a local GitHub API server (``tests/github_server.py``).

The documents posted are real ``costlint diff --format json`` outputs: the plan fixture of
``test_diff_plan.py`` (delta +$94.93) and the git repository of ``diff_repo.py`` (delta +$103.32).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from costlint.integrations.github import GitHub, GitHubError, marker
from diff_repo import ROOT, make_repo
from diff_repo import costlint as run
from github_server import HUMAN, GitHubServer, GitHubState

PLAN = ROOT / "tests" / "fixtures" / "diff" / "plan" / "plan.json"
MARK = "<!-- costlint:pr-comment -->"
TOKEN = "ghs_test_token_0123456789"


@pytest.fixture(scope="module")
def plan_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = run("diff", str(PLAN), "--format", "json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    path = tmp_path_factory.mktemp("docs") / "plan-diff.json"
    path.write_text(result.stdout)
    return path


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("comment") / "repo"
    base, _ = make_repo(path)
    return path, base


@pytest.fixture
def github() -> GitHubServer:  # type: ignore[misc]
    with GitHubServer() as server:
        yield server


def comment(server: GitHubServer, *args: str, cwd: Path = ROOT, summary: Path | None = None, **env: str):  # type: ignore[no-untyped-def]
    environ = {"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": server.url, "GITHUB_GRAPHQL_URL": "", **env}
    if summary is not None:
        environ["GITHUB_STEP_SUMMARY"] = str(summary)
    return run("comment", "github", *args, cwd=cwd, env=environ)


def ours(state: GitHubState, number: int) -> list[dict]:
    return [c for c in state.on(number) if c["body"].startswith(MARK)]


def test_update_finds_its_comment_past_the_first_page_and_leaves_exactly_one(
    github: GitHubServer, plan_doc: Path, repo: tuple[Path, str], tmp_path: Path
) -> None:
    state = github.state
    for i in range(130):  # a busy pull request: costlint's earlier comment is the 116th, on page 2
        state.add_comment(7, f"{MARK}\nold estimate" if i == 115 else f"review remark {i}", None if i == 115 else HUMAN)
    (earlier,) = ours(state, 7)

    first = comment(github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "7")
    assert first.returncode == 0, first.stderr
    assert first.stderr.strip() == (
        f"costlint: comment updated on acme/infra#7: https://github.com/acme/infra/pull/7#issuecomment-{earlier['id']}"
    )
    listing = state.calls("GET", "/comments")
    assert listing[0].path == "/repos/acme/infra/issues/7/comments?per_page=100"
    assert listing[1].path == "/repositories/802713/issues/7/comments?per_page=100&page=2"  # the Link header's next
    (after_first,) = ours(state, 7)
    assert after_first["id"] == earlier["id"]
    body_first = after_first["body"]
    assert "**Monthly cost will increase by $94.93 (+60.1%)**" in body_first

    # Second run: the diff is computed here, from git (PATHs and --base as for `costlint diff`).
    path, base = repo
    second = comment(github, "infra", "--base", base, "--repo", "acme/infra", "--pr", "7", cwd=path)
    assert second.returncode == 0, second.stderr
    (after_second,) = ours(state, 7)
    assert after_second["id"] == earlier["id"]
    assert after_second["body"] != body_first
    assert "**Monthly cost will increase by $103.32 (+117.3%)**" in after_second["body"]
    assert len(state.on(7)) == 130 and not state.calls("POST") and not state.calls("DELETE")
    assert len(state.calls("PATCH")) == 2

    # The same body again: nothing to edit.
    third = comment(github, "infra", "--base", base, "--repo", "acme/infra", "--pr", "7", cwd=path)
    assert third.returncode == 0 and "comment unchanged" in third.stderr
    assert len(state.calls("PATCH")) == 2


def test_update_creates_the_first_comment_and_new_adds_one_each_run(github: GitHubServer, plan_doc: Path) -> None:
    state = github.state
    assert comment(github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "8").returncode == 0
    assert comment(github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "8").returncode == 0
    assert len(ours(state, 8)) == 1 and len(state.calls("POST")) == 1
    for _ in range(2):
        assert (
            comment(
                github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "8", "--behavior", "new"
            ).returncode
            == 0
        )
    assert len(ours(state, 8)) == 3
    post = json.loads(state.calls("POST")[0].body)
    assert post["body"].startswith(MARK + "\n")


def test_delete_and_new_and_tags(github: GitHubServer, plan_doc: Path) -> None:
    state = github.state
    old = [state.add_comment(9, f"{MARK}\nrun {i}") for i in range(2)]
    other = state.add_comment(9, f"{marker('staging')}\nanother workflow's")
    result = comment(
        github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "9", "--behavior", "delete-and-new"
    )
    assert result.returncode == 0, result.stderr
    assert sorted(int(r.path.rsplit("/", 1)[1]) for r in state.calls("DELETE")) == sorted(c["id"] for c in old)
    (left,) = ours(state, 9)
    assert left["id"] not in {c["id"] for c in old}
    assert other["id"] in state.comments  # a comment with another tag is someone else's


def test_hide_and_new_minimises_through_graphql_on_enterprise_server(github: GitHubServer, plan_doc: Path) -> None:
    state = github.state
    old = state.add_comment(10, f"{MARK}\nearlier")
    result = comment(
        github,
        "--path",
        str(plan_doc),
        "--repo",
        "acme/infra",
        "--pr",
        "10",
        "--behavior",
        "hide-and-new",
        GITHUB_API_URL=f"{github.url}/api/v3",  # GHES: REST under /api/v3, GraphQL at /api/graphql
    )
    assert result.returncode == 0, result.stderr
    (mutation,) = state.calls("POST", "graphql")
    assert mutation.path == "/api/graphql"
    assert json.loads(mutation.body)["variables"] == {"id": old["node_id"]}
    assert state.minimized == {old["node_id"]}
    assert all(r.path.startswith("/api/") for r in state.requests)
    assert len(ours(state, 10)) == 2  # the old one hidden, not deleted


def test_a_server_error_is_retried(github: GitHubServer, plan_doc: Path) -> None:
    state = github.state
    state.fail("POST", r"/issues/11/comments", 502, message="Server Error")
    started = time.monotonic()
    result = comment(github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "11")
    assert result.returncode == 0, result.stderr
    assert len(state.calls("POST")) == 2 and len(ours(state, 11)) == 1
    assert time.monotonic() - started >= 1.0  # the first backoff is one second


def test_rate_limits_honour_retry_after_and_the_reset_time(github: GitHubServer) -> None:
    state = github.state
    state.add_comment(12, "hello")
    state.fail("GET", "/issues/12/", 429, headers={"Retry-After": "7"}, message="API rate limit exceeded")
    state.fail(
        "GET",
        "/issues/12/",
        403,
        headers={"Retry-After": "3"},
        message="You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    )
    reset = int(time.time()) + 20
    state.fail(
        "GET",
        "/issues/12/",
        403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)},
        message="API rate limit exceeded for installation ID 1.",
    )
    sleeps: list[float] = []
    client = GitHub(TOKEN, github.url, sleep=sleeps.append)
    (only,) = client.list_comments("acme/infra", 12)
    assert only.body == "hello"
    assert sleeps[:2] == [7, 3]
    assert 18 <= sleeps[2] <= 22  # until the reset time, plus a second
    assert len(state.calls("GET")) == 4


def test_a_fork_token_prints_the_markdown_and_exits_0_unless_strict(
    github: GitHubServer, plan_doc: Path, tmp_path: Path
) -> None:
    github.state.read_only = True
    summary = tmp_path / "summary.md"
    result = comment(github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "13", summary=summary)
    assert result.returncode == 0, result.stderr
    assert "**Monthly cost will increase by $94.93 (+60.1%)**" in result.stdout
    assert "**Monthly cost will increase by $94.93 (+60.1%)**" in summary.read_text()
    warnings = result.stderr.strip().splitlines()
    assert warnings[0].startswith(
        "costlint: warning: GitHub API: cannot comment on acme/infra#13: HTTP 403 Resource not accessible by "
        "integration: the token may not do this (a pull request from a fork gets a read-only token"
    )
    assert warnings[1] == "costlint: warning: no comment posted; the Markdown is below and in the job summary"
    strict = comment(github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "13", "--strict")
    assert strict.returncode == 3
    assert strict.stderr.startswith("costlint: error: GitHub API: cannot comment on acme/infra#13: HTTP 403")


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("bad-token", "HTTP 401 Bad credentials: the token was refused"),
        ("no-repo", "HTTP 404 Not Found: no such repository or pull request"),
        ("down", "HTTP 500 Server Error"),
    ],
)
def test_errors_are_one_line_and_never_show_the_token(
    github: GitHubServer, plan_doc: Path, tmp_path: Path, scenario: str, expected: str
) -> None:
    secret = "ghs_S3cretT0kenThatMustNeverBePrinted"
    state = github.state
    state.token = "ghs_the_token_the_server_expects"
    repo = "acme/infra"
    if scenario == "no-repo":
        state.token = secret
        repo = "acme/elsewhere"
    if scenario == "down":
        state.token = secret
        state.fail("GET", "/comments", 500, times=10, headers={"Retry-After": "0"})
    summary = tmp_path / "summary.md"
    result = comment(
        github, "--path", str(plan_doc), "--repo", repo, "--pr", "14", summary=summary, GITHUB_TOKEN=secret
    )
    assert result.returncode == 3
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("costlint: error: GitHub API: ") and expected in line
    assert secret not in result.stdout + result.stderr + summary.read_text()
    assert "Traceback" not in result.stderr
    if scenario == "down":
        assert len(state.calls("GET")) == 5  # five attempts
    # The token went where it belongs, and only there.
    assert all(r.headers["Authorization"] == f"Bearer {secret}" for r in state.requests)
    assert all(secret not in r.path and secret not in r.body for r in state.requests)


def test_an_unreachable_server_is_one_line_without_the_token() -> None:
    secret = "ghs_AnotherSecretToken42"
    sleeps: list[float] = []
    client = GitHub(secret, "http://127.0.0.1:9", sleep=sleeps.append)  # the discard port: refused
    with pytest.raises(GitHubError) as caught:
        client.list_comments("acme/infra", 1)
    message = str(caught.value)
    assert message.startswith("GitHub API: cannot list the comments of acme/infra#1: ConnectionError")
    assert "\n" not in message and secret not in message
    assert sleeps == [1, 2, 4, 8]


def test_missing_token_and_repo(github: GitHubServer, plan_doc: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = comment(
        github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "15", summary=summary, GITHUB_TOKEN=""
    )
    assert result.returncode == 3
    assert result.stderr.strip() == "costlint: error: GITHUB_TOKEN is not set: no comment posted"
    assert "Monthly cost will increase by $94.93" in summary.read_text()  # the job summary still has it
    no_repo = comment(github, "--path", str(plan_doc), "--pr", "15", GITHUB_REPOSITORY="")
    assert no_repo.returncode == 2 and "--repo OWNER/NAME is required" in no_repo.stderr
    assert not github.state.requests


def test_repo_and_number_from_the_actions_environment(github: GitHubServer, plan_doc: Path, tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "number": 16, "pull_request": {"number": 16}}))
    result = comment(github, "--path", str(plan_doc), GITHUB_REPOSITORY="acme/infra", GITHUB_EVENT_PATH=str(event))
    assert result.returncode == 0, result.stderr
    assert len(ours(github.state, 16)) == 1


def test_gates_fail_after_posting(github: GitHubServer, plan_doc: Path) -> None:
    result = comment(github, "--path", str(plan_doc), "--repo", "acme/infra", "--pr", "17", "--fail-on-increase", "90")
    assert result.returncode == 1
    assert "over the --fail-on-increase limit of $90.00 by $4.93" in result.stderr
    assert len(ours(github.state, 17)) == 1


def test_a_file_that_is_not_a_diff_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "breakdown.json"
    bad.write_text('{"total_monthly_cost": 3}')
    result = run("comment", "github", "--path", str(bad), "--repo", "a/b", "--pr", "1", cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{bad}:1: error: not a `costlint diff --format json` document"
