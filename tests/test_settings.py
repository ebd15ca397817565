"""Settings: every one documented in the README, typed, checked once with clear errors, given to the app."""

import pytest
from conftest import ROOT

from indexer.settings import SETTINGS


def test_every_setting_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, setting in SETTINGS.items():
        row = next((line for line in readme.splitlines()
                    if line.startswith("|") and f"`{setting.env}`" in line), None)
        assert row is not None, f"{setting.env} is not in the README"
        assert f"`{setting.default}`" in row or (setting.default == "" and "empty" in row), name


def test_settings_are_typed_and_flags_beat_the_environment(tmp_path):
    from pathlib import Path

    from indexer.settings import Settings
    env = {"ZOEK_PORT": "9000", "ZOEK_WORKERS": "3", "ZOEK_RESULT_CACHE": "0"}
    settings = Settings.load(environ=env, workers="5", index=str(tmp_path))
    assert settings.port == 9000 and settings.workers == 5 and settings.result_cache == 0
    assert settings.index == tmp_path and settings.source == Path("seeds") and settings.synonyms is None
    assert Settings.load(environ={}).max_file_bytes == 50_000_000


@pytest.mark.parametrize("name, raw, says", [
    ("port", "80a", "--port / ZOEK_PORT: must be a whole number, not '80a'"),
    ("port", "70000", "--port / ZOEK_PORT: must be between 1 and 65535"),
    ("workers", "0", "--workers / ZOEK_WORKERS: must be between 1 and 256"),
    ("result_cache", "-1", "--result-cache / ZOEK_RESULT_CACHE: must be between 0"),
    ("max_file_mb", "nan", "--max-file-mb / ZOEK_MAX_FILE_MB: must be between"),
    ("max_file_mb", "lots", "must be a number, not 'lots'"),
    ("synonyms", "/no/such/file.txt", "ZOEK_SYNONYMS: '/no/such/file.txt' is not a readable file"),
    ("index", " ", "--index / ZOEK_INDEX: give a folder"),
])
def test_bad_settings_get_a_clear_error(name, raw, says):
    from indexer.settings import SETTINGS, SettingError, Settings
    with pytest.raises(SettingError) as err:
        Settings.load(environ={SETTINGS[name].env: raw})
    assert says in str(err.value)


def test_bad_environment_value_is_one_line_from_the_cli(tmp_path):
    import os
    import subprocess

    from conftest import zoek_command
    env = {**os.environ, "ZOEK_PORT": "http"}
    r = subprocess.run(zoek_command() + ["serve", "--index", str(tmp_path)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.strip() == \
        "zoek serve: --port / ZOEK_PORT: must be a whole number, not 'http'"


def test_app_gets_its_settings(seed_index):
    from indexer.settings import Settings
    from webapp import create_app
    app = create_app(Settings.load(environ={}, index=seed_index, result_cache=0))
    service = app.extensions["zoek.search"]
    assert service.settings.index == seed_index and service.results.size == 0
    assert app.config["INDEX_DIR"] == str(seed_index)
    assert app.test_client().get("/api/search?q=netwerken").get_json()["total"] == 2
