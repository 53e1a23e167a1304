"""The GGUF file format: what a model file is, read from its header without loading it
(what its chat template says of the model included), and tiny real models written for
tests, the self-test and benchmarks."""

from llamadesk.core.gguf.header import GGUFInfo, HeaderIncomplete, as_int, parse_header, read_info
from llamadesk.core.gguf.synthetic import ModelShape, write_model
from llamadesk.core.gguf.template_traits import reasoning_marks, takes_tools, thinks

__all__ = [
    "GGUFInfo",
    "HeaderIncomplete",
    "ModelShape",
    "as_int",
    "parse_header",
    "read_info",
    "reasoning_marks",
    "takes_tools",
    "thinks",
    "write_model",
]
