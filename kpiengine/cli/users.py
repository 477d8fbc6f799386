"""kpi users: accounts of the web app (evaluators see every unit, a reporter only its own)."""

from __future__ import annotations

import sys

import click

from kpiengine.cli.common import Failure


def _database(path: str):
    from kpiengine.web.db import Database, DatabaseError

    try:
        return Database(path)
    except DatabaseError as exc:
        raise Failure(str(exc)) from None


DB_OPTION = click.option("--db", "db_path", default="kpi.sqlite", show_default=True,
                         type=click.Path(dir_okay=False), help="The SQLite database of kpi serve.")


@click.group()
def users():
    """Add, list and remove accounts of kpi serve."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["evaluator", "reporter"]), required=True)
@click.option("--unit", help="The unit a reporter reports for (required for reporters).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@DB_OPTION
def add(name, role, unit, password_stdin, db_path):
    """Add the account NAME (the password is asked for, or read with --password-stdin)."""
    from kpiengine.web.auth import check_unit_name, hash_password

    if not name.strip() or ":" in name or len(name) > 100 or any(ord(c) < 32 for c in name):
        raise Failure(f"invalid user name '{name[:100]}': 1–100 characters, no ':' or control characters")
    if role == "reporter" and not unit:
        raise Failure("a reporter needs --unit (the unit it reports for)")
    if unit is not None:
        why = check_unit_name(unit)
        if why:
            raise Failure(f"invalid unit '{unit[:100]}': {why}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise Failure("the password needs at least 8 characters")
    db = _database(db_path)
    try:
        db.add_user(name, role, unit, hash_password(password))
    except ValueError as exc:
        raise Failure(str(exc)) from None
    click.echo(f"added {role} '{name}'" + (f" for unit '{unit}'" if unit else ""))


@users.command("list")
@DB_OPTION
def list_users(db_path):
    """List the accounts: name, role, unit."""
    for user in _database(db_path).users():
        click.echo(f"{user.name}\t{user.role}\t{user.unit or '-'}")


@users.command("remove")
@click.argument("name")
@DB_OPTION
def remove(name, db_path):
    """Remove the account NAME (its saved evidence versions stay)."""
    if not _database(db_path).remove_user(name):
        raise Failure(f"no user '{name}'")
    click.echo(f"removed '{name}'")
