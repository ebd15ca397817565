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
