"""The ``costlint`` command line.

Subcommands live in their own modules and are imported only when invoked (``LazyGroup``): ``costlint
--help`` and a Terraform-only run stay free of cfn-lint and of the pricing code.

Exit codes (documented in the README):
  0  success
  1  ``check`` found what it was asked to fail on (a finding at the failing severity), or a gate was
     crossed (``--fail-on-increase``...)
  2  bad input: a file could not be read or evaluated (the rest was still analysed), or bad usage
  3  costlint cannot run as asked: broken installation, unusable price cache, failed pricing update,
     output that cannot be written (full disk, read-only file)
  130  interrupted (Ctrl-C)
"""

from __future__ import annotations

import click

from costlint.cli.lazy import LazyGroup

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT_ERROR = 2
EXIT_CANNOT_RUN = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, the shell's convention for Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the output's reader went away

# name -> (module, attribute, one-line help shown by `costlint --help` without importing the module)
_COMMANDS: dict[str, tuple[str, str, str]] = {
    "resources": (
        "costlint.cli.resources_cmd",
        "resources",
        "List the resources of Terraform and CloudFormation projects.",
    ),
    "pricing": ("costlint.cli.pricing_cmd", "pricing", "Inspect, look up and refresh the price snapshot."),
    "breakdown": (
        "costlint.cli.breakdown_cmd",
        "breakdown",
        "Monthly cost of each resource and project (table, JSON or Markdown).",
    ),
    "diff": (
        "costlint.cli.diff_cmd",
        "diff",
        "Cost delta of a change (git revisions, two directories or a plan), with gates.",
    ),
    "comment": (
        "costlint.cli.comment_cmd",
        "comment",
        "Post the cost delta as a pull-request comment (GitHub) that updates itself.",
    ),
    "usage": (
        "costlint.cli.usage_cmd",
        "usage",
        "Usage files: write a commented template for a project's usage-based resources.",
    ),
    "check": (
        "costlint.cli.check_cmd",
        "check",
        "Apply the FinOps rules to changed files (the pre-commit hook); text, JSON, SARIF or GitHub.",
    ),
    "rules": ("costlint.cli.rules_cmd", "rules", "List the FinOps rules and explain one."),
    "review": (
        "costlint.cli.review_cmd",
        "review",
        "Architect's cost review (HTML or Markdown): allocation, what-if scenarios, findings, unit economics.",
    ),
    "cache": ("costlint.cli.cache_cmd", "cache", "Show or clear costlint's caches (parsed files, grammar, rules)."),
}


def register(name: str, module: str, attribute: str, help_line: str) -> None:
    """Add a subcommand (used by the modules that define more of them)."""
    _COMMANDS[name] = (module, attribute, help_line)


@click.group(cls=LazyGroup, lazy_commands=_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="costlint", prog_name="costlint")
def cli() -> None:
    """costlint: cost linter for infrastructure as code (Terraform, CloudFormation).

    Offline prices from a bundled snapshot; no API key.
    """


def main() -> None:
    """The ``costlint`` command: every failure ends in one line on stderr and a documented exit code."""
    import os
    import sys

    from costlint.errors import CannotRun, set_debugging

    set_debugging(bool(os.environ.get("COSTLINT_DEBUG")))
    try:
        code = cli.main(prog_name="costlint", standalone_mode=False)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at interpreter exit
    except CannotRun as exc:
        code = _fail(f"costlint: error: {exc}", EXIT_CANNOT_RUN)
    except (click.exceptions.Abort, KeyboardInterrupt):
        code = _fail("costlint: interrupted", EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except BrokenPipeError:
        # The reader went away (``costlint ... | head``): nothing more to say, and nothing to flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_BROKEN_PIPE
    except OSError as exc:
        if exc.errno is None or not exc.strerror:
            raise
        where = f" ({exc.filename})" if exc.filename else " (standard output)"
        code = _fail(f"costlint: error: cannot write: {exc.strerror}{where}", EXIT_CANNOT_RUN)
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> int:
    import os
    import sys

    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except OSError:
        pass
    # Whatever is left in the stdout buffer cannot be written: drop it rather than fail again at exit.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code
