"""Reading documents: ids, titles, links, bad files."""

from pathlib import Path, PurePath

from conftest import CAU, ISV, SOMO
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.analysis import analyze
from indexer.sources import formats, listing
from indexer.sources.documents import (
    Document,
    Skipped,
    assign_ids,
    read_document,
    source_files,
)

MAX = 50_000_000


def read(seeds, name):
    doc, warning = read_document(seeds / f"{name}.txt", seeds, MAX)
    assert isinstance(doc, Document) and warning is None
    return doc


def test_title_from_first_line_even_with_leading_space(seeds):
    doc = read(seeds, CAU)
    assert doc.id == CAU
    assert doc.title == "Collectief invloed uitoefenen en vergroten"
    assert not doc.body.startswith("Collectief invloed")


def test_title_with_date_line(seeds):
    assert read(seeds, ISV).title == "Terugblik ISV Academie: op zoek naar het waarom - 13 juni 2019"


def test_derived_title_when_there_is_no_title_line(seeds):
    doc = read(seeds, SOMO)
    assert doc.title.startswith("SOMO faciliteert en ondersteunt")
    assert len(doc.title) <= 81 and doc.title.endswith("…")
    assert doc.body.startswith("SOMO faciliteert")  # nothing lost from the body


def test_share_links_are_kept_as_links_not_text(seeds):
    doc = read(seeds, CAU)
    assert any(link.startswith("https://www.linkedin.com/shareArticle") for link in doc.links)
    assert any(link.startswith("https://imvo.h5mag.com/") for link in doc.links)
    assert "%20" not in doc.body and "http" not in doc.body
    tokens = {t for t, _, _, _ in analyze(doc.body)}
    assert not any(t.startswith("20") and t[2:].isalpha() for t in tokens)
    assert "Uganda Gold Partnership" in doc.body  # the text before the links stays


def test_ids_are_relative_paths_without_extension(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "rapport.txt").write_text("Titel\n\nTekst over loon.", encoding="utf-8")
    (tmp_path / "notes.xcf").write_text("ignored", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "~$lock.docx").write_bytes(b"ignored")
    paths = list(source_files(tmp_path))
    assert [p.name for p in paths] == ["rapport.txt"]
    doc, _ = read_document(paths[0], tmp_path, MAX)
    assert doc.id == "a/b/rapport"


def test_files_sharing_a_name_keep_their_extension_in_the_id(tmp_path):
    for name in ["jaarverslag.txt", "jaarverslag.md", "bijlage.txt"]:
        (tmp_path / name).write_text("Titel\n\nTekst over loon.", encoding="utf-8")
    ids = dict((p.name, i) for p, i in assign_ids(list(source_files(tmp_path)), tmp_path))
    assert ids == {"jaarverslag.txt": "jaarverslag.txt", "jaarverslag.md": "jaarverslag.md",
                   "bijlage.txt": "bijlage"}


def test_bad_files_are_skipped_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK")
    (tmp_path / "big.txt").write_text("woord " * 100, encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("Café\n\nDe coördinatie van één project.".encode("cp1252"))
    results = {p.name: read_document(p, tmp_path, 200) for p in source_files(tmp_path)}
    assert results["empty.txt"][0] == Skipped("empty.txt", "empty")
    assert results["binary.txt"][0].reason == "binary file"
    assert results["big.txt"][0].reason.startswith("larger than")
    doc, warning = results["latin.txt"]
    assert doc.title == "Café" and "coördinatie" in doc.body and "cp1252" in warning


NAME_PIECES = ["a", "rapport", ".", "..", ".txt", ".TXT", ".gz", ".page", ".pdf", " ", "v1.2", "-", "é"]


@settings(max_examples=1000, deadline=None, database=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=8).map("".join))
def test_extension_reads_a_name_as_pathlib_does(name):
    """formats.extension splits the name by hand; pathlib's suffix is the definition."""
    def by_pathlib(name):
        suffix = PurePath(name).suffix.lower()
        if not formats.EXTENSION_RE.fullmatch(suffix):
            return formats.NO_EXTENSION
        return by_pathlib(name[:-3]) + ".gz" if suffix == ".gz" else suffix
    assert formats.extension(name) == by_pathlib(name)


@given(st.lists(st.sampled_from(["map", "a b", "x.txt", "é", ".."]), min_size=1, max_size=4))
def test_relative_path_is_relative_to(parts):
    source = Path("/srv/bron")
    path = source.joinpath(*parts)
    assert listing.relative_path(path, source) == path.relative_to(source).as_posix()


def test_the_listing_counts_documents_as_it_finds_them(tmp_path):
    for name in ("a.txt", "b.md", "c.png", ".d.txt", "sub/e.txt", "sub/f.html"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("tekst")
    counts = []
    found = listing.list_source(tmp_path, counts.append)
    assert len(found.documents) == 4 and counts == [1, 2, 3, 4]
