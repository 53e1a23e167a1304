"""Discover: search the Hub for GGUF models (by downloads, likes or date, a page at a time),
open a pasted repository name or Hub address, and the curated chat models.

The curated models are listed whenever no search is: on first open, once the search field
is emptied, after a search that failed (under its error, with Retry and Work offline), and
in offline mode, where the page says so and makes no request at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core import hub
from llamadesk.core.errors import HubError
from llamadesk.core.hub import HubConfig, ModelSummary, SearchPage, parse_repo_reference
from llamadesk.core.machine import RecommendedModel, recommended_models
from llamadesk.core.units import format_bytes
from llamadesk.ui.common import TaskRunner, icon, translated
from llamadesk.ui.model_manager.repo import RepoView, hub_error_actions
from llamadesk.ui.model_manager.services import MachineProbe
from llamadesk.ui.model_manager.style import (
    Banner,
    Card,
    format_count,
    format_date,
    muted_label,
    title_label,
)

ENTRY_ROLE = Qt.ItemDataRole.UserRole
PAGE_SIZE = 30


class DiscoverPage(QWidget):
    results_shown = Signal()  # a search (or a page of it) is on screen
    download_requested = Signal(object)  # ModelVariant
    token_settings_requested = Signal()
    offline_off_requested = Signal()
    work_offline_requested = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        machine: MachineProbe,
        config: Callable[[], HubConfig],
        n_ctx: int = 4096,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._config = runner, config
        self._request = 0  # the request whose answer is awaited or shown
        self._pending = False  # its answer is awaited
        self._cursor: str | None = None
        self._query = ""
        self._curated = False  # the list is (or is becoming) the curated models
        self._retry: Callable[[], None] | None = None  # the last search, again
        self.page_size = PAGE_SIZE  # results per page ("More results" fetches the next)

        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search GGUF models, or paste a repository name or Hub address")
        )
        self.search.addAction(
            icon("search", self.palette().placeholderText().color()),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self.search.returnPressed.connect(self.submit)
        self.search.textChanged.connect(self._on_text_changed)
        self.sort = QComboBox()
        for key, label in (
            ("downloads", self.tr("Most downloaded")),
            ("likes", self.tr("Most liked")),
            ("recent", self.tr("Recently updated")),
        ):
            self.sort.addItem(label, key)
        self.sort.setToolTip(self.tr("Order of the results"))
        self.sort.activated.connect(lambda _i: self.submit())
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setObjectName("primaryButton")
        self.search_button.clicked.connect(self.submit)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.sort)
        bar.addWidget(self.search_button)

        self.banner = Banner()
        self.banner.action_clicked.connect(self._on_banner_action)
        self.heading = title_label("", "sectionTitle")
        self.results = QListWidget()
        self.results.setObjectName("cardList")
        self.results.setSpacing(2)
        self.results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.results.itemActivated.connect(self._on_item)
        self.results.itemClicked.connect(self._on_item)
        self.more_button = QPushButton(self.tr("More results"))
        self.more_button.setObjectName("secondaryButton")
        self.more_button.clicked.connect(self.load_more)
        self.more_button.hide()
        self.status = muted_label()

        search_page = QWidget()
        column = QVBoxLayout(search_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(title_label(self.tr("Discover models")))
        column.addLayout(bar)
        column.addWidget(self.banner)
        column.addWidget(self.heading)
        column.addWidget(self.results, 1)
        more = QHBoxLayout()
        more.addWidget(self.status, 1)
        more.addWidget(self.more_button)
        column.addLayout(more)

        self.repo = RepoView(runner, machine, config, n_ctx)
        self.repo.back_requested.connect(self.show_results)
        self.repo.download_requested.connect(self.download_requested)
        self.repo.token_settings_requested.connect(self.token_settings_requested)
        self.repo.work_offline_requested.connect(self.work_offline_requested)
        self.stack = QStackedWidget()
        self.stack.addWidget(search_page)
        self.stack.addWidget(self.repo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # ---------------------------------------------------------------- state
    def offline(self) -> bool:
        return self._config().is_offline()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh_offline()
        if self.results.count() == 0 and not self._pending:  # never an empty page
            self.show_curated()

    def refresh_offline(self) -> None:
        """Show or hide the offline notice; searching is off while offline, and the curated
        models are listed instead of what was found."""
        offline = self.offline()
        for widget in (self.search, self.sort, self.search_button):
            widget.setEnabled(not offline)
        if offline:
            self.show_results()
            if not self._curated:
                self.show_curated()
            self.banner.show_message(
                self.tr(
                    "Offline mode is on: LlamaDesk does not contact the Hugging Face Hub, so "
                    "searching and downloading are off. The models on this computer are in "
                    "the Library."
                ),
                "info",
                {"online": self.tr("Go online")} if not _env_offline() else {},
            )
            if _env_offline():
                self.banner.label.setText(
                    self.banner.label.text()
                    + " "
                    + self.tr("It is on because HF_HUB_OFFLINE is set in the environment.")
                )
        elif self.banner.property("kind") == "info":
            self.banner.hide()

    def show_results(self) -> None:
        self.stack.setCurrentIndex(0)

    def show_recommended(self) -> None:
        """Back to the list, which shows the curated models."""
        self.show_results()
        self.search.clear()  # which lists them, unless they are listed already
        if not self._curated:
            self.show_curated()

    # ---------------------------------------------------------------- curated
    def show_curated(self) -> None:
        """List the curated models (read from a file: no request)."""
        self._curated = True
        self._query, self._cursor = "", None
        self.heading.setText(self.tr("Recommended chat models"))
        self.results.clear()
        self.more_button.hide()
        self.status.clear()
        request = self._begin_request()
        self._runner.run(
            recommended_models,
            on_done=lambda models: self._on_curated(request, models),
            on_error=lambda message, _error: self._on_curated_failed(request, message),
        )

    def _on_curated(self, request: int, models: list[RecommendedModel]) -> None:
        if not self._answered(request):
            return
        for model in models:
            subtitle = "  ·  ".join(
                [
                    self.tr("{params} parameters").format(params=model.parameters),
                    self.tr("about {size}").format(size=format_bytes(model.approx_size)),
                    model.licence,
                ]
            )
            self._add_card(
                model,
                model.name,
                f"{subtitle}\n{translated(model.description)}",
                model.quantization,
            )
        self.status.setText(self.tr("Choose one to see every size and whether it fits."))

    def _on_curated_failed(self, request: int, message: str) -> None:
        if self._answered(request):  # a damaged installation: nothing to try again
            self.banner.show_message(message, "error")

    # ---------------------------------------------------------------- searching
    def submit(self) -> None:
        """Search for the text, or open it when it names a repository."""
        text = self.search.text().strip()
        if self.offline():
            self.refresh_offline()
            return
        try:
            reference = parse_repo_reference(text) if "/" in text else None
        except HubError as error:
            self.banner.show_message(translated(error), "error")
            return
        if reference is not None:
            self.open_repo(
                reference.repo_id, reference.revision, reference.filename or reference.quantization
            )
            return
        self._start_search(text)

    def _start_search(self, text: str) -> None:
        self._curated = False
        self._query, self._cursor = text or " ", None
        self.results.clear()
        heading = self.tr("Results for “{q}”").format(q=text) if text else self.tr("Popular")
        self.heading.setText(heading)
        self._fetch(None, retry=lambda: self._start_search(text))

    def load_more(self) -> None:
        if self._cursor:
            cursor = self._cursor
            self._fetch(cursor, retry=lambda: self._fetch(cursor))

    def _fetch(self, cursor: str | None, retry: Callable[[], None]) -> None:
        request = self._begin_request()
        self._retry = retry
        query, sort, config = self._query.strip(), self.sort.currentData(), self._config()
        if self.banner.property("kind") != "info":
            self.banner.hide()
        self.more_button.setEnabled(False)
        self.status.setText(self.tr("Searching…"))
        self._runner.run(
            lambda: hub.search_models(
                query, sort=sort, limit=self.page_size, cursor=cursor, config=config
            ),
            on_done=lambda page: self._on_page(request, page),
            on_error=lambda message, error: self._on_failed(message, error, request),
        )

    def _begin_request(self) -> int:
        """A new request: the answers of those before it are no longer awaited."""
        self._request += 1
        self._pending = True
        return self._request

    def _answered(self, request: int) -> bool:
        """Whether ``request``'s answer is the one awaited (it is no longer)."""
        if request != self._request:
            return False
        self._pending = False
        return True

    def _on_page(self, request: int, page: SearchPage) -> None:
        if not self._answered(request):
            return
        for model in page.models:
            self._add_card(
                model,
                model.repo_id,
                self._summary(model),
                self.tr("gated") if model.gated else "",
                "gated",
            )
        self._cursor = page.next_cursor
        self.more_button.setVisible(bool(self._cursor))
        self.more_button.setEnabled(True)
        if self.results.count() == 0:
            self.status.setText(self.tr("No GGUF models match. Try fewer or other words."))
        else:
            count = self.results.count()
            self.status.setText(
                self.tr("1 model") if count == 1 else self.tr("{n} models").format(n=count)
            )
        self.results_shown.emit()

    def _summary(self, model: ModelSummary) -> str:
        parts = [
            self.tr("{n} downloads").format(n=format_count(model.downloads)),
            self.tr("{n} likes").format(n=format_count(model.likes)),
        ]
        if model.last_modified:
            parts.append(self.tr("updated {date}").format(date=format_date(model.last_modified)))
        return "  ·  ".join(parts)

    def _on_failed(self, message: str, error: Any, request: int) -> None:
        if not self._answered(request):
            return
        self.status.clear()
        self.more_button.setEnabled(True)
        self.banner.show_message(message, "error", hub_error_actions(error))
        if self.results.count() == 0 and not self._curated:  # the curated models instead
            self.show_curated()

    def _on_text_changed(self, text: str) -> None:
        """The field was emptied: what it found (or failed to find) goes, the curated
        models come back."""
        if text.strip() or self._curated:
            return
        if self.banner.property("kind") == "error":
            self.banner.hide()
        self.show_curated()

    def _add_card(self, entry, title: str, subtitle: str, chip: str = "", kind: str = "") -> None:
        card = Card(title, subtitle, chip, kind)
        item = QListWidgetItem()
        item.setData(ENTRY_ROLE, entry)
        item.setSizeHint(card.sizeHint())
        item.setToolTip(title)
        self.results.addItem(item)
        self.results.setItemWidget(item, card)

    def _on_item(self, item: QListWidgetItem) -> None:
        entry = item.data(ENTRY_ROLE)
        if isinstance(entry, RecommendedModel):
            self.open_repo(entry.repo_id, preferred=entry.file)
        elif isinstance(entry, ModelSummary):
            self.open_repo(entry.repo_id)

    def open_repo(self, repo_id: str, revision: str | None = None, preferred: str | None = None):
        if self.offline():
            self.refresh_offline()
            return
        self.stack.setCurrentWidget(self.repo)
        self.repo.open(repo_id, revision, preferred)

    def _on_banner_action(self, key: str) -> None:
        if key == "online":
            self.offline_off_requested.emit()
        elif key == "retry" and self._retry is not None:
            self._retry()
        elif key == "offline":
            self.work_offline_requested.emit()
        elif key == "token":
            self.token_settings_requested.emit()


def _env_offline() -> bool:
    return HubConfig().is_offline()
