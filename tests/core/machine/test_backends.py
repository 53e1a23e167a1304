"""Offload decisions, from a header and a device list: no GPU needed to test them."""

from __future__ import annotations

import pytest

from llamadesk.core.errors import SettingsError
from llamadesk.core.gguf import parse_header
from llamadesk.core.gguf import synthetic as synthetic_model
from llamadesk.core.machine.backends import BackendReport, Device, GiB, LoadOptions, plan_offload

CPU = Device("CPU", "AMD Ryzen 7", "cpu", "CPU", 30 * GiB, 32 * GiB)


def gpu(free_gib: float, backend: str = "CUDA") -> Device:
    name = "Metal" if backend == "Metal" else f"{backend}0"
    return Device(name, "NVIDIA GeForce RTX 4070", "gpu", backend, int(free_gib * GiB), 12 * GiB)


def report(*devices: Device, backends=("CUDA", "CPU")) -> BackendReport:
    return BackendReport("0.3.36", backends, (CPU, *devices), "AVX2 = 1")


@pytest.fixture(scope="module")
def llama_8b(tmp_path_factory):
    """The header of a Llama-3.1-8B-shaped Q4_0 file (4.3 GiB of weights)."""
    shape = synthetic_model.ModelShape(
        vocab_size=128256,
        n_embd=4096,
        n_layer=32,
        n_head=32,
        n_head_kv=8,
        n_ff=14336,
        context_length=131072,
    )
    path = tmp_path_factory.mktemp("headers") / "llama-8b-Q4_0.gguf"
    synthetic_model.write_model(path, quant="Q4_0", shape=shape, header_only=True)
    return parse_header(path.read_bytes())


def test_cpu_only_build_says_so_and_how_to_get_a_gpu_build(llama_8b):
    plan = plan_offload(LoadOptions(), report(backends=("CPU",)), llama_8b, 4096)
    assert plan.n_gpu_layers == 0
    assert "no GPU support" in plan.reason and "GGML_CUDA" in plan.reason


def test_gpu_build_without_a_device_points_at_the_driver(llama_8b):
    plan = plan_offload(LoadOptions(), report(), llama_8b, 4096)
    assert plan.n_gpu_layers == 0
    assert "no CUDA device was found" in plan.reason and "driver" in plan.reason


def test_user_choice_of_none_is_respected_and_named(llama_8b):
    plan = plan_offload(LoadOptions(gpu_layers="none"), report(gpu(24)), llama_8b, 4096)
    assert plan.n_gpu_layers == 0 and "you set GPU layers to none" in plan.reason


def test_auto_puts_everything_on_a_big_gpu(llama_8b):
    plan = plan_offload(LoadOptions(), report(gpu(22)), llama_8b, 8192)
    assert plan.n_gpu_layers == 33 and plan.device.backend == "CUDA"
    assert plan.reason.startswith("All 33 layers")


def test_auto_splits_a_model_that_does_not_fit_and_respects_the_budget(llama_8b):
    options = LoadOptions()
    plan = plan_offload(options, report(gpu(3.5)), llama_8b, 8192)
    assert 0 < plan.n_gpu_layers < 33
    assert "the rest runs on the CPU" in plan.reason
    budget = 3.5 * GiB - 512 * 1024**2
    assert options.estimate(llama_8b, 8192, plan.n_gpu_layers).vram <= budget
    assert options.estimate(llama_8b, 8192, plan.n_gpu_layers + 1).vram > budget


def test_auto_with_a_full_gpu_runs_on_the_cpu_and_says_why(llama_8b):
    plan = plan_offload(LoadOptions(), report(gpu(0.3)), llama_8b, 8192)
    assert plan.n_gpu_layers == 0
    assert "not enough for one layer" in plan.reason


def test_a_larger_context_leaves_room_for_fewer_layers(llama_8b):
    small = plan_offload(LoadOptions(), report(gpu(4)), llama_8b, 2048)
    large = plan_offload(LoadOptions(), report(gpu(4)), llama_8b, 32768)
    assert large.n_gpu_layers < small.n_gpu_layers


def test_explicit_layer_counts_are_clamped_and_metal_is_named(llama_8b):
    plan = plan_offload(
        LoadOptions(gpu_layers=99),
        report(gpu(16, "Metal"), backends=("Metal", "CPU")),
        llama_8b,
        4096,
    )
    assert plan.n_gpu_layers == 33 and "(Metal)" in plan.reason


def test_the_gpu_with_most_free_memory_is_chosen(llama_8b):
    plan = plan_offload(LoadOptions(gpu_layers="all"), report(gpu(2), gpu(10)), llama_8b, 4096)
    assert plan.device.memory_free == 10 * GiB


@pytest.mark.parametrize(
    "bad",
    [
        {"n_ctx": 100},
        {"gpu_layers": "most"},
        {"gpu_layers": -1},
        {"n_threads": 0},
        {"n_batch": 0},
        {"flash_attn": "yes"},
        {"kv_type": "q3_k"},
        {"kv_type": "q8_0", "flash_attn": "off"},  # a quantized KV cache needs flash attention
        {"kv_type": "q4_0", "flash_attn": "off"},
    ],
)
def test_invalid_load_options_are_refused(bad):
    with pytest.raises(SettingsError):
        LoadOptions(**bad)


def test_quantized_kv_cache_without_flash_attention_says_what_to_do():
    with pytest.raises(SettingsError) as refused:
        LoadOptions(kv_type="q8_0", flash_attn="off")
    assert str(refused.value) == "A quantized KV cache needs flash attention: set it to auto or on."
    for kv_type in ("f16", "bf16", "f32"):  # full precision works without it
        assert LoadOptions(kv_type=kv_type, flash_attn="off").flash_attn == "off"
    for flash_attn in ("auto", "on"):
        assert LoadOptions(kv_type="q4_0", flash_attn=flash_attn).kv_type == "q4_0"
