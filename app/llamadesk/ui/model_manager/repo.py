"""One repository on the Hub: every GGUF model by quantization, its size, whether it fits
this computer at the chosen context size, the recommended choice, the card and licence.

The verdicts come from the real header of one of the files, read with HTTP Range requests
(:func:`llamadesk.core.hub.client.variant_header`) on a worker, and this machine's RAM and GPUs; the
context size can be changed without another request.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core import hub
from llamadesk.core.errors import HubError, ModelFileError
from llamadesk.core.gguf import GGUFInfo
from llamadesk.core.hub import HubConfig, ModelVariant, RepoDetails, by_quantization
from llamadesk.core.machine import (
    FitResult,
    Machine,
    Recommendation,
    Verdict,
    fit_variants,
    recommend,
)
from llamadesk.core.units import format_bytes
from llamadesk.ui.common import TaskRunner, icon, mix, translated, verdict_colour, verdict_text
from llamadesk.ui.model_manager.services import MachineProbe
from llamadesk.ui.model_manager.style import (
    Banner,
    format_count,
    format_date,
    muted_label,
    plain_label,
    title_label,
)

VARIANT_ROLE = Qt.ItemDataRole.UserRole
CONTEXT_SIZES = (2048, 4096, 8192, 16384, 32768, 65536, 131072)
TOKEN_REASONS = ("gated", "not_found", "unauthorized", "forbidden")  # a token may help


def hub_error_actions(error: BaseException | None) -> dict[str, str]:
    """What a page offers beside a Hub request's error (action key -> button text): an
    access token when the Hub refused, else trying again or working offline."""
    reason = getattr(error, "reason", "error")
    if reason in ("offline", "invalid"):  # offline mode has its own banner; a typing error
        return {}
    if reason in TOKEN_REASONS:
        return {"token": QCoreApplication.translate("ModelManager", "Set an access token")}
    return {
        "retry": QCoreApplication.translate("ModelManager", "Retry"),
        "offline": QCoreApplication.translate("ModelManager", "Work offline"),
    }


class RepoView(QWidget):
    back_requested = Signal()
    download_requested = Signal(object)  # ModelVariant
    token_settings_requested = Signal()
    work_offline_requested = Signal()
    verdicts_shown = Signal()  # the fit column is filled (for tests and screenshots)
    failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        machine: MachineProbe,
        config: Callable[[], HubConfig],
        n_ctx: int = 4096,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._machine, self._config = runner, machine, config
        self._request = 0
        self.details: RepoDetails | None = None
        self.header: GGUFInfo | None = None
        self.refused: ModelFileError | None = None  # why no file of the model would load
        self.machine: Machine | None = None
        self.choices: list[tuple[ModelVariant, FitResult]] = []
        self.recommendation: Recommendation | None = None
        self._n_ctx = n_ctx
        self._preferred: str | None = None
        self._opened: tuple[str, str | None, str | None] | None = None  # open()'s arguments

        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setObjectName("secondaryButton")
        self.back_button.clicked.connect(self.back_requested)
        self.title = title_label("")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.page_button = QPushButton(self.tr("Open on the Hub"))
        self.page_button.setObjectName("secondaryButton")
        self.page_button.clicked.connect(self._open_page)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(8)
        top.addWidget(self.title, 1)
        top.addWidget(self.page_button)
        self.meta = muted_label()
        self.description = plain_label()
        self.description.setWordWrap(True)
        self.banner = Banner()
        self.banner.action_clicked.connect(self._on_banner_action)

        self.context = QComboBox()
        self.context.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.context.setToolTip(
            self.tr("The context size changes how much memory a model needs; judge at this size")
        )
        self.context.currentIndexChanged.connect(self._on_context_changed)
        self.machine_label = muted_label(self.tr("Checking this computer…"))
        self.controls = QWidget()
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel(self.tr("Context size")))
        controls.addWidget(self.context)
        controls.addSpacing(12)
        controls.addWidget(self.machine_label, 1)

        self.table = QTreeWidget()
        self.table.setObjectName("managerTable")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels(
            [self.tr("Quantization"), self.tr("Size"), self.tr("On this computer"), self.tr("File")]
        )
        header = self.table.header()
        header.setStretchLastSection(True)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentItemChanged.connect(lambda *_: self._show_selected())
        self.table.itemDoubleClicked.connect(lambda *_: self._download())
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.status = muted_label()
        self.download_button = QPushButton(icon("download", self._accent_text()), "")
        self.download_button.setObjectName("primaryButton")
        self.download_button.clicked.connect(self._download)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.download_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.meta)
        layout.addWidget(self.description)
        layout.addWidget(self.banner)
        layout.addWidget(self.controls)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(bottom)
        layout.addStretch(0)  # keeps a lone error banner at the top
        self._fill_context_sizes(None)

    def _accent_text(self):
        return self.palette().color(QPalette.ColorRole.HighlightedText)

    # ---------------------------------------------------------------- opening
    def open(self, repo_id: str, revision: str | None = None, preferred: str | None = None) -> None:
        """Show ``repo_id``; ``preferred`` (a file name or quantization) is selected first."""
        self._request += 1
        request = self._request
        self._opened = (repo_id, revision, preferred)
        self.details, self.header, self.choices, self.recommendation = None, None, [], None
        self.refused = None
        self._preferred = preferred
        self.title.setText(repo_id)
        self.meta.clear()
        self.description.clear()
        self.banner.hide()
        self.table.clear()
        self.detail.clear()
        self._show_files(False)
        self.page_button.setEnabled(False)
        self.download_button.setEnabled(False)
        self.download_button.setText(self.tr("Download"))
        self.status.setText(self.tr("Loading the repository…"))
        config = self._config()
        self._runner.run(
            lambda: hub.repo_files(repo_id, revision=revision, config=config),
            on_done=lambda details: self._on_details(request, details, config),
            on_error=lambda message, error: self._on_error(request, message, error),
        )

    def _show_files(self, visible: bool) -> None:
        for widget in (self.controls, self.table, self.detail, self.download_button):
            widget.setVisible(visible)

    def _on_error(self, request: int, message: str, error: BaseException | None = None) -> None:
        if request != self._request:
            return
        if self.details is None:
            self._show_files(False)
        self.status.clear()
        self.banner.show_message(message, "error", hub_error_actions(error))
        self.failed.emit(message)

    def _on_details(self, request: int, details: RepoDetails, config: HubConfig) -> None:
        if request != self._request:
            return
        self.details = details
        self.page_button.setEnabled(True)
        facts = [
            translated(details.license) if details.license else self.tr("Licence not stated"),
            self.tr("{n} downloads").format(n=format_count(details.downloads)),
            self.tr("{n} likes").format(n=format_count(details.likes)),
        ]
        if details.last_modified:
            facts.append(self.tr("updated {date}").format(date=format_date(details.last_modified)))
        self.meta.setText("  ·  ".join(facts))
        self.description.setText(details.description)
        self.description.setVisible(bool(details.description))
        if details.access_note:
            self.banner.show_message(
                self.tr(
                    "This model is gated: its authors ask you to accept their licence on its "
                    "page (logged in to the Hub), and LlamaDesk needs an access token to "
                    "download it. Set the token in Settings, on the Hub page of the model manager."
                ),
                "warning",
                {details.url: self.tr("Open its page"), "token": self.tr("Set an access token")},
            )
        if not details.variants:
            self.status.setText(self.tr("This repository has no GGUF model files to download."))
            return
        self._show_files(True)
        self._fill_table(details)
        self.status.setText(self.tr("Checking how each file fits this computer…"))
        self._runner.run(
            lambda: self._read_header(details, config),
            on_done=lambda result: self._on_header(request, result),
            on_error=lambda message, error: self._on_error(request, message, error),
        )

    def _read_header(self, details: RepoDetails, config: HubConfig):
        """On a worker: one real header (the recommended size's, else the smallest)."""
        probe = next((v for v in details.variants if v.quantization == "Q4_K_M"), None)
        probe = probe or details.variants[0]
        try:
            header, problem = hub.variant_header(probe, config=config), None
        except (HubError, ModelFileError) as error:
            header, problem = None, error
        return header, problem, self._machine.get()

    def _on_header(self, request: int, result) -> None:
        if request != self._request:
            return
        self.header, problem, self.machine = result
        self.refused = problem if isinstance(problem, ModelFileError) else None
        self.machine_label.setText(machine_summary(self.machine))
        self._fill_context_sizes(self.header)
        self._judge()
        if self.refused is not None:
            self.status.setText(
                self.tr(
                    "{e} The model's other files most likely share the problem, so none is "
                    "recommended."
                ).format(e=translated(problem))
            )
        elif problem is not None and getattr(problem, "reason", "") != "gated":
            self.status.setText(
                self.tr(
                    "Rough verdicts from the file sizes: the header could not be read ({e})"
                ).format(e=translated(problem))
            )
        elif problem is not None:
            self.status.setText(self.tr("Rough verdicts from the file sizes (the model is gated)."))
        else:
            self.status.clear()
        self.verdicts_shown.emit()

    # ---------------------------------------------------------------- the table
    def _fill_table(self, details: RepoDetails) -> None:
        self.table.clear()
        for quantization, variants in by_quantization(details.variants).items():
            for variant in variants:
                size = format_bytes(variant.size) if variant.size is not None else "?"
                parts = self.tr(" ({n} parts)").format(n=len(variant.files))
                name = variant.name + (parts if variant.is_split else "")
                item = QTreeWidgetItem([quantization, size, self.tr("checking…"), name])
                item.setData(0, VARIANT_ROLE, variant)
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setToolTip(0, translated(variant.description))
                self.table.addTopLevelItem(item)
        self._select(self._preferred)

    def _judge(self) -> None:
        if self.details is None or self.machine is None:
            return
        options = {"n_ctx": self.n_ctx}
        self.choices = fit_variants(self.details.variants, self.header, self.machine, **options)
        self.recommendation = recommend(self.choices, refused=self.refused is not None)
        fits = dict((v.name, f) for v, f in self.choices)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        accent = palette.color(QPalette.ColorRole.Highlight)
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            variant: ModelVariant = item.data(0, VARIANT_ROLE)
            fit = fits[variant.name]
            if self.refused is not None:  # its size may fit; llama.cpp would not run it
                item.setText(2, self.tr("Would not load"))
                item.setForeground(2, verdict_colour(Verdict.TOO_BIG, palette))
                item.setToolTip(2, translated(self.refused))
            else:
                item.setText(2, verdict_text(fit.verdict))
                item.setForeground(2, verdict_colour(fit.verdict, palette))
                item.setToolTip(2, translated(fit.reason))
            best = self.recommendation is not None and self.recommendation.variant == variant
            item.setText(
                0, variant.quantization + ("  ★ " + self.tr("recommended") if best else "")
            )
            font = QFont(item.font(0))
            font.setBold(best)
            tint = QBrush(mix(base, accent, 0.12)) if best else QBrush()
            for column in range(4):
                item.setFont(column, font)
                item.setBackground(column, tint)
        if self._preferred is None and self.recommendation is not None:
            self._select(self.recommendation.variant.name)
        self._show_selected()

    @property
    def n_ctx(self) -> int:
        value = self.context.currentData()
        return int(value) if value else self._n_ctx

    def set_context_size(self, n_ctx: int) -> None:
        index = self.context.findData(n_ctx)
        if index < 0:
            self.context.addItem(f"{n_ctx:,}", n_ctx)
            index = self.context.count() - 1
        self.context.setCurrentIndex(index)

    def _fill_context_sizes(self, header: GGUFInfo | None) -> None:
        current = self.n_ctx if self.context.count() else self._n_ctx
        limit = header.context_length if header and header.context_length else None
        self.context.blockSignals(True)
        self.context.clear()
        sizes = sorted({*(n for n in CONTEXT_SIZES if not limit or n <= limit), current})
        for n in sizes:
            label = f"{n:,}"
            if limit and n == limit:
                label = self.tr("{n} (the model's maximum)").format(n=label)
            self.context.addItem(label, n)
        if limit and limit not in sizes:
            self.context.addItem(self.tr("{n} (the model's maximum)").format(n=f"{limit:,}"), limit)
        self.context.setCurrentIndex(max(0, self.context.findData(current)))
        self.context.blockSignals(False)

    def _on_context_changed(self, _index: int) -> None:
        self._judge()

    def _select(self, wanted: str | None) -> None:
        if not wanted:
            return
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            variant: ModelVariant = item.data(0, VARIANT_ROLE)
            names = {variant.name.lower(), variant.display_name.lower()}
            if wanted.lower() in names or variant.quantization.lower() == wanted.lower():
                self.table.setCurrentItem(item)
                return

    def selected_variant(self) -> ModelVariant | None:
        item = self.table.currentItem()
        return item.data(0, VARIANT_ROLE) if item is not None else None

    def _show_selected(self) -> None:
        variant = self.selected_variant()
        self.download_button.setEnabled(variant is not None)
        if variant is None:
            self.detail.clear()
            return
        size = format_bytes(variant.size) if variant.size is not None else "?"
        self.download_button.setText(
            self.tr("Download {quant} · {size}").format(quant=variant.quantization, size=size)
        )
        lines = [translated(variant.description)]
        fit = next((f for v, f in self.choices if v == variant), None)
        if fit is not None:
            lines.append(translated(fit.reason))
        if self.recommendation is not None and self.recommendation.variant == variant:
            why = translated(self.recommendation.reason)
            lines.append(self.tr("Recommended: {why}").format(why=why))
        self.detail.setText("\n".join(lines))

    def _download(self) -> None:
        variant = self.selected_variant()
        if variant is not None:
            self.download_requested.emit(variant)

    def _open_page(self) -> None:
        if self.details is not None:
            QDesktopServices.openUrl(QUrl(self.details.url))

    def _on_banner_action(self, key: str) -> None:
        if key == "token":
            self.token_settings_requested.emit()
        elif key == "retry" and self._opened is not None:
            self.open(*self._opened)
        elif key == "offline":
            self.work_offline_requested.emit()


def machine_summary(machine: Machine) -> str:
    ram = QCoreApplication.translate("ModelManager", "This computer: {total} of RAM ({free} free)")
    text = ram.format(
        total=format_bytes(machine.ram_total), free=format_bytes(machine.ram_available)
    )
    report = machine.report
    gpus = report.gpus if report is not None and report.cpu_only_reason() is None else ()
    if gpus:
        gpu = max(gpus, key=lambda d: d.memory_free)
        text += QCoreApplication.translate("ModelManager", " · {gpu}, {free} free").format(
            gpu=gpu.description or gpu.name, free=format_bytes(gpu.memory_free)
        )
    else:
        text += QCoreApplication.translate("ModelManager", " · no usable GPU")
    return text
