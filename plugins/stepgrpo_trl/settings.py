"""Reward settings without Python: a settings file and ``STEPGRPO_*`` environment variables.

An import path (``trl grpo --reward_funcs stepgrpo_trl.step_rar_reward``) cannot take
arguments. The rewards of `stepgrpo_trl.configured` read theirs from the environment
instead, each time the attribute is looked up (so ``trl grpo`` sees the values its
``--config`` YAML set under ``env:``):

``STEPGRPO_REWARD_SETTINGS``
    a JSON, YAML or TOML file holding a mapping of the names below;
``STEPGRPO_<NAME>``
    one setting, e.g. ``STEPGRPO_ALPHA=0.2``, ``STEPGRPO_SOLUTION_COLUMN=answer``,
    ``STEPGRPO_QUESTION_COLUMN=none``; an environment variable wins over the file.

Names: every `stepgrpo_rewards.RewardConfig` field (``alpha``, ``answer_reward``,
``validity_reward``, ``key_step_scope``, ``fuzzy_threshold``, ...) and the reward options
``solution_column``, ``key_steps_column``, ``question_column`` (``none`` for no question
column), ``log_metrics``, ``log_completions`` and ``alpha_schedule`` (alpha over training
steps, e.g. ``STEPGRPO_ALPHA_SCHEDULE=linear:0.1:0:1000``, or in a file a mapping
``{kind: linear, start: 0.1, end: 0, steps: 1000}``; see `stepgrpo_trl.schedule`). With a
schedule and no ``alpha``, alpha is the schedule's start value; with both, they must agree. An unknown name -- in the file or as a
``STEPGRPO_*`` variable -- raises ``ValueError``: a misspelt ``alpha`` must not train a
run with the default.

Examples:
    >>> s = reward_settings({"STEPGRPO_ALPHA": "0.2", "STEPGRPO_SOLUTION_COLUMN": "answer"})
    >>> s.config.alpha, s.options["solution_column"]
    (0.2, 'answer')
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stepgrpo_rewards import RewardConfig
from stepgrpo_rewards.config import config_fields

from .schedule import parse_alpha_schedule

__all__ = ["ENV_PREFIX", "SETTINGS_FILE_ENV", "RewardSettings", "reward_settings"]

#: Prefix of the environment variables, one per setting.
ENV_PREFIX = "STEPGRPO_"
#: Environment variable naming the settings file.
SETTINGS_FILE_ENV = "STEPGRPO_REWARD_SETTINGS"

_OPTION_DEFAULTS: dict[str, Any] = {
    "solution_column": "solution",
    "key_steps_column": "key_steps",
    "question_column": "problem",
    "log_metrics": True,
    "log_completions": True,
    "alpha_schedule": None,
}
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True)
class RewardSettings:
    """What a configured reward is made with: the `RewardConfig` and the keyword options
    of `get_step_rar_reward` / `get_step_rvr_reward` (column names, logging)."""

    config: RewardConfig = field(default_factory=RewardConfig)
    options: Mapping[str, Any] = field(default_factory=lambda: dict(_OPTION_DEFAULTS))


def _read_file(path: str) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"{SETTINGS_FILE_ENV}={path!r}: no such file")
    text = p.read_text(encoding="utf-8")
    if p.suffix == ".json":
        data = json.loads(text)
    elif p.suffix == ".toml":
        import tomllib

        data = tomllib.loads(text)
    elif p.suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError as exc:  # pragma: no cover - pyyaml comes with trl
            raise ImportError("a YAML settings file needs PyYAML: pip install pyyaml") from exc
        data = yaml.safe_load(text)
    else:
        raise ValueError(f"{SETTINGS_FILE_ENV}={path!r}: use a .json, .yaml/.yml or .toml file")
    if not isinstance(data, Mapping):
        raise ValueError(f"{SETTINGS_FILE_ENV}={path!r} must hold a mapping of settings")
    return {str(k).strip().replace("-", "_"): v for k, v in data.items()}


def _option(name: str, value: Any) -> Any:
    default = _OPTION_DEFAULTS[name]
    if name == "alpha_schedule":
        return parse_alpha_schedule(value)
    if isinstance(default, bool):
        if isinstance(value, str):
            low = value.strip().lower()
            if low in _TRUE | _FALSE:
                return low in _TRUE
        if isinstance(value, bool):
            return value
        raise ValueError(f"{name} must be true or false, got {value!r}")
    if name == "question_column" and (value is None or str(value).strip().lower() in ("", "none")):
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a column name, got {value!r}")
    return value.strip()


def reward_settings(environ: Mapping[str, str] | None = None) -> RewardSettings:
    """The settings that *environ* (default ``os.environ``) describes; see the module docstring."""
    env = os.environ if environ is None else environ
    known_config = set(config_fields())
    known = known_config | set(_OPTION_DEFAULTS)
    values: dict[str, Any] = {}
    source: dict[str, str] = {}
    if env.get(SETTINGS_FILE_ENV):
        for name, value in _read_file(env[SETTINGS_FILE_ENV]).items():
            values[name], source[name] = value, env[SETTINGS_FILE_ENV]
    for key, text in env.items():
        if not key.startswith(ENV_PREFIX) or key == SETTINGS_FILE_ENV:
            continue
        name = key[len(ENV_PREFIX):].lower()
        values[name], source[name] = text, key
    unknown = sorted(set(values) - known)
    if unknown:
        where = ", ".join(f"{source[n]} ({n})" for n in unknown)
        raise ValueError(f"unknown reward setting(s): {where}; known: {', '.join(sorted(known))}")
    config_strings: list[str] = []
    config_values: dict[str, Any] = {}
    for name in known_config & set(values):
        if isinstance(values[name], str):
            config_strings.append(f"{name}={values[name]}")
        else:
            config_values[name] = values[name]
    config = RewardConfig.from_strings(config_strings) if config_strings else RewardConfig()
    if config_values:
        from dataclasses import replace

        config = replace(config, **config_values)
    options = dict(_OPTION_DEFAULTS)
    for name in set(_OPTION_DEFAULTS) & set(values):
        try:
            options[name] = _option(name, values[name])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{source[name]} ({name}): {exc}") from None
    schedule = options["alpha_schedule"]
    if schedule is not None:
        if "alpha" not in values:
            from dataclasses import replace

            config = replace(config, alpha=schedule.start)
        elif config.alpha != schedule.start:
            raise ValueError(f"alpha={config.alpha:g} ({source['alpha']}) and alpha_schedule={schedule} "
                             f"({source['alpha_schedule']}) disagree: the schedule's start value is "
                             "alpha; set only the schedule")
    return RewardSettings(config=config, options=options)
