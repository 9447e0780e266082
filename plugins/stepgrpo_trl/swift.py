"""StepRAR and StepRVR as ms-swift GRPO rewards (``swift rlhf --rlhf_type grpo``).

ms-swift (modelscope/ms-swift) finds a reward named on its command line
(``--reward_funcs step_rar step_rvr``) in its ``orms`` registry, builds it as
``orms[name](args=<GRPOConfig>)`` and calls it as ``reward(completions, **columns)``:
the completions as strings, every dataset column (``solution``, ``key_steps``, ...) and
its own fields (``messages``, ``images``, ``trainer_state``, ...) as keyword arguments.
The TRL rewards (`StepRARReward`, `StepRVRReward`) already read such a call; this module
adapts the rest:

* construction: `StepRAR` and `StepRVR` take swift's ``args`` (and ignore it);
* names: swift logs a reward under its *class* name (``rewards/StepRAR/mean``), so each
  reward is a class of its own; subclass one to change its settings;
* the question: swift folds a ``problem`` (or ``question``, ``query``) column into the
  user message, so it never arrives as a column; it is read back from the last user
  message of ``messages`` (media tags such as ``<image>`` removed), so that a
  multiple-choice answer written as the option's text still matches the gold letter.

`register_swift_rewards` puts both in swift's registry; `plugin_file` is a file that
does so, for ``--external_plugins``::

    swift rlhf --rlhf_type grpo ... \\
        --external_plugins $(python -m stepgrpo_trl.swift) --reward_funcs step_rar step_rvr

Nothing here imports swift until `register_swift_rewards` is called without a registry.
Install ``stepgrpo-rewards`` without the ``trl`` extra next to ms-swift: ms-swift pins
its own trl.

Examples:
    >>> registry = {}
    >>> sorted(register_swift_rewards(registry))
    ['step_rar', 'step_rvr']
    >>> reward = registry["step_rar"](args=None)       # what swift does
    >>> trace = ("### Image Description:\\nBars A=3, B=5.\\n### Rationales:\\nSubtract.\\n"
    ...          "### Let's think step by step.\\n### Step 1:\\n5 - 3 = 2\\n### The final answer is: 2")
    >>> reward([trace], solution=["2"], key_steps=[[["5 - 3 = 2"]]], messages=[[]])
    [1.1]
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any, ClassVar

from stepgrpo_rewards import RewardConfig
from stepgrpo_rewards.inputs import completion_text

from .rewards import StepGRPOReward, StepRARReward, StepRVRReward

__all__ = ["StepRAR", "StepRVR", "SwiftReward", "plugin_file", "question_of", "register_swift_rewards"]

#: The registry names `register_swift_rewards` uses (``--reward_funcs step_rar step_rvr``).
SWIFT_NAMES = ("step_rar", "step_rvr")

_MEDIA_TAG = re.compile(r"<(?:image|video|audio)>")


def question_of(messages: Any) -> str | None:
    """The text of the last user message in *messages* (a list of chat messages), media
    tags removed; ``None`` when there is none or it cannot be read.

    Examples:
        >>> question_of([{"role": "user", "content": "<image>Which bar is taller? A. a  B. b"}])
        'Which bar is taller? A. a  B. b'
        >>> question_of([{"role": "system", "content": "Think."}]) is None
        True
    """
    if not isinstance(messages, Sequence) or isinstance(messages, (str, bytes)):
        return None
    for message in reversed(messages):
        if isinstance(message, Mapping) and message.get("role") == "user":
            try:
                text = completion_text([message])
            except (TypeError, ValueError):
                return None
            return _MEDIA_TAG.sub("", text or "").strip() or None
    return None


class SwiftReward:
    """A `stepgrpo_trl` reward as ms-swift builds and calls one.

    Subclass `StepRAR` or `StepRVR` to change the settings; the subclass's name is the
    name swift logs::

        class StepRARAlpha02(StepRAR):
            reward_config = RewardConfig(alpha=0.2)
            reward_kwargs = {"solution_column": "answer"}

    ``reward_kwargs`` go to the TRL reward class (``solution_column``,
    ``key_steps_column``, ``question_column``, ``log_completions``, ...).
    """

    reward_class: ClassVar[type[StepGRPOReward]]
    reward_config: ClassVar[RewardConfig | None] = None
    reward_kwargs: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, args: Any = None, **kwargs: Any) -> None:
        self.args = args  # swift's GRPOConfig; not used
        self.reward = self.reward_class(
            self.reward_config, **{"name": type(self).__name__, **self.reward_kwargs, **kwargs}
        )

    def __call__(self, completions: Sequence[Any], **kwargs: Any) -> list[float | None]:
        column = self.reward.question_column
        messages = kwargs.get("messages")
        if column is not None and kwargs.get(column) is None and isinstance(messages, Sequence) \
                and not isinstance(messages, (str, bytes)) and len(messages) == len(completions):
            kwargs[column] = [question_of(m) for m in messages]
        return self.reward(completions, **kwargs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reward!r})"


class StepRAR(SwiftReward):
    """StepRAR: ``answer_reward * correct + alpha * k``; ``None`` for a row without a gold answer."""

    reward_class = StepRARReward


class StepRVR(SwiftReward):
    """StepRVR: ``validity_reward`` when the trace is complete and logical, else 0."""

    reward_class = StepRVRReward


def _swift_registry() -> MutableMapping[str, Any]:
    try:
        from swift.rewards import orms  # ms-swift 4
    except ImportError:
        try:
            from swift.plugin import orms  # ms-swift 3
        except ImportError as exc:
            raise ImportError("register_swift_rewards() needs ms-swift (pip install ms-swift), or pass "
                              "registry=") from exc
    return orms


def register_swift_rewards(registry: MutableMapping[str, Any] | None = None) -> dict[str, type[SwiftReward]]:
    """Put `StepRAR` and `StepRVR` into swift's reward registry (*registry*, by default
    ``swift.rewards.orms``, or ``swift.plugin.orms`` in ms-swift 3) as ``step_rar`` and
    ``step_rvr``, and return what was registered."""
    if registry is None:
        registry = _swift_registry()
    added: dict[str, type[SwiftReward]] = dict(zip(SWIFT_NAMES, (StepRAR, StepRVR), strict=True))
    registry.update(added)
    return added


def plugin_file() -> str:
    """The absolute path of a plugin file for swift's ``--external_plugins`` that calls
    `register_swift_rewards` (``python -m stepgrpo_trl.swift`` prints it)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "swift_plugin.py")


if __name__ == "__main__":
    print(plugin_file())
