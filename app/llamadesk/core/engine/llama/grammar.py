"""Grammars for llama.cpp's sampler: JSON that follows a schema, with text around it."""

from __future__ import annotations

import re

from llamadesk.core.engine.llama.bindings import json_schema_to_gbnf
from llamadesk.core.errors import GenerationError
from llamadesk.core.texts import Text


def json_grammar(schema: str, around: tuple[str, ...]) -> str:
    """A GBNF grammar for JSON following ``schema`` (llama.cpp's converter), with the
    fixed texts ``around`` it; "" without a schema."""
    if not schema:
        return ""
    try:
        grammar = json_schema_to_gbnf(schema)
    except Exception as error:  # the converter's own errors are plain exceptions
        raise GenerationError(
            Text("The JSON schema cannot be followed: {error}", error=str(error))
        ) from error
    # JSON strings hold no raw control characters (llama.cpp's own converter says so too;
    # llama-cpp-python's lets them through, and strict JSON readers then refuse the text)
    grammar = grammar.replace('char ::= [^"\\\\] |', 'char ::= [^"\\\\\\x7F\\x00-\\x1F] |')
    if not around:
        return grammar
    before, after = around
    grammar = re.sub(r"^root ::=", "constrained-json ::=", grammar, count=1, flags=re.M)
    return f"root ::= {gbnf_text(before)} constrained-json {gbnf_text(after)}\n{grammar}"


def gbnf_text(text: str) -> str:
    """``text`` as a GBNF string literal (nothing for an empty one)."""
    if not text:
        return ""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\r", "\\r").replace("\t", "\\t") + '"'
