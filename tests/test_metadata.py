"""Metadata rules: Dutch dates, collections, source URLs."""

import pytest

from indexer.sources import metadata


@pytest.mark.parametrize("text, iso", [
    ("Terugblik ISV Academie - 13 juni 2019", "2019-06-13"),
    ("Jaarrapportage 2019-2020Januari 2021 Collectief", "2021-01"),
    ("op donderdag 3 okt. 2019 in Utrecht", "2019-10-03"),
    ("vastgesteld op 13-06-2019", "2019-06-13"),
    ("brief van 1/2/2020", "2020-02-01"),
    ("31 juni 2019 bestaat niet", "2019-06"),       # the month is still known
    ("In 2019 zijn de werkgroepen", None),          # a year alone is not a date
    ("Jan Janssen 2019", None),
    ("12 december 1850", None),                     # implausibly old
    ("xjuni 2019", None),
])
def test_dutch_dates(text, iso):
    assert metadata.dutch_date(text) == iso


def test_display_dates_in_dutch():
    assert metadata.display_date("2019-06-13") == "13 juni 2019"
    assert metadata.display_date("2021-01") == "januari 2021"


def test_collection_is_the_top_folder():
    assert metadata.collection("jaarverslagen/2021/verslag.pdf") == "jaarverslagen"
    assert metadata.collection("los.txt") == ""


def test_source_url_order():
    share = ["https://twitter.com/intent/tweet?text=x&url=https%3A%2F%2Fwww.somo.nl%2Fnetwerken"]
    assert metadata.source_url(None, "tekst", share) == "https://www.somo.nl/netwerken"
    assert metadata.source_url(None, "Bron: https://www.isv.nl/terugblik.\nTekst", share) \
        == "https://www.isv.nl/terugblik"
    assert metadata.source_url("https://canon.nl/a", "Bron: https://x.nl", share) == "https://canon.nl/a"
    assert metadata.source_url(None, "tekst", ["https://www.somo.nl/over-ons"]) is None


def test_date_choice_order():
    from datetime import date
    args = dict(links=[], declared=None, file_date=date(2020, 5, 4), mtime=0)
    assert metadata.choose_date("Terugblik - 13 juni 2019", "in januari 2020", **args) == "2019-06-13"
    assert metadata.choose_date("Terugblik", "in januari 2020", **args) == "2020-01"
    assert metadata.choose_date("Terugblik", "geen datum", **args) == "2020-05-04"
    assert metadata.choose_date("Terugblik", "geen datum", [], None, None, 86400 * 365) == "1971-01-01"
