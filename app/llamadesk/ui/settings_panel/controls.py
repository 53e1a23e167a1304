"""Small controls the settings panel is built from.

A slider paired with a spin box, a segmented switch, hint and inline error labels, the
dot that marks a field differing from the defaults, and :class:`Section`: a titled card
with a grid of labelled fields, each with its dot and its inline error. Plain widgets with
no texts of their own: whoever builds them sets the words.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from llamadesk.core.errors import SettingsError
from llamadesk.ui.common import translated, wheel_only_when_focused

SPACING = 8  # between controls
MARGIN = 12  # around and between sections


@contextlib.contextmanager
def signals_blocked(*objects: QObject) -> Iterator[None]:
    """Block the signals of ``objects`` for the duration of the ``with`` block."""
    previous = [obj.blockSignals(True) for obj in objects]
    try:
        yield
    finally:
        for obj, was in zip(objects, previous, strict=True):
            obj.blockSignals(was)


# ----------------------------------------------------------------- factories
def hint_label() -> QLabel:
    """A wrapping label in a slightly smaller, muted font."""
    label = QLabel()
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    label.setMinimumWidth(40)  # Qt asks a wrapping label for a wide one: it wraps more instead
    font = QFont(label.font())
    font.setPointSizeF(max(font.pointSizeF() * 0.92, 7.0))
    label.setFont(font)
    return label


def error_label(name: str) -> QLabel:
    """A hidden, wrapping label for an inline error message."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


def dot(name: str = "") -> QLabel:
    """A small round mark in the accent colour."""
    label = QLabel()
    label.setProperty("role", "dot")
    label.setFixedSize(6, 6)
    if name:
        label.setObjectName(name)
    return label


def push_button(name: str, role: str) -> QPushButton:
    """A button styled by ``role``: "primary", "secondary" or "link"."""
    button = QPushButton()
    button.setObjectName(name)
    button.setProperty("role", role)
    return button


def combo_box(name: str) -> QComboBox:
    """A combo box that shares the row's width instead of growing to its longest item."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    wheel_only_when_focused(combo)
    return combo


def fill_combo(combo: QComboBox, items: list[tuple[object, str]]) -> None:
    """Replace the items (data, text), keeping the current data selected; emits nothing."""
    current = combo.currentData()
    with signals_blocked(combo):
        combo.clear()
        for data, text in items:
            combo.addItem(text, data)
        index = combo.findData(current) if current is not None else -1
        combo.setCurrentIndex(max(index, 0))


def spin_box(name: str, minimum: int, maximum: int, step: int) -> QSpinBox:
    """A whole-number spin box that reports a value when typing ends, not on every key."""
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(minimum, maximum)
    spin.setSingleStep(step)
    spin.setKeyboardTracking(False)
    spin.setGroupSeparatorShown(True)
    spin.setAccelerated(True)
    wheel_only_when_focused(spin)
    return spin


def combo_with_spin(combo: QComboBox, spin: QSpinBox) -> QWidget:
    """A combo box with a spin box beside it for its "Custom…" item (the spin box hidden)."""
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(SPACING)
    layout.addWidget(combo, 3)
    layout.addWidget(spin, 2)
    spin.hide()
    return holder


def text_height(widget: QWidget, lines: int) -> int:
    """The height of a plain text editor showing ``lines`` lines in ``widget``'s font."""
    metrics = widget.fontMetrics()
    return metrics.lineSpacing() * lines + 2 * 4 + 4  # document margin and frame


def field_problems(blank: object, values: dict[str, object]) -> dict[str, str]:
    """The message for each of ``values`` that ``blank`` (a settings dataclass) refuses."""
    problems: dict[str, str] = {}
    for key, value in values.items():
        try:
            replace(blank, **{key: value})
        except SettingsError as error:
            problems[key] = translated(error)
    return problems


# ----------------------------------------------------------------- controls
class SliderSpin(QWidget):
    """A slider and a spin box showing one decimal value. ``value_committed`` fires when
    the value changes, except while the slider is being dragged (then once on release)."""

    value_committed = Signal(float)

    def __init__(self, minimum: float, maximum: float, step: float, parent=None) -> None:
        super().__init__(parent)
        self._scale = 100
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(round(minimum * self._scale), round(maximum * self._scale))
        self.slider.setSingleStep(round(step * self._scale))
        self.slider.setPageStep(round(step * self._scale * 5))
        self.spin = QDoubleSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setDecimals(2)
        self.spin.setSingleStep(step)
        self.spin.setKeyboardTracking(False)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.spin.setFixedWidth(self.spin.fontMetrics().horizontalAdvance("00.00") + 40)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        wheel_only_when_focused(self.slider, self.spin)
        self.slider.valueChanged.connect(self._on_slider_value)
        self.slider.sliderReleased.connect(lambda: self.value_committed.emit(self.value()))
        self.spin.valueChanged.connect(self._on_spin_value)

    def value(self) -> float:
        return round(self.spin.value(), 2)

    def set_value(self, value: float) -> None:
        """Show ``value`` without emitting anything."""
        with signals_blocked(self.slider, self.spin):
            self.spin.setValue(value)
            self.slider.setValue(round(value * self._scale))

    def set_tool_tip(self, text: str) -> None:
        for widget in (self, self.slider, self.spin):
            widget.setToolTip(text)

    def _on_slider_value(self, raw: int) -> None:
        with signals_blocked(self.spin):
            self.spin.setValue(raw / self._scale)
        if not self.slider.isSliderDown():
            self.value_committed.emit(self.value())

    def _on_spin_value(self, value: float) -> None:
        with signals_blocked(self.slider):
            self.slider.setValue(round(value * self._scale))
        self.value_committed.emit(self.value())


class SegmentedSwitch(QFrame):
    """Buttons side by side, one of them checked; each named ``{name}_{key}``."""

    chosen = Signal(str)  # the key of the button the user clicked

    def __init__(self, name: str, keys: tuple[str, ...], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("segments")
        row = QHBoxLayout(self)
        row.setContentsMargins(3, 3, 3, 3)
        row.setSpacing(2)
        self.buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        for key in keys:
            button = push_button(f"{name}_{key}", "segment")
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setProperty("key", key)
            self._group.addButton(button)
            row.addWidget(button, 1)
            self.buttons[key] = button
        self._group.buttonClicked.connect(lambda button: self.chosen.emit(button.property("key")))

    def set_current(self, key: str) -> None:
        self.buttons[key].setChecked(True)


class Section(QFrame):
    """A card with a bold title, a hint under it and a body of labelled field rows.

    Each field row has a label, a dot shown while the field differs from the defaults
    (:attr:`dots`) and an inline error under the control (:attr:`errors`). A section
    that holds a single value marks it with a dot after the title instead (``title_dot``).
    """

    edited = Signal()  # the user changed a value shown, valid or not

    def __init__(self, *, title_dot: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("section")
        self.labels: dict[str, QLabel] = {}
        self.dots: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self._tip_widgets: dict[str, QWidget] = {}  # the control each field's tooltip is on
        self._focus_widgets: dict[str, QWidget] = {}  # the control each field label names
        self._grids: list[QGridLayout] = []
        self._rows: list[tuple[QGridLayout, int, QHBoxLayout, QWidget, QLabel]] = []
        self._label_width = 0
        self.narrow = False  # labels above their controls (set_narrow)
        self._quiet_depth = 0
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.body.setSpacing(SPACING)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.hint = hint_label()
        self.title_row = QHBoxLayout()
        self.title_row.setSpacing(6)
        self.title_row.addWidget(self.title)
        self.title_row.addStretch(1)
        head = QVBoxLayout()
        head.setSpacing(2)
        head.addLayout(self.title_row)
        head.addWidget(self.hint)
        self.body.addLayout(head)
        self.body.addSpacing(2)
        if title_dot:
            self.title_row.insertWidget(1, self.override_dot(title_dot))

    # ------------------------------------------------------------ building
    def override_dot(self, key: str) -> QLabel:
        """The (hidden) dot that marks ``key`` as differing from the defaults."""
        mark = dot(f"{key}_override")
        mark.hide()
        self.dots[key] = mark
        return mark

    def add_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(MARGIN)
        grid.setVerticalSpacing(SPACING)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self._grids.append(grid)
        return grid

    def add_row(
        self, grid: QGridLayout, key: str, control: QWidget, tip_on: QWidget | None = None
    ) -> None:
        """A row for field ``key``; its tooltip goes on ``tip_on`` (default: ``control``).

        Each field has three grid rows: its label and control side by side (or the label
        alone, narrow), its control under the label (narrow), its inline error."""
        row = grid.rowCount()
        label = self.labels[key] = QLabel()
        label_box = QHBoxLayout()
        label_box.setSpacing(6)
        label_box.addWidget(label)
        label_box.addWidget(self.override_dot(key), 0, Qt.AlignmentFlag.AlignVCenter)
        label_box.addStretch(1)
        if isinstance(control, QPlainTextEdit):
            label_box.setContentsMargins(0, 4, 0, 0)
        focus = control.focusProxy() or control
        if isinstance(control, SliderSpin):
            focus = control.spin
        elif not focus.focusPolicy() & Qt.FocusPolicy.TabFocus:  # a combo and spin box pair
            focus = control.findChild(QComboBox) or focus
        label.setBuddy(focus)
        self._focus_widgets[key] = focus
        self._tip_widgets[key] = tip_on or control
        self.errors[key] = error_label(f"{key}_error")
        self._rows.append((grid, row, label_box, control, self.errors[key]))
        self._place_row(*self._rows[-1])

    # ------------------------------------------------------------ texts and layout
    def set_texts(
        self, heading: tuple[str, str], labels: dict[str, str], tips: dict[str, str]
    ) -> None:
        """The title and hint, and each field's label and tooltip (keys of other sections
        are passed over)."""
        self.title.setText(heading[0])
        self.hint.setText(heading[1])
        for key, label in self.labels.items():
            label.setText(labels[key])
            self._focus_widgets[key].setAccessibleName(labels[key])
            widget = self._tip_widgets[key]
            if isinstance(widget, SliderSpin):
                widget.set_tool_tip(tips[key])
            else:
                widget.setToolTip(tips[key])
            label.setToolTip(tips[key])

    def label_width(self) -> int:
        """The width the widest field label needs."""
        return max((label.sizeHint().width() for label in self.labels.values()), default=0)

    def set_label_width(self, width: int) -> None:
        self._label_width = width
        for grid in self._grids:
            grid.setColumnMinimumWidth(0, 0 if self.narrow else width)

    def set_narrow(self, narrow: bool) -> None:
        """Labels above their controls (a narrow panel), or beside them."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        for grid, row, label_box, control, error in self._rows:
            grid.removeItem(label_box)
            grid.removeWidget(control)
            grid.removeWidget(error)
            self._place_row(grid, row, label_box, control, error)
        self.set_label_width(self._label_width)
        self.body.invalidate()  # its cached sizes were the other layout's
        self.updateGeometry()

    def _place_row(self, grid, row, label_box, control, error) -> None:
        if self.narrow:
            grid.addLayout(label_box, row, 0, 1, 2)
            grid.addWidget(control, row + 1, 0, 1, 2)
            grid.addWidget(error, row + 2, 0, 1, 2)
        else:
            top = isinstance(control, QPlainTextEdit)
            align = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
            grid.addLayout(label_box, row, 0, align)
            grid.addWidget(control, row, 1)
            grid.addWidget(error, row + 2, 1)

    # ------------------------------------------------------------ state
    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """Changes made inside are the program's own, not the user's: handlers that check
        :meth:`is_quiet` emit nothing."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1

    def is_quiet(self) -> bool:
        return self._quiet_depth > 0

    def show_errors(self, problems: dict[str, str]) -> None:
        """Show each field's message in ``problems``; hide the other fields' errors."""
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)

    def hide_errors(self) -> None:
        for label in self.errors.values():
            label.hide()

    @staticmethod
    def differing(values: dict[str, object], defaults: object) -> set[str]:
        """The keys of ``values`` that differ from the same fields of ``defaults`` (floats
        compared as the two decimals the controls show)."""
        different = set()
        for key, value in values.items():
            default = getattr(defaults, key)
            if isinstance(default, float):
                default = round(default, 2)
            if value != default:
                different.add(key)
        return different
