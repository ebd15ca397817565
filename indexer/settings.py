"""Every setting in one place: name, environment variable, default, help.

The CLI uses these as flag defaults, the app reads them into its config, and
a test checks that the README documents each one.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str


SETTINGS = {
    "source": Setting("ZOEK_SOURCE", "seeds", "folder of documents to index"),
    "index": Setting("ZOEK_INDEX", "index", "index folder"),
    "host": Setting("ZOEK_HOST", "127.0.0.1", "address the server listens on"),
    "port": Setting("ZOEK_PORT", "8000", "port the server listens on"),
    "workers": Setting("ZOEK_WORKERS", "2", "server worker processes"),
    "threads": Setting("ZOEK_THREADS", "4", "threads per worker process"),
    "procs": Setting("ZOEK_PROCS", "0", "indexing worker processes (0: one per core)"),
    "max_file_mb": Setting("ZOEK_MAX_FILE_MB", "50", "larger source files are skipped"),
    "synonyms": Setting("ZOEK_SYNONYMS", "",
                        "synonym file used at query time (empty: the shipped indexer/analysis/data/synonyms.txt)"),
    "result_cache": Setting("ZOEK_RESULT_CACHE", "1000",
                            "recent search results kept per server worker (0: none)"),
    "cors_origins": Setting("ZOEK_CORS_ORIGINS", "*",
                            "origins allowed to call the read-only API from a browser ('' for none)"),
}


def get(name: str) -> str:
    """The setting's value: its environment variable, else its default."""
    setting = SETTINGS[name]
    return os.environ.get(setting.env, setting.default)
