"""The zoek web app: search page, document view, JSON API, health check."""

from flask import Flask, current_app, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.index.store import IndexUnavailable
from indexer.settings import Settings

from . import api, caching, cors, dutch, openapi, pages, security, state, stats, suggest
from .params import MAX_PARAM_CHARS

# Flask config keys a test may pass (as in the Flask tutorial's test_config) for the settings they stand for.
SETTING_KEYS = {"INDEX_DIR": "index", "CORS_ORIGINS": "cors_origins", "RESULT_CACHE": "result_cache"}


def create_app(settings: Settings | dict | None = None, test_config: dict | None = None) -> Flask:
    """The app for these settings (read from the environment when None).

    A dict instead of Settings is a test_config: Flask config, where INDEX_DIR,
    CORS_ORIGINS and RESULT_CACHE override those settings.
    """
    if isinstance(settings, dict):
        settings, test_config = None, settings
    test_config = dict(test_config or {})
    settings = (settings or Settings.load()).replace(
        **{name: test_config.pop(key) for key, name in SETTING_KEYS.items() if key in test_config})
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=str(settings.index),
        CORS_ORIGINS=settings.cors_origins,
        RESULT_CACHE=settings.result_cache,
        DEBUG=False,  # never from FLASK_DEBUG in the environment
        **test_config,
    )
    app.json = security.HtmlSafeJSONProvider(app)
    app.jinja_env.globals["max_param_chars"] = MAX_PARAM_CHARS
    state.init_app(app, settings)
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
    current_app.logger.exception("unexpected error")
    return error_response(500, "internal error; the server log has the details")
