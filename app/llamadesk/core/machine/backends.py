"""Which compute backends exist, how a model is to be loaded, and why.

Plain data and decisions only: the engine fills a :class:`BackendReport` from
llama.cpp at run time, and :func:`plan_offload` decides how many layers go to the
GPU and says why in a sentence, so "it runs on the CPU and I don't know why" never
happens. Everything here is testable without a GPU.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from llamadesk.core.errors import SettingsError
from llamadesk.core.gguf import GGUFInfo
from llamadesk.core.machine.memory_estimate import KV_CACHE_TYPES as KV_TYPES
from llamadesk.core.machine.memory_estimate import MemoryEstimate, estimate_memory
from llamadesk.core.texts import Text

GPU_BACKENDS = ("CUDA", "Metal", "Vulkan", "HIP", "SYCL", "OpenCL", "MUSA", "CANN")
FLASH_ATTN_MODES = ("auto", "on", "off")
GPU_HEADROOM_BYTES = 512 * 1024**2  # left free for the desktop and other programs
GiB = 1024**3


@dataclass(frozen=True)
class Device:
    name: str  # llama.cpp's device name, e.g. "CUDA0", "Metal", "CPU"
    description: str  # e.g. "NVIDIA GeForce RTX 4070"
    kind: str  # "cpu", "gpu", "igpu" or "accel"
    backend: str  # "CUDA", "Metal", "Vulkan", "CPU", ...
    memory_free: int
    memory_total: int

    @property
    def is_gpu(self) -> bool:
        return self.kind in ("gpu", "igpu")


@dataclass(frozen=True)
class BackendReport:
    version: str  # llama-cpp-python version
    backends: tuple[str, ...]  # backends compiled into this build
    devices: tuple[Device, ...]
    system_info: str  # llama.cpp's CPU feature line

    @property
    def gpu_backends(self) -> tuple[str, ...]:
        return tuple(b for b in self.backends if b in GPU_BACKENDS)

    @property
    def gpus(self) -> tuple[Device, ...]:
        return tuple(d for d in self.devices if d.is_gpu)

    def cpu_only_reason(self) -> str | None:
        """Why no GPU can be used ("CPU only: ..."), or None when one can."""
        cause = self.cpu_only_cause()
        return None if cause is None else Text("CPU only: {cause}", cause=cause)

    def cpu_only_cause(self) -> str | None:
        """Why no GPU can be used, without the "CPU only: " before it; None when one can."""
        if not self.gpu_backends:
            return Text(
                "this build of llama.cpp has no GPU support. To use an NVIDIA GPU "
                'reinstall llama-cpp-python with CMAKE_ARGS="-DGGML_CUDA=on", on a Mac with '
                'CMAKE_ARGS="-DGGML_METAL=on" (see the README).'
            )
        if not self.gpus:
            return Text(
                "this build supports {names}, but no {names} device was found. "
                "Check that the GPU driver is installed and up to date.",
                names=", ".join(self.gpu_backends),
            )
        return None


@dataclass(frozen=True)
class LoadOptions:
    """How a model is loaded. ``n_ctx=0`` means the model's own context length, as far as
    this computer's memory allows (:func:`llamadesk.core.machine.suggested_context`)."""

    n_ctx: int = 0
    gpu_layers: str | int = "auto"  # "auto", "all", "none" or a number of layers
    n_threads: int | None = None  # None: the number of physical (performance) cores
    n_batch: int = 512
    flash_attn: str = "auto"
    kv_type: str = "f16"
    use_mmap: bool = True

    def __post_init__(self) -> None:
        if not (self.n_ctx == 0 or 256 <= self.n_ctx <= 1_048_576):
            raise SettingsError(Text("Context size must be between 256 and 1,048,576 tokens."))
        if isinstance(self.gpu_layers, str):
            if self.gpu_layers not in ("auto", "all", "none"):
                raise SettingsError(Text('GPU layers must be "auto", "all", "none" or a number.'))
        elif not 0 <= self.gpu_layers <= 10_000:
            raise SettingsError(Text("GPU layers must be between 0 and 10,000."))
        if self.n_threads is not None and not 1 <= self.n_threads <= 512:
            raise SettingsError(Text("Threads must be between 1 and 512."))
        if not 1 <= self.n_batch <= 8192:
            raise SettingsError(Text("Batch size must be between 1 and 8192."))
        if self.flash_attn not in FLASH_ATTN_MODES:
            raise SettingsError(Text('Flash attention must be "auto", "on" or "off".'))
        if self.kv_type not in KV_TYPES:
            raise SettingsError(
                Text("KV cache type must be one of {types}.", types=", ".join(KV_TYPES))
            )
        if self.kv_type not in ("f16", "bf16", "f32") and self.flash_attn == "off":
            # llama.cpp refuses a quantized V cache without flash attention (K and V share it)
            raise SettingsError(
                Text("A quantized KV cache needs flash attention: set it to auto or on.")
            )

    def threads(self) -> int:
        return self.n_threads or physical_cores()

    @property
    def n_ubatch(self) -> int:
        return min(self.n_batch, 512)

    def estimate(self, info: GGUFInfo, n_ctx: int, n_gpu_layers: int) -> MemoryEstimate:
        """Memory llama.cpp will need to load ``info`` with these options."""
        return estimate_memory(
            info,
            n_ctx=n_ctx,
            n_gpu_layers=n_gpu_layers,
            kv_type=self.kv_type,
            flash_attn=self.flash_attn != "off",  # "auto" turns it on wherever supported
            n_batch=self.n_batch,
            n_ubatch=self.n_ubatch,
        )


@dataclass(frozen=True)
class OffloadPlan:
    n_gpu_layers: int  # what llama.cpp is asked for (0..n_layer+1)
    device: Device | None
    reason: str  # a sentence for the user (a Text)


def plan_offload(
    options: LoadOptions, report: BackendReport, info: GGUFInfo, n_ctx: int
) -> OffloadPlan:
    """Decide how many layers to offload, and say why."""
    total = info.n_layer + 1  # the repeating layers plus the output layer
    if options.gpu_layers in ("none", 0):
        return OffloadPlan(0, None, Text("CPU only: you set GPU layers to none."))
    no_gpu = report.cpu_only_reason()
    if no_gpu:
        return OffloadPlan(0, None, no_gpu)
    gpu = max(report.gpus, key=lambda d: d.memory_free)
    where = f"{gpu.description or gpu.name} ({gpu.backend})"
    if options.gpu_layers == "all":
        return OffloadPlan(
            total,
            gpu,
            Text("All {total} layers on {where}, as you chose.", total=total, where=where),
        )
    if isinstance(options.gpu_layers, int):
        layers = min(options.gpu_layers, total)
        why = Text(
            "{layers} of {total} layers on {where}, as you chose.",
            layers=layers,
            total=total,
            where=where,
        )
        return OffloadPlan(layers, gpu, why)

    budget = gpu.memory_free - GPU_HEADROOM_BYTES

    def vram(layers: int) -> int:
        return options.estimate(info, n_ctx, layers).vram

    low, high = 0, total  # largest layer count whose VRAM fits the budget
    while low < high:
        mid = (low + high + 1) // 2
        if vram(mid) <= budget:
            low = mid
        else:
            high = mid - 1
    free = Text("{amount:.1f} GiB free", amount=gpu.memory_free / GiB)
    if low == 0:
        return OffloadPlan(
            0,
            None,
            Text(
                "CPU only: {where} has {free}, not enough for one layer at a context of "
                "{n_ctx:,} tokens. Try a smaller context or a smaller quantization.",
                where=where,
                free=free,
                n_ctx=n_ctx,
            ),
        )
    if low == total:
        return OffloadPlan(
            total,
            gpu,
            Text("All {total} layers on {where} ({free}).", total=total, where=where, free=free),
        )
    return OffloadPlan(
        low,
        gpu,
        Text(
            "{layers} of {total} layers on {where}: that is what fits in {free}; "
            "the rest runs on the CPU.",
            layers=low,
            total=total,
            where=where,
            free=free,
        ),
    )


def physical_cores() -> int:
    """Physical (on Apple Silicon: performance) cores: what llama.cpp runs fastest on."""
    logical = os.cpu_count() or 1
    system = platform.system()
    try:
        if system == "Darwin":
            for key in ("hw.perflevel0.physicalcpu", "hw.physicalcpu"):
                out = subprocess.run(
                    ["sysctl", "-n", key], capture_output=True, text=True, timeout=2
                )
                if out.returncode == 0 and out.stdout.strip().isdigit():
                    return max(1, int(out.stdout))
        elif system == "Linux":
            cpuinfo = Path("/proc/cpuinfo").read_text()
            cores = set(re.findall(r"physical id\s*:\s*(\d+).*?core id\s*:\s*(\d+)", cpuinfo, re.S))
            if cores:
                return max(1, min(len(cores), logical))
    except (OSError, subprocess.SubprocessError):
        pass
    return logical
