"""The zoek web app: search page, document view, JSON API, health check."""

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from indexer import settings as config
from indexer.index.store import IndexHandle, IndexUnavailable

from . import security
from .params import MAX_PARAM_CHARS


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=config.get("index"),
        CORS_ORIGINS=config.get("cors_origins"),
        RESULT_CACHE=config.get("result_cache"),
        DEBUG=False,  # never from FLASK_DEBUG in the environment
    )
    if test_config:
        app.config.update(test_config)
    app.json = security.HtmlSafeJSONProvider(app)
    app.jinja_env.globals["max_param_chars"] = MAX_PARAM_CHARS

    from . import api, caching, cors, dutch, openapi, pages, stats, suggest
    for module in (api, suggest, openapi, pages, stats):
        app.register_blueprint(module.bp)
    caching.init_app(app)
    dutch.init_app(app)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(IndexUnavailable, handle_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
    app.before_request(security.check_query_string)
    app.after_request(security.add_headers)
    app.after_request(cors.add_cors_headers)
    return app


def index_handle(app: Flask) -> IndexHandle:
    """The app's shared searcher; opened on first use, so the app starts without an index."""
    handle = app.extensions.get("zoek.index")
    if handle is None:
        handle = app.extensions["zoek.index"] = IndexHandle(app.config["INDEX_DIR"])
    return handle


def error_response(status: int, message: str):
    """The one error shape: JSON under /api/, a plain page elsewhere."""
    if request.path.startswith("/api/"):
        return jsonify(ok=False, error=message, status=status), status
    return render_template("error.html", status=status, message=message), status


def handle_http_error(err: HTTPException):
    response, status = error_response(err.code or 500, err.description or err.name)
    response = make_response(response, status)
    allow = dict(err.get_headers()).get("Allow")
    if allow:  # a 405 says which methods would do
        response.headers["Allow"] = allow
    return response


def handle_unavailable(err: IndexUnavailable):
    return error_response(503, str(err))


def handle_unexpected(err: Exception):
    from flask import current_app
    current_app.logger.exception("unexpected error")
    return error_response(500, "internal error; the server log has the details")
