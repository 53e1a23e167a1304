"""Fit verdicts and recommendations on fake machines, and the RAM figures of this one."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from llamadesk.core.errors import SettingsError
from llamadesk.core.gguf import GGUFInfo, parse_header
from llamadesk.core.gguf import synthetic as synthetic_model
from llamadesk.core.hub import BITS_PER_WEIGHT, ModelVariant, RemoteFile
from llamadesk.core.machine import (
    BackendReport,
    Device,
    LoadOptions,
    context_choices,
    context_size,
    plan_offload,
    suggested_context,
)
from llamadesk.core.machine.fit import (
    RAM_RESERVE_BYTES,
    Machine,
    Verdict,
    _macos_memory,
    fit_variants,
    fit_verdict,
    parse_meminfo,
    recommend,
    recommended_models,
    system_memory,
)

GiB = 1024**3
MiB = 1024**2
# TinyLlama 1.1B's shape (smaller vocabulary): about 1.2 GB of weights at Q8_0
SHAPE = synthetic_model.ModelShape(
    vocab_size=16000, n_embd=2048, n_layer=22, n_head=32, n_head_kv=4, n_ff=5632,
    context_length=2048,
)  # fmt: skip


@pytest.fixture(scope="module")
def header(tmp_path_factory: pytest.TempPathFactory) -> GGUFInfo:
    path = tmp_path_factory.mktemp("fit") / "tinyllama-Q8_0.gguf"
    synthetic_model.write_model(path, quant="Q8_0", shape=SHAPE, header_only=True)
    return parse_header(path.read_bytes(), name=path.name)


def gpu_report(free: int, backend: str = "CUDA", kind: str = "gpu") -> BackendReport:
    gpu = Device("GPU0", "NVIDIA GeForce RTX 4060", kind, backend, free, free + GiB)
    cpu = Device("CPU", "CPU", "cpu", "CPU", 0, 0)
    return BackendReport("0.3.36", ("CPU", backend), (cpu, gpu), "")


CPU_BUILD = BackendReport("0.3.36", ("CPU",), (Device("CPU", "CPU", "cpu", "CPU", 0, 0),), "")


def test_fits_on_the_gpu(header):
    machine = Machine(16 * GiB, 12 * GiB, gpu_report(8 * GiB))
    fit = fit_verdict(header, machine, n_ctx=2048)
    assert fit.verdict == Verdict.FITS_ON_GPU and str(fit.verdict) == "fits on GPU"
    assert fit.n_gpu_layers == fit.total_layers == 23 and fit.exact
    assert fit.vram_needed > header.weights_bytes * 0.9 and fit.ram_needed < 200 * MiB
    assert "all 23 layers on NVIDIA GeForce RTX 4060" in fit.reason
    assert "2,048 tokens" in fit.reason


def test_partly_on_the_gpu_agrees_with_the_engines_offload_plan(header):
    report = gpu_report(1 * GiB)
    fit = fit_verdict(header, Machine(16 * GiB, 12 * GiB, report), n_ctx=2048)
    assert fit.verdict == Verdict.PARTLY_ON_GPU
    assert 0 < fit.n_gpu_layers < 23 and f"{fit.n_gpu_layers} of 23 layers" in fit.reason
    plan = plan_offload(LoadOptions(n_ctx=2048), report, header, 2048)
    assert plan.n_gpu_layers == fit.n_gpu_layers


def test_cpu_only_when_no_layer_fits_or_there_is_no_gpu(header):
    tiny_gpu = fit_verdict(header, Machine(16 * GiB, 12 * GiB, gpu_report(520 * MiB)))
    assert tiny_gpu.verdict == Verdict.CPU_ONLY and "not even one layer" in tiny_gpu.reason
    assert tiny_gpu.n_gpu_layers == 0 and tiny_gpu.vram_needed == 0
    no_gpu = fit_verdict(header, Machine(16 * GiB, 12 * GiB, CPU_BUILD))
    assert no_gpu.verdict == Verdict.CPU_ONLY and "no GPU support" in no_gpu.reason
    assert no_gpu.ram_needed > header.weights_bytes
    unknown = fit_verdict(header, Machine(16 * GiB, 12 * GiB))
    assert unknown.verdict == Verdict.CPU_ONLY and "no GPU was found" in unknown.reason


def test_too_big_and_tight(header):
    small = fit_verdict(header, Machine(2 * GiB, GiB, CPU_BUILD))
    assert small.verdict == Verdict.TOO_BIG
    assert "this computer has 2 GiB" in small.reason and "smaller quantization" in small.reason
    tight = fit_verdict(header, Machine(8 * GiB, 500 * MiB, CPU_BUILD))
    assert tight.verdict == Verdict.CPU_ONLY and "close other programs" in tight.reason


def test_a_macs_unified_memory_counts_gpu_memory_as_ram(header):
    discrete = fit_verdict(header, Machine(2 * GiB, GiB, gpu_report(3 * GiB)))
    assert discrete.verdict == Verdict.FITS_ON_GPU
    metal = gpu_report(3 * GiB, backend="Metal")
    unified = fit_verdict(header, Machine(2 * GiB, GiB, metal))
    assert unified.verdict == Verdict.TOO_BIG


def test_context_size_and_kv_type_change_the_estimate(header):
    machine = Machine(64 * GiB, 60 * GiB, CPU_BUILD)
    small = fit_verdict(header, machine, n_ctx=2048)
    large = fit_verdict(header, machine, n_ctx=32768)
    quantized = fit_verdict(header, machine, n_ctx=32768, kv_type="q8_0")
    assert small.estimate.kv_ram < quantized.estimate.kv_ram < large.estimate.kv_ram
    native = fit_verdict(header, machine, n_ctx=0)
    assert native.estimate.kv_ram == small.estimate.kv_ram  # 0: the model's own 2,048
    with pytest.raises(SettingsError):
        fit_verdict(header, machine, kv_type="q9")


def test_another_quantization_is_judged_from_one_header_and_its_size(header):
    machine = Machine(16 * GiB, 12 * GiB, gpu_report(2 * GiB))
    own = fit_verdict(header, machine)
    f16 = fit_verdict(header, machine, file_size=2 * header.weights_bytes)
    assert own.verdict == Verdict.FITS_ON_GPU and f16.verdict == Verdict.PARTLY_ON_GPU
    both = fit_verdict(header, Machine(16 * GiB, 12 * GiB), file_size=2 * header.weights_bytes)
    ratio = both.estimate.weights_ram / header.weights_bytes
    assert ratio == pytest.approx(2.0, rel=0.01)


def test_a_rough_verdict_from_the_file_size_alone():
    big_gpu = Machine(32 * GiB, 24 * GiB, gpu_report(12 * GiB))
    fit = fit_verdict(4 * GiB, big_gpu)
    assert fit.verdict == Verdict.FITS_ON_GPU and not fit.exact and "rough" in fit.reason
    small_gpu = Machine(32 * GiB, 24 * GiB, gpu_report(2 * GiB))
    assert fit_verdict(4 * GiB, small_gpu).verdict == Verdict.PARTLY_ON_GPU
    assert fit_verdict(4 * GiB, Machine(32 * GiB, 24 * GiB)).verdict == Verdict.CPU_ONLY
    assert fit_verdict(40 * GiB, Machine(32 * GiB, 24 * GiB)).verdict == Verdict.TOO_BIG


def variants(labels: list[str], params: float = 8e9) -> list[ModelVariant]:
    return [
        ModelVariant(
            "org/M-GGUF",
            "abc",
            label,
            (RemoteFile(f"M-{label}.gguf", int(params * BITS_PER_WEIGHT[label] / 8), "0" * 64),),
        )
        for label in labels
    ]


LADDER = ["Q2_K", "Q3_K_M", "Q4_K_M", "Q5_K_M", "Q6_K", "Q8_0", "F16"]


def test_recommends_q4_k_m_when_it_fits(header):
    machine = Machine(32 * GiB, 24 * GiB, gpu_report(24 * GiB))
    choices = fit_variants(variants(LADDER, 1.1e9), header, machine)
    chosen = recommend(choices)
    assert chosen.variant.quantization == "Q4_K_M" and "usual balance" in chosen.reason
    assert all(fit.verdict == Verdict.FITS_ON_GPU for _, fit in choices)


def test_recommends_the_largest_that_fits_when_q4_k_m_does_not(header):
    size_q3 = variants(["Q3_K_M"])[0].size  # an 8B model: weights scaled to each file
    machine = Machine(size_q3 + GiB + GiB // 2, size_q3, CPU_BUILD)
    choices = fit_variants(variants(LADDER), header, machine)
    verdicts = {v.quantization: f.verdict for v, f in choices}
    assert verdicts["Q4_K_M"] == Verdict.TOO_BIG and verdicts["Q3_K_M"] == Verdict.CPU_ONLY
    chosen = recommend(choices)
    assert chosen.variant.quantization == "Q3_K_M" and "largest" in chosen.reason


def test_recommends_another_4_bit_quantization_then_the_best_placed(header):
    machine = Machine(32 * GiB, 24 * GiB, gpu_report(24 * GiB))
    four_bit = fit_variants(variants(["IQ4_XS", "Q4_0", "Q8_0"], 1.1e9), header, machine)
    assert recommend(four_bit).variant.quantization == "Q4_0"
    # without a 4-bit file: all on the GPU beats a bigger file partly on it
    gpu = Machine(32 * GiB, 24 * GiB, gpu_report(2 * GiB))
    choices = fit_variants(variants(["Q8_0", "F16"], 1.1e9), header, gpu)
    assert [f.verdict for _, f in choices] == [Verdict.FITS_ON_GPU, Verdict.PARTLY_ON_GPU]
    assert recommend(choices).variant.quantization == "Q8_0"
    roomy = fit_variants(variants(["Q8_0", "F16"], 1.1e9), header, machine)
    assert recommend(roomy).variant.quantization == "F16"
    tiny = Machine(GiB + 100 * MiB, GiB, CPU_BUILD)
    assert recommend(fit_variants(variants(["Q8_0", "F16"], 1.1e9), header, tiny)) is None


def test_without_a_header_the_verdicts_are_rough(header):
    choices = fit_variants(variants(["Q4_K_M"], 1.1e9), None, Machine(8 * GiB, 6 * GiB))
    assert choices[0][1].verdict == Verdict.CPU_ONLY and not choices[0][1].exact


def test_this_computers_memory():
    memory = system_memory()
    assert 0 < memory.available <= memory.total


def test_reading_linux_meminfo():
    text = "MemTotal:       16318412 kB\nMemFree:  1000 kB\nMemAvailable:    8123456 kB\n"
    assert parse_meminfo(text).total == 16318412 * 1024
    assert parse_meminfo(text).available == 8123456 * 1024
    old = "MemTotal: 4000 kB\nMemFree: 1000 kB\nBuffers: 100 kB\nCached: 900 kB\n"
    assert parse_meminfo(old).available == 2000 * 1024


def test_reading_macos_memory():
    vm_stat = (
        "Mach Virtual Memory Statistics: (page size of 16384 bytes)\n"
        "Pages free:                               10000.\n"
        "Pages active:                             50000.\n"
        "Pages inactive:                           20000.\n"
        "Pages speculative:                         5000.\n"
        "Pages purgeable:                           1000.\n"
    )
    outputs = {"sysctl": "17179869184\n", "vm_stat": vm_stat}
    memory = _macos_memory(lambda *command: outputs[command[0]])
    assert memory.total == 16 * GiB and memory.available == 36000 * 16384


def test_the_verdict_for_the_tiny_model_file(tiny_model: Path):
    info = parse_header(tiny_model.read_bytes(), tiny_model.stat().st_size, name="tiny")
    fit = fit_verdict(info, Machine(8 * GiB, 4 * GiB, CPU_BUILD), n_ctx=2048)
    assert fit.verdict == Verdict.CPU_ONLY and fit.ram_needed < 64 * MiB


def test_the_recommended_models_file_is_valid(tmp_path):
    models = recommended_models()
    names = [m.name for m in models]
    assert len(set(names)) == len(names) == 9
    for wanted in ("Llama 3.2 1B", "Llama 3.2 3B", "Llama 3.1 8B", "TinyLlama", "Qwen2.5 1.5B",
                   "Qwen2.5 7B", "Mistral 7B", "Phi-3.5 mini", "Gemma 2 2B"):  # fmt: skip
        assert any(name.startswith(wanted) for name in names), wanted
    for model in models:
        assert model.quantization == "Q4_K_M" and model.file.endswith("Q4_K_M.gguf")
        assert 0.5e9 < model.approx_size < 6e9 and model.context_length >= 2048
        assert model.licence and model.description.endswith(".")
        assert model.parameters.endswith("B")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1, "models": [{"name": "x", "repo_id": "no"}]}')
    with pytest.raises(ValueError, match="bad entry 'x'"):
        recommended_models(broken)


def trained_on(tmp_path: Path, n_ctx: int) -> GGUFInfo:
    path = tmp_path / f"trained-{n_ctx}-Q8_0.gguf"
    shape = dataclasses.replace(SHAPE, context_length=n_ctx)
    synthetic_model.write_model(path, quant="Q8_0", shape=shape, header_only=True)
    return parse_header(path.read_bytes(), name=path.name)


def test_context_sizes_stop_at_the_length_the_model_was_trained_on(header, tmp_path):
    machine = Machine(16 * GiB, 12 * GiB, None)
    choices = context_choices(header, machine)
    assert [c.n_ctx for c in choices] == [2048]  # trained on 2,048: nothing more offered
    assert suggested_context(choices).n_ctx == 2048
    longer = trained_on(tmp_path, 10_000)
    sizes = [c.n_ctx for c in context_choices(longer, machine)]
    assert sizes == [2048, 4096, 8192, 10_000]
    assert all(a.memory < b.memory for a, b in itertools.pairwise(context_choices(longer, machine)))


def test_the_suggested_context_is_capped_by_memory(tmp_path):
    long = trained_on(tmp_path, 131_072)
    roomy = Machine(64 * GiB, 60 * GiB, None)
    assert suggested_context(context_choices(long, roomy)).n_ctx == 131_072
    needs = {c.n_ctx: c.memory for c in context_choices(long, roomy)}
    small = Machine(needs[8192] + RAM_RESERVE_BYTES + MiB, 2 * GiB, None)
    suggested = suggested_context(context_choices(long, small))
    assert suggested.n_ctx == 8192 and suggested.fit.verdict != Verdict.TOO_BIG
    assert context_size(LoadOptions(), long, small) == 8192
    assert context_size(LoadOptions(n_ctx=4096), long, small) == 4096  # the user's choice
    tiny = Machine(GiB, GiB // 2, None)  # nothing fits: the smallest, and loading says why
    assert suggested_context(context_choices(long, tiny)).n_ctx == 2048
