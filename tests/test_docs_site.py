"""The docs site's front page and header: the install line, a table with its header, the
version in the site name (hooks/mkdocs_version.py)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import stepgrpo_rewards

ROOT = Path(__file__).resolve().parents[1]


def _hook():
    spec = importlib.util.spec_from_file_location("mkdocs_version", ROOT / "hooks" / "mkdocs_version.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_header_version_is_the_package_version():
    hook = _hook()
    assert hook.version() == stepgrpo_rewards.__version__
    config = {"site_name": "stepgrpo-rewards"}
    hook.on_config(config)
    hook.on_config(config)
    assert config["site_name"] == f"stepgrpo-rewards {stepgrpo_rewards.__version__}"
    assert "hooks/mkdocs_version.py" in (ROOT / "mkdocs.yml").read_text()


def test_index_installs_and_tables_have_headers():
    text = (ROOT / "docs" / "index.md").read_text()
    assert "## Install" in text and 'pip install -e ".[trl]"' in text
    assert not re.search(r"^\|\s*\|\s*\|\s*$", text, re.M)  # no empty header row
    for block in re.findall(r"```(?:python|bash)\n(.*?)```", text, re.S):
        assert max(len(line) for line in block.splitlines()) <= 80  # no horizontal scroll


def test_no_placeholder_urls_or_uninstallable_lines():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert "Homepage" not in pyproject
    for page in [*(ROOT / "docs").glob("*.md")]:
        if page.name == "pipeline.md":  # edited elsewhere
            continue
        assert 'pip install "stepgrpo-rewards[' not in page.read_text(), page.name
        assert "pip install stepgrpo-rewards" not in page.read_text(), page.name
