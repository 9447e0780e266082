"""MkDocs hook: the package version in the site header (``site_name``), read from
``stepgrpo_rewards/_version.py`` without importing the package."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_VERSION_FILE = Path(__file__).resolve().parents[1] / "stepgrpo_rewards" / "_version.py"


def version() -> str:
    """The ``__version__`` string of ``stepgrpo_rewards/_version.py``."""
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', _VERSION_FILE.read_text(), re.M)
    if match is None:
        raise ValueError(f"no __version__ in {_VERSION_FILE}")
    return match.group(1)


def on_config(config: Any, **kwargs: Any) -> Any:
    """Append `` <version>`` to ``site_name``, once."""
    v = version()
    if not str(config["site_name"]).endswith(v):
        config["site_name"] = f"{config['site_name']} {v}"
    return config
