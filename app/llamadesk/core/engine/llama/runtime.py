"""llama.cpp's runtime in this process: started once, its log collected, and what it can
run on (backends and devices, asked of ggml directly)."""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable
from importlib import metadata
from types import SimpleNamespace

from llamadesk.core.engine import llama_log
from llamadesk.core.engine.llama.bindings import ggml_function, llama_cpp
from llamadesk.core.machine import BackendReport, Device

KV_TYPES = {  # ggml type ids
    "f32": 0,
    "f16": 1,
    "q4_0": 2,
    "q4_1": 3,
    "q5_0": 6,
    "q5_1": 7,
    "q8_0": 8,
    "iq4_nl": 20,
    "bf16": 30,
}
FLASH_ATTN = {
    "auto": llama_cpp.LLAMA_FLASH_ATTN_TYPE_AUTO,
    "on": llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED,
    "off": llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED,
}
_DEVICE_KINDS = {0: "cpu", 1: "gpu", 2: "igpu", 3: "accel", 4: "meta"}
SPECIAL_ATTRS = llama_cpp.LLAMA_TOKEN_ATTR_CONTROL | llama_cpp.LLAMA_TOKEN_ATTR_USER_DEFINED


log = logging.getLogger(__name__)

LOG = llama_log.LogCollector()
_LOG_CALLBACK = llama_cpp.llama_log_callback(lambda _level, text, _data: LOG.add(text))
_init_lock = threading.Lock()
_initialized = False


def init_backend() -> None:
    global _initialized
    with _init_lock:
        if not _initialized:
            llama_cpp.llama_log_set(_LOG_CALLBACK, ctypes.c_void_p(0))
            llama_cpp.llama_backend_init()
            _initialized = True


_ABORT_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_char_p)  # ggml_abort_callback_t
_abort_hook = None  # ggml keeps only the pointer: the callback must stay alive here


def on_abort(say: Callable[[str], None]) -> None:
    """Have ``say`` called with llama.cpp's last words when it aborts this process (e.g.
    "ggml.c:123: GGML_ASSERT(eps >= 0.0f) failed"); the process ends right after. Without
    it they only reach stderr, which a windowed app does not have."""
    global _abort_hook
    try:
        setter = ggml_function("ggml_set_abort_callback", [_ABORT_CALLBACK], ctypes.c_void_p)
    except (AttributeError, OSError, RuntimeError) as error:  # an older build has none
        log.info("llama.cpp's aborts are not hooked: %s", error)
        return
    _abort_hook = _ABORT_CALLBACK(lambda words: say((words or b"").decode("utf-8", "replace")))
    setter(_abort_hook)


def set_verbose(verbose: bool) -> None:
    """Print llama.cpp's log on stdout as it comes (the terminal's ``--verbose``)."""
    LOG.echo = verbose


def _ggml_lib() -> SimpleNamespace:
    voidp, charp, size = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t
    signatures = {
        "ggml_backend_reg_count": ([], size),
        "ggml_backend_reg_get": ([size], voidp),
        "ggml_backend_reg_name": ([voidp], charp),
        "ggml_backend_dev_count": ([], size),
        "ggml_backend_dev_get": ([size], voidp),
        "ggml_backend_dev_name": ([voidp], charp),
        "ggml_backend_dev_description": ([voidp], charp),
        "ggml_backend_dev_type": ([voidp], ctypes.c_int),
        "ggml_backend_dev_backend_reg": ([voidp], voidp),
        "ggml_backend_dev_memory": ([voidp, ctypes.POINTER(size), ctypes.POINTER(size)], None),
    }
    return SimpleNamespace(
        **{name: ggml_function(name, *signature) for name, signature in signatures.items()}
    )


def backend_report() -> BackendReport:
    """What this build of llama.cpp can run on, and which devices exist right now."""
    init_backend()
    lib = _ggml_lib()
    backends = tuple(
        lib.ggml_backend_reg_name(lib.ggml_backend_reg_get(i)).decode()
        for i in range(lib.ggml_backend_reg_count())
    )
    devices = []
    for i in range(lib.ggml_backend_dev_count()):
        dev = lib.ggml_backend_dev_get(i)
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        lib.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
        devices.append(
            Device(
                name=lib.ggml_backend_dev_name(dev).decode(),
                description=(lib.ggml_backend_dev_description(dev) or b"").decode().strip(),
                kind=_DEVICE_KINDS.get(lib.ggml_backend_dev_type(dev), "other"),
                backend=lib.ggml_backend_reg_name(lib.ggml_backend_dev_backend_reg(dev)).decode(),
                memory_free=free.value,
                memory_total=total.value,
            )
        )
    return BackendReport(
        version=metadata.version("llama-cpp-python"),
        backends=backends,
        devices=tuple(devices),
        system_info=llama_cpp.llama_print_system_info().decode(errors="replace").strip(),
    )
