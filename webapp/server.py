"""Running the app under gunicorn, the production WSGI server."""

from gunicorn.app.base import BaseApplication

from . import create_app


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
        # gunicorn's largest request line (default 4094), so a `q` of 5000
        # characters reaches the app and gets its JSON answer.
        "limit_request_line": 8190,
        "graceful_timeout": 10,
        "accesslog": "-",
        "loglevel": "warning",
        # Flask's app object is created before the fork; each worker opens its own searcher.
        "preload_app": True,
    }
    ZoekServer(app, options).run()
