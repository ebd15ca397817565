"""End to end: `zoek serve` as a real process on 127.0.0.1, queried over HTTP."""

import json
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import SEEDS, SOMO, LiveServer, zoek_command


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.headers.get_content_type() == "application/json"
        return json.load(r)


def test_serve_builds_index_and_answers(live_server):
    data = get_json(live_server.url + "/api/search?q=netwerken")
    assert data["results"][0]["id"] == SOMO and "<mark>" in data["results"][0]["snippet"]
    data = get_json(live_server.url + "/api/search?q=coordineren")
    assert SOMO in [r["id"] for r in data["results"]]
    with urllib.request.urlopen(live_server.url + "/?q=netwerken", timeout=10) as r:
        assert "resultaten" in r.read().decode()


def test_errors_over_http(live_server):
    try:
        urllib.request.urlopen(live_server.url + "/api/search?q=netwerk&page=" + urllib.parse.quote("één"))
    except urllib.error.HTTPError as err:
        assert err.code == 400 and json.load(err)["ok"] is False
    else:
        raise AssertionError("expected a 400")


@pytest.mark.slow
def test_server_picks_up_a_rebuild_without_restart(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    index_dir = tmp_path / "index"
    server = LiveServer(index_dir, source=src, workers=2)
    try:
        assert get_json(server.url + "/api/search?q=walvisvaart")["total"] == 0
        (src / "walvis.txt").write_text("Walvisvaart\n\nOver de walvisvaart in de keten.", encoding="utf-8")
        subprocess.run(zoek_command() + ["index", "--source", str(src), "--index", str(index_dir)],
                       check=True, capture_output=True, timeout=120)
        for _ in range(4):  # each worker process must see it
            assert get_json(server.url + "/api/search?q=walvisvaart")["total"] == 1
        assert get_json(server.url + "/healthz")["documents"] == 4
    finally:
        server.stop()


@pytest.mark.slow
def test_server_sees_an_incremental_update_without_restart(tmp_path):
    from conftest import LILYPOND_PDF
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src / "web")
    index_dir = tmp_path / "index"
    server = LiveServer(index_dir, source=src, workers=2)
    try:
        assert get_json(server.url + "/api/search?q=muzieknotatie")["total"] == 0
        (src / "handleidingen").mkdir()
        shutil.copy(LILYPOND_PDF, src / "handleidingen" / "lilypond.pdf")
        (src / "web" / "003_cdb6cea62ffad741.txt").unlink()
        r = subprocess.run(zoek_command() + ["index", "--update", "--source", str(src), "--index", str(index_dir)],
                           check=True, capture_output=True, text=True, timeout=120)
        assert "1 added, 0 changed, 1 deleted" in r.stdout
        for _ in range(4):  # each worker process must see it
            data = get_json(server.url + "/api/search?q=muzieknotatie&type=pdf")
            hit = data["results"][0]  # the page of the passage shown: the word is on all three
            assert data["total"] == 1 and hit["page"] in (1, 2, 3) and "<mark>" in hit["snippet"]
            assert data["facets"]["collection"] == {"handleidingen": 1}
            assert get_json(server.url + "/api/search?q=kahoot")["total"] == 0
        assert get_json(server.url + "/healthz")["documents"] == 3
    finally:
        server.stop()
