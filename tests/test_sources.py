"""Named sources as collections, `--verbose`, and the file counts in build.json,
/healthz and /api/stats."""

import json
import subprocess

from conftest import ROOT, zoek_command

from indexer.index.store import IndexHandle
from webapp import create_app


def zoek(*args):
    return subprocess.run(zoek_command() + list(args), cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def folder(path, files: dict):
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    return path


def stored(index_dir) -> dict:
    with IndexHandle(index_dir).searcher() as s:
        return {f["id"]: f.get("collection", "") for f in s.all_stored_fields()}


def test_named_sources_are_collections_and_follow_updates(tmp_path):
    rapporten = folder(tmp_path / "rapporten-map", {"2021/jaarverslag.txt": "Jaarverslag\n\nOver de dijk."})
    nieuws = folder(tmp_path / "nieuws-map", {"jaarverslag.txt": "Nieuws\n\nOok over de dijk."})
    ix = tmp_path / "ix"
    r = zoek("index", "--source", f"rapporten={rapporten}", "--source", f"nieuws={nieuws}", "--index", str(ix))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("indexed 2 documents, skipped 0")
    assert stored(ix) == {"rapporten/2021/jaarverslag": "rapporten", "nieuws/jaarverslag": "nieuws"}
    record = json.loads((IndexHandle(ix).generation / "build.json").read_text())
    assert record["sources"] == {"nieuws": str(nieuws.resolve()), "rapporten": str(rapporten.resolve())}
    (nieuws / "tweede.txt").write_text("Tweede\n\nBericht.", encoding="utf-8")
    r = zoek("index", "--update", "--source", f"rapporten={rapporten}", "--source", f"nieuws={nieuws}",
             "--index", str(ix))
    assert r.stdout.startswith("updated index: 1 added, 0 changed, 0 deleted, 2 unchanged"), r.stdout + r.stderr
    r = zoek("index", "--update", "--source", f"rapporten={rapporten}", "--index", str(ix))
    assert "0 added, 0 changed, 2 deleted, 1 unchanged" in r.stdout  # nieuws is no source any more
    assert stored(ix) == {"rapporten/2021/jaarverslag": "rapporten"}


def test_a_bad_source_name_or_folder_is_one_line(tmp_path):
    for value in ["a b=" + str(tmp_path), f"x={tmp_path / 'weg'}"]:
        r = zoek("index", "--source", value, "--source", f"y={tmp_path}", "--index", str(tmp_path / "ix"))
        assert r.returncode == 1 and "Traceback" not in r.stderr and len(r.stderr.splitlines()) == 1


def test_verbose_names_every_file_and_the_counts_reach_the_api(tmp_path):
    src = folder(tmp_path / "src", {"a.txt": "Een\n\nDocument over de dijk.", "leeg.txt": "",
                                    "logo.png": "png", "x/y.png": "png", "tekening.xcf": "xcf"})
    ix = tmp_path / "ix"
    r = zoek("index", "--source", str(src), "--index", str(ix), "--verbose")
    assert r.stdout.strip().startswith(
        "indexed 1 document, skipped 1 (1 empty), 3 not a supported format (2 .png, 1 .xcf), 0 warnings")
    named = sorted(line for line in r.stderr.splitlines())
    assert named == ["indexed: a.txt", "not a supported format: logo.png",
                     "not a supported format: tekening.xcf", "not a supported format: x/y.png",
                     "skipped: leeg.txt: empty"]
    record = json.loads((IndexHandle(ix).generation / "build.json").read_text())
    counts = {"skipped": {"empty": 1}, "unsupported": {".png": 2, ".xcf": 1}, "warnings": {},
              "languages": {"nl": 1}}
    assert record["files"] == {"documents": 1, **counts}
    client = create_app({"INDEX_DIR": str(ix), "TESTING": True}).test_client()
    stats = client.get("/api/stats")
    assert stats.status_code == 200 and stats.headers["Cache-Control"] == "no-store"
    assert {k: v for k, v in stats.get_json().items() if k in counts} == counts
    assert stats.get_json()["documents"] == 1
    assert client.get("/healthz").get_json()["files"] == counts


def test_update_summaries_account_for_every_file_too(tmp_path):
    from indexer.index.build import build_index
    from indexer.index.update import update_index

    src = folder(tmp_path / "src", {"a.txt": "Een\n\nOver de dijk.", "logo.png": "png"})
    build_index(src, tmp_path / "ix")
    (src / "b.txt").write_text("Twee\n\nOver het gemaal.", encoding="utf-8")
    (src / "foto.png").write_text("png", encoding="utf-8")
    summary = update_index(src, tmp_path / "ix")
    assert summary.line().startswith("updated index: 1 added, 0 changed, 0 deleted, 1 unchanged (2 documents), "
                                     "skipped 0, 2 not a supported format (2 .png), 0 warnings")
    assert summary.counts()["documents"] == 2 and summary.counts()["unsupported"] == {".png": 2}


def test_languages_are_counted_when_documents_carry_one(tmp_path, monkeypatch):
    """The place for language counts: filled from each document's `lang` (set by the
    language detection of another module; here by a stand-in reader around the real one)."""
    from indexer.index import segments
    from indexer.index.build import build_index
    from indexer.sources import documents

    real = documents.read_document

    def with_lang(path, source, max_bytes, id=None):
        doc, warning = real(path, source, max_bytes, id=id)
        doc.lang = "en" if "english" in path.name else "nl"
        return doc, warning

    monkeypatch.setattr(segments.documents, "read_document", with_lang)
    src = folder(tmp_path / "src", {"een.txt": "Een\n\nOver de dijk.", "twee.txt": "Twee\n\nHet gemaal.",
                                    "english.txt": "One\n\nAbout the dike."})
    summary = build_index(src, tmp_path / "ix", procs=1)
    assert summary.counts()["languages"] == {"nl": 2, "en": 1}
