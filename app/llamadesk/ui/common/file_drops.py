"""Files dropped on the window: the local files a drag carries, and a watcher that takes
their drop on any widget it watches (and on the children that do not take it themselves)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtWidgets import QWidget


def local_files(mime: QMimeData) -> list[str]:
    """The paths of the local files in a drag (none for text, links or remote files)."""
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class FileDrops(QObject):
    """Takes drops of local files on the widgets it watches."""

    dropped = Signal(list)  # paths

    def watch(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            files = local_files(event.mimeData())
            if not files:
                return False
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self.dropped.emit(files)
            return True
        return super().eventFilter(watched, event)
