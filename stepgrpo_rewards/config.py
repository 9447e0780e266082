"""Every knob of the StepGRPO rewards, with the paper's values as defaults.

`RewardConfig` is frozen, hashable and picklable, so it can be passed to worker
processes and used as a cache key for anything compiled from it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

KeyStepScope = Literal["steps", "reasoning", "all"]
QuestionKeySteps = Literal["credit", "exclude"]
Compat = Literal["ours", "released"]
Layout = Literal["mulberry", "r1", "auto"]
ValidityMode = Literal["binary", "graded"]

#: The values of the text-valued fields, checked by `RewardConfig.__post_init__`.
_CHOICES: dict[str, tuple[str, ...]] = {
    "key_step_scope": ("steps", "reasoning", "all"),
    "layout": ("mulberry", "r1", "auto"),
    "validity_mode": ("binary", "graded"),
    "question_key_steps": ("credit", "exclude"),
    "compat": ("ours", "released"),
}


@dataclass(frozen=True, slots=True)
class RewardConfig:
    """Configuration of StepRAR, StepRVR and the parsers beneath them.

    Defaults reproduce the paper (R1-VL, arXiv 2503.12937): ``alpha = 0.1``, key
    steps looked for in the step texts only, a validity reward of 1.

    Examples:
        >>> cfg = RewardConfig(alpha=0.2)
        >>> cfg.alpha, cfg.key_step_scope
        (0.2, 'steps')
    """

    #: Weight of the key-step ratio k in StepRAR: ``r_acc = correct + alpha * k``.
    alpha: float = 0.1
    #: Reward added to StepRAR when the final answer is correct (the paper's 1).
    answer_reward: float = 1.0
    #: StepRVR value for a complete and logical trace (the paper's 1).
    validity_reward: float = 1.0
    #: Where key steps are looked for: ``"steps"`` (the step texts, the paper's
    #: choice), ``"reasoning"`` (description, rationales and steps) or ``"all"``
    #: (the whole completion, final answer included).
    key_step_scope: KeyStepScope = "steps"
    #: Which layout's rules read a completion: ``"mulberry"`` (the ``### Step N:``
    #: sections of the paper), ``"r1"`` (reasoning in ``<think>...</think>``, the answer
    #: in ``<answer>...</answer>`` or ``\boxed{}``) or ``"auto"`` (the r1 rules for a
    #: completion with a think tag, the Mulberry rules for any other). See docs/rules.md.
    layout: Layout = "mulberry"
    #: StepRVR's value: ``"binary"`` (the paper: ``validity_reward`` if complete and
    #: logical, else 0) or ``"graded"`` (``validity_reward`` times the weighted share of
    #: the layout's validity checks passed; docs/rules.md lists them).
    validity_mode: ValidityMode = "binary"
    #: rapidfuzz ``partial_ratio`` score (0-100) at or above which a textual key
    #: step counts as matched despite small typos. ``100`` turns fuzzy matching off.
    fuzzy_threshold: float = 90.0
    #: Textual key steps shorter than this (after normalisation) are never fuzzy
    #: matched: a typo budget on a 4-letter word changes its meaning.
    fuzzy_min_length: int = 8
    #: Key steps the question already states: ``"credit"`` (the paper: they count like
    #: any other) or ``"exclude"`` (a group with an alternative found in the question
    #: text earns no credit and leaves the ratio's denominator, so copying the question
    #: earns nothing). Needs the question (``score_trace(question=...)``); without one
    #: ``"exclude"`` has no effect and the score carries the problem ``no_question``.
    question_key_steps: QuestionKeySteps = "credit"
    #: Relative tolerance when comparing numeric answers.
    numeric_rel_tol: float = 1e-6
    #: Absolute tolerance when comparing symbolic answers at sample points, and constants
    #: that are not rational. Integers compare exactly, and other
    #: numbers by `numeric_rel_tol` alone: ``1e-10`` is not ``0``.
    numeric_abs_tol: float = 1e-9
    #: Accept section headers with odd spacing and case (``###Step 1:``,
    #: ``### step 1:``). ``False`` demands the canonical spelling.
    lenient_headers: bool = True
    #: Completions longer than this many characters are not parsed: they score 0
    #: with the problem ``input_too_long``. A 1024-token completion is ~4,000 chars;
    #: the default leaves room for 25k-token completions and bounds the worst case.
    max_completion_chars: int = 100_000
    #: Key-step alternatives longer than this are cut to this size.
    max_key_step_chars: int = 500
    #: At most this many key-step groups are read per example; more is a problem.
    max_key_step_groups: int = 256
    #: Answers longer than this are not given to the math parser (string compare only).
    max_math_chars: int = 300
    #: Whose verdicts: ``"ours"`` (this library's rules) or ``"released"`` (those of the
    #: reward code the R1-VL authors released, for replication: math_verify, exact string
    #: and substring matches; needs ``pip install math-verify``). See
    #: `stepgrpo_rewards.released` and the differences in docs/paper-to-code.md.
    compat: Compat = "ours"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _CHOICES:
                choices = _CHOICES[f.name]
                if not isinstance(value, str) or value not in choices:
                    named = ", ".join(map(repr, choices[:-1])) + f" or {choices[-1]!r}"
                    raise ValueError(f"{f.name} must be {named}, got {value!r}")
                if f.name == "compat" and value == "released" and importlib.util.find_spec("math_verify") is None:
                    from .released import MATH_VERIFY_MISSING

                    raise ImportError(MATH_VERIFY_MISSING)
                continue
            if f.name == "lenient_headers":
                if not isinstance(value, bool):
                    raise TypeError(f"lenient_headers must be a bool, got {type(value).__name__}")
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{f.name} must be a number, got {type(value).__name__}")
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError(f"{f.name} must be finite, got {value!r}")
            if value < 0:
                raise ValueError(f"{f.name} must be >= 0, got {value!r}")
        if self.compat == "released":
            ignored = [f"{name}={getattr(self, name)!r}"
                       for name in ("layout", "validity_mode", "question_key_steps")
                       if getattr(self, name) != _CHOICES[name][0]]
            if ignored:  # the released code has none of these: refuse rather than ignore them
                raise ValueError(f"compat='released' reproduces the released code, which has no "
                                 f"{', '.join(ignored)}; drop them or use compat='ours'")
        if self.fuzzy_threshold > 100:
            raise ValueError(f"fuzzy_threshold is on a 0-100 scale, got {self.fuzzy_threshold!r}")
        for name in ("max_completion_chars", "max_key_step_chars", "max_key_step_groups",
                     "max_math_chars", "fuzzy_min_length"):
            if not isinstance(getattr(self, name), int):
                raise TypeError(f"{name} must be an int, got {getattr(self, name)!r}")
        if self.max_completion_chars < 1 or self.max_key_step_chars < 1:
            raise ValueError("size limits must be at least 1")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> RewardConfig:
        """A config from a mapping of field names to values (a trainer's reward keyword
        arguments, a YAML section); ``-`` in a name reads as ``_``.

        An unknown name raises ``ValueError`` naming the known ones (a misspelt ``alpha``
        must not train a run with the default); a bad value raises as the constructor does.

        Examples:
            >>> RewardConfig.from_mapping({"alpha": 0.5, "fuzzy-threshold": 80}).fuzzy_threshold
            80
        """
        if not isinstance(values, Mapping):
            raise TypeError(f"config values must be a mapping, got {type(values).__name__}")
        known = config_fields()
        named = {str(key).strip().replace("-", "_"): value for key, value in values.items()}
        unknown = sorted(set(named) - set(known))
        if unknown:
            raise ValueError(f"unknown config key{'s' if len(unknown) > 1 else ''} "
                             f"{', '.join(map(repr, unknown))}; known: {', '.join(known)}")
        return cls(**named)

    @classmethod
    def from_strings(cls, items: Iterable[str]) -> RewardConfig:
        """A config from ``KEY=VALUE`` strings (a command line's ``--config``), each value
        read as the type of its field: ``true``/``false`` (also ``1``/``0``, ``yes``/``no``,
        ``on``/``off``), an integer, a number or text. A later key wins.

        Examples:
            >>> RewardConfig.from_strings(["alpha=0.5", "lenient_headers=false"]).lenient_headers
            False
        """
        if isinstance(items, str):
            raise TypeError("from_strings takes a list of KEY=VALUE strings, got one string")
        values: dict[str, Any] = {}
        for item in items:
            key, sep, text = item.partition("=")
            key = key.strip().replace("-", "_")
            if not sep:
                raise ValueError(f"a config setting is KEY=VALUE, got {item!r}")
            if key not in config_fields():
                raise ValueError(f"unknown config key {key!r}; known: {', '.join(config_fields())}")
            values[key] = _parse_value(key, text)
        return cls(**values)

    @property
    def max_total(self) -> float:
        """The largest total reward this config can give (2.1 with the defaults)."""
        return self.answer_reward + self.alpha + self.validity_reward


DEFAULT_CONFIG = RewardConfig()

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def config_fields() -> tuple[str, ...]:
    """The names of `RewardConfig`'s fields, in order."""
    return tuple(f.name for f in fields(RewardConfig))


def _parse_value(key: str, text: str) -> Any:
    """*text* as a value of field *key*, of the type of its default."""
    default = getattr(DEFAULT_CONFIG, key)
    if isinstance(default, bool):
        low = text.strip().lower()
        if low in _TRUE or low in _FALSE:
            return low in _TRUE
        raise ValueError(f"{key} takes true or false, got {text!r}")
    try:
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
    except ValueError:
        kind = "an integer" if isinstance(default, int) else "a number"
        raise ValueError(f"{key} takes {kind}, got {text!r}") from None
    return text
