"""The few exception types whose message is fit to show a person.

Each message says what happened and, where there is one, what to do next. It is a
:class:`~llamadesk.core.texts.Text`, which the window shows translated: ``str(error)`` gives
only its English, :attr:`LlamaDeskError.text` the Text itself.
"""


class LlamaDeskError(Exception):
    """Base class: ``str(error)`` is a sentence for the user, in English."""

    @property
    def text(self) -> str:
        """The message as it was given (a Text where the raiser made one)."""
        if len(self.args) == 1 and isinstance(self.args[0], str):
            return self.args[0]
        return str(self)


class ModelFileError(LlamaDeskError):
    """A model file is missing, is not GGUF, is truncated or cannot be read."""


class ModelLoadError(LlamaDeskError):
    """llama.cpp could not load a model (memory, unsupported architecture, ...)."""


class SettingsError(LlamaDeskError, ValueError):
    """A setting (sampling, load option) is outside its valid range."""


class GenerationError(LlamaDeskError):
    """Generation could not start or failed part-way."""


class PromptTooLong(GenerationError):
    """The prompt does not fit in the context window, and it may not be shortened."""


class LoadCancelled(LlamaDeskError):
    """The user cancelled loading a model."""


class StoreError(LlamaDeskError):
    """The conversation database cannot be opened, read or written, or an import is invalid."""


class HubError(LlamaDeskError):
    """The Hugging Face Hub (or a mirror) could not be reached or refused a request.

    ``reason`` says what happened, for code: "offline", "no_network", "timeout",
    "interrupted", "gated", "unauthorized", "forbidden", "not_found", "rate_limited",
    "server", "invalid" or "error". ``retryable``: the same request may work later.
    """

    def __init__(self, message: str, *, reason: str = "error", retryable: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.retryable = retryable


class DownloadError(LlamaDeskError):
    """A download could not be finished on this computer.

    ``reason``: "disk_space" (not enough free space to start), "disk_full" (the disk filled
    up while writing), "write" (another write error), "checksum" or "size" (the file failed
    verification and was deleted), "unsafe_name" (a file name that would leave the models
    folder) or "invalid" (the file is not a GGUF model).
    """

    def __init__(self, message: str, *, reason: str = "error") -> None:
        super().__init__(message)
        self.reason = reason


class DocumentError(LlamaDeskError):
    """A file cannot be attached to a message.

    ``reason``: "unreadable" (the file cannot be opened), "too_large", "empty", "binary"
    (not text), "image", "old_format" (a .doc), "invalid" (a damaged PDF or Word file),
    "encrypted", "no_text_layer" (a PDF of scanned images), "timeout", "memory" (reading it
    took too long or too much memory: a damaged or hostile file), "failed" or "cancelled".
    """

    def __init__(self, message: str, *, reason: str = "failed") -> None:
        super().__init__(message)
        self.reason = reason
