"""The few exception types whose message is fit to show a person.

Each message says what happened and, where there is one, what to do next.
"""


class LlamaDeskError(Exception):
    """Base class: ``str(error)`` is a sentence for the user."""


class ModelFileError(LlamaDeskError):
    """A model file is missing, is not GGUF, is truncated or cannot be read."""


class ModelLoadError(LlamaDeskError):
    """llama.cpp could not load a model (memory, unsupported architecture, ...)."""


class SettingsError(LlamaDeskError, ValueError):
    """A setting (sampling, load option) is outside its valid range."""


class GenerationError(LlamaDeskError):
    """Generation could not start or failed part-way."""


class LoadCancelled(LlamaDeskError):
    """The user cancelled loading a model."""


class StoreError(LlamaDeskError):
    """The conversation database cannot be opened, read or written, or an import is invalid."""
