"""/api/docs/: Swagger UI served entirely from this server.

drf-spectacular's own page carries an inline script and style, which the strict CSP refuses;
this one loads the vendored Swagger UI (drf-spectacular-sidecar, under /static/) and a small
static script that reads its settings from data attributes, so the page works offline.
"""

from drf_spectacular.views import SpectacularSwaggerView


class DocsView(SpectacularSwaggerView):
    template_name = "api/docs.html"
