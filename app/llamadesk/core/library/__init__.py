"""The model files on this computer: find and describe them (headers cached), group the
quantizations of one model, import and delete, never outside the library's folders."""

from llamadesk.core.library.files import (
    HeaderCache,
    ImportCancelled,
    LibraryError,
    find_model_files,
)
from llamadesk.core.library.library import Library, LocalModel, ModelGroup, group_models

__all__ = [
    "HeaderCache",
    "ImportCancelled",
    "Library",
    "LibraryError",
    "LocalModel",
    "ModelGroup",
    "find_model_files",
    "group_models",
]
