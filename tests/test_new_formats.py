"""Each new format on a real file of its kind, written by that format's own library
(or the standard library): title, date, text, and pages where there are pages."""

import gzip
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from indexer.index.build import build_index
from indexer.search.facets import KNOWN_TYPES
from indexer.sources import formats
from indexer.sources.documents import Document, read_document

MAX = 10_000_000


def read(path: Path) -> Document:
    doc, _ = read_document(path, path.parent, MAX)
    assert isinstance(doc, Document), doc
    return doc


def page_texts(doc: Document) -> list[str]:
    ends = doc.pages[1:] + [len(doc.body) + 1]
    return [doc.body[start:end - 1] for start, end in zip(doc.pages, ends)]


def test_odt_text_title_and_date(tmp_path):
    from odf import dc, meta, text
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    doc.meta.addElement(dc.Title(text="Jaarverslag wijkraad"))
    doc.meta.addElement(meta.CreationDate(text="2021-03-04T10:00:00"))
    doc.text.addElement(text.H(outlinelevel=1, text="Inleiding"))
    doc.text.addElement(text.P(text="De wijkraad vergaderde over de fietsenstalling."))
    doc.save(str(tmp_path / "verslag.odt"))
    got = read(tmp_path / "verslag.odt")
    assert (got.type, got.title, got.date) == ("odt", "Jaarverslag wijkraad", "2021-03-04")
    assert got.body == "Inleiding\n\nDe wijkraad vergaderde over de fietsenstalling."


def test_ods_sheets_are_pages_cells_are_text(tmp_path):
    from odf import table, text
    from odf.opendocument import OpenDocumentSpreadsheet

    doc = OpenDocumentSpreadsheet()
    for name, rows in [("Begroting", [["post", "bedrag"], ["fietsenstalling", "12000"]]),
                       ("Planning", [["oplevering", "najaar"]])]:
        sheet = table.Table(name=name)
        for values in rows:
            row = table.TableRow()
            for value in values:
                cell = table.TableCell()
                cell.addElement(text.P(text=value))
                row.addElement(cell)
            sheet.addElement(row)
        doc.spreadsheet.addElement(sheet)
    doc.save(str(tmp_path / "begroting.ods"))
    got = read(tmp_path / "begroting.ods")
    assert got.type == "ods" and len(got.pages) == 2
    assert page_texts(got) == ["Begroting\npost bedrag\nfietsenstalling 12000", "Planning\noplevering najaar"]


def test_odp_slides_are_pages(tmp_path):
    from odf import draw, style, text
    from odf.opendocument import OpenDocumentPresentation

    doc = OpenDocumentPresentation()
    layout = style.PageLayout(name="layout")
    doc.automaticstyles.addElement(layout)
    master = style.MasterPage(name="standaard", pagelayoutname=layout)
    doc.masterstyles.addElement(master)
    for words in ["Welkom bij de inspraakavond", "Vragen over de kademuren"]:
        page = draw.Page(name=words[:10], masterpagename=master)
        frame = draw.Frame(width="20cm", height="3cm", x="1cm", y="1cm")
        box = draw.TextBox()
        box.addElement(text.P(text=words))
        frame.addElement(box)
        page.addElement(frame)
        doc.presentation.addElement(page)
    doc.save(str(tmp_path / "avond.odp"))
    got = read(tmp_path / "avond.odp")
    assert got.type == "odp" and page_texts(got) == ["Welkom bij de inspraakavond", "Vragen over de kademuren"]
    assert got.title == "Welkom bij de inspraakavond"  # no title property: its first line


def test_rtf_text_title_and_date(tmp_path):
    (tmp_path / "brief.rtf").write_bytes(
        rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}{\info{\title Brief aan de raad}"
        rb"{\creatim\yr2019\mo6\dy13\hr10\min0}}\f0 Geachte raad,\par De caf\'e9s sluiten om "
        rb"{\b middernacht}.\par}")
    got = read(tmp_path / "brief.rtf")
    assert (got.type, got.title, got.date) == ("rtf", "Brief aan de raad", "2019-06-13")
    assert got.body == "Geachte raad,\nDe cafés sluiten om middernacht."


def write_epub_book(path: Path) -> None:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("zoek-test-1")
    book.set_title("Geschiedenis van de polder")
    book.set_language("nl")
    book.add_metadata("DC", "date", "2018-05-01")
    chapters = []
    for n, words in enumerate(["De eerste dijken werden opgeworpen.", "Het gemaal pompte de polder droog."]):
        chapter = epub.EpubHtml(title=f"Hoofdstuk {n + 1}", file_name=f"h{n}.xhtml", lang="nl")
        chapter.content = f"<html><body><h1>Hoofdstuk {n + 1}</h1><p>{words}</p></body></html>"
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = chapters
    epub.write_epub(str(path), book)


POLDER_PAGES = ["Hoofdstuk 1\nDe eerste dijken werden opgeworpen.",
                "Hoofdstuk 2\nHet gemaal pompte de polder droog."]


def test_epub_one_document_chapters_as_pages(tmp_path):
    write_epub_book(tmp_path / "polder.epub")
    got = read(tmp_path / "polder.epub")
    assert (got.type, got.title, got.date) == ("epub", "Geschiedenis van de polder", "2018-05-01")
    assert page_texts(got) == POLDER_PAGES


def test_epub_zipped_one_folder_down_is_read(tmp_path):
    """Debian Edu's manuals zip the book under `epub/`: META-INF is not at the root."""
    import zipfile

    write_epub_book(tmp_path / "flat.epub")
    with zipfile.ZipFile(tmp_path / "flat.epub") as flat, \
            zipfile.ZipFile(tmp_path / "handboek.epub", "w") as nested:
        for member in flat.infolist():
            nested.writestr("epub/" + member.filename, flat.read(member))
    got = read(tmp_path / "handboek.epub")
    assert (got.type, got.title) == ("epub", "Geschiedenis van de polder")
    assert page_texts(got) == POLDER_PAGES


def test_pptx_slides_as_pages(tmp_path):
    import pptx

    deck = pptx.Presentation()
    deck.core_properties.title = "Inspraak kademuren"
    deck.core_properties.created = datetime(2022, 9, 1, 12, 0)
    for title, body in [("Waarom herstel", "De kademuren zijn verzakt."), ("Planning", "Start in 2024.")]:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
    deck.save(tmp_path / "kademuren.pptx")
    got = read(tmp_path / "kademuren.pptx")
    assert (got.type, got.title, got.date) == ("pptx", "Inspraak kademuren", "2022-09-01")
    assert page_texts(got) == ["Waarom herstel\nDe kademuren zijn verzakt.", "Planning\nStart in 2024."]


def test_xlsx_sheets_as_pages_cells_as_text(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.title = "Subsidies 2023"
    book.properties.created = datetime(2023, 1, 15)
    sheet = book.active
    sheet.title = "Toegekend"
    sheet.append(["ontvanger", "bedrag"])
    sheet.append(["Buurtvereniging Oost", 2500])
    book.create_sheet("Afgewezen").append(["Schaakclub", None, "te laat"])
    book.save(tmp_path / "subsidies.xlsx")
    got = read(tmp_path / "subsidies.xlsx")
    assert (got.type, got.title, got.date) == ("xlsx", "Subsidies 2023", "2023-01-15")
    assert page_texts(got) == ["Toegekend\nontvanger bedrag\nBuurtvereniging Oost 2500",
                               "Afgewezen\nSchaakclub te laat"]


def mail_with_attachment() -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "Anna de Vries <anna@gemeente.example>"
    mail["To"] = "raad@gemeente.example"
    mail["Subject"] = "Besluit over de fietsenstalling"
    mail["Date"] = "Tue, 04 Mar 2025 10:00:00 +0100"
    mail.set_content("Het college heeft besloten de fietsenstalling uit te breiden.")
    mail.add_alternative("<p>Het college heeft <b>besloten</b> de fietsenstalling uit te breiden.</p>",
                         subtype="html")
    mail.add_attachment("Begroting\n\nDe uitbreiding kost 12.000 euro.".encode(), maintype="text",
                        subtype="plain", filename="begroting.txt")
    mail.add_attachment(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", filename="foto.png")
    return mail


def test_eml_headers_text_and_attachments_as_their_own_documents(tmp_path):
    (tmp_path / "besluit.eml").write_bytes(mail_with_attachment().as_bytes())
    got = read(tmp_path / "besluit.eml")
    assert (got.type, got.title, got.date) == ("eml", "Besluit over de fietsenstalling", "2025-03-04")
    assert got.body.startswith("Van: Anna de Vries <anna@gemeente.example>\nAan: raad@gemeente.example")
    assert got.body.endswith("Het college heeft besloten de fietsenstalling uit te breiden.")
    [(attachment, warning, rel)] = got.attachments  # the PNG is no format zoek reads
    assert warning is None and rel == "besluit.eml#begroting.txt"
    assert (attachment.id, attachment.path, attachment.type) == ("besluit/begroting.txt", "besluit.eml", "txt")
    assert attachment.title == "Begroting" and attachment.date == "2025-03-04"  # the mail's date


def test_attachments_with_the_same_name_get_their_own_ids(tmp_path):
    mail = mail_with_attachment()
    mail.add_attachment(b"Tweede begroting.", maintype="text", subtype="plain", filename="begroting.txt")
    (tmp_path / "besluit.eml").write_bytes(mail.as_bytes())
    assert [a.id for a, _, _ in read(tmp_path / "besluit.eml").attachments] \
        == ["besluit/begroting.txt", "besluit/begroting-2.txt"]


def test_a_forwarded_mail_is_an_attachment_of_its_own(tmp_path):
    inner = mail_with_attachment()
    outer = EmailMessage()
    outer["From"], outer["Subject"] = "griffie@gemeente.example", "Fwd: besluit"
    outer.set_content("Zie het doorgestuurde bericht.")
    outer.add_attachment(inner)  # message/rfc822
    (tmp_path / "fwd.eml").write_bytes(outer.as_bytes())
    [(forwarded, _, rel)] = read(tmp_path / "fwd.eml").attachments
    assert (forwarded.id, forwarded.type, rel) == ("fwd/bericht-1.eml", "eml", "fwd.eml#bericht-1.eml")
    assert forwarded.title == "Besluit over de fietsenstalling" and forwarded.date == "2025-03-04"


def test_an_html_only_mail_is_read_like_a_page(tmp_path):
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "griffie@gemeente.example", "Agenda"
    mail.set_content("<html><body><nav>menu</nav><p>De raad vergadert donderdag.</p></body></html>",
                     subtype="html")
    (tmp_path / "agenda.eml").write_bytes(mail.as_bytes())
    got = read(tmp_path / "agenda.eml")
    assert got.body == "Van: griffie@gemeente.example\n\nDe raad vergadert donderdag."


def test_attachments_are_indexed_linked_to_their_mail_and_follow_updates(tmp_path):
    from indexer.index.store import IndexHandle
    from indexer.index.update import update_index

    src = tmp_path / "src"
    src.mkdir()
    (src / "besluit.eml").write_bytes(mail_with_attachment().as_bytes())
    summary = build_index(src, tmp_path / "ix")
    assert summary.indexed == 2 and summary.indexed_paths == ["besluit.eml", "besluit.eml#begroting.txt"]
    with IndexHandle(tmp_path / "ix").searcher() as s:
        stored = {f["id"]: f["path"] for f in s.all_stored_fields()}
    assert stored == {"besluit": "besluit.eml", "besluit/begroting.txt": "besluit.eml"}
    assert update_index(src, tmp_path / "ix").line().startswith("updated index: 0 added, 0 changed, 0 deleted")
    (src / "besluit.eml").unlink()
    (src / "ander.txt").write_text("Iets anders over de kademuren.", encoding="utf-8")
    after = update_index(src, tmp_path / "ix")
    assert (after.added, after.deleted, after.total) == (1, 1, 1)  # the attachment went with its mail


def test_outlook_msg(tmp_path):
    from aspose.email_foss.msg.mapi_message import MapiMessage

    (tmp_path / "besluit.msg").write_bytes(MapiMessage.from_email_message(mail_with_attachment()).to_bytes())
    got = read(tmp_path / "besluit.msg")
    assert (got.type, got.title, got.date) == ("msg", "Besluit over de fietsenstalling", "2025-03-04")
    assert "fietsenstalling uit te breiden" in got.body and got.body.startswith("Van: Anna de Vries")
    assert [a.id for a, _, _ in got.attachments] == ["besluit/begroting.txt"]


MALLARD = """<?xml version="1.0" encoding="utf-8"?>
<page xmlns="http://projectmallard.org/1.0/" type="topic" id="fiets" xml:lang="nl">
  <info>
    <revision pkgversion="3.9" date="2013-09-18" status="draft"/>
    <revision pkgversion="3.18" date="2015-09-29" status="final"/>
    <credit type="author"><name>Jan Jansen</name></credit>
    <desc>Uitleg</desc>
  </info>
  <title>Uw fiets <em>stallen</em></title>
  <p>Klik op <gui>Stalling</gui> en kies <em>een plek</em>.</p>
  <comment><p>Nog nakijken</p></comment>
  <steps><item><p>Open de app.</p></item></steps>
</page>
"""
DOCBOOK = """<?xml version="1.0"?>
<article xmlns="http://docbook.org/ns/docbook" version="5.0">
  <info><title>Handleiding gemaal</title><pubdate>2017-04-02</pubdate>
    <author><personname>Piet</personname></author></info>
  <section><title>Onderhoud</title><para>Smeer de <emphasis>pomp</emphasis> elk jaar.</para></section>
</article>
"""


def test_mallard_page_and_docbook_xml(tmp_path):
    (tmp_path / "fiets.page").write_text(MALLARD, encoding="utf-8")
    got = read(tmp_path / "fiets.page")
    assert (got.type, got.title, got.date) == ("mallard", "Uw fiets stallen", "2015-09-29")
    assert got.body == "Uw fiets stallen\n\nKlik op Stalling en kies een plek.\n\nOpen de app."
    (tmp_path / "gemaal.xml").write_text(DOCBOOK, encoding="utf-8")
    got = read(tmp_path / "gemaal.xml")
    assert (got.type, got.title, got.date) == ("xml", "Handleiding gemaal", "2017-04-02")
    assert got.body == "Onderhoud\n\nSmeer de pomp elk jaar."
    (tmp_path / "oud.xml").write_text(  # DocBook 4: a DOCTYPE naming an external DTD, not fetched
        '<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN" '
        '"http://www.oasis-open.org/docbook/xml/4.5/docbookx.dtd">\n<article><articleinfo><title>Oud'
        '</title><date>2009-02-03</date></articleinfo><para>Tekst over de dijk.</para></article>',
        encoding="utf-8")
    got = read(tmp_path / "oud.xml")
    assert (got.title, got.date, got.body) == ("Oud", "2009-02-03", "Tekst over de dijk.")
    (tmp_path / "config.xml").write_text("<config><a>1</a></config>", encoding="utf-8")
    doc, _ = read_document(tmp_path / "config.xml", tmp_path, MAX)
    assert doc.reason == "XML, but not a DocBook or Mallard document"


@pytest.mark.parametrize("name, content", [
    ("notitie.txt.gz", "Notitie\n\nDe dijk wordt verhoogd."),
    ("pagina.html.gz", "<title>Notitie</title><p>De dijk wordt verhoogd.</p>"),
    ("fiets.page.gz", MALLARD),
])
def test_gzip_compressed_files_of_any_format(tmp_path, name, content):
    (tmp_path / name).write_bytes(gzip.compress(content.encode("utf-8")))
    got = read(tmp_path / name)
    assert got.id == name.split(".")[0]  # both extensions go
    assert got.type == formats.TYPES["." + name.split(".")[1]]
    assert ("dijk" in got.body) or ("fiets" in got.body.lower())


def test_files_without_extension_are_read_when_they_are_text(tmp_path):
    (tmp_path / "README").write_text("Over dit project\n\nHet indexeert documenten.", encoding="utf-8")
    (tmp_path / "programma").write_bytes(bytes(range(256)) * 40)
    assert read(tmp_path / "README").title == "Over dit project"
    assert read_document(tmp_path / "programma", tmp_path, MAX)[0].reason == "binary file"


def test_new_types_are_accepted_by_the_type_filter():
    for kind in ("odt", "ods", "odp", "rtf", "epub", "pptx", "xlsx", "eml", "msg", "xml", "mallard"):
        assert kind in KNOWN_TYPES


def test_the_readme_documents_every_type():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    metadata = readme.split("## Metadata", 1)[1].split("\n## ", 1)[0]
    assert all(f"`{kind}`" in metadata for kind in KNOWN_TYPES)


def test_every_file_is_accounted_for_in_the_summary(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "tekst.txt").write_text("Tekst\n\nover de dijk.", encoding="utf-8")
    (tmp_path / "leeg.md").write_text("", encoding="utf-8")
    for name in ("x.png", "a/y.png", "z.xcf"):
        (tmp_path / name).write_bytes(b"\x89PNG")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    summary = build_index(tmp_path, tmp_path.parent / f"{tmp_path.name}-ix")
    line = summary.line()
    assert line.startswith("indexed 1 document, skipped 2 (1 hidden, 1 empty), "
                           "3 not a supported format (2 .png, 1 .xcf), 0 warnings")
    assert summary.counts() == {"documents": 1, "skipped": {"hidden": 1, "empty": 1},
                                "unsupported": {".png": 2, ".xcf": 1}, "warnings": {},
                                "languages": {"und": 1}}  # three words: too short to tell
    assert sorted(summary.unsupported) == ["a/y.png", "x.png", "z.xcf"]


def test_new_types_are_searched_and_filtered_through_the_api(tmp_path):
    from webapp import create_app

    src = tmp_path / "src"
    src.mkdir()
    (src / "besluit.eml").write_bytes(mail_with_attachment().as_bytes())
    (src / "fiets.page").write_text(MALLARD, encoding="utf-8")
    build_index(src, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True}).test_client()
    hits = client.get("/api/search?q=fietsenstalling&type=eml").get_json()["results"]
    assert [(h["id"], h["type"]) for h in hits] == [("besluit", "eml")]
    hits = client.get("/api/search?q=uitbreiding&type=txt").get_json()["results"]
    assert [h["id"] for h in hits] == ["besluit/begroting.txt"]
    assert client.get("/doc/besluit/begroting.txt").status_code == 200
    hits = client.get("/api/search?q=fiets&type=mallard").get_json()["results"]
    assert [h["id"] for h in hits] == ["fiets"]
