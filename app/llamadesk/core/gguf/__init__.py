"""The GGUF file format: what a model file is, read from its header without loading it,
and tiny real models written for tests, the self-test and benchmarks."""

from llamadesk.core.gguf.header import GGUFInfo, HeaderIncomplete, as_int, parse_header, read_info
from llamadesk.core.gguf.synthetic import ModelShape, write_model

__all__ = [
    "GGUFInfo",
    "HeaderIncomplete",
    "ModelShape",
    "as_int",
    "parse_header",
    "read_info",
    "write_model",
]
