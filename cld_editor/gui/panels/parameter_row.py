"""One what-if parameter: a labelled slider over a sensible range, with a spin box for exact values.

The What-if panel shows one row per constant, input, link strength and
stock start; moving the slider or typing a value emits ``changed``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QSlider, QWidget

from ...sim.run import ParamKey

STEPS = 1000  # slider positions over the range


def slider_range(default: float) -> tuple[float, float]:
    """A sensible range around a value: 0 to twice it (or a symmetric one around 0).

    Examples
    --------
    >>> slider_range(10), slider_range(-2), slider_range(0)
    ((0.0, 20.0), (-4.0, 0.0), (-10.0, 10.0))
    """
    if default > 0:
        return 0.0, 2.0 * default
    if default < 0:
        return 2.0 * default, 0.0
    return -10.0, 10.0


class ParameterRow(QWidget):
    """A labelled slider with a spin box for exact values."""

    changed = Signal()

    def __init__(self, key: ParamKey, label: str, default: float, tip: str = "") -> None:
        super().__init__()
        self.key = key
        self.default = default
        self.low, self.high = slider_range(default)
        self.label = QLabel(label)
        self.label.setToolTip(tip)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, STEPS)
        self.slider.setToolTip(tip)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(-1e12, 1e12)
        self.spin.setDecimals(3 if abs(default) < 100 else 1)
        self.spin.setKeyboardTracking(False)
        self.spin.setMinimumWidth(80)
        self.set_value(default)
        # the box shows the default rounded to its decimals: only a value the user set is a change
        self.shown_default = float(self.spin.value())
        self.slider.valueChanged.connect(self._slid)
        self.spin.valueChanged.connect(self._typed)

    def value(self) -> float:
        return float(self.spin.value())

    def moved(self) -> bool:
        """Whether the user moved it away from the diagram's value."""
        return float(self.spin.value()) != self.shown_default

    def set_value(self, value: float) -> None:
        if value < self.low or value > self.high:
            self.low, self.high = min(self.low, value), max(self.high, value)
        self.spin.blockSignals(True)
        self.slider.blockSignals(True)
        self.spin.setValue(value)
        self.slider.setValue(round((value - self.low) / (self.high - self.low) * STEPS))
        self.spin.blockSignals(False)
        self.slider.blockSignals(False)

    def _slid(self, position: int) -> None:
        value = self.low + (self.high - self.low) * position / STEPS
        digits = max(0, 3 - int(math.floor(math.log10(max(abs(self.high - self.low), 1e-12)))))
        self.spin.blockSignals(True)
        self.spin.setValue(round(value, digits))
        self.spin.blockSignals(False)
        self.changed.emit()

    def _typed(self, value: float) -> None:
        self.set_value(value)
        self.changed.emit()
