"""Read key steps in every shape they come in, into groups of alternatives.

A key step is a *group* of equivalent spellings (``["3*4=12", "3 × 4 = 12"]``); a
group is matched when any of its alternatives is. The shapes seen in the wild:

- a list of groups: ``[["3*4=12", "3 × 4 = 12"], ["area"]]``
- a list of plain strings, one alternative each: ``["3*4=12", "area"]``
- an object with the groups under ``"Steps"`` (other keys ignored)
- the raw extractor reply: ``Key Elements:\\nImage Description: [...]; Step 1: ["d"], ...``,
  of which only the ``Step N`` lists count, each element one group
- any of these serialised as a JSON string (as CSV and some datasets store them); a
  string that starts like serialised key steps (``[[``, ``["``, ``{"``, ``['``, ...)
  but does not decode (a bracket missing, cut off, a Python ``str(list)``) raises
  `KeyStepsError`; other text in brackets (``[AB] is 5 cm``) is one key step

Empty strings and nulls (``None``, as Arrow and JSON leave them in lists) hold no key
step and are skipped.

Examples:
    >>> normalize_key_steps({"Steps": [["3*4=12", "3 × 4 = 12"], "area"]})
    [['3*4=12', '3 × 4 = 12'], ['area']]
    >>> normalize_key_steps('Key Elements:\\nRationales: ["x"]; Step 1: ["a = 2"], Step 2: ["b"]')
    [['a = 2'], ['b']]
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ..jsondepth import json_depth

#: Serialised key steps larger than this are refused rather than parsed.
MAX_SERIALISED_CHARS = 50_000

#: Where an extractor reply's ``Step N: [`` list starts (also how `stepgrpo-keysteps`
#: tells a reply with key steps from one without).
STEP_LIST = re.compile(r"Step\s*\d{1,4}\s*:\s*\[", re.IGNORECASE)
#: A single-quoted string where a JSON value would start: ``str(list)``, not JSON.
_PY_REPR = re.compile(r"[\[{,:]\s*'")
#: The start of a serialised list of lists or strings, or of an object with a quoted key:
#: JSON even when the end is cut off (a spreadsheet cell at its length limit).
_JSON_START = re.compile(r"[\[{]\s*[\[{\"']")
#: The deepest serialised key steps decoded (they nest two or three levels, with
#: ``{"Steps": ...}``; other keys of that object may nest a little more).
_MAX_JSON_DEPTH = 32
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.){0,2000})"|\'((?:[^\'\\\n]|\\.){0,2000})\'')


class KeyStepsError(ValueError):
    """Key steps that cannot be read as groups of strings."""


def _json_error(text: str, exc: Exception) -> str:
    """The message for *text*, which looks like JSON but does not decode (*exc*)."""
    if isinstance(exc, json.JSONDecodeError):
        where = f"{exc.msg} at char {exc.pos}"
    elif isinstance(exc, RecursionError):
        where = "nested too deeply"
    else:
        where = type(exc).__name__
    message = f"key steps look like JSON but do not parse ({where})"
    if _PY_REPR.search(text):
        message += "; this looks like a Python repr: write JSON, with double quotes"
    return message


def _alternative(value: Any, max_chars: int) -> str | None:
    """*value* as one alternative, or ``None`` when it holds none: an empty string, or a
    null (Arrow, pandas and JSON leave ``None`` where a list has no value)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise KeyStepsError(f"a key step must be a string or a number, got {value!r}")
    if isinstance(value, (int, float)):
        value = repr(value) if isinstance(value, float) else str(value)
    if not isinstance(value, str):
        raise KeyStepsError(f"a key step must be a string, got {type(value).__name__}")
    value = value.strip()[:max_chars]
    return value or None


def _as_list(value: Any) -> list[Any] | None:
    if isinstance(value, (list, tuple)):
        return list(value)
    tolist = getattr(value, "tolist", None)  # numpy arrays, pyarrow/pandas values
    if callable(tolist) and not isinstance(value, (str, bytes)):
        out = tolist()
        return out if isinstance(out, list) else None
    return None


# A group up to this long is searched for a duplicate as a list; a longer one keeps a
# set beside it, so that duplicate removal stays linear (20,000 alternatives).
_SHORT_GROUP = 8


def _unseen(alt: str, alts: list[str], seen: set[str]) -> bool:
    """Whether *alt* is not in *alts* yet, with *seen* the set of *alts* (filled on
    the first call); *alt* joins *seen* when it is new."""
    if len(seen) < len(alts):
        seen.update(alts)
    if alt in seen:
        return False
    seen.add(alt)
    return True


def _groups_from_list(items: list[Any], max_groups: int, max_chars: int) -> list[list[str]]:
    groups: list[list[str]] = []
    for item in items:
        if len(groups) >= max_groups:
            break
        if type(item) is list:
            # The common shape, a group of strings, without per-item type dispatch. An
            # element of another type stops it; the general code below then reads the
            # whole group afresh (and raises where it must).
            alts: list[str] = []
            seen: set[str] = set()  # the alternatives of a long group (`_SHORT_GROUP`)
            for x in item:
                if type(x) is not str:
                    break
                x = x.strip()[:max_chars]
                if not x:
                    continue
                if seen:
                    if x in seen:
                        continue
                    seen.add(x)
                elif x in alts:
                    continue
                elif len(alts) >= _SHORT_GROUP:
                    seen.update(alts)
                    seen.add(x)
                alts.append(x)
            else:
                if alts:
                    groups.append(alts)
                continue
        inner = _as_list(item)
        if inner is None:
            alt = _alternative(item, max_chars)
            if alt is not None:
                groups.append([alt])
            continue
        alts = []
        seen = set()
        for sub in inner:
            if _as_list(sub) is not None or isinstance(sub, Mapping):
                raise KeyStepsError("key steps nest at most two levels: a list of groups of strings")
            alt = _alternative(sub, max_chars)
            if alt is not None and (alt not in alts if len(alts) < _SHORT_GROUP else _unseen(alt, alts, seen)):
                alts.append(alt)
        if alts:
            groups.append(alts)
    return groups


def _bracketed(text: str, start: int, stop: int) -> str | None:
    """The balanced ``[...]`` region that opens at *start* and closes before *stop*,
    quotes respected."""
    depth = 0
    quote = ""
    i = start
    n = stop
    while i < n:
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
        i += 1
    return None


def _parse_list_text(region: str) -> list[Any]:
    try:
        value = json.loads(region)
        if isinstance(value, list):
            return value
    except ValueError:
        pass
    # Single-quoted or otherwise loose lists: take the quoted strings in order.
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in _QUOTED.finditer(region)]


def _groups_from_reply(text: str, max_groups: int, max_chars: int) -> list[list[str]]:
    """The groups of each ``Step N: [...]`` list, in order.

    Linear in the text: a ``Step N:`` inside a list already read is skipped, and
    once a list is found unclosed, later lists are looked for only up to the next
    ``Step N:`` (rescanning the rest of the text for each would be quadratic).
    """
    groups: list[list[str]] = []
    starts = [m.end() - 1 for m in STEP_LIST.finditer(text)]
    read_to = 0
    bounded = False
    for i, start in enumerate(starts):
        if start < read_to:
            continue
        stop = starts[i + 1] if bounded and i + 1 < len(starts) else len(text)
        region = _bracketed(text, start, stop)
        if region is None:
            bounded = True
            continue
        read_to = start + len(region)
        groups.extend(_groups_from_list(_parse_list_text(region), max_groups - len(groups), max_chars))
        if len(groups) >= max_groups:
            break
    return groups


def normalize_key_steps(
    key_steps: Any, *, max_groups: int = 256, max_chars: int = 500
) -> list[list[str]]:
    """Return *key_steps* as a list of groups, each a list of alternative strings.

    Accepts the shapes listed in the module docstring, plus ``None`` and empty
    values (no key steps). Alternatives are stripped and cut to *max_chars*; empty
    alternatives and groups left empty are dropped; duplicate groups are kept (each
    counts). At most *max_groups* groups are read. Anything that cannot be read as
    key steps raises `KeyStepsError` (a ``ValueError``).
    """
    if type(key_steps) is list:
        return _groups_from_list(key_steps, max_groups, max_chars)  # the common shape, first
    if key_steps is None:
        return []
    if isinstance(key_steps, bytes):
        key_steps = key_steps.decode("utf-8", errors="replace")
    if isinstance(key_steps, str):
        text = key_steps.strip()
        if not text:
            return []
        if len(text) > MAX_SERIALISED_CHARS:
            raise KeyStepsError(f"serialised key steps are {len(text)} characters long")
        # Evidently serialised JSON (a list of lists or strings, an object with a quoted
        # key) that does not decode is an error, not one literal key step that never
        # matches (the credit would be lost silently), unless it is an extractor reply,
        # which may be wrapped in brackets. Other text in brackets ("[AB] is 5 cm",
        # "{1, 2, 3}") is a key step when it does not decode.
        error = None
        if text[0] in "[{":
            if text.count("[") + text.count("{") > _MAX_JSON_DEPTH and json_depth(text) > _MAX_JSON_DEPTH:
                # judged before decoding: the decoder's own limit depends on the stack
                error = (f"key steps look like JSON nested more than {_MAX_JSON_DEPTH} levels deep "
                         "(they nest at most two)")
            else:
                try:
                    decoded = json.loads(text)
                except (ValueError, RecursionError) as exc:
                    error = _json_error(text, exc)
                else:
                    return normalize_key_steps(decoded, max_groups=max_groups, max_chars=max_chars)
        if STEP_LIST.search(text):
            return _groups_from_reply(text, max_groups, max_chars)
        if error is not None and _JSON_START.match(text):
            raise KeyStepsError(error)
        if "key elements" in text[:200].lower():
            return []
        alt = _alternative(text, max_chars)
        return [[alt]] if alt else []
    if isinstance(key_steps, Mapping):
        for key in ("Steps", "steps", "key_steps", "Key Steps"):
            if key in key_steps:
                return normalize_key_steps(key_steps[key], max_groups=max_groups, max_chars=max_chars)
        raise KeyStepsError(f"a key-step object needs a 'Steps' entry, got keys {sorted(map(str, key_steps))[:8]}")
    items = _as_list(key_steps)
    if items is None:
        raise KeyStepsError(f"cannot read key steps from a {type(key_steps).__name__}")
    return _groups_from_list(items, max_groups, max_chars)

