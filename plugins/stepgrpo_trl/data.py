"""Build GRPO datasets for StepGRPO from R1-VL-10K / Mulberry records or a hub dataset.

The result is a `datasets.Dataset` in the layout TRL's ``GRPOTrainer`` expects for a
vision-language model:

``prompt``
    a conversation: an optional system message with a format instruction, then the
    user message ``[{"type": "image"}, ..., {"type": "text", "text": problem}]``
    (one image placeholder per image; TRL fills them from the image column);
``image`` or ``images``
    the picture (``image`` when every record has exactly one, else ``images``, a list);
``solution``
    the reference solution (its final answer is the gold answer), or ``None``;
``key_steps``
    the key steps as a list of groups of alternative strings (Arrow cannot mix strings
    and lists in one column, so every shape the core reads is normalised here);
``problem``
    the question text (StepRAR reads it to match multiple-choice options);
``id``, ``answer``
    copied when the records have them.

Records are read in any of these shapes (keys are looked up in this order):

* R1-VL-10K: ``{"image_path", "problem", "solution", "key_steps": {"Steps": [...]}}``;
* this project's synthetic data: ``{"id", "image", "problem", "solution", "answer",
  "key_steps"}``;
* Mulberry / LLaMA-Factory: ``{"images": [...], "messages": [{"role": "user",
  "content": "<image>question"}, {"role": "assistant", "content": solution}]}``, or
  ShareGPT ``"conversations"`` with ``from``/``value``;
* hub datasets with decoded images (``PIL.Image``) or ``{"bytes", "path"}`` dicts.

Relative image paths are resolved against *image_root* (default: the folder of the
JSON file). A record with a missing or unreadable image file, no image, no problem
text or unreadable key steps is a bad record: by default `DatasetBuildError` names it
(``"train.jsonl line 12 (id 'geo-7'): image file not found: ..."``); with
``on_error="skip"`` it is left out, counted and logged.

Examples:
    >>> ds = build_grpo_dataset("r1vl_10k.jsonl", instruction=True)   # doctest: +SKIP
    >>> ds.column_names                                               # doctest: +SKIP
    ['prompt', 'image', 'solution', 'key_steps', 'problem']
"""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from stepgrpo_rewards import normalize_key_steps
from stepgrpo_rewards.inputs import UnreadableCompletionError, content_text, solution_text

__all__ = [
    "DEFAULT_INSTRUCTION",
    "DatasetBuildError",
    "SkippedRecord",
    "build_grpo_dataset",
    "convert_record",
    "load_grpo_dataset",
    "read_records",
]

logger = logging.getLogger("stepgrpo_trl")

_PIP = 'pip install -e ".[trl]" in a checkout'

#: The instruction added with ``instruction=True``: asks a model with no SFT warm-up
#: for the structured (Mulberry) reasoning format that StepRVR checks.
DEFAULT_INSTRUCTION = (
    "Solve the problem step by step and answer in exactly this format:\n\n"
    "### Image Description:\n<what the image shows: objects, labels, numbers>\n\n"
    "### Rationales:\n<the concepts or theorems needed>\n\n"
    "### Let's think step by step.\n\n"
    "### Step 1:\n<first step>\n\n"
    "### Step 2:\n<next step, and so on>\n\n"
    "### The final answer is: <answer>"
)

_IMAGE_KEYS = ("images", "image", "image_path", "image_paths", "img", "img_path", "image_file")
_PROBLEM_KEYS = ("problem", "question", "query", "prompt", "instruction")
_SOLUTION_KEYS = ("solution", "response", "output", "reasoning")
_KEY_STEP_KEYS = ("key_steps", "key_step", "keysteps", "Key Steps", "key_elements")
_PLACEHOLDERS = ("<image>", "<|image|>", "<img>")


class DatasetBuildError(ValueError):
    """A record cannot be turned into a GRPO example; the message names the record."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__(f"{label}: {reason}")
        self.label = label
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A bad record left out with ``on_error="skip"``: where it was and why."""

    index: int
    label: str
    reason: str


def _require_pil() -> Any:
    try:
        from PIL import Image
    except ImportError as exc:  # pragma: no cover - pillow comes with the trl extra
        raise ImportError(f"the dataset helpers need Pillow: {_PIP}") from exc
    return Image


def _require_datasets() -> Any:
    try:
        import datasets
    except ImportError as exc:  # pragma: no cover
        raise ImportError(f"building a GRPO dataset needs `datasets`: {_PIP}") from exc
    return datasets


# -- reading -------------------------------------------------------------------------------

def read_records(path: str | os.PathLike[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(label, record)`` from a JSON list or a JSON-lines file.

    The label names the record in errors: ``"data.jsonl line 3"`` or ``"data.json item 0"``.
    A JSON document may also be an object holding the list under ``"data"``/``"train"``.
    A line that is not a JSON object raises `DatasetBuildError` naming it.
    """
    p = Path(path)
    try:
        yield from _read_records(p)
    except UnicodeDecodeError as exc:  # its message names neither the file nor the line
        raise DatasetBuildError(p.name, f"not UTF-8 text ({exc.reason}); re-encode the file "
                                "as UTF-8") from None


def _read_records(p: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    name = p.name
    with p.open("r", encoding="utf-8-sig") as fh:
        first = ""
        while True:
            ch = fh.read(1)
            if not ch or not ch.isspace():
                first = ch
                break
        fh.seek(0)
        if first == "[" or (p.suffix == ".json" and first == "{"):
            try:
                doc = json.load(fh)
            except json.JSONDecodeError as exc:
                if first == "{":  # one-object-per-line file named .json
                    fh.seek(0)
                    yield from _jsonl(fh, name)
                    return
                raise DatasetBuildError(name, f"not valid JSON: {exc}") from exc
            if isinstance(doc, Mapping):
                for key in ("data", "train", "records", "examples"):
                    if isinstance(doc.get(key), list):
                        doc = doc[key]
                        break
                else:
                    doc = [doc]
            if not isinstance(doc, list):
                raise DatasetBuildError(name, "a JSON document must be a list of records")
            for i, record in enumerate(doc):
                label = f"{name} item {i}"
                if not isinstance(record, Mapping):
                    raise DatasetBuildError(label, f"a record must be an object, got {type(record).__name__}")
                yield label, dict(record)
            return
        yield from _jsonl(fh, name)


def _jsonl(fh: Any, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        label = f"{name} line {lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetBuildError(label, f"not valid JSON: {exc.msg}") from exc
        if not isinstance(record, Mapping):
            raise DatasetBuildError(label, f"a record must be an object, got {type(record).__name__}")
        yield label, dict(record)


# -- one record ------------------------------------------------------------------------------

def _first(record: Mapping[str, Any], keys: Sequence[str]) -> tuple[str | None, Any]:
    """The first of *keys* with a value; ``None`` and blank strings count as no value, so
    that ``{"problem": "", "question": "..."}`` (merged datasets) reads the question."""
    for key in keys:
        value = record.get(key)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return key, value
    return None, None


def _turns(record: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(role, content) pairs of a messages / conversations record."""
    turns: list[tuple[str, Any]] = []
    for key in ("messages", "conversations", "conversation", "prompt"):
        value = record.get(key)
        if isinstance(value, list):
            for m in value:
                if isinstance(m, Mapping):
                    role = m.get("role", m.get("from"))
                    content = m.get("content", m.get("value"))
                    role = {"human": "user", "gpt": "assistant"}.get(str(role), str(role))
                    turns.append((role, content))
            break
    return turns


def _text(content: Any) -> str | None:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        try:
            return content_text(content) or None
        except UnreadableCompletionError:
            return None
    return None


def _solution_field(value: Any) -> str | None:
    """A solution value as text: a string, content blocks, a number (NaN: none) or a
    one-element list of those; anything else is no solution (the assistant turn or the
    answer is used instead)."""
    if isinstance(value, (list, tuple)) and len(value) == 1 and not isinstance(value[0], Mapping):
        value = value[0]
    if value is None or isinstance(value, (str, list, tuple, Mapping)):
        return _text(value)
    try:  # numbers, numpy scalars, bytes
        return solution_text(value)
    except (ValueError, RecursionError):
        return None


def _answer_field(value: Any, name: str) -> str | None:
    """The ``answer`` value as text (see `stepgrpo_rewards.solution_text`): NaN is
    no answer; a list of several or an object raises, since its ``repr`` would become
    the gold answer."""
    try:
        return solution_text(value)
    except (ValueError, RecursionError) as exc:
        raise DatasetBuildError(name, f"unreadable 'answer': {exc}") from None


def _clean_problem(text: str) -> str:
    for tag in _PLACEHOLDERS:
        text = text.replace(tag, "")
    return text.strip()


def _label(label: str, record: Mapping[str, Any]) -> str:
    ident = record.get("id", record.get("idx", record.get("question_id")))
    if isinstance(ident, (str, int)) and not isinstance(ident, bool):
        return f"{label} (id {ident!r})"
    return label


def _image_entries(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None]
    return [value]


def _check_image(image: Any, root: Path | None, check: bool) -> Any:
    """Return the value to store for one image (a path string, bytes dict or PIL image)."""
    if isinstance(image, (str, os.PathLike)):
        path = Path(image).expanduser()
        if not path.is_absolute() and root is not None:
            path = root / path
        try:
            found = path.is_file()
        except OSError as exc:  # a name too long (a data URI, base64 text), a denied folder
            raise ValueError(f"unusable image path {str(image)[:60]!r}...: {exc.strerror or exc}") from None
        if not found:
            raise ValueError(f"image file not found: {path}")
        if check:
            _verify(lambda: path.open("rb"), f"image file {path}")
        return str(path)
    if isinstance(image, Mapping):  # {"bytes": ..., "path": ...} as datasets stores images
        blob, where = image.get("bytes"), image.get("path")
        if blob:
            if check:
                _verify(lambda: io.BytesIO(blob), f"image bytes{f' ({where})' if where else ''}")
            return {"bytes": blob, "path": where}
        if where:
            return _check_image(where, root, check)
        raise ValueError("an image entry has neither bytes nor a path")
    if hasattr(image, "size") and hasattr(image, "mode"):  # a PIL image
        return image
    raise ValueError(f"cannot read an image from a {type(image).__name__}")


def _verify(opener: Any, what: str) -> None:
    pil = _require_pil()
    try:
        with opener() as fh, pil.open(fh) as im:
            im.verify()
    except Exception as exc:
        raise ValueError(f"cannot read {what}: {type(exc).__name__}: {exc}") from None


def _instruction_text(instruction: str | bool | None) -> str | None:
    if instruction is None or instruction is False:
        return None
    if instruction is True:
        return DEFAULT_INSTRUCTION
    if isinstance(instruction, str):
        return instruction if instruction.strip() else None
    raise TypeError(f"instruction must be a string, a bool or None, got {type(instruction).__name__}")


def convert_record(
    record: Mapping[str, Any],
    *,
    label: str = "record",
    image_root: str | os.PathLike[str] | None = None,
    instruction: str | bool | None = None,
    instruction_role: Literal["system", "user"] = "system",
    require_image: bool = True,
    check_images: bool = True,
) -> dict[str, Any]:
    """Turn one record into a GRPO example (see the module docstring for the columns).

    The images are returned under ``"images"`` as a list whatever their number.
    Raises `DatasetBuildError` naming *label* (and the record's id) for a bad record.

    Examples:
        >>> row = convert_record({"problem": "<image>How many?", "solution": "### The final answer is: 3",
        ...                       "key_steps": ["2+1=3"]}, require_image=False)
        >>> row["prompt"][-1]["content"][-1]["text"], row["key_steps"]
        ('How many?', [['2+1=3']])
    """
    if not isinstance(record, Mapping):
        raise DatasetBuildError(label, f"a record must be a mapping, got {type(record).__name__}")
    if instruction_role not in ("system", "user"):
        raise ValueError(f"instruction_role must be 'system' or 'user', got {instruction_role!r}")
    name = _label(label, record)
    root = Path(image_root) if image_root is not None else None
    turns = _turns(record)
    problem = _record_problem(record, turns, name)
    solution, answer = _record_solution(record, turns, name)
    key_steps = _record_key_steps(record, name)
    images = _record_images(record, name, root, check_images=check_images, require_image=require_image)
    row: dict[str, Any] = {
        "prompt": _prompt(problem, len(images), _instruction_text(instruction), instruction_role),
        "images": images,
        "solution": solution,
        "key_steps": key_steps,
        "problem": problem,
    }
    ident = record.get("id")
    if ident is not None:
        row["id"] = str(ident)
    if answer is not None:
        row["answer"] = answer
    return row


def _record_problem(record: Mapping[str, Any], turns: list[tuple[str, Any]], name: str) -> str:
    """The question text: the first problem field, else the first user message with text;
    image placeholders removed. No text left is a bad record."""
    _, problem = _first(record, _PROBLEM_KEYS)
    problem = _text(problem)
    if problem is None:
        problem = next((_text(c) for r, c in turns if r == "user" and _text(c)), None)
    if problem is None or not _clean_problem(problem):
        raise DatasetBuildError(name, "no problem text (looked for "
                                + ", ".join(repr(k) for k in _PROBLEM_KEYS) + " and a user message)")
    return _clean_problem(problem)


def _record_solution(record: Mapping[str, Any], turns: list[tuple[str, Any]],
                     name: str) -> tuple[str | None, str | None]:
    """``(solution, answer)``: the solution is the first solution field, else the last assistant
    message with text, else the answer; an unreadable answer is a bad record."""
    _, solution = _first(record, _SOLUTION_KEYS)
    solution = _solution_field(solution)
    if solution is None:
        solution = next((_text(c) for r, c in reversed(turns) if r == "assistant" and _text(c)), None)
    answer = _answer_field(record.get("answer"), name)
    if solution is None and answer:
        solution = answer
    return solution, answer


def _record_key_steps(record: Mapping[str, Any], name: str) -> list[list[str]]:
    """The key steps in the one shape Arrow stores (groups of alternatives); unreadable ones
    are a bad record."""
    key, raw_steps = _first(record, _KEY_STEP_KEYS)
    try:
        return normalize_key_steps(raw_steps)
    except ValueError as exc:
        raise DatasetBuildError(name, f"unreadable key steps in {key!r}: {exc}") from None


def _record_images(record: Mapping[str, Any], name: str, root: Path | None, *, check_images: bool,
                   require_image: bool) -> list[Any]:
    """The record's images, each checked by `_check_image`; a bad one, or none where one is
    required, is a bad record."""
    images: list[Any] = []
    _, image_value = _first(record, _IMAGE_KEYS)
    for entry in _image_entries(image_value):
        try:
            images.append(_check_image(entry, root, check_images))
        except ValueError as exc:
            raise DatasetBuildError(name, str(exc)) from None
    if require_image and not images:
        raise DatasetBuildError(name, "no image (looked for "
                                + ", ".join(repr(k) for k in _IMAGE_KEYS) + ")")
    return images


def _prompt(problem: str, n_images: int, instruction: str | None,
            instruction_role: Literal["system", "user"]) -> list[dict[str, Any]]:
    """The conversation: the instruction as a system message (or appended to the question), then
    the user message with one image placeholder per image before the question."""
    user_text = problem if instruction is None or instruction_role == "system" else f"{problem}\n\n{instruction}"
    prompt: list[dict[str, Any]] = []
    if instruction is not None and instruction_role == "system":
        prompt.append({"role": "system", "content": [{"type": "text", "text": instruction}]})
    prompt.append({
        "role": "user",
        "content": [{"type": "image", "text": None} for _ in range(n_images)]
        + [{"type": "text", "text": user_text}],
    })
    return prompt


# -- many records -----------------------------------------------------------------------------

def _iter_source(source: Any) -> tuple[Iterator[tuple[str, Mapping[str, Any]]], Path | None]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"no such records file: {path}")
        return read_records(path), path.parent
    datasets = _require_datasets()
    if isinstance(source, datasets.Dataset):
        ds = source
        for col, feature in ds.features.items():  # keep encoded bytes, skip decoding
            if isinstance(feature, datasets.Image):
                ds = ds.cast_column(col, datasets.Image(decode=False))
            elif isinstance(getattr(feature, "feature", None), datasets.Image):
                ds = ds.cast_column(col, _list_of(datasets, datasets.Image(decode=False)))
            elif isinstance(feature, list) and feature and isinstance(feature[0], datasets.Image):
                ds = ds.cast_column(col, [datasets.Image(decode=False)])
        return ((f"row {i}", r) for i, r in enumerate(ds)), None
    if isinstance(source, datasets.DatasetDict):
        raise TypeError(f"pass one split of the DatasetDict (splits: {list(source)}), "
                        "e.g. build_grpo_dataset(dataset['train'])")
    if isinstance(source, Mapping):
        raise TypeError("pass a list of records, not a single record")
    if isinstance(source, Iterable):
        return ((f"record {i}", r) for i, r in enumerate(source)), None
    raise TypeError(f"cannot read records from a {type(source).__name__}")


def _list_of(datasets: Any, inner: Any) -> Any:
    """``datasets.List(inner)`` (datasets >= 4), or ``[inner]``, a list feature before that."""
    make = getattr(datasets, "List", None)
    return make(inner) if make is not None else [inner]


def _features(image_column: str, extra: Sequence[str]) -> Any:
    datasets = _require_datasets()
    text = datasets.Value("string")
    features = {
        "prompt": _list_of(datasets, {
            "role": text,
            "content": _list_of(datasets, {"type": text, "text": text}),
        }),
        image_column: (datasets.Image() if image_column == "image"
                       else _list_of(datasets, datasets.Image())),
        "solution": text,
        "key_steps": _list_of(datasets, _list_of(datasets, text)),
        "problem": text,
    }
    for name in extra:
        features[name] = text
    return datasets.Features(features)


def build_grpo_dataset(
    source: Any,
    *,
    image_root: str | os.PathLike[str] | None = None,
    instruction: str | bool | None = None,
    instruction_role: Literal["system", "user"] = "system",
    image_column: Literal["auto", "image", "images"] = "auto",
    on_error: Literal["raise", "skip"] = "raise",
    require_image: bool = True,
    check_images: bool = True,
    return_skipped: bool = False,
) -> Any:
    """Build a GRPO dataset from records (see the module docstring for shapes and columns).

    *source* is a JSON / JSON-lines file, an iterable of record dicts or a
    `datasets.Dataset`. *image_root* resolves relative image paths (default: the
    file's folder). *instruction* adds a format instruction (``True``:
    `DEFAULT_INSTRUCTION`) as a system message or, with ``instruction_role="user"``,
    after the problem text. *image_column* ``"auto"`` writes ``image`` when every record
    has exactly one image, else ``images``. With ``on_error="skip"`` bad records are
    left out, counted and logged (``return_skipped=True`` also returns them as
    `SkippedRecord` s); with ``"raise"`` the first one raises `DatasetBuildError`.
    *check_images* opens every image file once (``PIL.Image.verify``) so a corrupt
    file fails here rather than in the middle of training.
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    if image_column not in ("auto", "image", "images"):
        raise ValueError(f"image_column must be 'auto', 'image' or 'images', got {image_column!r}")
    _instruction_text(instruction)  # type check at once
    datasets = _require_datasets()
    records, default_root = _iter_source(source)
    root = image_root if image_root is not None else default_root
    rows: list[dict[str, Any]] = []
    skipped: list[SkippedRecord] = []
    for index, (label, record) in enumerate(records):
        try:
            rows.append(convert_record(record, label=label, image_root=root,
                                       instruction=instruction, instruction_role=instruction_role,
                                       require_image=require_image, check_images=check_images))
        except DatasetBuildError as exc:
            if on_error == "raise":
                raise
            skipped.append(SkippedRecord(index, exc.label, exc.reason))
    if skipped:
        shown = "; ".join(f"{s.label}: {s.reason}" for s in skipped[:3])
        logger.warning("skipped %d bad record(s) of %d: %s%s", len(skipped),
                       len(skipped) + len(rows), shown, " ..." if len(skipped) > 3 else "")
    if image_column == "auto":
        image_column = "image" if rows and all(len(r["images"]) == 1 for r in rows) else "images"
    if image_column == "image":
        bad = next((r for r in rows if len(r["images"]) != 1), None)
        if bad is not None:
            raise ValueError(f"image_column='image' needs exactly one image per record; record "
                             f"with problem {bad['problem'][:60]!r} has {len(bad['images'])}")
    extra = [c for c in ("id", "answer") if any(c in r for r in rows)]
    columns: dict[str, list[Any]] = {name: [] for name in
                                     ("prompt", image_column, "solution", "key_steps", "problem", *extra)}
    for r in rows:
        columns["prompt"].append(r["prompt"])
        columns[image_column].append(r["images"][0] if image_column == "image" else r["images"])
        for name in ("solution", "key_steps", "problem", *extra):
            columns[name].append(r.get(name))
    dataset = datasets.Dataset.from_dict(columns, features=_features(image_column, extra))
    return (dataset, skipped) if return_skipped else dataset


#: The columns of a dataset already in the GRPO layout (made by `build_grpo_dataset` or
#: ``stepgrpo-prepare``): loaded as it is, not converted again.
PREPARED_COLUMNS = frozenset({"prompt", "solution", "key_steps"})


def _prepared(dataset: Any) -> bool:
    return PREPARED_COLUMNS <= set(dataset.column_names) and (
        "image" in dataset.column_names or "images" in dataset.column_names)


def load_grpo_dataset(
    name_or_path: str | os.PathLike[str],
    *,
    split: str = "train",
    config_name: str | None = None,
    **kwargs: Any,
) -> Any:
    """`build_grpo_dataset` from a file, a folder or a Hugging Face hub dataset name.

    A JSON / JSON-lines file is read directly; a folder holds ``<split>.jsonl`` /
    ``<split>.json`` records, Parquet files (``<split>.parquet``, as ``stepgrpo-prepare``
    writes them) or a saved dataset (``save_to_disk``); anything else is passed to
    ``datasets.load_dataset(name_or_path, config_name, split=split)`` (needs the hub or its
    cache). A dataset already in the GRPO layout (``prompt``, ``image``/``images``,
    ``solution``, ``key_steps``) is returned as it is. Keyword arguments go to
    `build_grpo_dataset`.
    """
    path = Path(name_or_path)
    if config_name is not None and (path.is_file() or path.is_dir()):
        raise ValueError(f"a dataset configuration ({config_name!r}) applies to hub datasets, "
                         f"not to the local {'file' if path.is_file() else 'folder'} {str(path)!r}")
    if path.is_file() and path.suffix == ".parquet":
        datasets = _require_datasets()
        loaded = datasets.load_dataset("parquet", data_files={split: str(path)}, split=split)
    elif path.is_file():
        return build_grpo_dataset(path, **kwargs)
    elif path.is_dir():
        for candidate in (f"{split}.jsonl", f"{split}.json", "data.jsonl", "data.json"):
            if (path / candidate).is_file():
                return build_grpo_dataset(path / candidate, **kwargs)
        datasets = _require_datasets()
        if any(path.rglob("*.parquet")):
            loaded = datasets.load_dataset(str(path), split=split)
        else:
            loaded = datasets.load_from_disk(str(path))
            if isinstance(loaded, datasets.DatasetDict):
                loaded = loaded[split]
        kwargs.setdefault("image_root", path)
    else:
        datasets = _require_datasets()
        loaded = datasets.load_dataset(str(name_or_path), config_name, split=split)
    if _prepared(loaded):
        return loaded
    return build_grpo_dataset(loaded, **kwargs)
