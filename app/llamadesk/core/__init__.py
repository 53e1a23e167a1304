"""The headless core: plain Python, no Qt. One package per concern:

- ``engine``: the engine seam (typed commands and events) and the local llama.cpp engine
  in a process of its own; chat templates, sampling, text stream, context window.
- ``gguf``: the GGUF file format: reading a header, writing tiny test models.
- ``hub``: the Hugging Face Hub: search, a repository's quantizations, downloads, token.
- ``library``: the model files on this computer.
- ``machine``: this computer's devices and memory, how a model is loaded, and what fits.
- ``store``: conversations and messages in SQLite, export and import.
- ``chat``: the rules of a chat turn and whether a model is loaded.

Beside them, the vocabulary every package shares: ``texts`` (sentences for people),
``errors``, ``paths`` (the user's folders), ``units``, ``settings`` and ``logs``.
"""
