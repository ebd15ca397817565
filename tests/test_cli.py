"""The zoek command: index, search, failures without tracebacks."""

import json
import subprocess

from conftest import ROOT, SEEDS, SOMO, zoek_command


def zoek(*args, **kw):
    return subprocess.run(zoek_command() + list(args), cwd=ROOT, capture_output=True,
                          text=True, timeout=120, **kw)


def test_index_prints_a_summary(tmp_path):
    r = zoek("index", "--source", str(SEEDS), "--index", str(tmp_path / "ix"))
    assert r.returncode == 0, r.stderr
    assert "indexed 3 documents, skipped 0" in r.stdout
    assert r.stdout.strip().endswith("; languages: 3 nl")


def test_index_env_variables(tmp_path):
    import os
    env = {**os.environ, "ZOEK_SOURCE": str(SEEDS), "ZOEK_INDEX": str(tmp_path / "ix")}
    r = zoek("index", env=env)
    assert r.returncode == 0 and (tmp_path / "ix" / "current").exists()


def test_index_failure_is_one_line(tmp_path):
    r = zoek("index", "--source", str(tmp_path / "missing"), "--index", str(tmp_path / "ix"))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "does not exist" in r.stderr


def test_search_text_and_json(seed_index):
    r = zoek("search", "netwerken", "--index", str(seed_index))
    assert r.returncode == 0 and SOMO in r.stdout and "2 results" in r.stdout
    r = zoek("search", "netwerken", "--json", "--index", str(seed_index))
    data = json.loads(r.stdout)
    assert data["results"][0]["id"] == SOMO and "<mark>" in data["results"][0]["snippet"]


def test_search_without_index_fails_cleanly(tmp_path):
    r = zoek("search", "netwerk", "--index", str(tmp_path / "none"))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "zoek index" in r.stderr


def test_plurals_are_right(seed_index):
    r = zoek("search", "kinderarbeid", "--index", str(seed_index))
    assert r.returncode == 0 and r.stdout.splitlines()[0].startswith("1 result ("), r.stdout
    from indexer.plural import plural
    assert [plural(n, "document") for n in (0, 1, 2)] == ["0 documents", "1 document", "2 documents"]


def test_version():
    r = zoek("--version")
    assert r.returncode == 0 and r.stdout.strip() == "zoek 0.1.0"


def test_search_into_a_closed_pipe_ends_quietly(seed_index):
    """`zoek search ... | head`: the reader leaves early (here before a line is written);
    no traceback, no error."""
    done = subprocess.run(" ".join(zoek_command()) + f" search netwerk --index {seed_index} --per-page 100 "
                          "| true", shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          executable="/bin/bash")
    assert done.stderr == "" and done.returncode == 0


def test_search_takes_the_apis_filters_and_sort(seed_index, collection_index):
    r = zoek("search", "netwerk", "--json", "--index", str(collection_index), "--type", "docx",
             "--type", "md", "--sort", "date")
    data = json.loads(r.stdout)
    assert data["filters"] == {"type": ["docx", "md"]} and data["sort"] == "date"
    assert data["results"] and {hit["type"] for hit in data["results"]} <= {"docx", "md"}
    dates = [hit["date"] for hit in data["results"]]
    assert dates == sorted(dates, reverse=True)
    r = zoek("search", "netwerk", "--index", str(collection_index), "--collection", "geen-collectie")
    assert r.returncode == 0 and r.stdout.startswith("0 results")
    r = zoek("search", "netwerk", "--index", str(seed_index), "--type", "exe")
    assert r.returncode == 2 and "invalid choice: 'exe'" in r.stderr and "Traceback" not in r.stderr
    r = zoek("search", "netwerk", "--index", str(seed_index), "--year", "19")
    assert r.returncode == 2 and "must be a year of four digits" in r.stderr


def test_cli_json_is_the_apis_json(seed_index, client):
    r = zoek("search", "netwerken", "--json", "--index", str(seed_index))
    cli, api = json.loads(r.stdout), client.get("/api/search?q=netwerken").get_json()
    for data in (cli, api):
        data.pop("took_ms")
    assert cli == api


def test_serve_results_cache_flag_reaches_the_settings(monkeypatch):
    import pytest

    from indexer import cli
    from indexer.settings import SettingError
    monkeypatch.setenv("ZOEK_RESULT_CACHE", "50")
    settings_of = lambda *argv: cli.settings_of(cli.make_parser().parse_args(["serve", *argv]))  # noqa: E731
    assert settings_of().result_cache == 50  # the environment, when the flag is left out
    assert settings_of("--results-cache", "0").result_cache == 0  # 0: no cache
    with pytest.raises(SettingError, match="must be between 0"):
        settings_of("--results-cache", "-1")


def test_query_errors_speak_the_cli_language(seed_index):
    """The CLI is English; the same error reaches the API in Dutch."""
    r = zoek("search", "de het een", "--index", str(seed_index))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip() == ("zoek search: nothing to search for: the query holds only stopwords, "
                                "operators or excluded words")
    r = zoek("search", "netwerken", "--page", "200", "--index", str(seed_index))
    assert r.returncode == 1 and "at most 1000 results can be asked for" in r.stderr
