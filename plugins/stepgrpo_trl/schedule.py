"""alpha, StepRAR's key-step weight, as a schedule over training steps.

The paper keeps ``alpha = 0.1`` for the whole run. A schedule lets the key-step bonus
guide the start of training and fade once the answers are right (or grow, or follow a
cosine). TRL passes the trainer's state to every reward function (``trainer_state``,
a ``transformers.TrainerState``; ms-swift does too); the rewards read its
``global_step`` and use the schedule's alpha at that step. Where no step can be read
(no ``trainer_state``, as outside a trainer, or one without a usable ``global_step``)
the schedule's start value is used.

Schedules, as `AlphaSchedule` objects or as text (a settings file, ``STEPGRPO_ALPHA_SCHEDULE``):

``constant:V`` (or just ``V``)
    alpha = V throughout (the paper: ``constant:0.1``);
``linear:START:END:STEPS``
    from START at step 0 to END at step STEPS, straight, then END;
``cosine:START:END:STEPS``
    from START to END along half a cosine (slow, fast, slow), then END.

Examples:
    >>> s = AlphaSchedule.parse("linear:0.1:0:1000")
    >>> s.value(0), s.value(500), s.value(1000), s.value(5000), s.value(None)
    (0.1, 0.05, 0.0, 0.0, 0.1)
    >>> AlphaSchedule.parse("cosine:0.2:0:100").value(50)
    0.1
    >>> str(AlphaSchedule.parse("0.3"))
    'constant:0.3'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["AlphaSchedule", "ScheduleKind", "parse_alpha_schedule", "training_step"]

ScheduleKind = Literal["constant", "linear", "cosine"]
_KINDS = ("constant", "linear", "cosine")


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"alpha schedule: {name} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"alpha schedule: {name} must be a finite number >= 0, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class AlphaSchedule:
    """alpha as a function of the training step: *kind* from *start* (step 0) to *end*
    (step *steps* and after). A ``constant`` schedule has ``end == start`` and
    ``steps == 0``; the others need ``steps >= 1``."""

    kind: ScheduleKind = "constant"
    start: float = 0.1
    end: float | None = None
    steps: int = 0

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"alpha schedule: kind must be one of {', '.join(_KINDS)}, got {self.kind!r}")
        object.__setattr__(self, "start", _number("start", self.start))
        end = self.start if self.end is None else _number("end", self.end)
        object.__setattr__(self, "end", end)
        if isinstance(self.steps, bool) or not isinstance(self.steps, int):
            raise TypeError(f"alpha schedule: steps must be an integer, got {self.steps!r}")
        if self.kind == "constant":
            if end != self.start or self.steps != 0:
                raise ValueError("alpha schedule: a constant schedule has one value (no end, no steps)")
        elif self.steps < 1:
            raise ValueError(f"alpha schedule: a {self.kind} schedule needs steps >= 1, got {self.steps}")

    @classmethod
    def constant(cls, value: float) -> AlphaSchedule:
        """alpha = *value* at every step."""
        return cls("constant", value)

    @classmethod
    def parse(cls, spec: str | float | Mapping[str, Any] | AlphaSchedule) -> AlphaSchedule:
        """A schedule from its text (see the module docstring), a number (constant), a
        mapping ``{"kind": ..., "start": ..., "end": ..., "steps": ...}`` (a settings
        file) or a schedule. Anything else, or a malformed one, raises ``ValueError`` /
        ``TypeError`` naming what is wrong."""
        if isinstance(spec, AlphaSchedule):
            return spec
        if isinstance(spec, Mapping):
            unknown = sorted(set(map(str, spec)) - {"kind", "start", "end", "steps"})
            if unknown:
                raise ValueError(f"alpha schedule: unknown key(s) {unknown}; known: kind, start, end, steps")
            return cls(**{str(k): v for k, v in spec.items()})
        if isinstance(spec, (int, float)) and not isinstance(spec, bool):
            return cls.constant(spec)
        if not isinstance(spec, str):
            raise TypeError(f"alpha schedule must be text, a number or a mapping, got {type(spec).__name__}")
        parts = [p.strip() for p in spec.strip().split(":")]
        kind = parts[0].lower()
        try:
            if len(parts) == 1:
                return cls.constant(float(parts[0]))
            values = [float(p) for p in parts[1:]]
        except ValueError:
            raise ValueError(f"alpha schedule {spec!r}: values must be numbers "
                             "(constant:V, linear:START:END:STEPS, cosine:START:END:STEPS)") from None
        if kind == "constant" and len(values) == 1:
            return cls.constant(values[0])
        if kind in ("linear", "cosine") and len(values) == 3:
            steps = values[2]
            if steps != int(steps):
                raise ValueError(f"alpha schedule {spec!r}: STEPS must be a whole number")
            return cls(kind, values[0], values[1], int(steps))  # type: ignore[arg-type]
        raise ValueError(f"alpha schedule {spec!r}: write constant:V, linear:START:END:STEPS "
                         "or cosine:START:END:STEPS")

    def value(self, step: int | None) -> float:
        """alpha at training step *step* (``None``, or a step before 0: the start value)."""
        end = self.start if self.end is None else self.end
        if self.kind == "constant" or step is None or step <= 0:
            return self.start
        if step >= self.steps:
            return end
        progress = step / self.steps
        if self.kind == "linear":
            return self.start + (end - self.start) * progress
        return end + (self.start - end) * (1.0 + math.cos(math.pi * progress)) / 2.0

    @property
    def max_value(self) -> float:
        """The largest alpha the schedule reaches."""
        return max(self.start, self.start if self.end is None else self.end)

    def __str__(self) -> str:
        if self.kind == "constant":
            return f"constant:{self.start:g}"
        return f"{self.kind}:{self.start:g}:{self.end:g}:{self.steps}"


def parse_alpha_schedule(spec: Any) -> AlphaSchedule | None:
    """`AlphaSchedule.parse`, with ``None``, ``""`` and ``"none"`` read as no schedule."""
    if spec is None or (isinstance(spec, str) and spec.strip().lower() in ("", "none")):
        return None
    return AlphaSchedule.parse(spec)


def training_step(trainer_state: Any) -> int | None:
    """The optimizer step in *trainer_state* (TRL's ``TrainerState``, or a mapping with a
    ``global_step``), or ``None`` when there is none or it is not a whole number >= 0.

    Examples:
        >>> from types import SimpleNamespace
        >>> training_step(SimpleNamespace(global_step=12)), training_step(None), training_step({"global_step": -1})
        (12, None, None)
    """
    if trainer_state is None:
        return None
    if isinstance(trainer_state, Mapping):
        step = trainer_state.get("global_step")
    else:
        step = getattr(trainer_state, "global_step", None)
    if isinstance(step, bool):
        return None
    if isinstance(step, float) and step.is_integer():
        step = int(step)
    if not isinstance(step, int):
        index = getattr(step, "__index__", None)  # a numpy or torch integer
        if not callable(index):
            return None
        try:
            step = int(index())
        except (TypeError, ValueError):
            return None
    return step if step >= 0 else None
