"""The one ``\\boxed{}`` finder: where a box command opens, where its braces close,
and every closed box of a text.

``\\boxed`` and ``\\fbox`` are the same thing to every reader (a model boxes its answer
with either), so the trace parser (`stepgrpo_rewards.trace`), the answer reader
(`stepgrpo_rewards.answer`, `stepgrpo_rewards.equivalence`) and the math-text parser
(`mathtext.answer_text`) all find boxes through `BOX_OPEN` and `box_end` here. The
scans are linear: braces are counted once per character, and an unclosed box ends the
search.

Examples:
    >>> from stepgrpo_rewards.mathtext.boxed import boxes, find_last_boxed
    >>> text = r"First \\boxed{6}, then \\fbox{ \\frac{1}{2} }"
    >>> [text[body:close] for _, body, close in boxes(text)]
    ['6', ' \\\\frac{1}{2} ']
    >>> find_last_boxed(text)
    '\\\\frac{1}{2}'
"""

from __future__ import annotations

import re

#: The box commands a reader takes as boxing an answer.
BOX_COMMANDS = ("\\boxed", "\\fbox")
#: A box command and its opening brace (spacing allowed between them).
BOX_OPEN = re.compile(r"\\(?:boxed|fbox)\s*\{")


def has_box(text: str) -> bool:
    """Whether *text* names a box command at all (a fast test before any scan)."""
    return "\\boxed" in text or "\\fbox" in text


def box_end(text: str, start: int, stop: int) -> int:
    """The index of the brace before *stop* that closes the box whose content starts at
    *start*, or -1."""
    depth = 1
    for i in range(start, stop):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def boxes(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """The outermost closed ``\\boxed{...}`` of ``text[start:end]``, in order: for
    each, where the command starts, where its content starts and where its closing
    brace is. Boxes inside a box are part of its content. One pass: each character is
    scanned at most once (an unclosed box ends the search, as nothing after it is
    outside it)."""
    found: list[tuple[int, int, int]] = []
    stop = len(text) if end is None else end
    pos = start
    while pos < stop:
        m = BOX_OPEN.search(text, pos, stop)
        if m is None:
            break
        close = box_end(text, m.end(), stop)
        if close == -1:
            break
        found.append((m.start(), m.end(), close))
        pos = close + 1
    return found


def last_box_open(text: str) -> re.Match[str] | None:
    """The last box command of *text* with its opening brace, closed or not."""
    last = None
    for m in BOX_OPEN.finditer(text):
        last = m
    return last


def find_last_boxed(text: str) -> str | None:
    """Return the content of the last ``\\boxed{...}`` (balanced braces), stripped, or
    ``None`` when there is none or it is not closed.

    Scans at most one brace-balanced region, from the last box, so the work is linear
    in the text length.
    """
    last = last_box_open(text)
    if last is None:
        return None
    close = box_end(text, last.end(), len(text))
    return None if close == -1 else text[last.end() : close].strip()
