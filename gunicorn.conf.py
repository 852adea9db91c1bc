"""gunicorn's settings, read by `gunicorn zonetrack.wsgi` started in the project folder.

The access log goes to standard output in gunicorn's usual format, through a logger that
takes tokens, passwords and cookies out of every line (zonetrack.logsafety).

The request line may be as long as gunicorn allows (8190 bytes), so that an over-long query
string reaches Django, which answers it with the product's own 414 (MAX_QUERY_STRING_LENGTH,
zonetrack.middleware) instead of gunicorn's English page.
"""

accesslog = "-"
logger_class = "zonetrack.logsafety.GunicornLogger"
limit_request_line = 8190
