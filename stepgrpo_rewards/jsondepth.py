"""How deeply a JSON text nests, found before decoding it.

``json.loads`` fails on deep nesting with a `RecursionError` whose threshold depends on
how deep the calling stack already is, so the same document decodes in one process and
fails in another (a worker's stack is deeper). Readers that must judge a document the
same way everywhere bound its depth first with `json_depth`, which counts the brackets
outside strings in linear time, whatever the text (an unterminated string full of
``\\"`` included).

Why our own check, not a library's: the standard `json` module has no depth limit to
set, and raising `sys.setrecursionlimit` for a decode changes the whole process, for
every thread at once, and can crash the interpreter instead of raising. Parsers with a
fixed limit (orjson) or a streaming one (ijson) would add a compiled dependency to a
core that needs only rapidfuzz and sympy. This scan is a pure function: no signals, no
global state, safe in any thread, and it judges a document the same in every process.

Examples:
    >>> json_depth('[[1, "[[[[", {"a": [2]}]]')
    4
    >>> json_depth('"[[[" ')
    0
"""

from __future__ import annotations

from itertools import accumulate

__all__ = ["json_depth"]

_NOT_BRACKETS = bytes(i for i in range(256) if i not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}.__getitem__
_QUOTE, _BACKSLASH = ord('"'), ord("\\")


def json_depth(text: str | bytes) -> int:
    """The deepest nesting of arrays and objects in *text*, brackets inside strings not
    counted; an unterminated string runs to the end. Linear: each stretch between
    strings is counted by C loops (translate, map, accumulate), each string skipped with
    ``find``."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    depth = deepest = 0
    pos, end = 0, len(data)
    while pos < end:
        quote = data.find(b'"', pos)
        stop = end if quote == -1 else quote
        brackets = data[pos:stop].translate(None, _NOT_BRACKETS)
        if brackets:
            levels = list(accumulate(map(_STEP, brackets), initial=depth))
            deepest = max(deepest, max(levels))
            depth = levels[-1]
        if quote == -1:
            break
        # skip the string: its closing quote is the first one after an even run of
        # backslashes (each backslash is looked at once, before the quote that ends its run)
        scan = quote + 1
        while True:
            close = data.find(b'"', scan)
            if close == -1:
                return deepest
            back = close - 1
            while back >= scan and data[back] == _BACKSLASH:
                back -= 1
            if (close - 1 - back) % 2 == 0:
                break
            scan = close + 1
        pos = close + 1
    return deepest
