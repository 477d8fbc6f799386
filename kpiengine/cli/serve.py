"""kpi serve: the evaluator web app on one machine, with an embedded SQLite database."""

from __future__ import annotations

import socket

import click

from kpiengine.cli.common import PATH, Failure, open_rules


@click.command()
@click.argument("rules", type=PATH)
@click.option("--db", "db_path", default="kpi.sqlite", show_default=True, type=click.Path(dir_okay=False),
              help="The SQLite database (created with its schema on first start).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(rules, db_path, host, port):
    """Serve the evidence forms, scores and JSON API for the rule set RULES."""
    import uvicorn

    from kpiengine.web.app import create_app
    from kpiengine.web.db import DatabaseError

    ruleset = open_rules(rules)
    try:
        app = create_app(ruleset, db_path)
    except DatabaseError as exc:
        raise Failure(str(exc)) from None
    _check_port(host, port)
    click.echo(f"kpi: serving plan '{ruleset.plan.id}' on http://{host}:{port}/ (database {db_path})", err=True)
    # uvicorn trusts X-Forwarded-For/-Proto from 127.0.0.1 only: behind a local TLS proxy, cookies get Secure
    # and failed logins are counted per real address.
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except SystemExit as exc:  # uvicorn exits 3 when it cannot start; the SPEC's "could not run" is 2
        if exc.code not in (0, None):
            raise Failure(f"the server stopped (uvicorn exit {exc.code})") from None


def _check_port(host: str, port: int) -> None:
    """Fail with a clear message (exit 2) when nothing can listen on host:port."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise Failure(f"cannot listen on '{host}' ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise Failure(f"cannot listen on {host}:{port} ({exc.strerror})") from None
