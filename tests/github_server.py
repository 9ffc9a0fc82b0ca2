"""A local GitHub API server for the comment tests: the endpoints costlint uses, in GitHub's formats.

- ``GET  /repos/{owner}/{repo}/issues/{n}/comments?per_page=&page=`` (also under ``/repositories/{id}/``,
  the form GitHub's ``Link`` header uses), ``per_page`` at most 100, a ``Link`` header with ``next``
  and ``last`` while there are more pages;
- ``POST /repos/{owner}/{repo}/issues/{n}/comments`` (201), ``PATCH`` and ``DELETE``
  ``/repos/{owner}/{repo}/issues/comments/{id}`` (200, 204);
- ``POST /graphql`` (and ``/api/graphql``): the ``minimizeComment`` mutation;
- every REST path also under ``/api/v3`` (GitHub Enterprise Server).

Comments carry the fields of GitHub's issue-comment object (``id``, ``node_id``, ``url``, ``html_url``,
``body``, ``user``, ``created_at``...). Errors are GitHub's JSON (``message``, ``documentation_url``,
``status``). ``read_only`` answers writes as a fork's token gets them (403 "Resource not accessible by
integration"); ``fail(...)`` queues failures (a 502, a 429 with ``Retry-After``...). Every request is
recorded (method, path, headers, body).
"""

from __future__ import annotations

import base64
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

REPO_ID = 802713
EPOCH = datetime(2026, 11, 20, tzinfo=timezone.utc)
BOT = {
    "login": "github-actions[bot]",
    "id": 41898282,
    "node_id": "MDM6Qm90NDE4OTgyODI=",
    "avatar_url": "https://avatars.githubusercontent.com/in/15368?v=4",
    "gravatar_id": "",
    "url": "https://api.github.com/users/github-actions%5Bbot%5D",
    "html_url": "https://github.com/apps/github-actions",
    "type": "Bot",
    "site_admin": False,
}
HUMAN = {**BOT, "login": "octocat", "id": 583231, "node_id": "MDQ6VXNlcjU4MzIzMQ==", "type": "User"}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: str


@dataclass
class Failure:
    method: str
    path: re.Pattern[str]
    status: int
    headers: dict[str, str]
    body: dict[str, Any]
    times: int


@dataclass
class GitHubState:
    token: str = "ghs_test_token_0123456789"
    repo: str = "acme/infra"
    read_only: bool = False
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    minimized: set[str] = field(default_factory=set)
    requests: list[Recorded] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    next_id: int = 1_000_000
    base_url: str = ""

    def add_comment(self, number: int, body: str, user: dict[str, Any] | None = None) -> dict[str, Any]:
        self.next_id += 1
        comment_id = self.next_id
        node_id = "IC_kwDO" + base64.b64encode(f"IssueComment{comment_id}".encode()).decode().rstrip("=")
        # Later comments are created later (GitHub lists them by ascending id, which is the same order).
        stamp = (EPOCH + timedelta(seconds=comment_id - 1_000_000)).strftime("%Y-%m-%dT%H:%M:%SZ")
        comment = {
            "id": comment_id,
            "node_id": node_id,
            "url": f"{self.base_url}/repos/{self.repo}/issues/comments/{comment_id}",
            "html_url": f"https://github.com/{self.repo}/pull/{number}#issuecomment-{comment_id}",
            "body": body,
            "user": user or BOT,
            "created_at": stamp,
            "updated_at": stamp,
            "issue_url": f"{self.base_url}/repos/{self.repo}/issues/{number}",
            "author_association": "NONE",
            "performed_via_github_app": None,
            "reactions": {"url": "", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0},
            "_issue": number,
        }
        self.comments[comment_id] = comment
        return comment

    def on(self, number: int) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["_issue"] == number]

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        message: str = "Server Error",
    ) -> None:
        body = {"message": message, "documentation_url": "https://docs.github.com/rest", "status": str(status)}
        self.failures.append(Failure(method, re.compile(path), status, headers or {}, body, times))

    def calls(self, method: str, pattern: str = "") -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]


def _public(comment: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in comment.items() if not k.startswith("_")}


class _Handler(BaseHTTPRequestHandler):
    state: GitHubState
    server_version = "GitHub.com"

    def log_message(self, format: str, *args: Any) -> None:  # silence the per-request log
        pass

    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, docs: str = "https://docs.github.com/rest") -> None:
        self._send(status, {"message": message, "documentation_url": docs, "status": str(status)})

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        state = self.state
        state.requests.append(Recorded(method, self.path, dict(self.headers.items()), raw))
        for failure in state.failures:
            if failure.times > 0 and failure.method == method and failure.path.search(self.path):
                failure.times -= 1
                self._send(failure.status, failure.body, failure.headers)
                return
        if self.headers.get("Authorization") != f"Bearer {state.token}":
            self._error(401, "Bad credentials")
            return
        url = urlsplit(self.path)
        path = url.path.removeprefix("/api/v3")
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if method == "POST" and path in ("/graphql", "/api/graphql"):
            self._graphql(json.loads(raw or "{}"))
            return
        owner_repo = re.escape(state.repo)
        listing = re.fullmatch(rf"/(?:repos/{owner_repo}|repositories/{REPO_ID})/issues/(\d+)/comments", path)
        single = re.fullmatch(rf"/repos/{owner_repo}/issues/comments/(\d+)", path)
        if listing and method == "GET":
            self._list(int(listing.group(1)), query)
        elif listing and method == "POST":
            if state.read_only:
                self._error(
                    403,
                    "Resource not accessible by integration",
                    "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
                )
                return
            self._send(201, _public(state.add_comment(int(listing.group(1)), json.loads(raw)["body"])))
        elif single and method in ("PATCH", "DELETE"):
            comment = state.comments.get(int(single.group(1)))
            if comment is None:
                self._error(404, "Not Found")
            elif state.read_only:
                self._error(403, "Resource not accessible by integration")
            elif method == "PATCH":
                comment["body"] = json.loads(raw)["body"]
                comment["updated_at"] = "2026-11-21T00:00:00Z"
                self._send(200, _public(comment))
            else:
                del state.comments[comment["id"]]
                self._send(204)
        else:
            self._error(404, "Not Found")

    def _list(self, number: int, query: dict[str, str]) -> None:
        per_page = min(int(query.get("per_page", 30)), 100)
        page = int(query.get("page", 1))
        items = self.state.on(number)
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {}
        if page < last:
            base = f"{self.state.base_url}/repositories/{REPO_ID}/issues/{number}/comments?per_page={per_page}"
            headers["Link"] = f'<{base}&page={page + 1}>; rel="next", <{base}&page={last}>; rel="last"'
        self._send(200, [_public(c) for c in chunk], headers)

    def _graphql(self, request: dict[str, Any]) -> None:
        query = str(request.get("query", ""))
        node = (request.get("variables") or {}).get("id")
        if "minimizeComment" not in query or "classifier: OUTDATED" not in query:
            self._send(200, {"errors": [{"message": "unsupported by the test server"}]})
            return
        match = next((c for c in self.state.comments.values() if c["node_id"] == node), None)
        if match is None:
            self._send(
                200,
                {
                    "data": {"minimizeComment": None},
                    "errors": [
                        {
                            "type": "NOT_FOUND",
                            "path": ["minimizeComment"],
                            "message": f"Could not resolve to a node with the global id of '{node}'",
                        }
                    ],
                },
            )
            return
        if self.state.read_only:
            self._send(
                200,
                {
                    "data": {"minimizeComment": None},
                    "errors": [
                        {
                            "type": "FORBIDDEN",
                            "path": ["minimizeComment"],
                            "message": "Resource not accessible by integration",
                        }
                    ],
                },
            )
            return
        self.state.minimized.add(node)
        self._send(200, {"data": {"minimizeComment": {"minimizedComment": {"isMinimized": True}}}})

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")


class GitHubServer:
    def __init__(self, state: GitHubState | None = None) -> None:
        self.state = state or GitHubState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.state.base_url = self.url
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> GitHubServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
