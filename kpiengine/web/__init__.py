"""``kpi serve``: the evaluator web app (pages, JSON API, SQLite) on the same engine as the CLI.

Modules by job: `app` (the ASGI app), `pages` and `api` (routes), `db`
(SQLite, migrations, append-only versions), `auth` (passwords, sessions,
CSRF, login limits), `forms` (the evidence form from the rule set),
`evidence` (the one place evidence is read and scored), `service` (what pages
and API share), `i18n` (Thai and English words), `reports` (download and
upload hooks), `templates/`, `static/` (htmx, vendored).
"""

from kpiengine.web.app import create_app

__all__ = ["create_app"]
