"""The `zoek` command: index, serve, search. A thin layer over plain functions.

The CLI speaks English (the search page and the API speak Dutch). Settings
are read once into indexer.settings.Settings: a flag left out falls back to
its environment variable, then its default. Failures end with a one-line
message and a non-zero exit, never a traceback. `zoek search` imports no
Flask: the web app is loaded only by `zoek serve`.
"""

import argparse
import json
import os
import sys
from importlib import metadata

from indexer.index.build import HIDDEN, UNSUPPORTED, BuildError, build_index
from indexer.index.store import IndexHandle, IndexUnavailable, exists
from indexer.index.update import update_index
from indexer.plural import plural
from indexer.search.facets import FACET_FIELDS, KNOWN_LANGUAGES, KNOWN_TYPES, SORTS
from indexer.search.query import QueryError
from indexer.settings import SETTINGS, SettingError, Settings
from indexer.sources import named


def progress_bar(stream=sys.stderr):
    """A callback drawing a progress bar, or None when not on a terminal."""
    if not stream.isatty():
        return None

    def draw(done: int, total: int) -> None:
        filled = 30 * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{' ' * (30 - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()
    return draw


def settings_of(args) -> Settings:
    """The flags given, over the environment, over the defaults: converted and checked."""
    return Settings.load(**{name: getattr(args, name) for name in SETTINGS if hasattr(args, name)})


def cmd_index(args) -> int:
    settings = settings_of(args)
    build = update_index if args.update else build_index
    summary = build(source_of(args, settings), settings.index, progress=progress_bar(),
                    max_file_bytes=settings.max_file_bytes, procs=settings.procs)
    report_files(summary, args.verbose)
    print(summary.line())
    return 0


def source_of(args, settings: Settings):
    """The folder a build reads: the one --source DIR (else the setting), or the
    folder of links to repeated NAME=DIR sources (sources/named.py)."""
    return named.source_root(args.sources or [str(settings.source)], settings.index)


def report_files(summary, verbose: bool) -> None:
    """Warnings and skips on stderr; with --verbose every file, each with what became of it."""
    for path, warning in summary.warnings:
        print(f"warning: {path}: {warning}", file=sys.stderr)
    for skipped in summary.skipped:
        if not skipped.detail and (verbose or skipped.reason != HIDDEN):
            print(f"skipped: {skipped.path}: {skipped.reason}", file=sys.stderr)
    if verbose:
        for path in sorted(summary.indexed_paths):
            print(f"indexed: {path}", file=sys.stderr)
        for path in summary.unsupported:
            print(f"{UNSUPPORTED}: {path}", file=sys.stderr)


def cmd_serve(args) -> int:
    settings = settings_of(args)
    if not exists(settings.index):
        source = source_of(args, settings)
        print(f"no index in {settings.index}: building it from {source} first", file=sys.stderr)
        print(build_index(source, settings.index).line(), file=sys.stderr)
    IndexHandle(settings.index)  # refuse an incompatible index before starting workers
    from webapp.server import serve  # the only command that needs Flask
    serve(settings)
    return 0


def cmd_search(args) -> int:
    from indexer.search.results import to_json
    from indexer.search.service import SearchService

    chosen = {name: getattr(args, name) or [] for name in FACET_FIELDS}
    result = SearchService(settings_of(args)).search(args.query, page=args.page, per_page=args.per_page,
                                                     filters=chosen, sort=args.sort)
    if args.json:
        print(json.dumps(to_json(result), ensure_ascii=False, indent=2))
        return 0
    if result.suggestion:
        print(f"did you mean: {result.suggestion}")
    print(f"{plural(result.total, 'result')} ({result.took_ms:.1f} ms)"
          + ("; no document has all words, showing those with some" if result.match == "any" else ""))
    for n, hit in enumerate(result.hits, (result.page - 1) * result.per_page + 1):
        print(f"\n{n}. {hit.title}  [{hit.id}]  score {hit.score}")
        print("   " + terminal_snippet(hit.snippet))
    return 0


def terminal_snippet(marked) -> str:
    """A snippet with matches in bold when printing to a terminal."""
    bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")
    out, last = [], 0
    for start, end in marked.ranges:
        out += [marked.text[last:start], bold, marked.text[start:end], plain]
        last = end
    out.append(marked.text[last:])
    return ("…" if marked.cut_start else "") + "".join(out) + ("…" if marked.cut_end else "")


def add_setting(parser, name: str, flag: str | None = None) -> None:
    """A flag for a setting; left out (None), the environment or the default applies."""
    setting = SETTINGS[name]
    metavar = {"path": "DIR", "int": "N", "number": "N"}.get(setting.kind, name.upper())
    parser.add_argument(flag or f"--{name.replace('_', '-')}", dest=name, default=None, metavar=metavar,
                        help=f"{setting.help} (env {setting.env}, default {setting.default!r})")


def whole_number(low: int, high: int):
    def parse(raw: str) -> int:
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}, not {raw!r}")
        return int(raw)
    return parse


def four_digit_year(raw: str) -> str:
    if not (len(raw) == 4 and raw.isdigit()):
        raise argparse.ArgumentTypeError(f"must be a year of four digits, not {raw!r}")
    return raw


def add_search_filters(parser) -> None:
    """The API's filters and sort; repeat a filter for alternatives, as in the API."""
    parser.add_argument("--collection", action="append", metavar="NAME",
                        help="only this collection (repeat for more)")
    parser.add_argument("--year", action="append", type=four_digit_year,
                        help="only this year (repeat for more)")
    parser.add_argument("--type", action="append", choices=KNOWN_TYPES,
                        help="only this file type (repeat for more)")
    parser.add_argument("--lang", action="append", choices=KNOWN_LANGUAGES,
                        help="only documents in this language: nl, en or und (repeat for more)")
    parser.add_argument("--sort", choices=SORTS, default="relevance",
                        help="relevance (best first, the default) or date (newest first)")


def version() -> str:
    try:
        return metadata.version("zoek")
    except metadata.PackageNotFoundError:  # run from a checkout without installing
        return "unknown"


def add_source(parser) -> None:
    """--source DIR, or repeated --source NAME=DIR: each name a collection."""
    setting = SETTINGS["source"]
    parser.add_argument("--source", action="append", dest="sources", metavar="[NAME=]DIR",
                        help=f"{setting.help}; repeat NAME=DIR for named sources, each a collection "
                             f"(env {setting.env}, default {setting.default!r})")


def make_parser() -> argparse.ArgumentParser:
    from indexer.search.results import MAX_PER_PAGE, MAX_RESULT_DEPTH

    parser = argparse.ArgumentParser(prog="zoek", description="Full-text search for Dutch documents.")
    parser.add_argument("--version", action="version", version=f"zoek {version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="(re)build the index from a folder of documents")
    add_source(p)
    for name in ("index", "max_file_mb", "procs"):
        add_setting(p, name)
    p.add_argument("--verbose", action="store_true",
                   help="name every file: indexed, skipped (why) or not a supported format")
    p.add_argument("--update", action="store_true",
                   help="re-index only new, changed and deleted files "
                        "(rebuilds when there is no usable index)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("serve", help="run the search server")
    add_setting(p, "index")
    add_source(p)
    for name in ("host", "port", "workers", "threads", "keepalive"):
        add_setting(p, name)
    add_setting(p, "result_cache", "--results-cache")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("search", help="search from the terminal")
    p.add_argument("query")
    add_setting(p, "index")
    p.add_argument("--json", action="store_true", help="print the API's JSON")
    p.add_argument("--page", type=whole_number(1, MAX_RESULT_DEPTH), default=1, metavar="N",
                   help="page of results (default 1)")
    p.add_argument("--per-page", type=whole_number(1, MAX_PER_PAGE), default=10, metavar="N",
                   help=f"results per page, 1 to {MAX_PER_PAGE} (default 10)")
    add_search_filters(p)
    p.set_defaults(func=cmd_search, result_cache=0)  # one search: nothing to reuse
    return parser


def quiet_broken_pipe() -> int:
    """The reader went away (`zoek search ... | head`): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
    return 0


def main(argv=None) -> int:
    args = make_parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return quiet_broken_pipe()
    # ValueError covers named.SourceError (a bad --source NAME=DIR)
    except (BuildError, IndexUnavailable, QueryError, SettingError, OSError, ValueError) as err:
        print(f"zoek {args.command}: {getattr(err, 'english', err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"zoek {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
