"""Key steps the question already states (`RewardConfig.question_key_steps`).

The paper credits every key step a completion's steps contain, including those the
question itself spells out ("Given AB = 5 and BC = 12, ..." with the key step
``AB = 5``): a policy earns them by copying the question into a step. With
``question_key_steps="exclude"``, `score_trace` asks `groups_in_question` which groups
the question holds and leaves those out of the key-step ratio.

A group is *in the question* when one of its alternatives matches the question text by
the very rules that match it in a completion (`match_groups`: exact, normalised,
fuzzy, with the same number and name boundaries). So a group is excluded exactly when
copying the question verbatim into a step would earn it: ``3 \\times 4 = 12`` in the
question excludes the key step ``3*4=12``, ``AB = 50`` does not exclude ``AB = 5``.
A paraphrase is not caught (``AB is 5`` for ``AB = 5``), as it would not be matched in
a step either.

Examples:
    >>> groups_in_question("Given AB = 5 and BC = 12, find AC.", [["AB=5"], ["AC = 13"]])
    (True, False)
"""

from __future__ import annotations

from ..config import DEFAULT_CONFIG, RewardConfig
from .matching import _match_group, _SearchText

__all__ = ["groups_in_question"]


def groups_in_question(
    question: str | None, groups: list[list[str]], config: RewardConfig | None = None
) -> tuple[bool, ...]:
    """For each key-step group (already normalised, as `normalize_key_steps` returns
    them), whether one of its alternatives occurs in *question*.

    The question is cut to ``config.max_completion_chars`` characters (it is dataset
    text, but a reward bounds every input), and the search shares the matcher's scan
    budget: a question built to exhaust it leaves the remaining groups "not in the
    question", i.e. credited as the paper does. No question (``None`` or blank) holds
    no group.
    """
    config = config or DEFAULT_CONFIG
    if not isinstance(question, str) or not question.strip() or not groups:
        return tuple(False for _ in groups)
    text = _SearchText([("question", None, question[: config.max_completion_chars])])
    seen: dict[tuple[str, ...], bool] = {}
    found = []
    for i, alternatives in enumerate(groups):
        key = tuple(alternatives)
        if key not in seen:
            seen[key] = _match_group(i, alternatives, text, config).matched
        found.append(seen[key])
    return tuple(found)
