"""Old module paths of the package, kept importable after the modules moved.

``import stepgrpo_rewards.matching`` (and the other names in `MOVED`) gives the module
at its new place, the same module object, so attributes, ``isinstance`` checks and
monkeypatching behave as before. New code imports from the new paths.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType

#: Old module path -> new module path.
MOVED: dict[str, str] = {
    "stepgrpo_rewards.extraction": "stepgrpo_rewards.keysteps.extraction",
    "stepgrpo_rewards.io_records": "stepgrpo_rewards.cli.records",
    "stepgrpo_rewards.keysteps_cli": "stepgrpo_rewards.cli.keysteps",
    "stepgrpo_rewards.mathexpr": "stepgrpo_rewards.mathtext.expr",
    "stepgrpo_rewards.matching": "stepgrpo_rewards.keysteps.matching",
    "stepgrpo_rewards.run_summary": "stepgrpo_rewards.cli.summary",
    "stepgrpo_rewards.textnorm": "stepgrpo_rewards.mathtext.normalize",
}


class _MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old path of `MOVED` and loads it as the module at its new path."""

    def find_spec(self, fullname: str, path: object = None,
                  target: object = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(MOVED[spec.name])

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module ran when it was imported at its new path."""


def install() -> None:
    """Put the finder first on `sys.meta_path`, once per process."""
    if not any(isinstance(f, _MovedFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _MovedFinder())  # before any finder that could find a stale copy
