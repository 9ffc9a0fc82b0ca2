"""A small GitHub API client for costlint's pull-request comment.

- REST: list a pull request's conversation comments (``per_page=100``, following the ``Link`` header's
  ``next``), create, update and delete one; GraphQL: ``minimizeComment`` (classifier ``OUTDATED``).
- The API root comes from ``GITHUB_API_URL`` (GitHub Enterprise Server: ``https://HOST/api/v3``);
  GraphQL from ``GITHUB_GRAPHQL_URL``, else derived (``/api/v3`` -> ``/api/graphql``, else ``/graphql``).
- Retries with exponential backoff on 5xx, 429 and rate limits (403 with ``x-ratelimit-remaining: 0``
  or a "secondary rate limit" message), honouring ``Retry-After`` and ``x-ratelimit-reset``, and on
  connection errors and timeouts; the total wait is bounded.
- Errors are one line (``GitHubError``, with the HTTP status); 401/403/404 say what usually causes them.
- The token is sent only in the ``Authorization`` header and never appears in a message: every text
  that leaves this module goes through ``_redact``.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

DEFAULT_API_URL = "https://api.github.com"
TIMEOUT = (10, 60)
"""Connect and read timeouts of one request, seconds."""
MAX_PAGES = 200
"""20,000 comments: more than any pull request has; a server that keeps sending ``next`` is stopped."""


class GitHubError(Exception):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Comment:
    id: int
    node_id: str
    body: str
    created_at: str = ""
    html_url: str = ""


def graphql_url(api_url: str) -> str:
    api_url = api_url.rstrip("/")
    if api_url.endswith("/api/v3"):
        return api_url[: -len("/v3")] + "/graphql"
    return api_url + "/graphql"


class GitHub:
    def __init__(
        self,
        token: str,
        api_url: str = DEFAULT_API_URL,
        graphql: str | None = None,
        *,
        attempts: int = 5,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = "costlint",
    ) -> None:
        import requests

        self._token = token
        self.api_url = api_url.rstrip("/")
        self.graphql = graphql or graphql_url(self.api_url)
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": user_agent,
            }
        )

    # -- comments -----------------------------------------------------------------------------------

    def list_comments(self, repo: str, number: int) -> list[Comment]:
        url: str | None = f"{self.api_url}/repos/{repo}/issues/{number}/comments?per_page=100"
        out: list[Comment] = []
        for _ in range(MAX_PAGES):
            if url is None:
                return out
            response = self._request("GET", url, what=f"list the comments of {repo}#{number}")
            page = self._json(response)
            if not isinstance(page, list):
                raise GitHubError(f"GitHub API: unexpected answer listing the comments of {repo}#{number}")
            out += [_comment(item) for item in page if isinstance(item, dict)]
            url = response.links.get("next", {}).get("url")
        raise GitHubError(f"GitHub API: more than {MAX_PAGES} pages of comments on {repo}#{number}")

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        response = self._request(
            "POST",
            f"{self.api_url}/repos/{repo}/issues/{number}/comments",
            json={"body": body},
            what=f"comment on {repo}#{number}",
        )
        return _comment(self._json(response))

    def update_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        response = self._request(
            "PATCH",
            f"{self.api_url}/repos/{repo}/issues/comments/{comment_id}",
            json={"body": body},
            what=f"update comment {comment_id} on {repo}",
        )
        return _comment(self._json(response))

    def delete_comment(self, repo: str, comment_id: int) -> None:
        self._request(
            "DELETE",
            f"{self.api_url}/repos/{repo}/issues/comments/{comment_id}",
            what=f"delete comment {comment_id} on {repo}",
        )

    def minimize_comment(self, node_id: str) -> None:
        query = (
            "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) "
            "{ minimizedComment { isMinimized } } }"
        )
        response = self._request(
            "POST",
            self.graphql,
            json={"query": query, "variables": {"id": node_id}},
            what=f"hide comment {node_id}",
        )
        doc = self._json(response)
        errors = doc.get("errors") if isinstance(doc, dict) else None
        if errors:
            first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
            status = 403 if first.get("type") == "FORBIDDEN" else None
            raise GitHubError(
                self._redact(f"GitHub GraphQL: cannot hide comment {node_id}: {first.get('message', errors)}"),
                status,
            )

    # -- transport ----------------------------------------------------------------------------------

    def _request(self, method: str, url: str, *, what: str, json: Any = None) -> requests.Response:
        import requests

        waited = 0.0
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                response = self.session.request(method, url, json=json, timeout=TIMEOUT, allow_redirects=True)
            except requests.RequestException as exc:
                failure = GitHubError(self._redact(f"GitHub API: cannot {what}: {_exception_text(exc)}"))
                if last:
                    raise failure from None
                delay = self._delay(attempt, None)
            else:
                if response.status_code < 400:
                    return response
                failure = self._error(response, what)
                retry, delay = self._retryable(response, attempt)
                if not retry or last:
                    raise failure
            if waited + delay > self.max_wait:
                raise GitHubError(
                    f"{failure} (gave up: retrying would mean waiting {delay:.0f} s more)", failure.status
                ) from None
            self.sleep(delay)
            waited += delay
        raise AssertionError("unreachable")

    def _delay(self, attempt: int, response: requests.Response | None) -> float:
        if response is not None:
            after = _retry_after(response.headers.get("Retry-After"))
            if after is not None:
                return after
            if response.headers.get("x-ratelimit-remaining") == "0":
                reset = response.headers.get("x-ratelimit-reset", "")
                if reset.isdigit():
                    return max(0.0, float(reset) - time.time()) + 1
        return self.backoff * 2 ** (attempt - 1)

    def _retryable(self, response: requests.Response, attempt: int) -> tuple[bool, float]:
        status = response.status_code
        if status >= 500 or status == 429:
            return True, self._delay(attempt, response)
        if status == 403 and (
            response.headers.get("x-ratelimit-remaining") == "0"
            or "rate limit" in _message(response).lower()
            or "Retry-After" in response.headers
        ):
            return True, self._delay(attempt, response)
        return False, 0.0

    def _error(self, response: requests.Response, what: str) -> GitHubError:
        status = response.status_code
        message = _message(response) or response.reason or ""
        hints = {
            401: "the token was refused (GITHUB_TOKEN missing, expired or revoked)",
            403: "the token may not do this (a pull request from a fork gets a read-only token; "
            "the workflow needs permissions pull-requests: write)",
            404: "no such repository or pull request, or the token cannot see it",
            422: "GitHub refused the content",
        }
        hint = hints.get(status)
        text = f"GitHub API: cannot {what}: HTTP {status} {message}".rstrip()
        if hint:
            text += f": {hint}"
        return GitHubError(self._redact(text), status)

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise GitHubError(
                self._redact(f"GitHub API: answer from {response.url} is not JSON (HTTP {response.status_code})")
            ) from None

    def _redact(self, text: str) -> str:
        text = " ".join(text.split())
        return text.replace(self._token, "***") if self._token else text


def _comment(item: Any) -> Comment:
    if not isinstance(item, dict) or not isinstance(item.get("id"), int):
        raise GitHubError("GitHub API: unexpected answer: not a comment")
    return Comment(
        id=item["id"],
        node_id=str(item.get("node_id") or ""),
        body=str(item.get("body") or ""),
        created_at=str(item.get("created_at") or ""),
        html_url=str(item.get("html_url") or ""),
    )


def _message(response: requests.Response) -> str:
    try:
        doc = response.json()
    except ValueError:
        return ""
    message = doc.get("message") if isinstance(doc, dict) else None
    return " ".join(str(message).split())[:300] if message else ""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _exception_text(exc: Exception) -> str:
    # requests' messages name the URL (never the headers); keep the first line, the kind of failure.
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:300]


# -- the living comment ---------------------------------------------------------------------------------

BEHAVIORS = ("update", "new", "delete-and-new", "hide-and-new")


def marker(tag: str | None = None) -> str:
    """The hidden first line that finds costlint's own comment again (a tag keeps several apart)."""
    return f"<!-- costlint:pr-comment{':' + tag if tag else ''} -->"


def is_ours(body: str, mark: str) -> bool:
    first = body.lstrip().split("\n", 1)[0].strip()
    return first == mark


def publish(client: GitHub, repo: str, number: int, body: str, behavior: str, mark: str) -> tuple[str, Comment]:
    """Post ``body`` (which starts with ``mark``) as the ``behavior`` says; (what was done, the comment).

    ``update`` edits the newest comment carrying the marker in place (creating it the first time), so
    any number of runs leave one comment; ``new`` always adds one; ``delete-and-new`` deletes the
    earlier ones and ``hide-and-new`` minimises them (OUTDATED) before adding one.
    """
    if behavior not in BEHAVIORS:
        raise ValueError(f"unknown behavior {behavior!r}")
    if behavior == "new":
        return "created", client.create_comment(repo, number, body)
    ours = [c for c in client.list_comments(repo, number) if is_ours(c.body, mark)]
    if behavior == "update":
        if ours:
            newest = max(ours, key=lambda c: (c.created_at, c.id))
            if newest.body == body:
                return "unchanged", newest
            return "updated", client.update_comment(repo, newest.id, body)
        return "created", client.create_comment(repo, number, body)
    for comment in ours:
        if behavior == "delete-and-new":
            client.delete_comment(repo, comment.id)
        else:
            client.minimize_comment(comment.node_id)
    return "created", client.create_comment(repo, number, body)
