"""The `zoek` command: index, serve, search. A thin layer over plain functions.

Failures end with a one-line message and a non-zero exit, never a traceback.
"""

import argparse
import json
import sys
from pathlib import Path

from indexer import settings as config
from indexer.index.build import HIDDEN, UNSUPPORTED, BuildError, build_index
from indexer.index.store import IndexHandle, IndexUnavailable, exists
from indexer.index.update import update_index
from indexer.search.query import QueryError
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


def cmd_index(args) -> int:
    build = update_index if args.update else build_index
    source = named.source_root(args.source or [config.get("source")], args.index)
    summary = build(source, args.index, progress=progress_bar(),
                    max_file_bytes=int(float(args.max_file_mb) * 1_000_000),
                    procs=int(args.procs))
    report_files(summary, args.verbose)
    print(summary.line())
    return 0


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
    if not exists(Path(args.index)):
        source = named.source_root(args.source or [config.get("source")], args.index)
        print(f"no index in {args.index}: building it from {source} first", file=sys.stderr)
        print(build_index(source, args.index).line(), file=sys.stderr)
    IndexHandle(args.index)  # refuse an incompatible index before starting workers
    from webapp.server import serve
    serve(index_dir=args.index, host=args.host, port=int(args.port),
          workers=int(args.workers), threads=int(args.threads))
    return 0


def cmd_search(args) -> int:
    from indexer.search import search
    from webapp import create_app
    from webapp.api import result_json

    handle = IndexHandle(args.index)
    result = search(handle.searcher(), args.query, page=args.page, per_page=args.per_page,
                    generation=handle.generation)
    if args.json:
        with create_app({"INDEX_DIR": args.index}).test_request_context():
            print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
        return 0
    if result.suggestion:
        print(f"did you mean: {result.suggestion}")
    print(f"{result.total} results ({result.took_ms:.1f} ms)"
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
    setting = config.SETTINGS[name]
    parser.add_argument(flag or f"--{name.replace('_', '-')}", dest=name, default=config.get(name),
                        help=f"{setting.help} (env {setting.env}, default {setting.default})")


def add_source(parser) -> None:
    """--source DIR, or repeated --source NAME=DIR: each name a collection."""
    setting = config.SETTINGS["source"]
    parser.add_argument("--source", action="append", metavar="[NAME=]DIR",
                        help=f"{setting.help}; repeat NAME=DIR for named sources, each a collection "
                             f"(env {setting.env}, default {setting.default})")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zoek", description="Full-text search for Dutch documents.")
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
    for name in ("host", "port", "workers", "threads"):
        add_setting(p, name)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("search", help="search from the terminal")
    p.add_argument("query")
    add_setting(p, "index")
    p.add_argument("--json", action="store_true", help="print the API's JSON")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--per-page", type=int, default=10)
    p.set_defaults(func=cmd_search)
    return parser


def main(argv=None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (BuildError, IndexUnavailable, QueryError, OSError, ValueError) as err:  # SourceError too
        print(f"zoek {args.command}: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"zoek {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
