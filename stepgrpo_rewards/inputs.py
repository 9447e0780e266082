"""One reading of every input, for every entry point.

The command line (``stepgrpo-score``, ``stepgrpo-keysteps``), the TRL and ms-swift
rewards, the dataset builder and the verl / EasyR1 reward functions all read their
values here, so that a completion scores the same offline as it does in training:

* `completion_text`: a string, or chat messages (one message or a list; assistant
  messages joined, a thinking model's ``reasoning_content`` / ``reasoning`` /
  ``thinking`` put before the ``content``; content as a string or a list of parts);
* `solution_text`: a string, a number, bytes, a one-element list, or chat messages;
* `key_steps_value`: key steps as given, bytes read as text (the shapes themselves,
  JSON strings included, are read by `stepgrpo_rewards.normalize_key_steps`);
* `question_text`: a string, else no question;
* `is_missing`: ``None``, NaN and pandas' ``NA`` / ``NaT`` (how pandas and Arrow write
  a missing value) are no value, never the text ``"nan"``.

Examples:
    >>> completion_text([{"role": "assistant", "reasoning_content": "### Step 1:\\n2+2=4",
    ...                   "content": "### The final answer is: 4"}])
    '### Step 1:\\n2+2=4\\n\\n### The final answer is: 4'
    >>> solution_text(12.5), solution_text(float("nan")), solution_text(["B"])
    ('12.5', None, 'B')
    >>> is_missing(float("nan")), is_missing(""), is_missing(0)
    (True, False, False)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

__all__ = [
    "REASONING_KEYS",
    "UnreadableCompletionError",
    "UnreadableSolutionError",
    "completion_text",
    "content_text",
    "is_messages",
    "is_missing",
    "json_type",
    "key_steps_value",
    "question_text",
    "solution_text",
]

#: Where parsed responses keep a thinking model's reasoning: ``reasoning_content`` (Qwen3
#: and most TRL response schemas), ``thinking`` (gpt-oss, LFM2.5), ``reasoning`` (vLLM).
REASONING_KEYS = ("reasoning_content", "thinking", "reasoning")

#: How deep one-element lists may nest around a solution value (``[["B"]]`` is ``"B"``).
_MAX_NESTING = 32


class UnreadableCompletionError(TypeError):
    """A completion that is neither text nor chat messages; the message says what it holds
    (``"a number, expected a string or chat messages"``)."""


class UnreadableSolutionError(ValueError):
    """A solution value that holds no single gold answer (a list of several, an object)."""


def json_type(value: Any) -> str:
    """The JSON name of *value*'s type, for messages about data (``"number"``, ``"list"``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def _is_pandas_missing(value: Any) -> bool:
    """pandas' ``NA`` and ``NaT``, recognised without importing pandas."""
    kind = type(value)
    return kind.__name__ in ("NAType", "NaTType") and kind.__module__.startswith("pandas")


def is_missing(value: Any) -> bool:
    """``None``, or a scalar missing value: NaN or an infinity of any float type, pandas'
    ``NA`` / ``NaT``. Strings, bytes, containers and other numbers are values."""
    if value is None:
        return True
    if isinstance(value, (str, bytes, bytearray, Mapping)) or hasattr(value, "__len__"):
        return False
    try:
        return solution_text(value) is None
    except Exception:  # a value that is there, if unreadable
        return False


def _utf8(value: bytes | bytearray) -> str:
    try:
        return bytes(value).decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableCompletionError("bytes that are not UTF-8 text") from None


def content_text(content: Any) -> str:
    """The text of a message's ``content``: a string, or a list of parts (multimodal
    ``[{"type": "text", "text": ...}, {"type": "image"}]``) whose text parts are joined.

    ``None`` is ``""``; a part of another type (an image) holds no text; anything else
    raises `UnreadableCompletionError`.

    Examples:
        >>> content_text([{"type": "image"}, {"type": "text", "text": "a"}, "b"])
        'ab'
    """
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        content = [content]
    if isinstance(content, Sequence) and not isinstance(content, (bytes, bytearray)):
        texts: list[str] = []
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, Mapping) and part.get("type", "text") == "text":
                text = part.get("text")
                if text is not None and not isinstance(text, str):
                    raise UnreadableCompletionError(
                        f"a text part whose text is a {json_type(text)}, expected a string")
                if text is None and "text" not in part:
                    raise UnreadableCompletionError(
                        "a message content part with no 'text', expected a string")
                texts.append(text or "")
            elif not isinstance(part, Mapping):
                raise UnreadableCompletionError(
                    f"a message content part that is a {json_type(part)}, expected a string")
        return "".join(texts)
    raise UnreadableCompletionError(
        f"a message whose content is a {json_type(content)}, expected a string")


def _message_text(message: Mapping[str, Any]) -> str:
    content = content_text(message.get("content"))
    reasoning = next((r for r in map(message.get, REASONING_KEYS)
                      if isinstance(r, str) and r.strip()), None)
    if reasoning is not None and reasoning.strip() not in content:
        # Thinking models put the reasoning beside the content: score both, reasoning first.
        return f"{reasoning.rstrip()}\n\n{content.lstrip()}" if content.strip() else reasoning
    return content


def completion_text(completion: Any) -> str | None:
    """The text of one completion: a string, or chat messages (TRL's conversational shape).

    Assistant messages are joined with a blank line (all messages when none has the
    role ``assistant``); a message's reasoning (``reasoning_content``, ``thinking`` or
    ``reasoning``) is put before its ``content`` unless the content already holds it.
    A missing value (`is_missing`) is ``None``; bytes are read as UTF-8. Anything else
    raises `UnreadableCompletionError`.

    Examples:
        >>> completion_text([{"role": "assistant", "content": "### The final answer is: 4"}])
        '### The final answer is: 4'
        >>> completion_text({"role": "assistant", "reasoning_content": "think", "content": "4"})
        'think\\n\\n4'
    """
    if completion is None or isinstance(completion, str):
        return completion
    if isinstance(completion, (bytes, bytearray)):
        return _utf8(completion)
    if isinstance(completion, Mapping):
        return _message_text(completion)
    if isinstance(completion, Sequence):
        if not all(isinstance(m, Mapping) for m in completion):
            raise UnreadableCompletionError(
                "a list that is not chat messages, expected a string or chat messages")
        assistant = [m for m in completion if m.get("role", "assistant") == "assistant"]
        return "\n\n".join(_message_text(m) for m in (assistant or completion))
    if is_missing(completion):
        return None
    raise UnreadableCompletionError(
        f"a {json_type(completion)}, expected a string or chat messages")


def _number_text(value: Any) -> str | None:
    try:
        if isinstance(value, Decimal):
            return str(value) if value.is_finite() else None
        if not isinstance(value, numbers.Rational) and not math.isfinite(value):
            return None
        return str(value)  # numpy scalars write themselves at their own precision
    except (ValueError, OverflowError) as exc:  # an int over sys.get_int_max_str_digits()
        raise UnreadableSolutionError(f"a {type(value).__name__} that cannot be written as "
                                      f"text ({exc})") from None


def is_messages(value: Any) -> bool:
    """Chat messages: a mapping with a ``role`` or ``content``, or a non-empty list of them."""
    items = [value] if isinstance(value, Mapping) else value
    return (isinstance(items, (list, tuple)) and bool(items)
            and all(isinstance(m, Mapping) and ("content" in m or "role" in m) for m in items))


def solution_text(value: Any) -> str | None:
    """A dataset's solution value as text, for the values datasets hold besides strings.

    ``None``, NaN, infinities and pandas' ``NA`` / ``NaT`` (how pandas and Arrow write a
    missing value) are no solution; numbers (numpy scalars, `~decimal.Decimal` and
    `~fractions.Fraction` included) give their text; bytes are decoded as UTF-8; chat
    messages give their text (see `completion_text`); a one-element list or array gives
    its element. Anything else raises `UnreadableSolutionError`: its ``repr`` must never
    become the gold answer.

    Examples:
        >>> solution_text(12.5), solution_text(float("nan")), solution_text(["B"])
        ('12.5', None, 'B')
        >>> solution_text([{"role": "assistant", "content": "### The final answer is: 4"}])
        '### The final answer is: 4'
    """
    for _ in range(_MAX_NESTING):
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, (bytes, bytearray)):
            return bytes(value).decode("utf-8", errors="replace")
        if _is_pandas_missing(value):
            return None
        if isinstance(value, (numbers.Real, Decimal)):
            return _number_text(value)
        tolist = getattr(value, "tolist", None)  # numpy scalars and arrays
        if callable(tolist) and not isinstance(value, (list, tuple)):
            plain = tolist()
            if plain is not value and not (isinstance(plain, list) and len(plain) > 1):
                value = plain
                continue
        if is_messages(value):
            try:
                return completion_text(value)
            except UnreadableCompletionError as exc:
                raise UnreadableSolutionError(f"chat messages holding {exc}") from None
        if isinstance(value, (list, tuple)):
            if len(value) > 1:
                raise UnreadableSolutionError(f"a list of {len(value)} values holds no single gold answer")
            if not value:
                return None
            value = value[0]
            continue
        raise UnreadableSolutionError(f"a {type(value).__name__} holds no single gold answer")
    raise UnreadableSolutionError(f"one-element lists nested over {_MAX_NESTING} deep")


def question_text(value: Any) -> str | None:
    """A question value as text: a string (bytes read as UTF-8); anything else, a missing
    value included, is no question (the question only helps answer matching)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    return None


def key_steps_value(value: Any) -> Any:
    """Key steps as `stepgrpo_rewards.normalize_key_steps` reads them: a missing value is
    ``None``, bytes (JSON text in a Parquet binary column) are read as UTF-8 text, every
    other value is passed on as it is."""
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return value  # normalize_key_steps reports what it cannot read
    if is_missing(value):
        return None
    return value
