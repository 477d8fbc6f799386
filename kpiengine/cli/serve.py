"""kpi serve: the evaluator web app on one machine, with an embedded SQLite database."""

from __future__ import annotations

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
    click.echo(f"kpi: serving plan '{ruleset.plan.id}' on http://{host}:{port}/ (database {db_path})", err=True)
    # uvicorn trusts X-Forwarded-For/-Proto from 127.0.0.1 only: behind a local TLS proxy, cookies get Secure
    # and failed logins are counted per real address.
    uvicorn.run(app, host=host, port=port, log_level="warning")
