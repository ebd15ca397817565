"""Running the app under gunicorn, the production WSGI server."""

import json

from gunicorn.app.base import BaseApplication
from gunicorn.http.message import MAX_REQUEST_LINE
from gunicorn.workers import gthread, sync

from indexer.settings import Settings

from . import create_app

REFUSALS = {  # gunicorn's own refusals, by status, in the API's language
    400: "de aanvraag is niet te verwerken: de aanvraagregel of een kopregel is ongeldig of te lang",
    403: "de aanvraag is geweigerd",
    431: "de aanvraag is niet te verwerken: te veel of te lange kopregels",
    501: "de aanvraag is niet te verwerken: deze overdrachtscodering wordt niet ondersteund",
}


def json_error(status: int, reason: str) -> bytes:
    """A whole HTTP response in the API's one error shape."""
    error = REFUSALS.get(status, f"de aanvraag is niet te verwerken: {reason}")
    body = json.dumps({"ok": False, "error": error, "status": status}).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


class JsonErrorSocket:
    """The client socket while a worker answers a request gunicorn refused itself
    (request line too long, malformed headers): the HTML page it writes is replaced
    by JSON for the same status, so a program gets an error it can read."""

    def __init__(self, sock):
        self._sock = sock

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def sendall(self, data: bytes) -> None:
        status_line = bytes(data).split(b"\r\n", 1)[0].decode("latin-1")
        _, status, reason = (status_line.split(" ", 2) + ["", ""])[:3]
        self._sock.sendall(json_error(int(status), reason) if status.isdigit() else data)


class JsonErrors:
    """A gunicorn worker whose own error responses use the API's error shape."""

    def handle_error(self, req, client, addr, exc):
        super().handle_error(req, JsonErrorSocket(client), addr, exc)


class ThreadWorker(JsonErrors, gthread.ThreadWorker):
    """A kept-alive connection stays with the worker that accepted it: 4 clients'
    connections all landed on one of 2 workers in 3 of 25 runs, which served them on one
    core at 40 % of the throughput while the other sat idle. So a worker holding more
    connections than it has threads closes each after its response: the client
    reconnects, and the worker that is free accepts it."""

    def handle_request(self, req, conn):
        if self.nr_conns > self.cfg.threads:
            req.must_close = True
        return super().handle_request(req, conn)


class SyncWorker(JsonErrors, sync.SyncWorker):
    pass


class ZoekServer(BaseApplication):
    def __init__(self, app, options: dict):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def serve(settings: Settings) -> None:
    app = create_app(settings)
    worker = ThreadWorker if settings.threads > 1 else SyncWorker
    options = {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "threads": settings.threads,
        "worker_class": f"{__name__}.{worker.__name__}",
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": "-",
        # The longest request line gunicorn allows: params.MAX_PARAM_CHARS is chosen to fit in it.
        "limit_request_line": MAX_REQUEST_LINE,
        "loglevel": "warning",
        # Flask's app object is created before the fork; each worker opens its own searcher.
        "preload_app": True,
        "keepalive": settings.keepalive,
    }
    ZoekServer(app, options).run()
