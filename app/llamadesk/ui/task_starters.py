"""Task starters: Translate, Summarise, Ask about a document and Continue a text.

Offered as cards on the empty conversation page and in File › New task. Translate and
Summarise first ask their one choice (the languages, the summary's form) in a small dialog;
then a conversation set up for the task opens (:mod:`llamadesk.core.chat.tasks` says what
it is set up with), empty, saying what to do next, its settings in the settings panel like
any conversation's. Ask about a document then wants its document: the window offers the
chooser of files to attach (:attr:`TaskStarter.started` says which task started).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.chat import (
    AUTO,
    CONTINUE,
    DOCUMENT,
    LANGUAGES,
    SUMMARISE,
    TRANSLATE,
    Task,
)
from llamadesk.ui.chat_controller import ChatController
from llamadesk.ui.common import icon

ICONS = {TRANSLATE: "translate", SUMMARISE: "summarise", DOCUMENT: "document", CONTINUE: "write"}


def kind_names() -> dict[str, tuple[str, str]]:
    """Each task's name and one line on what it does."""
    return {
        TRANSLATE: (
            QCoreApplication.translate("TaskStarters", "Translate"),
            QCoreApplication.translate(
                "TaskStarters", "Into another language, the most probable translation"
            ),
        ),
        SUMMARISE: (
            QCoreApplication.translate("TaskStarters", "Summarise"),
            QCoreApplication.translate(
                "TaskStarters", "A short summary, a paragraph or bullet points"
            ),
        ),
        DOCUMENT: (
            QCoreApplication.translate("TaskStarters", "Ask about a document"),
            QCoreApplication.translate("TaskStarters", "Answers from the document you attach"),
        ),
        CONTINUE: (
            QCoreApplication.translate("TaskStarters", "Continue a text"),
            QCoreApplication.translate("TaskStarters", "The model writes on from your words"),
        ),
    }


def language_names() -> dict[str, str]:
    """The languages to translate between, in the window's language."""
    return {
        "en": QCoreApplication.translate("TaskStarters", "English"),
        "zh-Hans": QCoreApplication.translate("TaskStarters", "Chinese (Simplified)"),
        "zh-Hant": QCoreApplication.translate("TaskStarters", "Chinese (Traditional)"),
        "es": QCoreApplication.translate("TaskStarters", "Spanish"),
        "fr": QCoreApplication.translate("TaskStarters", "French"),
        "de": QCoreApplication.translate("TaskStarters", "German"),
        "it": QCoreApplication.translate("TaskStarters", "Italian"),
        "pt": QCoreApplication.translate("TaskStarters", "Portuguese"),
        "nl": QCoreApplication.translate("TaskStarters", "Dutch"),
        "sv": QCoreApplication.translate("TaskStarters", "Swedish"),
        "pl": QCoreApplication.translate("TaskStarters", "Polish"),
        "cs": QCoreApplication.translate("TaskStarters", "Czech"),
        "uk": QCoreApplication.translate("TaskStarters", "Ukrainian"),
        "ru": QCoreApplication.translate("TaskStarters", "Russian"),
        "el": QCoreApplication.translate("TaskStarters", "Greek"),
        "tr": QCoreApplication.translate("TaskStarters", "Turkish"),
        "ar": QCoreApplication.translate("TaskStarters", "Arabic"),
        "he": QCoreApplication.translate("TaskStarters", "Hebrew"),
        "fa": QCoreApplication.translate("TaskStarters", "Persian"),
        "hi": QCoreApplication.translate("TaskStarters", "Hindi"),
        "bn": QCoreApplication.translate("TaskStarters", "Bengali"),
        "ja": QCoreApplication.translate("TaskStarters", "Japanese"),
        "ko": QCoreApplication.translate("TaskStarters", "Korean"),
        "vi": QCoreApplication.translate("TaskStarters", "Vietnamese"),
        "th": QCoreApplication.translate("TaskStarters", "Thai"),
        "id": QCoreApplication.translate("TaskStarters", "Indonesian"),
    }


def summary_names() -> dict[str, str]:
    return {
        "short": QCoreApplication.translate("TaskStarters", "Short: a sentence or two"),
        "paragraph": QCoreApplication.translate("TaskStarters", "A paragraph"),
        "bullets": QCoreApplication.translate("TaskStarters", "Bullet points"),
    }


def user_language(setting: str) -> str:
    """The language the user reads (the window's, or the system's), as a task language."""
    name = setting or QLocale().name()  # e.g. "zh_CN", "de_DE"
    if name.startswith("zh"):
        return "zh-Hant" if name.endswith(("TW", "HK", "MO")) else "zh-Hans"
    code = name.split("_")[0]
    return code if code in LANGUAGES else "en"


def conversation_title(task: Task) -> str:
    names = language_names()
    if task.kind == TRANSLATE:
        if task.source == AUTO:
            return QCoreApplication.translate("TaskStarters", "Translation into {language}").format(
                language=names[task.target]
            )
        return QCoreApplication.translate(
            "TaskStarters", "Translation from {source} into {target}"
        ).format(source=names[task.source], target=names[task.target])
    if task.kind == SUMMARISE:
        return {
            "short": QCoreApplication.translate("TaskStarters", "Short summary"),
            "paragraph": QCoreApplication.translate("TaskStarters", "Summary in a paragraph"),
            "bullets": QCoreApplication.translate("TaskStarters", "Summary in bullet points"),
        }[task.length]
    if task.kind == DOCUMENT:
        return QCoreApplication.translate("TaskStarters", "Questions about a document")
    return QCoreApplication.translate("TaskStarters", "Continued text")


def introduction(task: Task) -> str:
    """What an empty conversation of ``task`` says to do next."""
    settings = QCoreApplication.translate(
        "TaskStarters",
        "Its instructions and settings are in the settings panel: change them freely.",
    )
    first = {
        TRANSLATE: QCoreApplication.translate(
            "TaskStarters",
            "Paste or type the text below: the answer is its translation, and nothing else. "
            "Beam search (4 beams) finds the most probable translation, the same every time.",
        ),
        SUMMARISE: QCoreApplication.translate("TaskStarters", "Paste the text to summarise below."),
        DOCUMENT: QCoreApplication.translate(
            "TaskStarters",
            "Attach the document with the paperclip below or drop it here (text, Markdown, "
            "code, PDF or Word), or paste its text; then ask your question. The answer comes "
            "from the document only, and says so when the document does not tell.",
        ),
        CONTINUE: QCoreApplication.translate(
            "TaskStarters",
            "Type the beginning of a text: the model carries it on as it is, with no chat "
            "template and no instructions. Send more text to go on writing together.",
        ),
    }[task.kind]
    return f"{first}\n\n{settings}"


def composer_hint(task: Task) -> str:
    """The message box's placeholder in a conversation of ``task``."""
    return {
        TRANSLATE: QCoreApplication.translate("TaskStarters", "The text to translate…"),
        SUMMARISE: QCoreApplication.translate("TaskStarters", "The text to summarise…"),
        DOCUMENT: QCoreApplication.translate(
            "TaskStarters", "Attach the document or paste its text, then ask your question…"
        ),
        CONTINUE: QCoreApplication.translate("TaskStarters", "The beginning of your text…"),
    }[task.kind]


class TaskDialog(QDialog):
    """The one choice Translate (languages) or Summarise (form) asks before it starts."""

    def __init__(self, kind: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName("taskDialog")
        self.setWindowTitle(kind_names()[kind][0])
        form = QFormLayout()
        form.setSpacing(12)
        self.source = self.target = None
        self.lengths = QButtonGroup(self)
        if kind == TRANSLATE:
            names = sorted(language_names().items(), key=lambda item: item[1])
            self.source = QComboBox()
            self.source.setObjectName("translateFrom")
            self.source.addItem(self.tr("Detect the language"), AUTO)
            self.target = QComboBox()
            self.target.setObjectName("translateTo")
            for code, name in names:
                self.source.addItem(name, code)
                self.target.addItem(name, code)
            self.target.setCurrentIndex(self.target.findData(language))
            form.addRow(self.tr("From"), self.source)
            form.addRow(self.tr("Into"), self.target)
        else:
            column = QVBoxLayout()
            for length, name in summary_names().items():
                button = QRadioButton(name)
                button.setObjectName(f"summary_{length}")
                button.setChecked(length == "paragraph")
                self.lengths.addButton(button)
                column.addWidget(button)
            form.addRow(self.tr("Summary"), column)
        self.problem = QLabel()
        self.problem.setObjectName("taskProblem")
        self.problem.setProperty("role", "hint")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def task(self) -> Task:
        if self.kind == TRANSLATE:
            source, target = self.source.currentData(), self.target.currentData()
            return Task(TRANSLATE, source=source, target=target)
        checked = self.lengths.checkedButton().objectName().removeprefix("summary_")
        return Task(SUMMARISE, length=checked)

    def _accept(self) -> None:
        if self.kind == TRANSLATE and self.source.currentData() == self.target.currentData():
            self.problem.setText(self.tr("Choose two different languages."))
            self.problem.show()
            return
        self.accept()


class _Card(QFrame):
    """One task: its icon, name and what it does; clicked, or Enter or Space on it."""

    clicked = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName("taskCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.icon = QLabel()
        self.icon.setFixedSize(24, 24)
        self.name = QLabel()
        self.name.setObjectName("taskCardName")
        self.about = QLabel()
        self.about.setObjectName("taskCardAbout")
        self.about.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.name)
        text.addWidget(self.about)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 12, 14, 12)
        row.setSpacing(12)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)

    def retranslate(self) -> None:
        name, about = kind_names()[self.kind]
        self.name.setText(name)
        self.about.setText(about)
        self.setAccessibleName(name)
        self.setAccessibleDescription(about)
        self.icon.setPixmap(icon(ICONS[self.kind], self.palette().highlight().color()).pixmap(24))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        inside = self.rect().contains(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and inside:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class TaskCards(QWidget):
    """The four task starters as cards, two by two (one above the other where two side by
    side would not fit: a narrow window)."""

    chosen = Signal(str)  # the task's kind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskCards")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(12)
        self.columns = 0
        self.cards = {}
        for kind in (TRANSLATE, SUMMARISE, DOCUMENT, CONTINUE):
            card = self.cards[kind] = _Card(kind, self)
            card.clicked.connect(lambda kind=kind: self.chosen.emit(kind))
        self._arrange(2)
        self.retranslate()

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for index, card in enumerate(self.cards.values()):
            self._grid.removeWidget(card)
            self._grid.addWidget(card, index // columns, index % columns)

    def minimumSizeHint(self) -> QSize:
        card = max(card.minimumSizeHint().width() for card in self.cards.values())
        return QSize(card, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        card = max(card.minimumSizeHint().width() for card in self.cards.values())
        self._arrange(2 if event.size().width() >= 2 * card + self._grid.spacing() else 1)
        super().resizeEvent(event)

    def retranslate(self) -> None:
        for card in self.cards.values():
            card.retranslate()


class TaskStarter(QObject):
    """Starts tasks: asks the task's choice where it has one, then opens its conversation."""

    started = Signal(object)  # the Task

    def __init__(self, window: QWidget, chat: ChatController, language: str) -> None:
        super().__init__(window)
        self._window, self._chat, self.language = window, chat, language
        self.dialog: TaskDialog | None = None

    def menu(self) -> QMenu:
        """File › New task: one entry per task."""
        menu = QMenu(self.tr("New &task"), self._window)
        menu.setObjectName("newTaskMenu")
        for kind, (name, about) in kind_names().items():
            action = menu.addAction(icon(ICONS[kind], self._window.palette().text().color()), name)
            action.setObjectName(f"task_{kind}")
            action.setToolTip(about)
            action.triggered.connect(lambda _=False, kind=kind: self.start(kind))
        return menu

    def start(self, kind: str) -> None:
        if kind not in (TRANSLATE, SUMMARISE):
            self._open(Task(kind))
            return
        dialog = self.dialog = TaskDialog(kind, user_language(self.language), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._open(dialog.task()))
        dialog.destroyed.connect(self._forget_dialog)
        dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _open(self, task: Task) -> None:
        self._chat.start_task(task, conversation_title(task))
        self.started.emit(task)
