"""The 统计 page: the live board, any period's figures, the charts, drill-down and exports.

Managers see the hall; a clerk sees the figures of their own work (the services decide,
the page only hides what would be refused). Every database call runs on the workers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clerk.domain.errors import ClerkError
from clerk.domain.stats import (
    FIGURES,
    TODAY_NAMES,
    Dimension,
    LiveBoard,
    Period,
    PeriodReport,
    shown,
    value_of,
)
from clerk.gui.messages import show_error
from clerk.gui.stats_charts import (
    DailyVolumes,
    RefusalReasons,
    SatisfactionTrend,
    StatsChart,
    WaitingHeatMap,
)
from clerk.gui.stats_drill_dialog import DrillDialog
from clerk.gui.workers import JobLane
from clerk.gui.workstation import Workstation
from clerk.services import stats
from clerk.services.stats import DrillList, Focus

BOARD_INTERVAL_MS = 10_000


class StatsPage(QWidget):
    """``loaded``: a period's figures are shown; ``board_loaded``: the live board is."""

    loaded = Signal()
    board_loaded = Signal()
    exported = Signal(str)

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self.alert_minutes = ws.settings.get_int("queue.wait_alert_minutes")
        self.report: PeriodReport | None = None
        self.dialog: DrillDialog | None = None
        self._reports = JobLane(ws.workers, self)  # only the latest report is shown
        layout = QVBoxLayout(self)
        self.board = self._board_box()
        layout.addWidget(self.board)
        self.board.setVisible(ws.actor.is_manager)
        layout.addLayout(self._period_bar())
        self.tabs = QTabWidget(self)
        self.figures = QTableWidget(self)
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Double-click or Enter on a figure opens what it counts.
        self.figures.activated.connect(self._open_figure)
        self.tabs.addTab(self.figures, self.tr("&Figures"))
        self.heat_map, self.daily = WaitingHeatMap(self), DailyVolumes(self)
        self.satisfaction, self.refusals = SatisfactionTrend(self), RefusalReasons(self)
        for chart, name in (
            (self.heat_map, self.tr("&Waiting by hour")),
            (self.daily, self.tr("&Daily volumes")),
            (self.satisfaction, self.tr("Sa&tisfaction")),
            (self.refusals, self.tr("Refusals by &reason")),
        ):
            chart.picked.connect(self.open_drill)
            self.tabs.addTab(chart, name)
        layout.addWidget(self.tabs, 1)
        self.status = QLabel(self)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setInterval(BOARD_INTERVAL_MS)
        self.timer.timeout.connect(self.refresh_board)
        self.setFocusProxy(self.first)

    # ------------------------------------------------------------ layout

    def _board_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Hall now"), self)
        grid = QGridLayout(box)
        self.board_labels: dict[str, QLabel] = {}
        for column, (name, text) in enumerate(
            (
                ("waiting", self.tr("Waiting")),
                ("longest", self.tr("Longest wait")),
                ("windows", self.tr("Windows open / paused / serving")),
                ("alerts", self.tr("Waiting over the limit")),
            )
        ):
            caption = QLabel(text, box)
            value = QLabel("—", box)
            value.setStyleSheet("font-size: 18pt; font-weight: bold;")
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
            self.board_labels[name] = value
        self.today = QLabel(box)
        grid.addWidget(self.today, 2, 0, 1, 4)
        self.categories = QTableWidget(0, 3, box)
        self.categories.setHorizontalHeaderLabels(
            [self.tr("Category"), self.tr("Waiting"), self.tr("Longest (min)")]
        )
        self.categories.verticalHeader().hide()
        self.categories.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.categories.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.categories.setMaximumHeight(130)
        grid.addWidget(self.categories, 3, 0, 1, 2)
        self.alerts = QListWidget(box)
        self.alerts.setMaximumHeight(130)
        grid.addWidget(self.alerts, 3, 2, 1, 2)
        return box

    def _period_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        today = QDate.currentDate()
        self.first = QDateEdit(QDate(today.year(), today.month(), 1), self)
        self.last = QDateEdit(today, self)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.dimension = QComboBox(self)
        for dimension, name in (
            (Dimension.HALL, self.tr("Whole hall")),
            (Dimension.WINDOW, self.tr("By window")),
            (Dimension.CLERK, self.tr("By clerk")),
            (Dimension.MATTER, self.tr("By matter")),
            (Dimension.BUNDLE, self.tr("By bundle")),
        ):
            self.dimension.addItem(name, dimension.value)
        self.dimension.setEnabled(self._ws.actor.is_manager)
        self.show_button = QPushButton(self.tr("&Show"), self)
        self.show_button.clicked.connect(self.refresh)
        self.xlsx_button = QPushButton(self.tr("Export &XLSX…"), self)
        self.xlsx_button.clicked.connect(lambda: self._export("xlsx"))
        self.pdf_button = QPushButton(self.tr("&Monthly report PDF…"), self)
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        for text, widget in (
            (self.tr("Fr&om"), self.first),
            (self.tr("&Until"), self.last),
            (self.tr("&By"), self.dimension),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        for button in (self.show_button, self.xlsx_button, self.pdf_button):
            bar.addWidget(button)
        if not self._ws.actor.is_manager:
            bar.addWidget(QLabel(self.tr("Your own figures only"), self))
        bar.addStretch(1)
        return bar

    # ------------------------------------------------------------ the live board

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._ws.actor.is_manager:
            self.refresh_board()
            self.timer.start()
        if self.report is None:
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    @Slot()
    def refresh_board(self) -> None:
        db, actor, alert = self._ws.db, self._ws.actor, self.alert_minutes
        self._ws.workers.run(
            lambda: stats.live_board(db, actor, alert),
            self._show_board,
            self._failed,
            owner=self,
        )

    def _show_board(self, board: LiveBoard) -> None:
        labels = self.board_labels
        labels["waiting"].setText(str(board.waiting))
        longest = board.longest_wait
        labels["longest"].setText(
            "—" if longest is None else self.tr("%1 min").replace("%1", f"{longest:.0f}")
        )
        labels["windows"].setText(
            f"{board.windows_in('open')} / {board.windows_in('paused')} / {board.windows_serving}"
        )
        labels["alerts"].setText(str(len(board.alerts)))
        labels["alerts"].setStyleSheet(
            "font-size: 18pt; font-weight: bold;" + (" color: #B2182B;" if board.alerts else "")
        )
        self.today.setText(
            self.tr("Today: %1").replace(
                "%1", "  ".join(f"{TODAY_NAMES[k]} {v}" for k, v in board.today.items())
            )
        )
        self.categories.setRowCount(len(board.categories))
        for row, category in enumerate(board.categories):
            wait = "—" if category.longest_wait is None else f"{category.longest_wait:.0f}"
            for column, text in enumerate(
                (f"{category.prefix} {category.name}", str(category.waiting), wait)
            ):
                self.categories.setItem(row, column, QTableWidgetItem(text))
        self.alerts.clear()
        for alert in board.alerts:
            self.alerts.addItem(
                self.tr("%1 (%2) waiting %3 min")
                .replace("%1", alert.number)
                .replace("%2", alert.category)
                .replace("%3", f"{alert.waited:.0f}")
            )
            self.alerts.item(self.alerts.count() - 1).setForeground(QBrush(QColor("#B2182B")))
        self.board_loaded.emit()

    # ------------------------------------------------------------ the period

    def period(self) -> Period:
        return Period(_date(self.first.date()), _date(self.last.date()))

    @Slot()
    def refresh(self) -> None:
        try:
            period = self.period()
        except ClerkError as exc:
            show_error(self, exc)
            return
        db, actor, alert = self._ws.db, self._ws.actor, self.alert_minutes
        dimension = Dimension(self.dimension.currentData())
        self.status.setText(self.tr("Counting…"))
        self._reports.run_latest(
            lambda: stats.period_report(db, actor, period, dimension, alert_minutes=alert),
            self._show_report,
            self._failed,
        )

    def _show_report(self, report: PeriodReport) -> None:
        self.report = report
        rows = list(report.rows)
        if len(rows) > 1:
            rows.append(report.hall)
        self.columns = rows
        self.figures.clear()
        self.figures.setRowCount(len(FIGURES))
        self.figures.setColumnCount(len(rows))
        self.figures.setVerticalHeaderLabels([f.label for f in FIGURES])
        self.figures.setHorizontalHeaderLabels([r.label for r in rows])
        for r, definition in enumerate(FIGURES):
            for c, figures in enumerate(rows):
                item = QTableWidgetItem(shown(value_of(figures, definition.name), definition.unit))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(self.tr("Double-click or Enter: what this figure counts"))
                self.figures.setItem(r, c, item)
        self.figures.resizeColumnsToContents()
        charts: list[StatsChart] = [self.heat_map, self.daily, self.satisfaction, self.refusals]
        for chart in charts:
            chart.show_report(report)  # type: ignore[attr-defined]
        self.status.setText(
            self.tr("%1 — %2")
            .replace("%1", report.period.label)
            .replace("%2", report.scope or rows[-1].label)
        )
        self.loaded.emit()

    def _failed(self, error: ClerkError) -> None:
        self.status.setText(error.message)
        show_error(self, error)

    # ------------------------------------------------------------ drill-down

    @Slot(QModelIndex)
    def _open_figure(self, index: QModelIndex) -> None:
        if self.report is None:
            return
        row, column = index.row(), index.column()
        figures = self.columns[column]
        key = figures.key if figures is not self.report.hall or self.report.scope else None
        if self.report.dimension is Dimension.HALL or figures is self.report.hall:
            key = None
        self.open_drill(FIGURES[row].name, Focus(), key, figures.label)

    @Slot(str, object)
    def open_drill(
        self, figure: str, focus: Focus, key: str | None = None, scope: str = ""
    ) -> None:
        if self.report is None:
            return
        report, db, actor = self.report, self._ws.db, self._ws.actor
        dimension = report.dimension if key is not None else Dimension.HALL
        alert = self.alert_minutes
        self._ws.workers.run(
            lambda: stats.drill(
                db,
                actor,
                report.period,
                figure,
                dimension,
                key=key,
                focus=focus,
                alert_minutes=alert,
            ),
            lambda listed: self._show_drill(listed, scope or report.scope or report.hall.label),
            self._failed,
            owner=self,
        )

    def _show_drill(self, listed: DrillList, scope: str) -> None:
        self.dialog = DrillDialog(listed, scope, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()

    # ------------------------------------------------------------ exports

    def _export(self, kind: str) -> None:
        if self.report is None:
            return
        report = self.report
        if kind == "xlsx":
            name = self.tr("Statistics %1.xlsx").replace("%1", report.period.label)
            wanted = self.tr("Spreadsheet (*.xlsx)")
        else:
            name = self.tr("Statistics report %1.pdf").replace("%1", report.period.label)
            wanted = self.tr("PDF (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as"), name, wanted)
        if not path:
            return
        save = stats.save_xlsx if kind == "xlsx" else stats.save_pdf
        self._ws.workers.run(
            lambda: save(report, Path(path)), lambda _: self._saved(path), self._failed, owner=self
        )

    def _saved(self, path: str) -> None:
        self.status.setText(self.tr("Saved: %1").replace("%1", path))
        self.exported.emit(path)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
