"""Build a tiny, randomly initialised Qwen2-VL (or Qwen2.5-VL) with no downloads.

For tests and CPU demos of the TRL plugin: the model has the real architecture (vision
tower, M-RoPE, chat template, Qwen special tokens) at a size that trains a GRPO step in
about a second on a laptop CPU. Nothing here touches the network.

* The tokenizer is a byte-level BPE trained in-process with ``tokenizers`` on a small
  corpus of Mulberry-style reasoning text, plus the Qwen special tokens
  (``<|im_start|>``, ``<|im_end|>``, ``<|vision_start|>``, ``<|image_pad|>`` ...), and
  padded with filler tokens up to the model's vocabulary size so that every id a
  random model samples decodes to something.
* The chat template is Qwen2-VL's (a default system prompt, ``<|vision_start|>
  <|image_pad|><|vision_end|>`` for each image block).
* Without torchvision the stock ``Qwen2VLProcessor`` cannot be built (its video
  processor and the default image processor need torchvision) and
  ``AutoProcessor.from_pretrained`` silently returns the bare tokenizer, which makes
  training text-only. :func:`load_processor` returns the stock processor where it
  works and :class:`ImageOnlyQwen2VLProcessor` (PIL image processor, no video)
  elsewhere; both handle images identically.

Usage::

    python examples/make_tiny_model.py /tmp/tiny-qwen2-vl            # Qwen2-VL
    python examples/make_tiny_model.py /tmp/tiny-qwen25 --variant qwen2_5_vl

    >>> from stepgrpo_trl.demo.tiny_model import build_tiny_qwen2_vl, load_model, load_processor
    >>> path = build_tiny_qwen2_vl("/tmp/tiny")          # doctest: +SKIP
    >>> model, processor = load_model(path), load_processor(path)   # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "SPECIAL_TOKENS",
    "VARIANTS",
    "ImageOnlyQwen2VLProcessor",  # noqa: F822 - built lazily by __getattr__
    "build_tiny_qwen2_vl",
    "build_tokenizer",
    "warm_up",
    "load_model",
    "load_processor",
    "vision_token_ids",
]

VARIANTS = ("qwen2_vl", "qwen2_5_vl")
_STOCK_CLASSES = {"qwen2_vl": "Qwen2VLProcessor", "qwen2_5_vl": "Qwen2_5_VLProcessor"}

#: The Qwen2-VL special tokens, in the order Qwen gives them ids.
SPECIAL_TOKENS: tuple[str, ...] = (
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|object_ref_start|>",
    "<|object_ref_end|>",
    "<|box_start|>",
    "<|box_end|>",
    "<|quad_start|>",
    "<|quad_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|vision_pad|>",
    "<|image_pad|>",
    "<|video_pad|>",
)

#: Tokens a randomly initialised model must never sample: an image/video pad or a
#: vision marker in a completion breaks the next training forward pass.
VISION_TOKENS: tuple[str, ...] = (
    "<|vision_start|>",
    "<|vision_end|>",
    "<|vision_pad|>",
    "<|image_pad|>",
    "<|video_pad|>",
)

# Qwen2-VL's chat template (the one shipped with Qwen2-VL-*-Instruct).
CHAT_TEMPLATE = (
    "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}"
    "{% for message in messages %}"
    "{% if loop.first and message['role'] != 'system' %}"
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
    "{% endif %}"
    "<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}<|im_end|>\n"
    "{% else %}{% for content in message['content'] %}"
    "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}"
    "{% set image_count.value = image_count.value + 1 %}"
    "{% if add_vision_id %}Picture {{ image_count.value }}: {% endif %}"
    "<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif content['type'] == 'video' or 'video' in content %}"
    "{% set video_count.value = video_count.value + 1 %}"
    "{% if add_vision_id %}Video {{ video_count.value }}: {% endif %}"
    "<|vision_start|><|video_pad|><|vision_end|>"
    "{% elif 'text' in content %}{{ content['text'] }}"
    "{% endif %}{% endfor %}<|im_end|>\n"
    "{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

# Text the BPE is trained on: the Mulberry headers and some maths, so that reasoning
# traces tokenize into a handful of tokens rather than single bytes.
_CORPUS = (
    "### Image Description:\nThe image shows a right triangle with legs 3 and 4.\n\n"
    "### Rationales:\nUse the Pythagorean theorem: a^2 + b^2 = c^2.\n\n"
    "### Let's think step by step.\n\n"
    "### Step 1:\nCompute 3^2 + 4^2 = 9 + 16 = 25.\n\n"
    "### Step 2:\nTake the square root: c = 5.\n\n"
    "### The final answer is: 5\n",
    "### Image Description:\nA bar chart with four bars labelled A, B, C and D.\n\n"
    "### Rationales:\nRead the values from the chart and compare them.\n\n"
    "### Let's think step by step.\n\n"
    "### Step 1:\nBar A is 12, bar B is 30, bar C is 7 and bar D is 21.\n\n"
    "### Step 2:\nThe largest value is 30, which is bar B.\n\n"
    "### The final answer is: B\n",
    "What is the area of the rectangle? Choices: (A) 12 (B) 24 (C) 36 (D) 48",
    "The circle has radius r = 2, so the area is \\pi r^2 = 4\\pi. 3 \\times 4 = 12, 3*4=12.",
    "0 1 2 3 4 5 6 7 8 9 10 20 30 40 50 60 70 80 90 100 x y z + - * / = ( ) [ ] { } % ° .",
    "You are a helpful assistant. Answer the question about the image step by step.",
    "How many dots are there? Count the red dots and the blue dots, then add them: the sum "
    "is the total number. There are 3 red dots, 4 blue dots, 2 green squares and 1 circle.",
)


def _import_transformers() -> Any:
    try:
        import transformers
    except ImportError as exc:  # pragma: no cover - the examples need the trl extra
        raise ImportError(
            "make_tiny_model needs transformers: pip install -e \".[trl]\" from a checkout, or pip install transformers"
        ) from exc
    return transformers


def build_tokenizer(vocab_size: int = 1024, *, corpus: Sequence[str] | None = None,
                    phrase_merges: bool = False) -> Any:
    """Train a byte-level BPE in-process and wrap it as a Qwen-style fast tokenizer.

    The result has exactly *vocab_size* tokens: the trained merges, the Qwen special
    tokens and ``<|filler_N|>`` tokens up to the size, so a random model's every id decodes.
    *corpus* replaces the built-in training text. With *phrase_merges* every digit is a
    token of its own and merges may cross spaces, so the fixed phrases of a task's traces
    become single tokens: a trace of the ablation task is about 30 tokens instead of ~90,
    which is what makes GRPO on a CPU fast (``examples/reward_ablation.py``).

    >>> tok = build_tokenizer(512)
    >>> len(tok), tok.convert_tokens_to_ids("<|im_end|>") == tok.eos_token_id
    (512, True)
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    transformers = _import_transformers()
    if vocab_size < 512:
        raise ValueError(f"vocab_size must be at least 512, got {vocab_size}")
    bpe = Tokenizer(models.BPE())
    if phrase_merges:
        bpe.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ])
    else:
        bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size - len(SPECIAL_TOKENS) - 8,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(list(_CORPUS if corpus is None else corpus) * 4, trainer=trainer)
    fillers = [f"<|filler_{i}|>" for i in range(vocab_size - bpe.get_vocab_size())]
    tok = transformers.PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        bos_token=None,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        unk_token=None,
        additional_special_tokens=list(SPECIAL_TOKENS),
        model_max_length=32768,
        padding_side="left",
        clean_up_tokenization_spaces=False,
        chat_template=CHAT_TEMPLATE,
    )
    if fillers:
        tok.add_tokens(fillers)
    if len(tok) != vocab_size:  # pragma: no cover - guards the arithmetic above
        raise RuntimeError(f"tokenizer has {len(tok)} tokens, expected {vocab_size}")
    return tok


def _image_processor(*, min_pixels: int, max_pixels: int) -> Any:
    from transformers.models.qwen2_vl.image_processing_pil_qwen2_vl import (
        Qwen2VLImageProcessorPil,
    )

    return Qwen2VLImageProcessorPil(
        size={"shortest_edge": min_pixels, "longest_edge": max_pixels},
        patch_size=14,
        temporal_patch_size=2,
        merge_size=2,
    )


def _processor_classes() -> tuple[type, type]:
    transformers = _import_transformers()
    return transformers.Qwen2VLProcessor, transformers.Qwen2_5_VLProcessor


def _make_image_only_class() -> type:
    base, _ = _processor_classes()

    class ImageOnlyQwen2VLProcessor(base):  # type: ignore[misc,valid-type]
        """``Qwen2VLProcessor`` without a video processor, for machines without torchvision.

        Images go through ``Qwen2VLImageProcessorPil`` (numpy + PIL); videos are not
        supported. It saves itself under the stock class name so that the saved folder
        loads with ``AutoProcessor`` wherever torchvision exists.
        """

        def __init__(self, image_processor=None, tokenizer=None, chat_template=None, **kwargs):
            kwargs.pop("video_processor", None)
            super().__init__(
                image_processor=image_processor,
                tokenizer=tokenizer,
                video_processor=None,
                chat_template=chat_template,
                **kwargs,
            )

        def to_dict(self) -> dict[str, Any]:
            out = super().to_dict()
            out["processor_class"] = getattr(self, "_stock_class", "Qwen2VLProcessor")
            # Settings for the stock video processor, so that the saved folder loads with
            # ``AutoProcessor`` where torchvision exists (it insists on a video processor).
            image = out.get("image_processor") or {}
            video = {k: image[k] for k in _VIDEO_KEYS if k in image}
            video["video_processor_type"] = "Qwen2VLVideoProcessor"
            out.setdefault("video_processor", video)
            return out

    return ImageOnlyQwen2VLProcessor


_VIDEO_KEYS = (
    "do_convert_rgb", "do_normalize", "do_rescale", "do_resize", "image_mean", "image_std",
    "merge_size", "patch_size", "resample", "rescale_factor", "size", "temporal_patch_size",
)

_IMAGE_ONLY_CLASS: type | None = None


def __getattr__(name: str) -> Any:  # lazy: importing this module needs no transformers
    if name == "ImageOnlyQwen2VLProcessor":
        global _IMAGE_ONLY_CLASS
        if _IMAGE_ONLY_CLASS is None:
            _IMAGE_ONLY_CLASS = _make_image_only_class()
        return _IMAGE_ONLY_CLASS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _has_torchvision() -> bool:
    import importlib.util

    return importlib.util.find_spec("torchvision") is not None


def load_processor(path: str | Path, *, min_pixels: int | None = None,
                   max_pixels: int | None = None) -> Any:
    """Load a multimodal processor for a saved tiny (or real) Qwen2-VL folder.

    With torchvision this is ``AutoProcessor.from_pretrained(path)``; without it, an
    :class:`ImageOnlyQwen2VLProcessor` built from the saved tokenizer and image-processor
    settings. Either way the result turns images into ``pixel_values`` and
    ``image_grid_thw``; it raises ``RuntimeError`` rather than return a bare tokenizer.
    """
    transformers = _import_transformers()
    path = Path(path)
    processor: Any = None
    if _has_torchvision():
        try:
            processor = transformers.AutoProcessor.from_pretrained(path)
        except (ImportError, OSError, ValueError):
            processor = None
        if getattr(processor, "image_processor", None) is None:
            processor = None
    if processor is None:
        tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        settings: dict[str, Any] = {}
        stock_class = "Qwen2VLProcessor"
        for name in ("preprocessor_config.json", "processor_config.json"):
            file = path / name
            if file.is_file():
                data = json.loads(file.read_text())
                if data.get("processor_class") in _STOCK_CLASSES.values():
                    stock_class = data["processor_class"]
                data = data.get("image_processor", data)
                settings = data if "patch_size" in data else settings
        size = settings.get("size") or {}
        image_processor = _image_processor(
            min_pixels=int(size.get("shortest_edge", settings.get("min_pixels", 56 * 56))),
            max_pixels=int(size.get("longest_edge", settings.get("max_pixels", 28 * 28 * 1280))),
        )
        chat_template = getattr(tokenizer, "chat_template", None) or CHAT_TEMPLATE
        processor = __getattr__("ImageOnlyQwen2VLProcessor")(
            image_processor=image_processor, tokenizer=tokenizer, chat_template=chat_template
        )
        processor._stock_class = stock_class
    if min_pixels is not None or max_pixels is not None:
        ip = processor.image_processor
        size = dict(ip.size) if getattr(ip, "size", None) else {}
        if min_pixels is not None:
            size["shortest_edge"] = min_pixels
        if max_pixels is not None:
            size["longest_edge"] = max_pixels
        ip.size = type(ip.size)(**size) if hasattr(ip.size, "__dataclass_fields__") else size
    if getattr(processor, "image_processor", None) is None:  # pragma: no cover - defensive
        raise RuntimeError(f"could not build a multimodal processor from {path}")
    return processor


def vision_token_ids(processor_or_tokenizer: Any) -> list[int]:
    """Ids of the image/video/vision-marker tokens, for ``generation_kwargs["suppress_tokens"]``.

    A randomly initialised model samples every id; a sampled vision marker in a
    completion breaks the training forward pass, so suppress these in GRPO tests.
    """
    tok = getattr(processor_or_tokenizer, "tokenizer", processor_or_tokenizer)
    ids = [tok.convert_tokens_to_ids(t) for t in VISION_TOKENS]
    return [i for i in ids if isinstance(i, int) and i >= 0 and i != tok.unk_token_id]


def _model_config(variant: str, tok: Any, *, hidden_size: int, num_layers: int,
                  num_heads: int, vision_dim: int, vision_depth: int) -> Any:
    transformers = _import_transformers()
    head_dim = hidden_size // num_heads
    if head_dim % 2 or hidden_size % num_heads:
        raise ValueError("hidden_size / num_heads must be an even integer")
    half = head_dim // 2
    # mrope_section (temporal, height, width) must sum to head_dim / 2.
    mrope = [half - 2 * (half // 3), half // 3, half // 3]
    ids = {t: tok.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS}
    text_config: dict[str, Any] = dict(
        vocab_size=len(tok),
        hidden_size=hidden_size,
        intermediate_size=hidden_size * 2,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        num_key_value_heads=max(1, num_heads // 2),
        max_position_embeddings=4096,
        rope_parameters={"rope_type": "default", "rope_theta": 10000.0, "mrope_section": mrope},
        bos_token_id=ids["<|endoftext|>"],
        eos_token_id=ids["<|im_end|>"],
        pad_token_id=ids["<|endoftext|>"],
        tie_word_embeddings=False,
    )
    common: dict[str, Any] = dict(
        text_config=text_config,
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
        tie_word_embeddings=False,
    )
    vision_config: dict[str, Any]
    if variant == "qwen2_vl":
        vision_config = dict(
            depth=vision_depth, embed_dim=vision_dim, hidden_size=hidden_size,
            num_heads=max(1, vision_dim // 16), mlp_ratio=2, patch_size=14,
            spatial_merge_size=2, temporal_patch_size=2, in_channels=3,
        )
        return transformers.Qwen2VLConfig(vision_config=vision_config, **common)
    vision_config = dict(
        depth=vision_depth, hidden_size=vision_dim, out_hidden_size=hidden_size,
        intermediate_size=vision_dim * 2, num_heads=max(1, vision_dim // 16), patch_size=14,
        spatial_merge_size=2, temporal_patch_size=2, in_channels=3, window_size=112,
        fullatt_block_indexes=[vision_depth - 1],
    )
    return transformers.Qwen2_5_VLConfig(vision_config=vision_config, **common)


def build_tiny_qwen2_vl(
    out_dir: str | Path,
    *,
    variant: str = "qwen2_vl",
    seed: int = 0,
    vocab_size: int = 1024,
    hidden_size: int = 64,
    num_layers: int = 2,
    num_heads: int = 4,
    vision_dim: int = 32,
    vision_depth: int = 2,
    min_pixels: int = 56 * 56,
    max_pixels: int = 112 * 112,
    tokenizer: Any = None,
) -> Path:
    """Build, save and return the folder of a tiny random Qwen2-VL / Qwen2.5-VL.

    The folder holds ``config.json``, the weights, ``generation_config.json``, the
    tokenizer, the chat template and the image-processor settings, saved with
    ``save_pretrained`` under the stock class names: it reloads with
    ``Qwen2VLForConditionalGeneration.from_pretrained`` (or ``AutoModelForImageTextToText``)
    and :func:`load_processor`. Same *seed*, same weights. Images are resized to between
    *min_pixels* and *max_pixels* (56x56 gives 4 image tokens). *tokenizer* (from
    :func:`build_tokenizer`) replaces the default one; *vocab_size* is then its size.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    transformers = _import_transformers()
    import torch

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tok = build_tokenizer(vocab_size) if tokenizer is None else tokenizer
    config = _model_config(variant, tok, hidden_size=hidden_size, num_layers=num_layers,
                           num_heads=num_heads, vision_dim=vision_dim, vision_depth=vision_depth)
    model_cls = (transformers.Qwen2VLForConditionalGeneration if variant == "qwen2_vl"
                 else transformers.Qwen2_5_VLForConditionalGeneration)
    torch.manual_seed(seed)
    model = model_cls(config).to(torch.float32).eval()
    model.generation_config = transformers.GenerationConfig(
        bos_token_id=config.text_config.bos_token_id,
        eos_token_id=[tok.convert_tokens_to_ids("<|im_end|>"),
                      tok.convert_tokens_to_ids("<|endoftext|>")],
        pad_token_id=tok.pad_token_id,
        do_sample=True,
        temperature=1.0,
        suppress_tokens=vision_token_ids(tok),
    )
    model.save_pretrained(out)
    processor = __getattr__("ImageOnlyQwen2VLProcessor")(
        image_processor=_image_processor(min_pixels=min_pixels, max_pixels=max_pixels),
        tokenizer=tok,
        chat_template=CHAT_TEMPLATE,
    )
    # saved under the stock name, so that AutoProcessor loads it where torchvision exists
    processor._stock_class = _STOCK_CLASSES[variant]
    processor.save_pretrained(out)
    return out


def warm_up(
    model: Any,
    processor: Any,
    conversations: Sequence[Sequence[Mapping[str, Any]]],
    *,
    steps: int = 60,
    lr: float = 1e-2,
    seed: int = 0,
) -> float:
    """A few full-batch SFT steps on *conversations* (the paper's SFT warm-up, in miniature).

    Each conversation is a list of chat messages ending with the assistant's reference
    answer; images go in the user content as ``{"type": "image", "image": PIL.Image}``.
    The loss covers every non-padding token except image pads. A randomly initialised
    model samples noise and every reward ties; after a warm-up it writes partly
    structured traces, so StepGRPO rewards differ within a group and training moves
    the weights. Returns the last loss; leaves the model in eval mode.
    """
    import torch

    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    batch = processor.apply_chat_template(
        [list(c) for c in conversations], tokenize=True, return_dict=True,
        return_tensors="pt", padding=True,
    )
    labels = batch["input_ids"].clone()
    labels[batch["attention_mask"] == 0] = -100
    for token_id in vision_token_ids(processor):
        labels[labels == token_id] = -100
    torch.manual_seed(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    loss_value = float("nan")
    for _ in range(steps):
        loss = model(**batch, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        loss_value = float(loss.detach())
    model.eval()
    return loss_value


def load_model(path: str | Path, **kwargs: Any) -> Any:
    """Load a saved tiny model with the right class for its ``model_type`` (float32 by default)."""
    transformers = _import_transformers()
    import torch

    config = transformers.AutoConfig.from_pretrained(path)
    model_cls = (transformers.Qwen2_5_VLForConditionalGeneration
                 if config.model_type == "qwen2_5_vl"
                 else transformers.Qwen2VLForConditionalGeneration)
    kwargs.setdefault("dtype", torch.float32)
    return model_cls.from_pretrained(path, **kwargs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--variant", choices=VARIANTS, default="qwen2_vl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hidden-size", type=int, default=64)
    parser.add_argument("--layers", type=int, default=2)
    args = parser.parse_args(argv)
    path = build_tiny_qwen2_vl(args.out_dir, variant=args.variant, seed=args.seed,
                               hidden_size=args.hidden_size, num_layers=args.layers)
    model = load_model(path)
    n = sum(p.numel() for p in model.parameters())
    print(f"saved a tiny {args.variant} ({n:,} parameters) to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
