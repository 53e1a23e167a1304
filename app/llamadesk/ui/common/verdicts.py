"""Whether a model fits this computer, as words and a colour: the same everywhere a fit
verdict is shown (the model manager's quantizations, the model picker's badges)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPalette

from llamadesk.core.machine import Verdict
from llamadesk.ui.common.colours import is_dark

VERDICT_COLOURS = {  # light, dark
    Verdict.FITS_ON_GPU: ("#15803d", "#4ade80"),
    Verdict.PARTLY_ON_GPU: ("#b45309", "#fbbf24"),
    Verdict.CPU_ONLY: ("#1d4ed8", "#93c5fd"),
    Verdict.TOO_BIG: ("#b91c1c", "#f87171"),
}


def verdict_text(verdict: Verdict) -> str:
    return {
        Verdict.FITS_ON_GPU: QCoreApplication.translate("ModelManager", "Fits on the GPU"),
        Verdict.PARTLY_ON_GPU: QCoreApplication.translate("ModelManager", "Partly on the GPU"),
        Verdict.CPU_ONLY: QCoreApplication.translate("ModelManager", "Runs on the CPU"),
        Verdict.TOO_BIG: QCoreApplication.translate("ModelManager", "Too big"),
    }[verdict]


def verdict_colour(verdict: Verdict, palette: QPalette) -> QColor:
    light, dark = VERDICT_COLOURS[verdict]
    return QColor(dark if is_dark(palette) else light)
