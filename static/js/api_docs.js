// Swagger UI for /api/docs/, configured from the data attributes of #swagger-ui (no inline
// script, so the strict CSP holds). Writes tried from the page carry the CSRF token, so a
// logged-in browser session works as well as "Authorize" with an API token.
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  const data = root.dataset;
  const csrfHeader = data.csrfHeader;
  const csrfToken = data.csrfToken;

  window.ui = SwaggerUIBundle({
    ...JSON.parse(data.settings || "{}"),
    url: data.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: (request) => {
      if (request.method && request.method !== "GET" && csrfToken) {
        request.headers[csrfHeader] = csrfToken;
      }
      return request;
    },
  });
})();
