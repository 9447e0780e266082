"""stepgrpo-rewards: the step-wise rewards of StepGRPO (R1-VL), correct, fast and safe.

StepRAR rewards a correct final answer plus the share of key reasoning steps a
completion contains; StepRVR rewards a complete and logically ordered reasoning
trace. Everything here is a pure function of strings; nothing evaluates model output.

Examples:
    >>> from stepgrpo_rewards import score_trace
    >>> score_trace("### The final answer is: 4", solution="4").answer_correct
    True
"""

from . import _moved
from ._version import __version__
from .answer import UnreadableSolutionError, extract_answer, gold_answer, solution_text
from .config import RewardConfig
from .equivalence import answers_equivalent, parse_options
from .keysteps.extraction import augment_key_step, extract_key_steps
from .keysteps.matching import GroupMatch, KeyStepMatch, match_key_steps
from .keysteps.shapes import KeyStepsError, normalize_key_steps
from .mathtext.normalize import normalize_math_text
from .problems import INPUT_PROBLEM_KINDS, problem_kind
from .scoring import InvalidInputError, TraceScore, score_batch, score_trace, step_rar, step_rvr
from .trace import Section, Step, Trace, parse_trace
from .validity import Validity, check_validity

_moved.install()

# What a user calls; the rest (the result types, the problem vocabulary, the input readers)
# stays importable from here and from its module.
__all__ = [
    "RewardConfig",
    "TraceScore",
    "answers_equivalent",
    "check_validity",
    "extract_answer",
    "extract_key_steps",
    "match_key_steps",
    "normalize_key_steps",
    "parse_trace",
    "score_batch",
    "score_trace",
    "step_rar",
    "step_rvr",
]
