"""Build LLaMA-architecture GGUF files with random weights and a working tokenizer.

The files are real models as far as llama.cpp is concerned: a byte-fallback
SentencePiece-style vocabulary, special chat tokens, a Jinja chat template and
weights in F32, F16, Q8_0 or Q4_0. The answers are gibberish, but every code
path (tokenizer, template, sampling, UTF-8 pieces, KV cache) is exercised for
real. Used by the test suite, the self-test and the benchmarks.

Tensors are generated and written one at a time, so a 1B-parameter model needs
no more memory than its largest tensor.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gguf
import numpy as np

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

_QUANT_TYPES = {
    "F32": (gguf.GGMLQuantizationType.F32, gguf.LlamaFileType.ALL_F32),
    "F16": (gguf.GGMLQuantizationType.F16, gguf.LlamaFileType.MOSTLY_F16),
    "Q8_0": (gguf.GGMLQuantizationType.Q8_0, gguf.LlamaFileType.MOSTLY_Q8_0),
    "Q4_0": (gguf.GGMLQuantizationType.Q4_0, gguf.LlamaFileType.MOSTLY_Q4_0),
}
QUANTIZATIONS = tuple(_QUANT_TYPES)

_SPECIAL = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
_WORDS = [
    "Hello",
    "world",
    "the",
    "a",
    "an",
    "is",
    "are",
    "was",
    "I",
    "you",
    "we",
    "they",
    "it",
    "this",
    "that",
    "and",
    "or",
    "not",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "as",
    "at",
    "by",
    "from",
    "model",
    "answer",
    "question",
    "chat",
    "local",
    "fast",
    "token",
]
_CJK = "你好世界中文的是我们模型回答问题"


@dataclass(frozen=True)
class Vocabulary:
    """The special tokens of a model family, beyond the base ones (``<unk>``, ``<s>``,
    ``</s>``, ``<|im_start|>``, ``<|im_end|>``): ``control`` tokens (never text) and
    ``user_defined`` ones (text a tokenizer matches, like Qwen3's ``<think>``), and which
    of them begin and end a text and a turn."""

    control: tuple[str, ...] = ()
    user_defined: tuple[str, ...] = ()
    bos: str = "<s>"
    eos: str = "</s>"
    eot: str = "<|im_end|>"

    def specials(self) -> list[tuple[str, gguf.TokenType]]:
        base = [(_SPECIAL[0], gguf.TokenType.UNKNOWN)]
        base += [(text, gguf.TokenType.CONTROL) for text in _SPECIAL[1:]]
        known = {text for text, _ in base}
        base += [(t, gguf.TokenType.CONTROL) for t in self.control if t not in known]
        base += [(t, gguf.TokenType.USER_DEFINED) for t in self.user_defined if t not in known]
        return base


BASE_VOCABULARY = Vocabulary()
# The special tokens of real model families, as their GGUF files have them.
LLAMA3 = Vocabulary(
    control=(
        "<|begin_of_text|>",
        "<|end_of_text|>",
        "<|start_header_id|>",
        "<|end_header_id|>",
        "<|eot_id|>",
        "<|eom_id|>",
    ),
    bos="<|begin_of_text|>",
    eos="<|end_of_text|>",
    eot="<|eot_id|>",
)
DEEPSEEK_R1_LLAMA = Vocabulary(
    control=("<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"),
    user_defined=("<｜User｜>", "<｜Assistant｜>", "<think>", "</think>"),
    bos="<｜begin▁of▁sentence｜>",
    eos="<｜end▁of▁sentence｜>",
    eot="<｜end▁of▁sentence｜>",
)
QWEN3 = Vocabulary(
    control=("<|endoftext|>",),
    user_defined=("<think>", "</think>", "<tool_call>", "</tool_call>"),
    bos="<|endoftext|>",
    eos="<|im_end|>",
)
GPT_OSS = Vocabulary(
    control=(
        "<|startoftext|>",
        "<|endoftext|>",
        "<|start|>",
        "<|channel|>",
        "<|message|>",
        "<|constrain|>",
        "<|end|>",
        "<|return|>",
        "<|call|>",
    ),
    bos="<|startoftext|>",
    eos="<|return|>",
    eot="<|return|>",
)
GEMMA = Vocabulary(
    control=("<bos>", "<eos>", "<start_of_turn>", "<end_of_turn>"),
    bos="<bos>",
    eos="<eos>",
    eot="<end_of_turn>",
)


@dataclass(frozen=True)
class ModelShape:
    """Hyper-parameters of a LLaMA-style model."""

    vocab_size: int = 512
    n_embd: int = 64
    n_layer: int = 2
    n_head: int = 4
    n_head_kv: int = 2
    n_ff: int = 128
    context_length: int = 4096
    weight_std: float = 0.3

    @property
    def head_dim(self) -> int:
        return self.n_embd // self.n_head


TINY = ModelShape()
# The shape of Llama 3.2 1B (vocabulary size included), for benchmarks.
LLAMA_1B = ModelShape(
    vocab_size=128256,
    n_embd=2048,
    n_layer=16,
    n_head=32,
    n_head_kv=8,
    n_ff=8192,
    context_length=8192,
    weight_std=0.02,
)


def build_vocab(
    vocab_size: int, vocabulary: Vocabulary = BASE_VOCABULARY
) -> tuple[list[str], list[float], list[int]]:
    """Return (tokens, scores, types) of a byte-fallback SentencePiece vocabulary."""
    specials = vocabulary.specials()
    tokens: list[str] = [text for text, _ in specials]
    types = [kind for _, kind in specials]
    tokens += [f"<0x{b:02X}>" for b in range(256)]
    types += [gguf.TokenType.BYTE] * 256
    pieces = ["▁"] + [c for c in string.printable[:94]] + list(_CJK)
    pieces += ["▁" + w for w in _WORDS] + ["ing", "ed", "er", "ly", "’s"]
    letters = string.ascii_lowercase
    filler = itertools.chain(
        ("▁" + a + b for a, b in itertools.product(letters, repeat=2)),
        (a + b for a, b in itertools.product(letters, repeat=2)),
        ("▁" + "".join(t) for t in itertools.product(letters, repeat=3)),
        ("".join(t) for t in itertools.product(letters, repeat=3)),
        ("▁" + "".join(t) for t in itertools.product(letters, repeat=4)),
        ("".join(t) for t in itertools.product(letters, repeat=4)),
    )
    seen = set(tokens)
    for piece in itertools.chain(pieces, filler):
        if len(tokens) >= vocab_size:
            break
        if piece not in seen:
            seen.add(piece)
            tokens.append(piece)
            types.append(gguf.TokenType.NORMAL)
    if len(tokens) < vocab_size:
        raise ValueError(f"vocab_size {vocab_size} is larger than this builder can fill")
    scores = [0.0] * len(specials) + [0.0] * 256
    scores += [-float(i) for i in range(len(tokens) - len(scores))]
    return tokens, scores, [int(t) for t in types]


def _tensor_shapes(shape: ModelShape) -> Iterator[tuple[str, tuple[int, ...]]]:
    """Yield (name, numpy shape) of every tensor, in file order."""
    n_embd_kv = shape.head_dim * shape.n_head_kv
    yield "token_embd.weight", (shape.vocab_size, shape.n_embd)
    for i in range(shape.n_layer):
        yield f"blk.{i}.attn_norm.weight", (shape.n_embd,)
        yield f"blk.{i}.attn_q.weight", (shape.n_embd, shape.n_embd)
        yield f"blk.{i}.attn_k.weight", (n_embd_kv, shape.n_embd)
        yield f"blk.{i}.attn_v.weight", (n_embd_kv, shape.n_embd)
        yield f"blk.{i}.attn_output.weight", (shape.n_embd, shape.n_embd)
        yield f"blk.{i}.ffn_norm.weight", (shape.n_embd,)
        yield f"blk.{i}.ffn_gate.weight", (shape.n_ff, shape.n_embd)
        yield f"blk.{i}.ffn_up.weight", (shape.n_ff, shape.n_embd)
        yield f"blk.{i}.ffn_down.weight", (shape.n_embd, shape.n_ff)
    yield "output_norm.weight", (shape.n_embd,)
    yield "output.weight", (shape.vocab_size, shape.n_embd)


def write_model(
    path: Path | str,
    *,
    quant: str = "Q8_0",
    shape: ModelShape = TINY,
    chat_template: str | None = CHATML_TEMPLATE,
    name: str = "Tiny Llama",
    seed: int = 1234,
    header_only: bool = False,
    vocabulary: Vocabulary = BASE_VOCABULARY,
    metadata: Mapping[str, tuple[Any, gguf.GGUFValueType] | None] | None = None,
) -> Path:
    """Write a random-weight LLaMA model to ``path`` and return the path.

    ``header_only`` stops after the header: a file as big models begin, for tests of
    what is decided from a header alone (memory estimates, offload plans). ``metadata``
    writes keys over the usual ones or beside them, as ``(value, GGUF type)``, or leaves a
    key out (None): files as a stranger may make them, a NaN epsilon or a 64-bit float
    where llama.cpp expects a 32-bit count, for tests of what is refused."""
    qtype, ftype = _QUANT_TYPES[quant]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(path, "llama")
    writer.add_name(name)
    writer.add_context_length(shape.context_length)
    writer.add_embedding_length(shape.n_embd)
    writer.add_block_count(shape.n_layer)
    writer.add_feed_forward_length(shape.n_ff)
    writer.add_head_count(shape.n_head)
    writer.add_head_count_kv(shape.n_head_kv)
    writer.add_rope_dimension_count(shape.head_dim)
    writer.add_rope_freq_base(10000.0)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_vocab_size(shape.vocab_size)
    writer.add_file_type(int(ftype))

    tokens, scores, types = build_vocab(shape.vocab_size, vocabulary)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(tokens.index(vocabulary.bos))
    writer.add_eos_token_id(tokens.index(vocabulary.eos))
    writer.add_eot_token_id(tokens.index(vocabulary.eot))
    writer.add_add_bos_token(True)
    writer.add_add_space_prefix(True)
    if chat_template is not None:
        writer.add_chat_template(chat_template)
    for key, value in (metadata or {}).items():
        if value is None:
            writer.kv_data[0].pop(key, None)
        else:
            writer.kv_data[0][key] = gguf.GGUFValue(*value)

    plan = []
    for tensor_name, np_shape in _tensor_shapes(shape):
        tensor_type = qtype if len(np_shape) == 2 else gguf.GGMLQuantizationType.F32
        if tensor_type in (gguf.GGMLQuantizationType.F32, gguf.GGMLQuantizationType.F16):
            dtype = np.float32 if tensor_type == gguf.GGMLQuantizationType.F32 else np.float16
            stored_shape, nbytes = np_shape, int(np.prod(np_shape)) * np.dtype(dtype).itemsize
            writer.add_tensor_info(tensor_name, stored_shape, np.dtype(dtype), nbytes)
        else:
            stored_shape = gguf.quant_shape_to_byte_shape(np_shape, tensor_type)
            nbytes = int(np.prod(stored_shape))
            writer.add_tensor_info(
                tensor_name, stored_shape, np.dtype(np.uint8), nbytes, raw_dtype=tensor_type
            )
        plan.append((tensor_name, np_shape, tensor_type))

    writer.write_header_to_file(path)
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    if header_only:
        writer.close()
        return path
    rng = np.random.default_rng(seed)
    for tensor_name, np_shape, tensor_type in plan:
        if tensor_name.endswith("norm.weight"):
            data = np.ones(np_shape, dtype=np.float32)
        else:
            data = rng.standard_normal(np_shape, dtype=np.float32) * np.float32(shape.weight_std)
        writer.write_tensor_data(gguf.quants.quantize(data, tensor_type))
    writer.close()
    return path
