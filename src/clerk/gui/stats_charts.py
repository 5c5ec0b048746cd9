"""The statistics charts (QtCharts): waiting heat map, daily volumes, satisfaction, refusals.

Each chart is a ``QChartView`` filled from a ``PeriodReport``; a click on a bar, a point or
a heat map cell emits ``picked`` with the drill-down it opens (figure name and focus).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from clerk.domain.stats import DayVolume, PeriodReport
from clerk.services.stats import Focus

BLUE, ORANGE = QColor("#2F6DB5"), QColor("#E08A2E")
# Heat map bands of the average wait, as shares of the alert limit.
BANDS = (
    (0.33, "#FFF5D6"),
    (0.66, "#FDD49E"),
    (1.0, "#FC8D59"),
    (1.5, "#D7301F"),
    (None, "#7F0000"),
)


class StatsChart(QChartView):
    """``picked(figure name, Focus)``: the rows behind what was clicked."""

    picked = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.days: list[date] = []

    def _fresh(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        return chart


def _open_days(report: PeriodReport) -> list[DayVolume]:
    return [d for d in report.daily if d.tickets or d.cases or d.ratings] or report.daily


def _day_label(day: date) -> str:
    return f"{day.month}/{day.day}"


class DailyVolumes(StatsChart):
    """Tickets and cases per working day; a bar opens that day's tickets or cases."""

    def show_report(self, report: PeriodReport) -> None:
        chart = self._fresh(self.tr("Tickets and cases per day"))
        volumes = _open_days(report)
        self.days = [d.day for d in volumes]
        series = QBarSeries()
        for name, color, figure, values in (
            (self.tr("Tickets"), BLUE, "tickets", [d.tickets for d in volumes]),
            (self.tr("Cases"), ORANGE, "cases", [d.cases for d in volumes]),
        ):
            bars = QBarSet(name)
            bars.append([float(v) for v in values])
            bars.setColor(color)
            bars.clicked.connect(lambda index, f=figure: self._pick(f, index))
            series.append(bars)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([_day_label(d) for d in self.days])
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        axis_y.setMin(0)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)

    def _pick(self, figure: str, index: int) -> None:
        self.picked.emit(figure, Focus(day=self.days[index]))


class SatisfactionTrend(StatsChart):
    """The share rated 满意 or better per day; a point opens that day's ratings."""

    def show_report(self, report: PeriodReport) -> None:
        chart = self._fresh(self.tr("Satisfied or better, per day (%)"))
        rated = [d for d in report.daily if d.satisfied_share is not None]
        self.days = [d.day for d in rated]
        line = QLineSeries()
        line.setName(self.tr("Satisfied or better"))
        line.setPointsVisible(True)
        line.setColor(BLUE)
        for n, volume in enumerate(rated):
            line.append(QPointF(n, (volume.satisfied_share or 0) * 100))
        line.clicked.connect(self._pick)
        chart.addSeries(line)
        axis_x = QCategoryAxis()
        axis_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for n, moment in enumerate(self.days):
            axis_x.append(_day_label(moment), n)
        axis_x.setRange(-0.5, max(0.5, len(self.days) - 0.5))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        line.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%d%%")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        line.attachAxis(axis_y)

    def _pick(self, point: QPointF) -> None:
        if self.days:
            index = min(len(self.days) - 1, max(0, round(point.x())))
            self.picked.emit("satisfied_share", Focus(day=self.days[index]))


class RefusalReasons(StatsChart):
    """Register entries by kind and category; a bar opens those entries."""

    def show_report(self, report: PeriodReport) -> None:
        chart = self._fresh(self.tr("Refusal register entries by category"))
        chart.legend().hide()
        counts = list(reversed(report.refusal_categories[:10]))
        self.categories = [c.name for c in counts]
        bars = QBarSet(self.tr("Entries"))
        bars.append([float(c.count) for c in counts])
        bars.setColor(ORANGE)
        bars.clicked.connect(self._pick)
        series = QHorizontalBarSeries()
        series.append(bars)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([f"{c.group}·{c.name}" for c in counts])
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        axis_x.setLabelFormat("%d")
        axis_x.setMin(0)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)

    def _pick(self, index: int) -> None:
        self.picked.emit("refusal_entries", Focus(category=self.categories[index]))


class WaitingHeatMap(StatsChart):
    """Average wait by weekday (rows) and hour of issue (columns), in colour bands.

    QtCharts has no heat map series: each band is a scatter series of square markers
    sized to fill its cell. A cell opens the tickets issued in that hour of the week.
    """

    def show_report(self, report: PeriodReport) -> None:
        chart = self._fresh(self.tr("Average wait by hour of the week (minutes)"))
        self.cells = {(c.weekday, c.hour): c for c in report.heat if c.wait_avg is not None}
        hours = sorted({h for _, h in self.cells}) or list(range(9, 17))
        self.hours = list(range(hours[0], hours[-1] + 1))
        self.weekdays = sorted({w for w, _ in self.cells} | {1, 2, 3, 4, 5})
        limit = max(1, report.alert_minutes)
        self.bands: list[QScatterSeries] = []
        lower = 0.0
        for upper, color in BANDS:
            series = QScatterSeries()
            series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
            series.setColor(QColor(color))
            series.setBorderColor(QColor("#FFFFFF"))
            top = None if upper is None else upper * limit
            series.setName(
                self.tr("≥ %1").replace("%1", f"{lower:.0f}")
                if top is None
                else f"{lower:.0f}–{top:.0f}"
            )
            for (weekday, hour), cell in self.cells.items():
                wait = cell.wait_avg or 0
                if wait >= lower and (top is None or wait < top):
                    series.append(QPointF(self.hours.index(hour), self.weekdays.index(weekday)))
            series.clicked.connect(self._pick)
            chart.addSeries(series)
            self.bands.append(series)
            lower = top or lower
        axis_x = QCategoryAxis()
        axis_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for n, hour in enumerate(self.hours):
            axis_x.append(self.tr("%1h").replace("%1", str(hour)), n)
        axis_x.setRange(-0.5, len(self.hours) - 0.5)
        axis_y = QCategoryAxis()
        axis_y.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        names = [
            self.tr("Mon"),
            self.tr("Tue"),
            self.tr("Wed"),
            self.tr("Thu"),
            self.tr("Fri"),
            self.tr("Sat"),
            self.tr("Sun"),
        ]
        for n, weekday in enumerate(self.weekdays):
            axis_y.append(names[weekday - 1], n)
        axis_y.setReverse(True)  # Monday on top
        axis_y.setRange(-0.5, len(self.weekdays) - 0.5)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in self.bands:
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        self._size_markers()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._size_markers()

    def _size_markers(self) -> None:
        bands = getattr(self, "bands", [])
        if not bands:
            return
        area = self.chart().plotArea()
        side = min(area.width() / len(self.hours), area.height() / len(self.weekdays))
        for series in bands:
            series.setMarkerSize(max(4.0, side - 2))

    def _pick(self, point: QPointF) -> None:
        hour = self.hours[min(len(self.hours) - 1, max(0, round(point.x())))]
        weekday = self.weekdays[min(len(self.weekdays) - 1, max(0, round(point.y())))]
        self.picked.emit("wait_avg", Focus(weekday=weekday, hour=hour))
