"""The web channel: `advisor serve`.

A Starlette app (app.py) with a JSON API (api.py, described by openapi.py), the chat page
and an embeddable widget (static/), conversations kept in SQLite or Redis (stores.py), and
per-client limits (limits.py). Install it with `pip install 'advisor[web]'`.
"""

# The server's defaults, here (not in app.py or protocol.py) so that `advisor --help` reads
# them without importing Starlette or uvicorn.
DEFAULT_RATE_LIMIT = 120.0  # API requests a minute per client
DEFAULT_CLIENT_TIMEOUT = 10.0  # seconds a client may take to send a request's headers, or its body
DEFAULT_MAX_CONNECTIONS = 1000  # open connections a worker keeps
