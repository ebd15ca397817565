"""Every setting in one place: name, environment variable, default, help, type.

`Settings.load()` reads them once (flags over environment over defaults),
converts them and checks them, so the rest of the code gets typed values and
a bad value ends with one clear message. The CLI builds its flags from the
same table, and a test checks that the README documents each setting.
"""

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path


class SettingError(ValueError):
    """A setting with a value that cannot be used; the message names it and says what would do."""


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str
    kind: str = "text"            # text, path, optional path, int or number
    low: float | None = None      # the smallest allowed int or number
    high: float | None = None


SETTINGS = {
    "source": Setting("ZOEK_SOURCE", "seeds", "folder of documents to index", "path"),
    "index": Setting("ZOEK_INDEX", "index", "index folder", "path"),
    "host": Setting("ZOEK_HOST", "127.0.0.1", "address the server listens on"),
    "port": Setting("ZOEK_PORT", "8000", "port the server listens on", "int", 1, 65535),
    "workers": Setting("ZOEK_WORKERS", "2", "server worker processes", "int", 1, 256),
    "threads": Setting("ZOEK_THREADS", "4", "threads per worker process", "int", 1, 1024),
    "keepalive": Setting("ZOEK_KEEPALIVE", "2",
                         "seconds an idle connection is kept open (0: each is closed after its "
                         "response)", "int", 0, 300),
    "procs": Setting("ZOEK_PROCS", "0", "indexing worker processes (0: one per core)", "int", 0, 1024),
    "max_file_mb": Setting("ZOEK_MAX_FILE_MB", "50", "larger source files are skipped", "number",
                           0.001, 100_000),
    "synonyms": Setting("ZOEK_SYNONYMS", "",
                        "synonym file used at query time (empty: the shipped "
                        "indexer/analysis/data/synonyms.txt)", "optional path"),
    "result_cache": Setting("ZOEK_RESULT_CACHE", "1000",
                            "recent search results kept per server worker (0: none)", "int", 0, 10_000_000),
    "cors_origins": Setting("ZOEK_CORS_ORIGINS", "*",
                            "origins allowed to call the read-only API from a browser ('' for none)"),
}


def convert(name: str, raw) -> object:
    """A setting's raw value (a string from a flag or the environment) as its type, checked."""
    setting = SETTINGS[name]
    if not isinstance(raw, str):  # already typed (a test or a caller passing a value)
        raw = str(raw)
    flag = f"--{name.replace('_', '-')} / {setting.env}"
    if setting.kind == "path":
        if not raw.strip():
            raise SettingError(f"{flag}: give a folder, not an empty value")
        return Path(raw)
    if setting.kind == "optional path":
        if raw.strip() and not Path(raw).is_file():
            raise SettingError(f"{flag}: {raw!r} is not a readable file")
        return Path(raw) if raw.strip() else None
    if setting.kind in ("int", "number"):
        return number(flag, raw, setting)
    return raw


def number(flag: str, raw: str, setting: Setting) -> int | float:
    try:
        value = int(raw.strip()) if setting.kind == "int" else float(raw.strip())
    except ValueError:
        kind = "a whole number" if setting.kind == "int" else "a number"
        raise SettingError(f"{flag}: must be {kind}, not {raw[:40]!r}") from None
    if value != value or not setting.low <= value <= setting.high:  # value != value: NaN
        low, high = (f"{b:g}" for b in (setting.low, setting.high))
        raise SettingError(f"{flag}: must be between {low} and {high}, not {raw[:40]!r}")
    return value


def raw_value(name: str, environ=None) -> str:
    """A setting's unconverted value: its environment variable, else its default."""
    setting = SETTINGS[name]
    return (os.environ if environ is None else environ).get(setting.env, setting.default)


@dataclass(frozen=True)
class Settings:
    """The settings of one run, typed and checked; made by `load()`, which has the defaults."""
    source: Path
    index: Path
    host: str
    port: int
    workers: int
    threads: int
    keepalive: int
    procs: int
    max_file_mb: float
    synonyms: Path | None
    result_cache: int
    cors_origins: str

    @classmethod
    def load(cls, environ=None, **given) -> "Settings":
        """Flags (`given`, None for a flag left out) over the environment over defaults."""
        unknown = set(given) - set(SETTINGS)
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        return cls(**{name: convert(name, raw_value(name, environ) if given.get(name) is None
                                    else given[name])
                      for name in SETTINGS})

    def replace(self, **changes) -> "Settings":
        """These settings with some values changed (converted and checked like the others)."""
        return dataclasses.replace(self, **{name: convert(name, value) for name, value in changes.items()})

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

