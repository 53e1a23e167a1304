"""The llama.cpp engine: the only code that imports ``llama_cpp``, run only in the engine
process. :class:`Engine` loads a GGUF model and streams answers; :func:`backend_report`
says what this build of llama.cpp can run on."""

from llamadesk.core.engine.llama.engine import Engine
from llamadesk.core.engine.llama.runtime import backend_report, on_abort, set_verbose

__all__ = ["Engine", "backend_report", "on_abort", "set_verbose"]
