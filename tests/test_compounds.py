"""Tests for the Dutch decompounder (indexer.compounds)."""

import gzip
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from indexer.analysis import compounds
from indexer.analysis.compounds import MIN_PART, split_compound

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "indexer" / "analysis" / "data"


@pytest.mark.parametrize(
    "word, parts",
    [
        ("kinderarbeid", ("kinder", "arbeid")),
        ("convenantspartijen", ("convenant", "partijen")),
        ("belastingontwijking", ("belasting", "ontwijking")),
        ("arbeidsomstandigheden", ("arbeid", "omstandigheden")),
        ("natuursteenleverancier", ("natuursteen", "leverancier")),
        ("netwerkbijeenkomsten", ("netwerk", "bijeenkomsten")),
        ("elektronicaketen", ("elektronica", "keten")),
        ("beleidsbeinvloeding", ("beleid", "beinvloeding")),
        ("katoenketen", ("katoen", "keten")),
        ("strategieontwikkeling", ("strategie", "ontwikkeling")),
        ("mensenrechten", ("mensen", "rechten")),
        ("overheidsbeleid", ("overheid", "beleid")),
        ("aanbestedingsprocessen", ("aanbesteding", "processen")),
        ("samenwerkingsrelaties", ("samenwerking", "relaties")),
    ],
)
def test_seed_compounds_split(word, parts):
    assert split_compound(word) == parts


@pytest.mark.parametrize(
    "word, parts",
    [
        # A modifier that takes a linking s gets it (lichaam+s+taal) ...
        ("lichaamstaal", ("lichaam", "taal")),
        ("raadsleden", ("raad", "leden")),
        ("overwinningsteken", ("overwinning", "teken")),
        # ... any other keeps the s on the head.
        ("glittersteen", ("glitter", "steen")),
        ("spreekstemmen", ("spreek", "stemmen")),
        ("genrestukjes", ("genre", "stukjes")),
        # The linking er stays on its part (stems like kinderen).
        ("wielerploeg", ("wieler", "ploeg")),
        # A lexicalised word is kept whole inside a longer compound.
        ("toetsenbordindeling", ("toetsenbord", "indeling")),
        # Fewest parts first, then the longer modifier.
        ("kleinkunstavond", ("kleinkunst", "avond")),
    ],
)
def test_boundary_choices(word, parts):
    assert split_compound(word) == parts


@pytest.mark.parametrize(
    "word",
    [
        # lexicalised words (compound_exceptions.txt), also inflected
        "toetsenbord", "toetsenborden", "handtekening", "handtekeningen",
        "ziekenhuis", "werkgevers", "rechtbank", "slachtoffers",
        # not compounds, or parts shorter than 4 letters
        "netwerken", "netwerk", "bedrijf", "ontwikkeling", "verantwoord",
        "verantwoordelijk", "bijeenkomsten", "overheden", "aanbesteding",
        "vakbonden", "loon", "kind",
        # prefix, particle and suffix splits
        "voorstellen", "samenwerking", "onderwijs", "deelnemers",
        "plaatsvinden", "maatschappelijke", "gemeenschappelijk", "belangrijk",
        "vriendschap", "moeiteloos", "betekent", "algemeen", "burgemeester",
        "bemoeilijkt", "toepassen", "potentiele", "helemaal", "document",
        # names
        "nederland", "nederlanders", "eindhoven", "duitsland", "frankrijk",
        "volkswagen",
    ],
)
def test_not_split(word):
    assert split_compound(word) == ()


@pytest.mark.parametrize("word", ["", "a", "loon", "kind", "abcdefg", "co2uitstoot",
                                  "imvo_jaarrapportage", "ngo's", "Kinderarbeid"])
def test_short_or_non_alphabetic_input(word):
    assert split_compound(word) == ()


def test_every_part_has_at_least_four_letters():
    words = [
        "kinderarbeid", "convenantspartijen", "natuursteenleverancier",
        "arbeidsomstandigheden", "luchtverkeersbeheernetwerk", "langetermijnlening",
        "afvalbrengstations", "vrijwilligerswerk", "ontwikkelingssamenwerking",
        "gemeenteraadsverkiezingen", "kinderopvangtoeslag", "ijsbeer", "autoweg",
    ]
    lexicon = sorted(compounds._lexicon())
    words += lexicon[::500]
    for word in words:
        parts = split_compound(word)
        assert len(parts) != 1, word
        assert all(len(part) >= MIN_PART for part in parts), (word, parts)
        assert all(part.isalpha() and part.islower() for part in parts), (word, parts)


def test_parts_come_from_the_word_in_order():
    for word in ["convenantspartijen", "arbeidsomstandigheden", "kinderarbeid",
                 "natuursteenleverancier", "lichaamstaal"]:
        parts = split_compound(word)
        position = 0
        for part in parts:
            found = word.find(part, position)
            assert found >= position, (word, parts)
            # at most a linking "s" or "er" between two parts
            assert found - position <= 2, (word, parts)
            position = found + len(part)
        assert position == len(word), (word, parts)


def test_results_are_cached():
    split_compound.cache_clear()
    split_compound("kinderarbeid")
    split_compound("kinderarbeid")
    info = split_compound.cache_info()
    assert info.hits == 1 and info.misses == 1


def test_exception_list_is_plain_commented_text():
    lines = (DATA_DIR / "compound_exceptions.txt").read_text(encoding="utf-8").splitlines()
    words = compounds.read_exceptions()
    assert lines[0].startswith("#")
    assert {"toetsenbord", "handtekening"} <= words
    for word in words:
        assert word.isalpha() and word.islower() and word.isascii(), word


def test_lexicon_data_files_are_committed_gzip_word_lists():
    for name, minimum in (("lexicon.txt.gz", 300_000), ("names.txt.gz", 10_000)):
        path = DATA_DIR / name
        assert path.stat().st_size < 1_500_000
        words = gzip.decompress(path.read_bytes()).decode("ascii").split()
        assert len(words) > minimum
        assert words == sorted(set(words))
        assert all(word.isalpha() and word.islower() for word in words[::1000])
    assert compounds.lexicon_size() > 300_000


def test_lexicon_loads_without_the_debian_word_lists():
    """The runtime reads indexer/analysis/data only: hide /usr/share/dict and hunspell."""
    code = textwrap.dedent(
        """
        import builtins, io, os
        real_open = builtins.open
        real_io_open = io.open
        def guarded(path, *args, **kwargs):
            p = os.fspath(path) if not isinstance(path, int) else ""
            if isinstance(p, bytes):
                p = p.decode()
            if p.startswith(("/usr/share/dict", "/usr/share/hunspell")):
                raise AssertionError("runtime read " + p)
            return real_open(path, *args, **kwargs)
        builtins.open = guarded
        io.open = guarded
        from indexer.analysis.compounds import split_compound, lexicon_size
        assert lexicon_size() > 300_000
        assert split_compound("convenantspartijen") == ("convenant", "partijen")
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_builder_filters_and_folds(tmp_path):
    from indexer.analysis.data import build_lexicon

    source = tmp_path / "dutch"
    source.write_text(
        "kind\nkinderarbeid\ncoördinatie\nab\nAmsterdam\nEindhoven\nNederland\n"
        "e-mail\nNGO's\nMMXVIII\nnederland\n",
        encoding="utf-8",
    )
    output = tmp_path / "lexicon.txt.gz"
    assert build_lexicon.main(["--source", str(source), "--output", str(output)]) == 0
    words = gzip.decompress(output.read_bytes()).decode("ascii").split()
    names = gzip.decompress((tmp_path / "names.txt.gz").read_bytes()).decode("ascii").split()
    assert words == ["coordinatie", "kind", "kinderarbeid", "nederland"]
    # names: capitalised, 8+ letters, not also a lowercase word, no numerals
    assert names == ["amsterdam", "eindhoven"]
