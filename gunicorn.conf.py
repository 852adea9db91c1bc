"""gunicorn's settings, read from the project folder by `gunicorn zonetrack.wsgi`.

The request line may be as long as gunicorn allows (8190 bytes), so that an over-long query
string reaches Django, which answers it with the product's own 414 (MAX_QUERY_STRING_LENGTH,
zonetrack.middleware) instead of gunicorn's English page.
"""

limit_request_line = 8190
