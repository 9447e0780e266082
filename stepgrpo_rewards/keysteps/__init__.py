"""Key steps: reading them in every shape (`shapes`), matching them against a trace
(`matching`, which runs the stages of `exact` and `fuzzy` over a `search_text`, with
the number boundaries of `number_bounds`, the words around a match of `context` and the
enumerated values of `enumeration`) and extracting them from a reference solution by
rules (`extraction`).

Examples:
    >>> from stepgrpo_rewards.keysteps import match_key_steps, normalize_key_steps
    >>> normalize_key_steps(["3*4=12"])
    [['3*4=12']]
"""

from .extraction import MAX_ALTERNATIVES, augment_key_step, extract_key_steps
from .matching import GroupMatch, KeyStepMatch, match_groups, match_key_steps
from .question import groups_in_question
from .shapes import MAX_SERIALISED_CHARS, KeyStepsError, normalize_key_steps

__all__ = [
    "MAX_ALTERNATIVES",
    "MAX_SERIALISED_CHARS",
    "GroupMatch",
    "KeyStepMatch",
    "KeyStepsError",
    "augment_key_step",
    "extract_key_steps",
    "groups_in_question",
    "match_groups",
    "match_key_steps",
    "normalize_key_steps",
]
