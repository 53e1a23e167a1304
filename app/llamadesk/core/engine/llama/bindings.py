"""llama-cpp-python as this package uses it: the one module that imports ``llama_cpp``.

- ``llama_cpp``: its ctypes binding of llama.cpp's C API; the engine calls
  ``llama_cpp.llama_decode`` and the rest through it.
- :func:`json_schema_to_gbnf`: its converter from a JSON schema to a llama.cpp grammar.
- :func:`ggml_function`: a function of ggml that the binding does not declare, from the
  ggml llama.cpp itself runs on (the binding's private parts are used here only).
"""

from __future__ import annotations

import llama_cpp
from llama_cpp import _ctypes_extensions
from llama_cpp.llama_grammar import json_schema_to_gbnf

__all__ = ["ggml_function", "json_schema_to_gbnf", "llama_cpp"]


def ggml_function(name: str, argtypes: list, restype):
    """A function of the ggml that llama.cpp itself runs on. A wheel holds its libraries as
    copies (libggml.so and libggml.so.0): loading one by file name (as llama_cpp._ggml does)
    maps a second ggml, with its own settings and backends, that llama.cpp never sees.
    Looked up through libllama, a symbol is its dependency's (Linux, macOS); Windows loads
    a DLL once by name, from the folder libllama came from."""
    try:
        function = llama_cpp.llama_cpp._lib[name]  # a new function object: theirs stay as set
    except AttributeError:
        for library in ("ggml-base", "ggml"):
            found = _ctypes_extensions.load_shared_library(library, llama_cpp.llama_cpp._base_path)
            if hasattr(found, name):
                function = found[name]
                break
        else:
            raise
    function.argtypes, function.restype = argtypes, restype
    return function
