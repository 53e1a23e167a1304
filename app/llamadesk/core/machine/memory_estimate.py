"""How much memory llama.cpp will allocate for a model, and where (RAM or GPU).

Computed from the GGUF header alone and fitted to what llama.cpp (as bundled with
llama-cpp-python 0.3.36) reports when it loads: weights placed layer by layer, the KV
cache for the padded context, and the worst-case compute buffers.
"""

from __future__ import annotations

from dataclasses import dataclass

from gguf import GGML_QUANT_SIZES, GGMLQuantizationType

from llamadesk.core.errors import SettingsError
from llamadesk.core.gguf import GGUFInfo, as_int
from llamadesk.core.texts import Text

KV_CACHE_TYPES = ("f16", "bf16", "f32", "q8_0", "q5_1", "q5_0", "q4_1", "iq4_nl", "q4_0")
_CONTEXT_PADDING = 256  # llama.cpp rounds n_ctx up to a multiple of this


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes llama.cpp allocates for a model, in system memory (``ram``) and on the GPU."""

    weights_ram: int
    weights_vram: int
    kv_ram: int
    kv_vram: int
    compute_ram: int
    compute_vram: int

    @property
    def ram(self) -> int:
        return self.weights_ram + self.kv_ram + self.compute_ram

    @property
    def vram(self) -> int:
        return self.weights_vram + self.kv_vram + self.compute_vram


def estimate_memory(
    info: GGUFInfo,
    *,
    n_ctx: int,
    n_gpu_layers: int,
    kv_type: str = "f16",
    flash_attn: bool = False,
    n_batch: int = 512,
    n_ubatch: int = 512,
) -> MemoryEstimate:
    """Estimate what llama.cpp, as bundled with llama-cpp-python 0.3.36, allocates.

    Placement follows llama.cpp: the last ``n_gpu_layers`` repeating layers go to the GPU
    (negative means all), the output layer too once ``n_gpu_layers > n_layer``, and the
    token embeddings always stay in system memory; each layer's KV cache sits with it.
    ``n_ctx`` 0 means the model's training context. The compute buffer is the peak of
    llama.cpp's worst-case graph (a full micro-batch of tokens, each making logits),
    fitted to what llama.cpp reports on the CPU; its CPU/GPU split is modelled, unmeasured.
    """
    if kv_type not in KV_CACHE_TYPES:
        raise SettingsError(
            Text(
                "Unknown KV cache type {kv_type}: choose one of {types}.",
                kv_type=repr(kv_type),
                types=", ".join(KV_CACHE_TYPES),
            )
        )
    n_layer = info.n_layer
    gpu_layers = n_layer + 1 if n_gpu_layers < 0 else min(n_gpu_layers, n_layer + 1)
    first_gpu_layer, output_on_gpu = n_layer - min(gpu_layers, n_layer), gpu_layers > n_layer
    weights = [0, 0]  # [ram, vram]
    for tensor in info.tensors:
        weights[_on_gpu(tensor.name, first_gpu_layer, output_on_gpu)] += tensor.nbytes
    if output_on_gpu and not any(t.name == "output.weight" for t in info.tensors):
        # Tied embeddings: llama.cpp copies token_embd to the GPU to serve as the output layer.
        weights[1] += sum(t.nbytes for t in info.tensors if t.name == "token_embd.weight")

    n_ctx = n_ctx if n_ctx > 0 else info.context_length
    kv_cells = -(-n_ctx // _CONTEXT_PADDING) * _CONTEXT_PADDING
    block_size, type_size = GGML_QUANT_SIZES[GGMLQuantizationType[kv_type.upper()]]
    kv_head_bytes = kv_cells * (info.key_length + info.value_length) // block_size * type_size

    # The graph's peak is one of three, in floats per token (fitted to llama.cpp's
    # allocator): attention (with the n_kv x n_head score matrix unless flash attention),
    # the feed-forward block, and the output logits; the attention mask comes on top.
    tokens = min(n_ctx, n_batch, n_ubatch)  # llama-cpp-python caps n_batch at n_ctx
    n_embd = info.n_embd
    attention = 5 * n_embd + 2 * info.n_head_kv * info.key_length
    attention += 0 if flash_attn else kv_cells * info.n_head
    layer_peak = 4 * tokens * max(attention, 3 * info.n_ff + 4 * n_embd)
    layer_peak += kv_cells * tokens * (2 if flash_attn else 4)
    output_peak = 4 * tokens * (info.vocab_size + 2 * n_embd)
    compute_ram = 4 * info.vocab_size  # llama.cpp's output buffer: the logits of one token
    compute_vram = max(layer_peak, output_peak if output_on_gpu else 0) if gpu_layers else 0
    if gpu_layers < n_layer or not output_on_gpu:
        compute_ram += max(layer_peak if gpu_layers < n_layer else 0, output_peak)
    else:
        compute_ram += 4 * tokens * n_embd  # token embeddings, looked up on the CPU
    return MemoryEstimate(
        weights_ram=weights[0],
        weights_vram=weights[1],
        kv_ram=kv_head_bytes * _kv_heads(info, 0, first_gpu_layer),
        kv_vram=kv_head_bytes * _kv_heads(info, first_gpu_layer, n_layer),
        compute_ram=compute_ram,
        compute_vram=compute_vram,
    )


def _kv_heads(info: GGUFInfo, first: int, stop: int) -> int:
    """KV heads of the layers first..stop-1, per layer where the model says (hybrid models)."""
    heads = info.metadata.get(f"{info.architecture}.attention.head_count_kv")
    if isinstance(heads, list) and len(heads) == info.n_layer:
        return sum(as_int(heads[layer]) or 0 for layer in range(first, stop))
    return info.n_head_kv * (stop - first)


def _on_gpu(name: str, first_gpu_block: int, output_on_gpu: bool) -> bool:
    """Where llama.cpp puts a tensor: repeating layers by index, embeddings on the CPU."""
    if name.startswith("blk."):
        index = name.split(".", 2)[1]
        return index.isdigit() and int(index) >= first_gpu_block
    if name.startswith(("token_embd", "position_embd", "token_types")):
        return False
    return output_on_gpu
