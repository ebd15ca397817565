"""Every setting is documented in the README, with its variable and default."""

from conftest import ROOT

from indexer.settings import SETTINGS


def test_every_setting_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, setting in SETTINGS.items():
        row = next((line for line in readme.splitlines()
                    if line.startswith("|") and f"`{setting.env}`" in line), None)
        assert row is not None, f"{setting.env} is not in the README"
        assert f"`{setting.default}`" in row or (setting.default == "" and "empty" in row), name
