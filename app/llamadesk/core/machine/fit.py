"""Will this model run on this computer, and where? A verdict before downloading.

Also which model to pick: :func:`recommend` chooses among a repository's quantizations,
:func:`recommended_models` reads the curated chat models offered on first run.

Pure decisions on plain numbers: the model's GGUF header (read remotely before a
download, see :func:`llamadesk.core.hub.client.remote_header`) or only its size, the context size
and KV cache type, and the machine's RAM and GPUs (a :class:`BackendReport`). The
memory estimate and the GPU budget are the ones the engine uses when it loads a model
(:func:`estimate_memory`, :data:`GPU_HEADROOM_BYTES`), so the verdict matches what
loading will do. :func:`system_memory` reads the RAM figures of this computer.
"""

from __future__ import annotations

import ctypes
import dataclasses
import json
import os
import platform
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from llamadesk.core.errors import LlamaDeskError, ModelLoadError
from llamadesk.core.gguf import GGUFInfo
from llamadesk.core.hub import (
    FOUR_BIT_CLASS,
    PREFERRED,
    ModelVariant,
    quant_label,
    validate_repo_id,
)
from llamadesk.core.machine.backends import GPU_HEADROOM_BYTES, BackendReport, Device, LoadOptions
from llamadesk.core.machine.memory_estimate import MemoryEstimate
from llamadesk.core.paths import resources_dir
from llamadesk.core.texts import Text
from llamadesk.core.units import format_bytes

RAM_RESERVE_BYTES = 1024**3  # left to the operating system and the app itself
_SIZE_ONLY_OVERHEAD = 1.15  # weights -> everything, when only a file size is known


class Verdict(str, Enum):
    FITS_ON_GPU = "fits on GPU"
    PARTLY_ON_GPU = "partly on GPU"
    CPU_ONLY = "CPU only"
    TOO_BIG = "too big"

    def __str__(self) -> str:
        return self.value

    @property
    def text(self) -> str:
        """The verdict as words within a sentence, for the user (a Text)."""
        if self is Verdict.FITS_ON_GPU:
            return Text("fits on GPU")
        if self is Verdict.PARTLY_ON_GPU:
            return Text("partly on GPU")
        if self is Verdict.CPU_ONLY:
            return Text("CPU only")
        return Text("too big")


@dataclass(frozen=True)
class SystemMemory:
    total: int  # bytes of RAM
    available: int  # bytes that can be used without swapping


@dataclass(frozen=True)
class Machine:
    """What a model has to fit into. ``report`` None means no GPU information (CPU only)."""

    ram_total: int
    ram_available: int
    report: BackendReport | None = None

    @classmethod
    def detect(cls, report: BackendReport | None = None) -> Machine:
        """This computer: RAM from :func:`system_memory`, GPUs from ``report`` (the engine's)."""
        memory = system_memory()
        return cls(memory.total, memory.available, report)


@dataclass(frozen=True)
class FitResult:
    verdict: Verdict
    estimate: MemoryEstimate  # bytes needed with ``n_gpu_layers`` layers on the GPU
    n_gpu_layers: int
    total_layers: int  # repeating layers + output layer (0 when only the size was known)
    reason: str  # a sentence for the user (a Text)
    exact: bool = True  # False: judged from the file size alone

    @property
    def ram_needed(self) -> int:
        return self.estimate.ram

    @property
    def vram_needed(self) -> int:
        return self.estimate.vram


@dataclass(frozen=True)
class Recommendation:
    variant: ModelVariant
    fit: FitResult
    reason: str  # a sentence for the user (a Text)


def fit_verdict(
    model: GGUFInfo | int,
    machine: Machine,
    *,
    n_ctx: int = 4096,
    kv_type: str = "f16",
    flash_attn: str = "auto",
    file_size: int | None = None,
) -> FitResult:
    """Say whether ``model`` fits on the GPU, partly, only on the CPU, or not at all.

    ``model`` is a GGUF header, or just a file size in bytes (a rough verdict). Given a
    header of one quantization, ``file_size`` judges another quantization of the same
    model: its weights are scaled to that size, the context costs stay. ``n_ctx`` 0 means
    the model's own context length. Raises SettingsError for an invalid KV type.
    """
    if isinstance(model, int):
        return _fit_by_size(model, machine)
    options = LoadOptions(n_ctx=n_ctx, kv_type=kv_type, flash_attn=flash_attn)
    n_ctx = n_ctx or model.context_length or 4096
    scale = file_size / model.weights_bytes if file_size and model.weights_bytes else 1.0

    def estimate(layers: int) -> MemoryEstimate:
        exact = options.estimate(model, n_ctx, layers)
        if scale == 1.0:
            return exact
        return dataclasses.replace(
            exact,
            weights_ram=round(exact.weights_ram * scale),
            weights_vram=round(exact.weights_vram * scale),
        )

    total = model.n_layer + 1
    gpu = _best_gpu(machine)
    layers = 0
    if gpu is not None:  # the most layers whose memory fits the GPU, as plan_offload does
        budget, low, high = gpu.memory_free - GPU_HEADROOM_BYTES, 0, total
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if estimate(mid).vram <= budget else (low, mid - 1)
        layers = low
    result = estimate(layers)
    context = Text("at a context of {n_ctx:,} tokens", n_ctx=n_ctx)
    return _judge(result, layers, total, machine, gpu, context)


CONTEXT_SIZES = (2048, 4096, 8192, 16384, 32768, 65536, 131072)  # the sizes offered


@dataclass(frozen=True)
class ContextChoice:
    """A context size for one model on this computer, and what it costs there."""

    n_ctx: int
    fit: FitResult

    @property
    def memory(self) -> int:
        """Bytes it needs, RAM and GPU memory together."""
        return self.fit.ram_needed + self.fit.vram_needed


def context_choices(
    model: GGUFInfo, machine: Machine, options: LoadOptions | None = None
) -> list[ContextChoice]:
    """The context sizes worth offering for ``model``: the usual sizes below the length it
    was trained on, and that length itself (larger ones only make its answers worse), each
    with its memory estimate on ``machine``."""
    options = options or LoadOptions()
    trained = trained_context(model)
    sizes = sorted({*(n for n in CONTEXT_SIZES if n < trained), trained})
    return [
        ContextChoice(
            n,
            fit_verdict(
                model, machine, n_ctx=n, kv_type=options.kv_type, flash_attn=options.flash_attn
            ),
        )
        for n in sizes
    ]


def suggested_context(choices: list[ContextChoice]) -> ContextChoice:
    """The context a model gets unless the user chose one, among its
    :func:`context_choices`: the length it was trained on, or the largest size that fits
    this computer's memory (the smallest when none does: loading then says why)."""
    fitting = [c for c in choices if c.fit.verdict != Verdict.TOO_BIG]
    return fitting[-1] if fitting else choices[0]


def trained_context(model: GGUFInfo) -> int:
    """The context length a model was trained on (4,096 where its header does not say)."""
    return max(model.context_length or 4096, 256)


def context_size(options: LoadOptions, model: GGUFInfo, machine: Machine) -> int:
    """The context size loading ``model`` with ``options`` uses (``n_ctx`` 0: suggested)."""
    return options.n_ctx or suggested_context(context_choices(model, machine, options)).n_ctx


def _judge(
    est: MemoryEstimate,
    layers: int,
    total: int,
    machine: Machine,
    gpu: Device | None,
    context: str,
    exact: bool = True,
) -> FitResult:
    unified = gpu is not None and (gpu.backend == "Metal" or gpu.kind == "igpu")
    ram = est.ram + (est.vram if unified else 0)  # a Mac's GPU memory is its RAM
    limit = machine.ram_total - RAM_RESERVE_BYTES
    if layers and not unified:
        needs = Text(
            "needs {ram} of RAM and {vram} on the GPU",
            ram=format_bytes(ram),
            vram=format_bytes(est.vram),
        )
    else:
        needs = Text("needs {ram} of RAM", ram=format_bytes(ram))
    if ram > limit:
        why = Text(
            "Too big: it {needs} {context}, but this computer has {total}. Choose a smaller "
            "quantization or context.",
            needs=needs,
            context=context,
            total=format_bytes(machine.ram_total),
        )
        return FitResult(Verdict.TOO_BIG, est, layers, total, why, exact)

    def result(verdict: Verdict, layers: int, why: str) -> FitResult:
        if ram > machine.ram_available:
            why = Text(
                "{verdict} Only {free} is free now: close other programs first.",
                verdict=why,
                free=format_bytes(machine.ram_available),
            )
        return FitResult(verdict, est, layers, total, why, exact)

    where = gpu and Text(
        "{gpu} ({free} free)", gpu=gpu.description or gpu.name, free=format_bytes(gpu.memory_free)
    )
    if gpu is not None and total and layers >= total:
        what = Text("all {total} layers", total=total) if exact else Text("the whole model")
        why = Text(
            "Fits on the GPU: {what} on {where}; it {needs} {context}.",
            what=what,
            where=where,
            needs=needs,
            context=context,
        )
        return result(Verdict.FITS_ON_GPU, layers, why)
    if layers:
        what = (
            Text("{layers} of {total} layers fit", layers=layers, total=total)
            if exact
            else Text("part of the model fits")
        )
        why = Text(
            "Partly on the GPU: {what} on {where}, the rest runs on the CPU, more slowly; "
            "it {needs} {context}.",
            what=what,
            where=where,
            needs=needs,
            context=context,
        )
        return result(Verdict.PARTLY_ON_GPU, layers, why)
    if gpu is None:
        cause = machine.report.cpu_only_cause() if machine.report else None
        why = Text(
            "CPU only: it {needs} {context}; {cause}",
            needs=needs,
            context=context,
            cause=cause or Text("no GPU was found."),
        )
    else:
        why = Text(
            "CPU only: not even one layer fits on {where}; it {needs} {context}. "
            "A smaller quantization or context may fit on the GPU.",
            where=where,
            needs=needs,
            context=context,
        )
    return result(Verdict.CPU_ONLY, 0, why)


def _best_gpu(machine: Machine) -> Device | None:
    report = machine.report
    if report is None or report.cpu_only_reason() is not None:
        return None
    return max(report.gpus, key=lambda d: d.memory_free)


def _fit_by_size(size: int, machine: Machine) -> FitResult:
    """A rough verdict from a file size alone (the header could not be read)."""
    need = round(size * _SIZE_ONLY_OVERHEAD)
    gpu = _best_gpu(machine)
    budget = gpu.memory_free - GPU_HEADROOM_BYTES if gpu else 0
    if gpu is not None and need <= budget:
        est = MemoryEstimate(0, size, 0, need - size, 0, 0)
        layers, total = 1, 1
    elif gpu is not None and budget > size // 10:
        on_gpu = min(budget, size)
        est = MemoryEstimate(size - on_gpu, on_gpu, need - size, 0, 0, 0)
        layers, total = 1, 2
    else:
        gpu, layers, total = None, 0, 0
        est = MemoryEstimate(size, 0, need - size, 0, 0, 0)
    context = Text("(a rough estimate from the file size)")
    return _judge(est, layers, total, machine, gpu, context, exact=False)


def fit_variants(
    variants: Iterable[ModelVariant],
    header: GGUFInfo | None,
    machine: Machine,
    **options,
) -> list[tuple[ModelVariant, FitResult]]:
    """A verdict for every variant of one model from a single header.

    Reading one header (of any quantization) is enough: each variant's weights are scaled
    to its size. Without a header (or for a variant of unknown size) the verdict is rough.
    ``options`` are those of :func:`fit_verdict` (n_ctx, kv_type, flash_attn).
    """
    results = []
    for variant in variants:
        size = variant.size
        if header is None:
            fit = _fit_by_size(size or 0, machine)
        else:  # the header's own file is judged exactly
            exact = size == header.file_size or size is None
            fit = fit_verdict(header, machine, file_size=None if exact else size, **options)
        results.append((variant, fit))
    return results


_TIER = {Verdict.FITS_ON_GPU: 0, Verdict.PARTLY_ON_GPU: 1, Verdict.CPU_ONLY: 2}


def recommend(
    choices: Iterable[tuple[ModelVariant, FitResult]], *, refused: bool = False
) -> Recommendation | None:
    """The variant to suggest: Q4_K_M if it fits, else another 4-bit one, else the largest
    that fits (preferring those that run wholly on the GPU). None when nothing fits, or
    when the header read for the verdicts was ``refused`` (damaged, or values llama.cpp
    cannot run): the model's files share it, and none would load."""
    if refused:
        return None
    fitting = [(v, f) for v, f in choices if f.verdict != Verdict.TOO_BIG and v.kind == "model"]
    if not fitting:
        return None

    def size(choice: tuple[ModelVariant, FitResult]) -> float:
        return choice[0].size or (choice[0].bits_per_weight or 0.0)

    for variant, fit in fitting:
        if variant.quantization == PREFERRED:
            why = Text(
                "{quantization} is the usual balance of size and quality; it fits ({verdict}).",
                quantization=PREFERRED,
                verdict=fit.verdict.text,
            )
            return Recommendation(variant, fit, why)
    four_bit = [c for c in fitting if c[0].quantization in FOUR_BIT_CLASS]
    if four_bit:
        variant, fit = max(four_bit, key=size)
        why = Text(
            "{quantization} is 4-bit, the usual balance, and it fits ({verdict}).",
            quantization=variant.quantization,
            verdict=fit.verdict.text,
        )
        return Recommendation(variant, fit, why)
    best_tier = min(_TIER[f.verdict] for _, f in fitting)
    variant, fit = max((c for c in fitting if _TIER[c[1].verdict] == best_tier), key=size)
    why = Text(
        "{quantization} is the largest quantization that fits ({verdict}).",
        quantization=variant.quantization,
        verdict=fit.verdict.text,
    )
    return Recommendation(variant, fit, why)


@dataclass(frozen=True)
class RecommendedModel:
    """A chat model suggested on first run (``resources/recommended_models.json``)."""

    name: str
    repo_id: str
    file: str  # the suggested file; open the repository to see every quantization
    quantization: str
    parameters: str  # "8.0B"
    context_length: int
    approx_size: int  # bytes of ``file``, for display before the repository is opened
    licence: str
    description: str  # a Text, translated like the code's sentences (braces written {{ }})


def recommended_models(path: Path | None = None) -> list[RecommendedModel]:
    """The curated list; ValueError says what is wrong with a damaged file."""
    path = path or resources_dir() / "recommended_models.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != 1:
        raise ValueError(f"{path}: unknown format {data.get('format')!r}")
    models = []
    for entry in data["models"]:
        try:
            model = RecommendedModel(
                **{k: v for k, v in entry.items() if k not in ("approx_size_gb", "description")},
                approx_size=round(float(entry["approx_size_gb"]) * 1e9),
                description=Text(entry["description"]),
            )
            validate_repo_id(model.repo_id)
        except (TypeError, KeyError, ValueError, LlamaDeskError) as error:
            raise ValueError(f"{path}: bad entry {entry.get('name')!r}: {error}") from error
        if quant_label(model.file) != model.quantization or not model.file.endswith(".gguf"):
            raise ValueError(f"{path}: {model.file} is not a {model.quantization} GGUF file")
        models.append(model)
    return models


# ------------------------------------------------------------------ system memory
def require_memory(name: str, ram_needed: int, n_ctx: int) -> None:
    """Refuse a model that cannot fit in this computer's memory, before trying to load it."""
    have = system_memory().total
    if ram_needed > have:
        raise ModelLoadError(
            Text(
                "{name} needs about {needed} of memory at a context of {n_ctx:,} tokens, but "
                "this computer has {have}. Choose a smaller quantization of the model, a "
                "smaller context size, or more GPU layers.",
                name=name,
                needed=format_bytes(ram_needed),
                n_ctx=n_ctx,
                have=format_bytes(have),
            )
        )


def system_memory() -> SystemMemory:
    """Total and available RAM of this computer (Linux, macOS, Windows; else via sysconf)."""
    system = platform.system()
    try:
        if system == "Linux":
            return parse_meminfo(Path("/proc/meminfo").read_text())
        if system == "Darwin":
            return _macos_memory(_run)
        if system == "Windows":
            return _windows_memory()
    except (OSError, ValueError, KeyError, AttributeError, subprocess.SubprocessError):
        pass
    page = os.sysconf("SC_PAGE_SIZE")
    total = os.sysconf("SC_PHYS_PAGES") * page
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * page
    except (ValueError, OSError):
        available = total // 2
    return SystemMemory(total, available)


def parse_meminfo(text: str) -> SystemMemory:
    """Linux's /proc/meminfo: MemTotal and MemAvailable (or free + cached on old kernels)."""
    values = {
        key: int(number) * 1024
        for key, number in re.findall(r"^(\w+):\s+(\d+)\s*kB", text, flags=re.MULTILINE)
    }
    total = values["MemTotal"]
    available = values.get("MemAvailable")
    if available is None:
        available = sum(values.get(k, 0) for k in ("MemFree", "Buffers", "Cached"))
    return SystemMemory(total, min(available, total))


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, timeout=3, check=True).stdout


def _macos_memory(run: Callable[..., str]) -> SystemMemory:
    """hw.memsize for the total; vm_stat's free, inactive, speculative and purgeable pages."""
    total = int(run("sysctl", "-n", "hw.memsize").strip())
    stat = run("vm_stat")
    page = int(re.search(r"page size of (\d+) bytes", stat).group(1))  # type: ignore[union-attr]
    pages = dict(re.findall(r"^Pages (\w[\w ]*?):\s+(\d+)\.", stat, flags=re.MULTILINE))
    free = sum(int(pages.get(k, 0)) for k in ("free", "inactive", "speculative", "purgeable"))
    return SystemMemory(total, min(free * page, total))


def _windows_memory() -> SystemMemory:
    class MemoryStatusEx(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong),
            ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = MemoryStatusEx()
    status.dwLength = ctypes.sizeof(MemoryStatusEx)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        raise OSError("GlobalMemoryStatusEx failed")
    return SystemMemory(status.ullTotalPhys, status.ullAvailPhys)
