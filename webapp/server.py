"""Running the app under gunicorn, the production WSGI server."""

import json

from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.http.message import MAX_REQUEST_LINE

from . import create_app


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own refusals (request line too long, malformed headers) in the API's
    one error shape, instead of its HTML page: a program gets JSON it can read."""
    error = f"de aanvraag is niet te verwerken: {mesg or reason}"
    body = json.dumps({"ok": False, "error": error, "status": status_int}).encode("utf-8")
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


class ZoekServer(BaseApplication):
    def __init__(self, app, options: dict):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def serve(index_dir: str, host: str, port: int, workers: int, threads: int) -> None:
    app = create_app({"INDEX_DIR": index_dir})
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": "-",
        # The longest request line gunicorn allows: params.MAX_PARAM_CHARS is chosen to fit in it.
        "limit_request_line": MAX_REQUEST_LINE,
        "loglevel": "warning",
        # Flask's app object is created before the fork; each worker opens its own searcher.
        "preload_app": True,
    }
    util.write_error = write_json_error  # gunicorn's workers call util.write_error
    ZoekServer(app, options).run()
