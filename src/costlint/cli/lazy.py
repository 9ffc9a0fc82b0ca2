"""A click group whose subcommands are imported only when invoked.

``costlint --help`` and ``costlint pricing --help`` list their subcommands from a table of
``name -> (module, attribute, help line)`` without importing the modules, which keeps start-up free of
the readers, cfn-lint and the pricing code. A table entry whose module is not installed is left out.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import click

LazyCommands = dict[str, tuple[str, str, str]]


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


class LazyGroup(click.Group):
    def __init__(self, *args: Any, lazy_commands: LazyCommands | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: LazyCommands = lazy_commands if lazy_commands is not None else {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [name for name, spec in self.lazy_commands.items() if _available(spec[0])]
        return sorted(set(super().list_commands(ctx)) | set(lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = self.lazy_commands.get(cmd_name)
        if spec is None:
            return super().get_command(ctx, cmd_name)
        if not _available(spec[0]):
            return None
        command: click.Command = getattr(importlib.import_module(spec[0]), spec[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy_commands:
                rows.append((name, self.lazy_commands[name][2]))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=70)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
