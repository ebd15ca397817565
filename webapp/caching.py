"""HTTP caching: versioned static assets, and ETags that follow the index.

Static files are served as `/static/app.js?v=<hash of the assets>`: a
versioned URL never changes content, so browsers may keep it for a year.
Search answers change only when the index is rebuilt (or the app is
upgraded), so their ETag is a hash of the live generation, the assets and the
request; a client that sends it back in If-None-Match gets a 304 before any
searching is done.
"""

import hashlib
from functools import wraps
from pathlib import Path

from flask import Flask, current_app, make_response, request

from .state import service

HERE = Path(__file__).parent
STATIC_FOREVER = "public, max-age=31536000, immutable"
STATIC_UNVERSIONED = "public, max-age=3600"
REVALIDATE = "no-cache"  # may be stored, but must be checked with the ETag first


def asset_version() -> str:
    """A short hash of the static files and templates: changes when the app's look changes."""
    digest = hashlib.sha256()
    for folder in ("static", "templates"):
        for path in sorted((HERE / folder).iterdir()):
            if path.suffix in (".css", ".js", ".html"):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def init_app(app: Flask) -> None:
    app.config.setdefault("ASSET_VERSION", asset_version())
    app.url_defaults(add_static_version)
    app.after_request(static_cache_headers)


def add_static_version(endpoint, values):
    if endpoint == "static" and "v" not in values:
        values["v"] = current_app.config["ASSET_VERSION"]


def static_cache_headers(response):
    if request.endpoint == "static" and response.status_code in (200, 304):
        versioned = request.args.get("v") == current_app.config["ASSET_VERSION"]
        response.headers["Cache-Control"] = STATIC_FOREVER if versioned else STATIC_UNVERSIONED
    return response


def request_etag(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in (current_app.config["ASSET_VERSION"], *parts, request.full_path):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()[:32]


def conditional(index: bool = True):
    """Decorate a GET view: ETag + revalidation, and 304 when the client's copy is current.

    With index=True the tag includes the live index generation, so a rebuild
    makes every cached answer stale.
    """
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            parts = (generation_name(),) if index else ()
            tag = request_etag(*parts)
            if request.if_none_match.contains_weak(tag):
                response = make_response("", 304)
            else:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
            response.set_etag(tag)
            response.headers["Cache-Control"] = REVALIDATE
            return response
        return wrapper
    return decorate


def generation_name() -> str:
    handle = service().handle
    handle.refresh()
    return handle.generation.name if handle.generation else ""
