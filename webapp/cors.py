"""Cross-origin reads of the JSON endpoints, for programs running in a browser.

CORS_ORIGINS (ZOEK_CORS_ORIGINS) is `*`, a comma-separated list of origins,
or empty for none. Every endpoint here only reads, so only GET, HEAD and
OPTIONS are ever allowed; the HTML pages are not shared.
"""

from flask import current_app, request

SHARED_PREFIXES = ("/api/", "/healthz")
ALLOW_METHODS = "GET, HEAD, OPTIONS"
ALLOW_HEADERS = "Accept, If-None-Match"
PREFLIGHT_MAX_AGE = "86400"


def allowed_origins() -> list[str]:
    return [origin.strip().rstrip("/") for origin in current_app.config["CORS_ORIGINS"].split(",")
            if origin.strip()]


def allow_origin_value(origins: list[str]) -> str | None:
    """What Access-Control-Allow-Origin says for this request, or None."""
    if "*" in origins:
        return "*"
    origin = request.headers.get("Origin", "")
    return origin if origin in origins else None


def add_cors_headers(response):
    if not request.path.startswith(SHARED_PREFIXES):
        return response
    origins = allowed_origins()
    if not origins:
        return response
    if "*" not in origins:
        response.vary.add("Origin")  # the answer differs by origin: caches must keep them apart
    allow = allow_origin_value(origins)
    if allow is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = allow
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response
