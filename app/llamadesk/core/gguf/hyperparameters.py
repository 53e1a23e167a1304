"""The hyper-parameters llama.cpp reads from a GGUF header, checked before anything uses them.

llama.cpp trusts these numbers. A NaN or negative normalisation epsilon aborts it in the
middle of an answer (``GGML_ASSERT(eps >= 0.0f)``); no layers, more than it supports, or
experts without a count of experts used abort the load; a 64-bit float or a negative count
turns a memory estimate into nonsense ("-8 MiB RAM + 25769803776 TiB VRAM"). So every
value of the keys below, for whatever architecture the file names, is checked for its
kind (a whole number, a finite number, one value per layer) and for a range that no real
model comes near the edges of, and for the few relations llama.cpp asserts. Other numbers
of the architecture must at least be finite 32-bit floats. A file that fails is refused
with the key and its value named: :func:`check_hyperparameters` raises ModelFileError.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from llamadesk.core.errors import ModelFileError
from llamadesk.core.texts import Text

MAX_LAYERS = 512  # LLAMA_MAX_LAYERS: llama.cpp aborts beyond it
MAX_EXPERTS = 512  # LLAMA_MAX_EXPERTS
_U32 = 2**32 - 1
_FLOAT32_MAX = 3.4028234663852886e38


@dataclass(frozen=True)
class Range:
    """The values a hyper-parameter may take: ``low..high``, whole numbers unless
    ``whole`` is False, and a list of one value per layer where ``per_layer``."""

    low: float
    high: float
    whole: bool = True
    per_layer: bool = False


# The keys under "{architecture}." that llama.cpp and LlamaDesk read as numbers.
RULES: dict[str, Range] = {
    "block_count": Range(1, MAX_LAYERS),
    "context_length": Range(1, _U32),
    "embedding_length": Range(1, 1 << 20),
    "embedding_length_out": Range(0, 1 << 20),
    "vocab_size": Range(1, 1 << 23),
    "feed_forward_length": Range(0, 1 << 22, per_layer=True),
    "expert_feed_forward_length": Range(0, 1 << 22, per_layer=True),
    "expert_shared_feed_forward_length": Range(0, 1 << 22),
    "expert_count": Range(0, MAX_EXPERTS),
    "expert_used_count": Range(0, MAX_EXPERTS),
    "expert_shared_count": Range(0, MAX_EXPERTS),
    "expert_group_count": Range(0, MAX_EXPERTS),
    "expert_group_used_count": Range(0, MAX_EXPERTS),
    "expert_weights_scale": Range(0, 1e6, whole=False),
    "leading_dense_block_count": Range(0, MAX_LAYERS),
    "attention.head_count": Range(0, 1 << 12, per_layer=True),
    "attention.head_count_kv": Range(0, 1 << 12, per_layer=True),
    "attention.key_length": Range(1, 1 << 16),
    "attention.value_length": Range(1, 1 << 16),
    "attention.key_length_mla": Range(1, 1 << 16),
    "attention.value_length_mla": Range(1, 1 << 16),
    "attention.q_lora_rank": Range(0, 1 << 16),
    "attention.kv_lora_rank": Range(0, 1 << 16),
    "attention.sliding_window": Range(0, _U32),
    "attention.layer_norm_epsilon": Range(0, 1, whole=False),
    "attention.layer_norm_rms_epsilon": Range(0, 1, whole=False),
    "attention.group_norm_epsilon": Range(0, 1, whole=False),
    "attention.group_norm_groups": Range(0, 1 << 16),
    "attention.scale": Range(0, 1e6, whole=False),
    "attention.max_alibi_bias": Range(0, 1e6, whole=False),
    "attn_logit_softcapping": Range(0, 1e6, whole=False),
    "final_logit_softcapping": Range(0, 1e6, whole=False),
    "rope.dimension_count": Range(0, 1 << 16),
    "rope.freq_base": Range(1, 1e12, whole=False),
    "rope.freq_base_swa": Range(1, 1e12, whole=False),
    "rope.scale_linear": Range(0, 1e6, whole=False),
    "rope.scaling.factor": Range(0, 1e6, whole=False),
    "rope.scaling.attn_factor": Range(0, 1e6, whole=False),
    "rope.scaling.original_context_length": Range(0, _U32),
    "ssm.conv_kernel": Range(0, 1 << 16),
    "ssm.inner_size": Range(0, 1 << 20),
    "ssm.state_size": Range(0, 1 << 16),
    "ssm.time_step_rank": Range(0, 1 << 16),
    "ssm.group_count": Range(0, 1 << 16),
}


def check_hyperparameters(name: str, metadata: Mapping[str, Any]) -> None:
    """Refuse a header whose hyper-parameters llama.cpp cannot run safely.

    ``name`` is how messages call the file; ``metadata`` holds the header's values (plain
    numbers, lists, and summaries of long arrays, whose ``str`` says what they are)."""
    architecture = metadata.get("general.architecture")
    if architecture is None:
        return
    if not isinstance(architecture, str) or not architecture.isprintable():
        raise _refused(name, "general.architecture", architecture, Text("not a name"))
    prefix = architecture + "."
    layers = metadata.get(prefix + "block_count")
    for key, value in metadata.items():
        if key.startswith(prefix):
            rule = RULES.get(key[len(prefix) :])
            if rule is None:
                _check_finite(name, key, value)
            else:
                _check(name, key, value, rule, layers)
    _check_relations(name, prefix, metadata)


def _check(name: str, key: str, value: Any, rule: Range, layers: Any) -> None:
    values = value if rule.per_layer and isinstance(value, list) else [value]
    if rule.per_layer and isinstance(value, list) and len(value) != layers:
        raise _refused(
            name,
            key,
            value,
            Text("where one value per layer ({layers}) is expected", layers=layers),
        )
    for item in values:
        number = isinstance(item, (int, float)) and not isinstance(item, bool)
        whole = isinstance(item, int) or not rule.whole
        if not (number and whole and rule.low <= item <= rule.high):
            if rule.whole:
                expected = Text(
                    "where a whole number from {low:,} to {high:,} is expected",
                    low=rule.low,
                    high=rule.high,
                )
            else:
                expected = Text(
                    "where a number from {low:g} to {high:g} is expected",
                    low=rule.low,
                    high=rule.high,
                )
            raise _refused(name, key, value, expected)


def _check_finite(name: str, key: str, value: Any) -> None:
    """Any other number of the architecture: a finite 32-bit float, as llama.cpp reads."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, float) and not (math.isfinite(item) and abs(item) <= _FLOAT32_MAX):
            raise _refused(name, key, value, Text("where a finite number is expected"))


def _check_relations(name: str, prefix: str, metadata: Mapping[str, Any]) -> None:
    """What llama.cpp asserts, and aborts on, beyond each value's own range."""
    experts = metadata.get(prefix + "expert_count", 0)
    used_key = prefix + "expert_used_count"
    used = metadata.get(used_key, 0)
    if experts and not 1 <= used <= experts:
        raise _refused(
            name,
            used_key,
            used if used_key in metadata else None,
            Text(
                "where the {experts} experts of the model call for a number from 1 to {experts}",
                experts=experts,
            ),
        )
    if used and not experts:
        raise _refused(name, used_key, used, Text("but the model has no experts (no expert_count)"))
    heads_key, kv_key = prefix + "attention.head_count", prefix + "attention.head_count_kv"
    heads, kv_heads = metadata.get(heads_key), metadata.get(kv_key)
    if heads is None or kv_heads is None:
        return
    per_layer = [x for x in (heads, kv_heads) if isinstance(x, list)]
    for layer in range(len(per_layer[0]) if per_layer else 1):
        q = heads[layer] if isinstance(heads, list) else heads
        kv = kv_heads[layer] if isinstance(kv_heads, list) else kv_heads
        if kv and q % kv:  # ggml cannot share kv heads unevenly between attention heads
            raise _refused(
                name,
                kv_key,
                kv_heads,
                Text(
                    "which does not divide the {heads} attention heads of layer {layer}",
                    heads=q,
                    layer=layer,
                ),
            )


def _shown(value: Any) -> str:
    """A value as the message shows it: short, with floats as Python writes them."""
    if value is None:
        return Text("missing")
    if isinstance(value, list):
        items = ", ".join(map(_shown, value[:8]))
        return f"[{items}{', …' if len(value) > 8 else ''}]"
    text = repr(value) if isinstance(value, (str, float)) else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _refused(name: str, key: str, value: Any, problem: str) -> ModelFileError:
    return ModelFileError(
        Text(
            'The model file "{name}" cannot be used: its hyper-parameter {key} is {value}, '
            "{problem}. The file is damaged or was converted wrongly; download it again or "
            "choose another file.",
            name=name,
            key=key,
            value=_shown(value),
            problem=problem,
        )
    )
