"""The web channel: `advisor serve`.

A Starlette app (app.py) with a JSON API (api.py, described by openapi.py), the chat page
and an embeddable widget (static/), conversations kept in SQLite or Redis (stores.py), and
per-client limits (limits.py). Install it with `pip install 'advisor[web]'`.
"""
