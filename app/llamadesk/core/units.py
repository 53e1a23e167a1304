"""Human-readable quantities."""

from __future__ import annotations


def format_bytes(n: int) -> str:
    """Binary units, three significant figures: 950 B, 90.5 KiB, 1.21 GiB."""
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            break
        value /= 1024
    if unit == "B":
        return f"{int(value)} B"
    return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
