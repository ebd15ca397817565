"""Each format read from real files: text, title, pages, dates, links; broken files skipped."""

import shutil
from datetime import datetime

from conftest import HTML_PAGE, LILYPOND_PDF, MARKDOWN_NOTE, make_docx

from indexer.index.build import build_index
from indexer.sources.documents import Document, Skipped, page_at, read_document
from indexer.sources.formats import clean_pdf_text, strip_markdown

MAX = 50_000_000


def read(path, root):
    doc, warning = read_document(path, root, MAX)
    assert isinstance(doc, Document), doc
    return doc, warning


def test_pdf_text_per_page_from_a_real_dutch_pdf(tmp_path):
    shutil.copy(LILYPOND_PDF, tmp_path / "lilypond.pdf")
    doc, warning = read(tmp_path / "lilypond.pdf", tmp_path)
    assert warning is None and doc.type == "pdf" and doc.id == "lilypond"
    assert doc.title == "LilyPond"           # the first line with words, not the page number
    assert doc.date == "2023-02-24"          # the PDF's own creation date; no date in its text
    assert len(doc.pages) == 3 and doc.pages[0] == 0
    # TeX's loose accents and ligatures are joined; hyphenated line ends rejoined.
    for word in ["kopiëren", "geïnvesteerd", "geïnspireerd", "effectiever", "aanblik", "flexibel"]:
        assert word in doc.body
    assert "¨" not in doc.body and "ﬀ" not in doc.body and "\ufffe" not in doc.body
    third = doc.body[doc.pages[2]:]
    assert third.startswith("Inleiding 4") and "kopiëren" in third
    assert page_at(doc.pages, doc.body.index("kopiëren")) == 3
    assert page_at(doc.pages, doc.body.index("Ons Doel")) == 2
    assert page_at(doc.pages, 0) == 1 and page_at([], 5) is None


def test_pdf_body_keeps_offsets_of_its_one_line_form(tmp_path):
    # Snippets work on the body with whitespace collapsed; a PDF body has single
    # whitespace characters only, so page offsets hold in both.
    shutil.copy(LILYPOND_PDF, tmp_path / "lilypond.pdf")
    doc, _ = read(tmp_path / "lilypond.pdf", tmp_path)
    assert len(" ".join(doc.body.split())) == len(doc.body)


def test_clean_pdf_text():
    assert clean_pdf_text("de spati¨ering en ge¨ınvesteerd") == "de spatiëring en geïnvesteerd"
    # PDFium marks a hyphen added at a line break as U+FFFE; a hyphen of the text stays.
    assert clean_pdf_text("´e´en  eﬀect\r\n\r\n  aan\ufffe\r\nblik") == "één effect\naanblik"
    assert clean_pdf_text("inkoop-\r\nen Noord-Holland") == "inkoop-\nen Noord-Holland"


def test_docx_paragraphs_tables_title_and_date(tmp_path):
    make_docx(tmp_path / "verslag.docx", "Jaarverslag 2021",
              ["Utrecht, 15 maart 2022", "Het netwerk werkt aan een leefbaar loon."],
              created=datetime(2022, 3, 1), table=[["Thema", "Uitgaven"], ["Coördinatie", "1.200"]])
    doc, warning = read(tmp_path / "verslag.docx", tmp_path)
    assert warning is None and doc.type == "docx" and doc.title == "Jaarverslag 2021"
    assert "leefbaar loon" in doc.body and "Coördinatie 1.200" in doc.body
    assert doc.date == "2022-03-15"  # the date in the text beats the file's creation date
    make_docx(tmp_path / "kaal.docx", "Notitie", ["Geen datum in deze tekst."], created=datetime(2020, 5, 4))
    assert read(tmp_path / "kaal.docx", tmp_path)[0].date == "2020-05-04"


def test_html_title_text_without_navigation_scripts_and_styles(tmp_path):
    (tmp_path / "pagina.html").write_bytes(HTML_PAGE.encode("cp1252"))
    doc, warning = read(tmp_path / "pagina.html", tmp_path)
    assert warning is None  # the declared charset (windows-1252) is honoured
    assert doc.type == "html" and doc.title == "ISV Academie: tweede ronde van start"
    assert "netwerkdag" in doc.body and "Café & coördinatie: <geen markup>." in doc.body
    for gone in ["Inkoopmenu", "volgcode", "color: red", "Kopregel", "cookiebeleid"]:
        assert gone not in doc.body
    assert doc.source_url == "https://www.pianoo.nl/nl/isv-academie-2019-2020"
    assert doc.date == "2019-12-02" and doc.links == ["https://www.pianoo.nl/isv"]


def test_html_title_falls_back_to_h1(tmp_path):
    (tmp_path / "kaal.htm").write_text("<h1>Leefbaar  loon</h1><p>Tekst over lonen.</p>", encoding="utf-8")
    doc, _ = read(tmp_path / "kaal.htm", tmp_path)
    assert doc.title == "Leefbaar loon" and doc.type == "html"


def test_markdown_syntax_is_stripped(tmp_path):
    (tmp_path / "overleg.md").write_text(MARKDOWN_NOTE, encoding="utf-8")
    doc, _ = read(tmp_path / "overleg.md", tmp_path)
    assert doc.type == "md" and doc.title == "Overleg netwerken"  # front matter title
    assert "Op donderdag sprak het netwerk over leefbaar loon\nin de keten." in doc.body
    assert not any(c in doc.body for c in "*#`[]()") and "coördinatie" in doc.body
    assert doc.links == ["https://example.org/leefbaar-loon"] and doc.date == "2020-01"
    (tmp_path / "kop.md").write_text("Intro\n\n# Netwerken in de keten\n\nTekst.", encoding="utf-8")
    assert read(tmp_path / "kop.md", tmp_path)[0].title == "Netwerken in de keten"


def test_strip_markdown():
    assert strip_markdown("## Kop ##\n> citaat met **vet** en _schuin_\n\n| a | b |\n|---|---|\n| 1 | 2 |") \
        == "Kop\n\ncitaat met vet en schuin\n\na b\n1 2"
    assert strip_markdown("![logo](x.png) [tekst](https://x.nl)") == "logo tekst"
    # A parser, not patterns: underscores inside words and code stay, inline HTML goes.
    assert strip_markdown("zet `max_file_mb` en snake_case_naam <b>vet</b>") \
        == "zet max_file_mb en snake_case_naam vet"
    assert strip_markdown("```python\nx = 2 * 3 * 4\n```") == "x = 2 * 3 * 4"


def test_broken_files_are_skipped_with_a_named_warning_and_the_build_goes_on(tmp_path, seeds):
    src = tmp_path / "src"
    shutil.copytree(seeds, src)
    (src / "kapot.pdf").write_bytes(LILYPOND_PDF.read_bytes()[:3000])
    (src / "kapot.docx").write_bytes(b"PK\x03\x04 dit is geen zip")
    summary = build_index(src, tmp_path / "ix")
    assert summary.indexed == 3
    skipped = {s.path: s for s in summary.skipped}
    assert skipped["kapot.pdf"].reason == "not a readable PDF file" and skipped["kapot.pdf"].detail
    assert skipped["kapot.docx"].reason == "not a readable DOCX file"
    warnings = dict(summary.warnings)
    assert warnings["kapot.pdf"].startswith("not a readable PDF file: ")
    assert "skipped 2 (1 not a readable DOCX file, 1 not a readable PDF file)" in summary.line()


def test_seed_metadata(seeds):
    docs = {p.stem: read(p, seeds)[0] for p in seeds.glob("*.txt")}
    isv, cau = docs["003_cdb6cea62ffad741"], docs["000_6ac86d6e3eb5e683"]
    assert isv.date == "2019-06-13" and isv.year == "2019"   # "13 juni 2019" in its title
    # 000's share links carry the report's summary: "Jaarrapportage 2019-2020 Januari 2021".
    assert cau.date == "2021-01"
    assert cau.source_url == \
        "https://publications.internationalrbc.org/imvo_jaarrapportage_goud_2019-2020/collectiefinvloed"
    assert all(d.collection == "" and d.type == "txt" and len(d.hash) == 32 for d in docs.values())


def test_a_file_without_any_date_gets_its_modification_date(tmp_path):
    import os
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "notitie.txt").write_text("Notitie\n\nOver lonen in de keten.", encoding="utf-8")
    os.utime(tmp_path / "a" / "notitie.txt", (1591000000, 1591000000))  # 1 June 2020
    doc, _ = read(tmp_path / "a" / "notitie.txt", tmp_path)
    assert doc.date == "2020-06-01" and doc.collection == "a"


def test_a_scanned_pdf_without_text_is_skipped(tmp_path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(200, 200)
    pdf.save(tmp_path / "scan.pdf")
    pdf.close()
    doc, _ = read_document(tmp_path / "scan.pdf", tmp_path, MAX)
    assert isinstance(doc, Skipped) and "no text" in doc.reason


def test_the_page_of_a_snippet():
    from indexer.search.core import snippet_page
    from indexer.search.highlight import Marked
    starts = [0, 100, 250]
    assert snippet_page(starts, Marked("…", [(5, 9)], start=246, match_at=251)) == 3
    assert snippet_page(starts, Marked("…", [(5, 9)], start=98, match_at=103)) == 2  # starts on 1
    assert snippet_page(starts, Marked("no match", [], start=0)) is None
    assert snippet_page([], Marked("…", [(0, 3)])) is None
