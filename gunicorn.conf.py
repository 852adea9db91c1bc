"""gunicorn's settings, read by `gunicorn zonetrack.wsgi` started in the project folder.

The access log goes to standard output in gunicorn's usual format, through a logger that
takes tokens, passwords and cookies out of every line (zonetrack.logsafety).
"""

accesslog = "-"
logger_class = "zonetrack.logsafety.GunicornLogger"
