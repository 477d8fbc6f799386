"""The kpi command group: one module per command family, registered here.

A thin layer: parse arguments, call the library, format output, map errors to
exit codes (SPEC §7): 0 nothing wrong, 1 problems found, 2 could not run.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from kpiengine import __version__
from kpiengine.cli.common import EXIT_ERROR, EXIT_OK
from kpiengine.core.errors import KpiError

# command name → (module under kpiengine.cli, the click command in it). A command's module — and what it
# needs of the library — is imported only when that command runs, so `kpi score` does not load the fuzzer.
COMMANDS = {
    "score": ("score", "score"), "explain": ("score", "explain"),
    "check": ("check", "check"), "checks": ("check", "checks"), "schema": ("check", "schema"),
    "test": ("cases", "test_cases"), "show": ("plan", "show"), "progress": ("plan", "progress"),
    "fuzz": ("fuzz", "fuzz_command"), "template": ("template", "template"), "diff": ("diff", "diff_command"),
    "serve": ("serve", "serve"),
    "users": ("users", "users"),
    "sql": ("sql", "sql"),
}


class CommandTable(click.Group):
    """A click group whose commands are loaded from the `COMMANDS` table when used."""

    def list_commands(self, ctx) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx, name: str):
        found = COMMANDS.get(name)
        if found is None:
            return None
        module, attribute = found
        return getattr(importlib.import_module(f"kpiengine.cli.{module}"), attribute)


@click.group(cls=CommandTable, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="kpi", message="%(prog)s %(version)s")
def kpi():
    """Score KPI evidence against YAML rule sets, transparently."""


def main(argv=None) -> int:
    """Entry point of the ``kpi`` script; never a traceback for bad input."""
    try:
        kpi.main(args=argv, prog_name="kpi", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    except KpiError as exc:
        click.echo(f"kpi: error: {exc}", err=True)
        return EXIT_ERROR
    except Exception as exc:  # a bug of ours: say so plainly, without a traceback unless asked
        if os.environ.get("KPI_DEBUG"):
            raise
        click.echo(f"kpi: internal error: {type(exc).__name__}: {exc} (set KPI_DEBUG=1 for the traceback; "
                   "please report it)", err=True)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
