"""The OpenAI-compatible chat client of ``stepgrpo-keysteps --method llm``, on the openai SDK.

The SDK (``pip install openai``) sends the requests, with its retries
(HTTP 408, 409, 429 and 5xx, timeouts and dropped connections; exponential backoff from
half a second, ``Retry-After`` honoured) and its timeouts. This module adds what a
batch job over untrusted endpoints needs on top:

- a bound on the whole reply: ``--timeout`` bounds each read, so a server that sends a
  byte now and then is cut off after about twice ``--timeout`` (and retried like any
  timeout), and a body over `MAX_REPLY_BYTES` is refused (``bad_reply``, not retried);
- the reply read by the project's own JSON reader (depth-bounded), so a hostile body
  fails its record with a reason instead of raising;
- failures as ``"kind: detail"`` (``http_error``, ``timeout``, ``connection_error``,
  ``bad_reply``) and counts of requests and retries for the report;
- `LLMClient.stop`: an interrupted run sends no more requests and retries nothing.

Nothing here imports openai until a client is made; `require_openai` says how to
install it.
"""

from __future__ import annotations

import importlib
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

from .._version import __version__
from .errors import RecordError
from .records import load_json

__all__ = ["MAX_REPLY_BYTES", "LLMClient", "LLMFailed", "LLMStopped", "require_openai"]

#: A reply body longer than this many bytes is not read (a runaway endpoint).
MAX_REPLY_BYTES = 8 << 20
_LOOPBACK = ("localhost", "127.0.0.1", "::1")
_INSTALL = 'pip install openai'


class LLMFailed(RecordError):
    """A request that gave no usable reply; the message is ``"kind: detail"``."""


class LLMStopped(Exception):
    """The run is being interrupted: the request is not sent."""


def require_openai() -> Any:
    """The ``openai`` module, or `ImportError` naming the pip command that installs it."""
    try:
        return importlib.import_module("openai")
    except ImportError:
        raise ImportError(f"--method llm needs the openai SDK: {_INSTALL}") from None


def chat_root(base_url: str) -> str:
    """The API root the SDK wants: *base_url* without a trailing ``/chat/completions``."""
    base = base_url.rstrip("/")
    return base.removesuffix("/chat/completions")


class LLMClient:
    """Talks to one OpenAI-compatible endpoint; safe to share between threads."""

    def __init__(self, base_url: str, model: str, api_key: str | None, *, timeout: float,
                 max_retries: int, temperature: float, max_tokens: int) -> None:
        openai = require_openai()
        self.model, self.timeout = model, timeout
        self.temperature, self.max_tokens = temperature, max_tokens
        self.requests = 0
        self._calls = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        host = urllib.parse.urlsplit(base_url).hostname or ""
        # a local server is reached directly, whatever proxy the environment names
        http = openai.DefaultHttpxClient(
            trust_env=host not in _LOOPBACK,
            event_hooks={"request": [self._on_request], "response": [self._on_response]})
        # the HTTP library the SDK runs on (httpx, or its successor): its stream and
        # timeout types are the ones the SDK's retry loop knows
        self._http = importlib.import_module(type(http).__mro__[1].__module__.partition(".")[0])
        self._openai = openai
        self._client = openai.OpenAI(
            # no key: the placeholder local servers (vLLM, llama.cpp) are told to ignore
            # (the SDK refuses to start without one)
            base_url=chat_root(base_url), api_key=api_key or "EMPTY", timeout=timeout,
            max_retries=max_retries, http_client=http,
            default_headers={"User-Agent": f"stepgrpo-keysteps/{__version__}"})
        self.max_retries = max_retries

    @property
    def retries(self) -> int:
        """Requests sent beyond the first of each call."""
        return max(self.requests - self._calls, 0)

    def stop(self) -> None:
        """Send nothing more: requests not yet sent raise `LLMStopped`, and no reply
        is retried."""
        self._stop.set()

    # -- the SDK's HTTP client calls these -----------------------------------------------

    def _on_request(self, request: Any) -> None:
        if self._stop.is_set():
            raise LLMStopped()
        with self._lock:
            self.requests += 1

    def _on_response(self, response: Any) -> None:
        if self._stop.is_set():
            response.headers["x-should-retry"] = "false"
        response.stream = _bounded(self._http, response.stream,
                                   time.monotonic() + self.timeout)

    # -- one call ------------------------------------------------------------------------

    def complete(self, system: str, user: str) -> str:
        """The model's reply to *system* and *user*, retried as the SDK does; raises
        `LLMFailed` (or `LLMStopped` while interrupted)."""
        if self._stop.is_set():
            raise LLMStopped()
        with self._lock:
            self._calls += 1
        openai = self._openai
        extra = {"max_tokens": self.max_tokens} if self.max_tokens else {}
        try:
            raw = self._client.chat.completions.with_raw_response.create(
                model=self.model, temperature=self.temperature,
                messages=[{"role": "system", "content": system},
                          {"role": "user", "content": user}], **extra)
        except openai.APIStatusError as exc:
            reason = f"http_error: HTTP {exc.status_code}{_error_detail(exc.response)}"
            raise LLMFailed(self._gave_up(reason, _retried(exc.status_code))) from None
        except openai.APITimeoutError:
            raise LLMFailed(self._gave_up(f"timeout: no reply within {self.timeout:g} s",
                                          True)) from None
        except openai.APIConnectionError as exc:
            cause = exc.__cause__
            if isinstance(cause, LLMStopped):
                raise LLMStopped() from None
            why = cause or exc
            raise LLMFailed(self._gave_up(f"connection_error: {why}", True)) from None
        body = raw.http_response.content
        if len(body) > MAX_REPLY_BYTES:
            raise LLMFailed(f"bad_reply: the reply is over {MAX_REPLY_BYTES:,} bytes")
        return _reply_text(body)

    def _gave_up(self, reason: str, retried: bool) -> str:
        if not retried:
            return reason
        tries = self.max_retries + 1
        return f"{reason} (gave up after {tries} attempt{'s' * (tries > 1)})"

    def close(self) -> None:
        self._client.close()


def _retried(status: int) -> bool:
    """Whether the SDK retries a reply with HTTP *status*."""
    return status in (408, 409, 429) or status >= 500


def _bounded(http: Any, stream: Any, deadline: float) -> Any:
    """*stream* (a response body) cut at ``MAX_REPLY_BYTES + 1`` bytes, raising the
    library's ``ReadTimeout`` once *deadline* has passed (the socket timeout bounds each
    read, not the whole)."""

    class Bounded(http.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            size = 0
            for piece in stream:
                if time.monotonic() > deadline:
                    raise http.ReadTimeout("the reply is too slow")
                yield piece
                size += len(piece)
                if size > MAX_REPLY_BYTES:
                    return

        def close(self) -> None:
            stream.close()

    return Bounded()


def _error_detail(response: Any) -> str:
    try:
        text = response.content[:2000].decode("utf-8", "replace")
    except Exception:
        return ""
    try:
        message = load_json(text)["error"]
        text = message.get("message", text) if isinstance(message, dict) else str(message)
    except (ValueError, AttributeError, TypeError, KeyError, IndexError):
        pass
    text = " ".join(text.split())[:200]
    return f": {text}" if text else ""


def _reply_text(payload: bytes) -> str:
    try:
        data = load_json(payload)
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMFailed("bad_reply: not an OpenAI chat completion (no choices[0].message."
                        "content)") from None
    if isinstance(content, list):  # content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    if not isinstance(content, str) or not content.strip():
        raise LLMFailed("bad_reply: the reply is empty")
    return content
