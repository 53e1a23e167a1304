"""Hyper-parameters llama.cpp cannot run safely are refused, with the key and value named."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from gguf import GGUFValueType

from llamadesk.core.errors import ModelFileError
from llamadesk.core.gguf import parse_header, read_info, write_model
from llamadesk.core.gguf.synthetic import TINY, build_vocab

F32, F64 = GGUFValueType.FLOAT32, GGUFValueType.FLOAT64
U32, I32, U64 = GGUFValueType.UINT32, GGUFValueType.INT32, GGUFValueType.UINT64
NAN, INF = math.nan, math.inf

# (values written over the tiny model's, the value shown[, the key named if not the only one])
HOSTILE = {
    "nan epsilon": ({"llama.attention.layer_norm_rms_epsilon": (NAN, F32)}, "nan"),
    "negative epsilon": ({"llama.attention.layer_norm_rms_epsilon": (-1.0, F32)}, "-1.0"),
    "infinite epsilon": ({"llama.attention.layer_norm_rms_epsilon": (INF, F32)}, "inf"),
    "float64 embedding": ({"llama.embedding_length": (1e300, F64)}, "1e+300"),
    "infinite embedding": ({"llama.embedding_length": (INF, F32)}, "inf"),
    "negative layers": ({"llama.block_count": (-5, I32)}, "-5"),
    "no layers": ({"llama.block_count": (0, U32)}, "0"),
    "too many layers": ({"llama.block_count": (1000, U32)}, "1000"),
    "64-bit context": ({"llama.context_length": (2**40, U64)}, "1099511627776"),
    "text heads": ({"llama.attention.head_count": ("many", GGUFValueType.STRING)}, "'many'"),
    "true heads": ({"llama.attention.head_count": (True, GGUFValueType.BOOL)}, "True"),
    "nan rope base": ({"llama.rope.freq_base": (NAN, F32)}, "nan"),
    "zero rope base": ({"llama.rope.freq_base": (0.0, F32)}, "0.0"),
    "huge rope scale": ({"llama.rope.scaling.factor": (1e30, F64)}, "1e+30"),
    "too many experts": (
        {"llama.expert_count": (600, U32), "llama.expert_used_count": (2, U32)},
        "600",
        "expert_count",
    ),
    "experts, none used": ({"llama.expert_count": (4, U32)}, "missing", "expert_used_count"),
    "more used than experts": (
        {"llama.expert_count": (2, U32), "llama.expert_used_count": (3, U32)},
        "3",
        "expert_used_count",
    ),
    "used, no experts": ({"llama.expert_used_count": (2, U32)}, "2"),
    "per-layer list too long": (
        {"llama.attention.head_count_kv": ([2, 2, 2], GGUFValueType.ARRAY)},
        "[2, 2, 2]",
    ),
    "kv heads not dividing heads": ({"llama.attention.head_count_kv": (3, U32)}, "3"),
    "nan in an unknown key": ({"llama.future.scale": (NAN, F32)}, "nan"),
    "float64 beyond float32": ({"llama.future.scale": (1e300, F64)}, "1e+300"),
    "architecture not a name": ({"general.architecture": (7, U32)}, "7"),
}


@pytest.fixture(scope="module")
def hostile_models(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {
        case: write_model(folder / f"{case.replace(' ', '-')}.gguf", metadata=values)
        for case, (values, *_) in HOSTILE.items()
    }


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_hyperparameter_is_refused_with_its_key_and_value(hostile_models, case):
    values, shown, *named = HOSTILE[case]
    key = f"llama.{named[0]}" if named else next(iter(values))
    path = hostile_models[case]
    with pytest.raises(ModelFileError) as caught:
        read_info(path)
    message = str(caught.value)
    assert type(caught.value) is ModelFileError and str(path) in message
    assert f"hyper-parameter {key} is {shown}," in message, message
    assert "download it again or choose another file" in message
    # The model manager reads the same header remotely, from its first bytes.
    with pytest.raises(ModelFileError, match="hyper-parameter"):
        parse_header(path.read_bytes()[:1_000_000], path.stat().st_size)


def test_real_shapes_pass(tmp_path, tiny_model):
    ok = {
        "llama.expert_count": (8, U32),
        "llama.expert_used_count": (2, U32),
        "llama.attention.head_count_kv": ([2, 1], GGUFValueType.ARRAY),
        "llama.context_length": (10_485_760, U32),  # Llama 4 Scout's 10M tokens
        "llama.rope.freq_base": (500000.0, F32),
        "llama.attention.layer_norm_rms_epsilon": (1e-6, F32),
    }
    info = read_info(write_model(tmp_path / "moe.gguf", metadata=ok))
    assert (info.expert_count, info.n_head_kv, info.context_length) == (8, 2, 10_485_760)
    assert read_info(tiny_model).n_layer == 2


def vocabulary_with(change) -> list[str]:
    tokens, _, _ = build_vocab(TINY.vocab_size)
    change(tokens)
    return tokens


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda t: t.__setitem__(300, t[301]),
            f"lists the token {build_vocab(512)[0][301]!r} twice",
        ),
        # llama.cpp reads tokens as C strings: "abc\0x" is "abc"
        (lambda t: t.__setitem__(300, t[301] + "\0x"), "twice"),
        (lambda t: t.__setitem__(t.index("<0x0A>"), "<0c0A>"), "no token for the byte 0x0A"),
    ],
)
def test_a_vocabulary_llama_cpp_aborts_on_is_refused(tmp_path, change, expected):
    """Found by tests/core/gguf/test_fuzz.py: llama.cpp aborts on a duplicate token
    (GGML_ASSERT(id_to_token.size() == token_to_id.size())) and, for a SentencePiece
    vocabulary, on a byte it has no token for (std::out_of_range from unordered_map::at)."""
    tokens = vocabulary_with(change)
    path = write_model(
        tmp_path / "vocab.gguf",
        metadata={"tokenizer.ggml.tokens": (tokens, GGUFValueType.ARRAY)},
    )
    with pytest.raises(ModelFileError, match="is damaged") as caught:
        read_info(path)
    assert expected in str(caught.value)
