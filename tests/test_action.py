"""``action.yml`` run the way the Actions runner runs a composite action, against the local GitHub server.

Each ``run:`` step is written to a file and run as the runner runs ``shell: bash``
(``bash --noprofile --norc -e -o pipefail FILE``) in ``GITHUB_WORKSPACE``, with the runner's environment
(``GITHUB_EVENT_NAME``, ``GITHUB_EVENT_PATH`` holding a ``pull_request`` event, ``GITHUB_REPOSITORY``,
``GITHUB_API_URL``/``GITHUB_GRAPHQL_URL`` pointing at the local server, ``GITHUB_STEP_SUMMARY``,
``GITHUB_ENV``, ``GITHUB_OUTPUT``, ``GITHUB_ACTION_PATH``, ``RUNNER_TEMP``) and the ``${{ inputs.* }}`` and
``${{ github.* }}`` expressions of ``env:`` substituted. ``GITHUB_ENV`` lines of a step reach the next
steps, as on the runner. The action installs costlint from its own checkout (a copy of this repository's
files) into a fresh virtual environment: a real ``pip install``, about 20 seconds, once for the module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from diff_repo import ROOT, git, make_repo, write
from github_server import GitHubServer

TOKEN = "ghs_action_token_abcdef"
EXPRESSION = re.compile(r"\$\{\{\s*([a-z]+)\.([A-Za-z0-9_.-]+)\s*\}\}")


def _action_checkout(dest: Path) -> Path:
    """The action's own checkout: this repository's files (tracked and new, not ignored ones)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def _substitute(text: str, contexts: dict[str, dict[str, Any]]) -> str:
    def value(match: re.Match[str]) -> str:
        context, name = match.group(1), match.group(2)
        assert context in contexts, f"action.yml uses an expression this runner does not know: {match.group(0)}"
        return str(contexts[context].get(name, ""))

    return EXPRESSION.sub(value, text)


def _env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` and ``KEY<<DELIMITER`` blocks, as the runner reads GITHUB_ENV and GITHUB_OUTPUT."""
    out: dict[str, str] = {}
    lines = path.read_text().splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            out[key] = "\n".join(lines[i + 1 : end])
            i = end + 1
            continue
        key, _, val = line.partition("=")
        out[key] = val
        i += 1
    return out


class Runner:
    def __init__(self, action: Path, workspace: Path, temp: Path, server: GitHubServer) -> None:
        self.action = action
        self.workspace = workspace
        self.temp = temp
        self.server = server
        self.definition = yaml.safe_load((action / "action.yml").read_text())

    def run(self, event: dict[str, Any], inputs: dict[str, str], event_name: str = "pull_request") -> dict[str, Any]:
        run_dir = Path(self.temp / f"run-{len(list(self.temp.glob('run-*')))}")
        run_dir.mkdir()
        event_path = run_dir / "event.json"
        event_path.write_text(json.dumps(event))
        summary = run_dir / "summary.md"
        github = {"token": TOKEN, "event_name": event_name, "repository": "acme/infra"}
        values = {name: spec.get("default", "") for name, spec in self.definition["inputs"].items()}
        values = {name: _substitute(str(v), {"github": github}) for name, v in values.items()}
        values.update(inputs)
        environ = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "COSTLINT_"))},
            "COSTLINT_CACHE_DIR": os.environ["COSTLINT_CACHE_DIR"],
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "RUNNER_OS": "Linux",
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(self.action),
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_REPOSITORY": "acme/infra",
            "GITHUB_API_URL": self.server.url,
            "GITHUB_GRAPHQL_URL": f"{self.server.url}/graphql",
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_STEP_SUMMARY": str(summary),
        }
        logs, outputs, code = [], {}, 0
        for index, step in enumerate(self.definition["runs"]["steps"]):
            assert step.get("shell") == "bash" and "run" in step, step
            contexts = {"inputs": values, "github": github}
            step_env = {k: _substitute(str(v), contexts) for k, v in (step.get("env") or {}).items()}
            env_file, output_file = run_dir / f"env-{index}", run_dir / f"output-{index}"
            script = run_dir / f"step-{index}.sh"
            script.write_text(_substitute(step["run"], contexts))
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script)],
                cwd=self.workspace,
                env={**environ, **step_env, "GITHUB_ENV": str(env_file), "GITHUB_OUTPUT": str(output_file)},
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            logs.append((step["name"], result))
            environ.update(_env_file(env_file))
            if step.get("id"):
                outputs[step["id"]] = _env_file(output_file)
            if result.returncode != 0:
                code = result.returncode
                break
        return {
            "code": code,
            "logs": logs,
            "outputs": outputs,
            "summary": summary.read_text() if summary.exists() else "",
            "text": "\n".join(r.stdout + r.stderr for _, r in logs),
        }


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("action")
    action = _action_checkout(root / "action")
    workspace = root / "workspace"
    base, head = make_repo(workspace)
    temp = root / "runner-temp"
    temp.mkdir()
    with GitHubServer() as server:
        server.state.token = TOKEN
        yield Runner(action, workspace, temp, server), base, head


def _event(base: str, head: str, number: int = 7) -> dict[str, Any]:
    return {
        "action": "synchronize",
        "number": number,
        "pull_request": {
            "number": number,
            "base": {"ref": "main", "sha": base},
            "head": {"ref": "feature", "sha": head},
        },
        "repository": {"full_name": "acme/infra"},
    }


def test_the_action_comments_updates_and_gates(setup) -> None:  # type: ignore[no-untyped-def]
    runner, base, head = setup
    state = runner.server.state

    first = runner.run(_event(base, head), {"path": "infra"})
    assert first["code"] == 0, first["text"]
    (posted,) = state.on(7)
    first_body = posted["body"]
    assert posted["body"].startswith("<!-- costlint:pr-comment -->\n")
    assert "**Monthly cost will increase by $103.32 (+117.3%)**" in posted["body"]
    assert "**Monthly cost will increase by $103.32 (+117.3%)**" in first["summary"]
    assert first["outputs"]["diff"] == {"total-monthly-cost-delta": "103.322"}
    assert TOKEN not in first["text"]
    (listing, *_) = state.calls("GET", "/comments")
    assert listing.headers["Authorization"] == f"Bearer {TOKEN}"

    # A new commit on the pull request: the same comment, edited; the install is reused.
    write(runner.workspace, {"infra/edge/main.tf": None})
    git(runner.workspace, "commit", "-qam", "drop edge")
    newer = git(runner.workspace, "rev-parse", "HEAD")
    second = runner.run(_event(base, newer), {"path": "infra", "fail-on-increase": "90"})
    assert second["code"] == 1, second["text"]  # 94.93 > 90: the gate fails the job, after the comment
    assert "over the --fail-on-increase limit of $90.00 by $4.93" in second["text"]
    (edited,) = state.on(7)
    assert edited["id"] == posted["id"] and edited["body"] != first_body
    assert "**Monthly cost will increase by $94.93 (+107.8%)**" in edited["body"]
    assert len(state.calls("PATCH")) == 1 and len(state.calls("POST")) == 1
    assert "Install costlint" in [name for name, _ in second["logs"]]
    assert "Successfully installed" not in second["text"]


def test_the_action_on_a_fork_writes_the_summary_and_passes(setup) -> None:  # type: ignore[no-untyped-def]
    runner, base, head = setup
    runner.server.state.read_only = True
    try:
        result = runner.run(_event(base, head, 8), {"path": "infra", "base": base})
    finally:
        runner.server.state.read_only = False
    assert result["code"] == 0, result["text"]
    assert not runner.server.state.on(8)
    assert "Monthly cost will increase by" in result["summary"]
    assert "a pull request from a fork gets a read-only token" in result["text"]


def test_the_action_does_nothing_outside_pull_requests(setup) -> None:  # type: ignore[no-untyped-def]
    runner, _, _ = setup
    before = len(runner.server.state.requests)
    result = runner.run({"ref": "refs/heads/main"}, {}, event_name="push")
    assert result["code"] == 0, result["text"]
    assert "::notice title=costlint::not a pull_request event (push): nothing to compare" in result["text"]
    assert len(runner.server.state.requests) == before and not result["summary"]
