"""The monthly statistics report (统计月报): key figures, tables and charts, drawn by ReportLab.

The charts are ReportLab graphics (vectors in the PDF), so the report needs no screen and
no Qt: the CLI makes it on a server as well as the console does.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer

from clerk.documents import template
from clerk.documents.blocks import HEAD_ROW, RULED, para, table
from clerk.documents.data import Paper
from clerk.documents.fonts import SERIF, printable
from clerk.documents.layout import Styles, build, styles
from clerk.domain.stats import DIMENSION_NAMES, FIGURES, DayVolume, PeriodReport, shown, value_of

TITLE = "政务服务大厅统计报告"
BLUE = colors.HexColor("#2F6DB5")
ORANGE = colors.HexColor("#E08A2E")
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
# Columns of the breakdown table (the full set is in the XLSX).
BREAKDOWN = (
    "tickets",
    "wait_avg",
    "wait_p90",
    "within_alert_share",
    "cases",
    "visits_avg",
    "one_visit_share",
    "satisfied_share",
    "refusal_entries",
)


def monthly_report_pdf(report: PeriodReport, paper: Paper = Paper.A4) -> bytes:
    s = styles(paper)
    hall = template()
    subtitle = report.period.label + (f"　{report.scope}" if report.scope else "")
    story: list[Flowable] = [
        para(hall.hall.name, s.hall),
        para(TITLE, s.title),
        para(subtitle, s.small_center),
        Spacer(1, 6),
        _section("一、主要指标", _key_figures(report, s), s),
        _section("二、每日取号与办件", _daily_chart(report, s.width), s),
        _section("三、等候时间（按星期和时段，平均分钟）", _heat_map(report, s.width), s),
        _section("四、满意率走势（满意及以上的比例）", _satisfaction_chart(report, s.width), s),
        _section("五、否定备案（按类别）", _refusal_chart(report, s.width), s),
        _section("六、办件结果、评价与复核", _counts_table(report, s), s),
    ]
    if len(report.rows) > 1:
        title = f"七、分{DIMENSION_NAMES[report.dimension]}统计"
        story += [para(title, s.heading), _breakdown(report, s)]
    story.append(
        para(
            f"说明：等候时间为首次叫号时间减取号时间；限时内叫号率为{report.alert_minutes}分钟内叫号的比例；"
            "跑动次数为同一办件在不同日期到窗口办理的天数。各项定义见统计说明。",
            s.small,
        )
    )
    return build(story, paper, hall, title=TITLE, reference=report.period.label)


def _section(title: str, body: Flowable, s: Styles) -> Flowable:
    """A heading never left alone at the foot of a page."""
    return KeepTogether([para(title, s.heading), body])


def _drawing(width: float, height: float) -> Drawing:
    # The embedded font from the start: ReportLab would otherwise name Helvetica unembedded.
    return Drawing(width, height, initialFontName=SERIF)


def _open_days(report: PeriodReport) -> list[DayVolume]:
    """The days the hall worked (weekends and holidays without tickets are left out)."""
    return [d for d in report.daily if d.tickets or d.cases or d.ratings]


def _key_figures(report: PeriodReport, s: Styles) -> Flowable:
    pairs = [(f.label, shown(value_of(report.hall, f.name), f.unit)) for f in FIGURES]
    half = (len(pairs) + 1) // 2
    cells = []
    for n in range(half):
        left = pairs[n]
        right = pairs[n + half] if n + half < len(pairs) else ("", "")
        cells.append(
            [
                para(left[0], s.cell),
                para(left[1], s.cell),
                para(right[0], s.cell),
                para(right[1], s.cell),
            ]
        )
    return table(cells, [s.width * w for w in (0.32, 0.18, 0.32, 0.18)], RULED)


def _font(chart_part: object, size: float = 7) -> None:
    """Every text of a chart in the embedded font (ReportLab's default is Helvetica)."""
    chart_part.fontName = SERIF  # type: ignore[attr-defined]
    chart_part.fontSize = size  # type: ignore[attr-defined]


def _day_labels(volumes: Sequence[DayVolume]) -> list[str]:
    days = [d.day for d in volumes]
    step = max(1, len(days) // 16)
    return [f"{d.month}/{d.day}" if n % step == 0 else "" for n, d in enumerate(days)]


def _daily_chart(report: PeriodReport, width: float) -> Drawing:
    drawing = _drawing(width, 150)
    days = _open_days(report) or report.daily
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 30, width - 120, 110
    chart.data = [[d.tickets for d in days], [d.cases for d in days]]
    chart.categoryAxis.categoryNames = _day_labels(days)
    _font(chart.categoryAxis.labels, 6)
    _font(chart.valueAxis.labels)
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor, chart.bars[1].fillColor = BLUE, ORANGE
    chart.bars.strokeWidth = 0
    chart.groupSpacing = 1
    drawing.add(chart)
    drawing.add(_legend(width - 76, 120, [(BLUE, "取号数"), (ORANGE, "办件数")]))
    return drawing


def _legend(x: float, y: float, items: Sequence[tuple[colors.Color, str]]) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.colorNamePairs = [(c, printable(n, SERIF)) for c, n in items]
    legend.fontName, legend.fontSize = SERIF, 7
    legend.boxAnchor = "nw"
    return legend


def _heat_map(report: PeriodReport, width: float) -> Drawing:
    """Weekday rows × hour columns, shaded by the average wait, the minutes written in."""
    cells = {(c.weekday, c.hour): c for c in report.heat}
    hours = sorted({c.hour for c in report.heat}) or list(range(9, 17))
    weekdays = sorted({c.weekday for c in report.heat} | {1, 2, 3, 4, 5})
    cell_w = min(34.0, (width - 40) / len(hours))
    cell_h = 16.0
    drawing = _drawing(width, cell_h * (len(weekdays) + 1) + 8)
    # Shaded against the alert limit: deep red is a wait at or past it.
    worst = max(1, report.alert_minutes)
    top = cell_h * len(weekdays)
    for column, hour in enumerate(hours):
        drawing.add(
            String(
                40 + column * cell_w + cell_w / 2,
                top + 4,
                f"{hour}时",
                fontName=SERIF,
                fontSize=6.5,
                textAnchor="middle",
            )
        )
    for row, weekday in enumerate(weekdays):
        y = top - (row + 1) * cell_h
        drawing.add(String(0, y + 5, f"星期{WEEKDAYS[weekday - 1]}", fontName=SERIF, fontSize=7))
        for column, hour in enumerate(hours):
            cell = cells.get((weekday, hour))
            wait = cell.wait_avg if cell else None
            shade = colors.white if wait is None else _shade(wait / worst)
            x = 40 + column * cell_w
            drawing.add(
                Rect(
                    x,
                    y,
                    cell_w,
                    cell_h,
                    fillColor=shade,
                    strokeColor=colors.lightgrey,
                    strokeWidth=0.4,
                )
            )
            if wait is not None:
                ink = colors.white if wait / worst > 0.6 else colors.black
                drawing.add(
                    String(
                        x + cell_w / 2,
                        y + 5,
                        f"{wait:.0f}",
                        fontName=SERIF,
                        fontSize=6.5,
                        textAnchor="middle",
                        fillColor=ink,
                    )
                )
    return drawing


def _shade(fraction: float) -> colors.Color:
    """Pale yellow (no wait) to deep red (the alert limit or more)."""
    low, high = colors.HexColor("#FFF5D6"), colors.HexColor("#B2182B")
    return colors.linearlyInterpolatedColor(low, high, 0, 1, max(0.0, min(1.0, fraction)))


def _satisfaction_chart(report: PeriodReport, width: float) -> Drawing:
    drawing = _drawing(width, 130)
    days = [d for d in report.daily if d.satisfied_share is not None]
    if not days:
        drawing.add(String(0, 6, "本期无评价。", fontName=SERIF, fontSize=8))
        return drawing
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 36, 25, width - 60, 95
    shares = [round((d.satisfied_share or 0) * 100, 1) for d in days]
    chart.data = [shares]
    chart.categoryAxis.categoryNames = _day_labels(days)
    _font(chart.categoryAxis.labels, 6)
    _font(chart.valueAxis.labels)
    chart.valueAxis.valueMin = max(0, (min(shares) // 10) * 10 - 10)
    chart.valueAxis.valueMax = 100
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.lines[0].strokeColor, chart.lines[0].strokeWidth = BLUE, 1.2
    drawing.add(chart)
    return drawing


def _refusal_chart(report: PeriodReport, width: float) -> Drawing:
    rows = report.refusal_categories[:8]
    height = 24 + 16 * max(1, len(rows))
    drawing = _drawing(width, height)
    if not rows:
        drawing.add(String(0, 6, "本期无否定备案。", fontName=SERIF, fontSize=8))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 170, 14, width - 200, height - 20
    chart.data = [[c.count for c in reversed(rows)]]
    chart.categoryAxis.categoryNames = [
        printable(f"{c.group}·{c.name}", SERIF) for c in reversed(rows)
    ]
    _font(chart.categoryAxis.labels)
    _font(chart.valueAxis.labels)
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = ORANGE
    chart.bars.strokeWidth = 0
    drawing.add(chart)
    return drawing


def _counts_table(report: PeriodReport, s: Styles) -> Flowable:
    blocks = [
        ("办件结果", report.outcomes),
        ("评价", report.rating_levels),
        ("复核状态", report.review_states),
    ]
    longest = max(len(b[1]) for b in blocks)
    cells = [[para(name, s.cell_head) for name, _ in blocks for _ in (0, 1)]]
    for n in range(longest):
        row = []
        for _, counts in blocks:
            if n < len(counts):
                row += [para(counts[n].name, s.cell), para(str(counts[n].count), s.cell)]
            else:
                row += [para("", s.cell), para("", s.cell)]
        cells.append(row)
    widths = [s.width * w for w in (0.2, 0.13) * 3]
    spans = [("SPAN", (2 * i, 0), (2 * i + 1, 0)) for i in range(3)]
    return table(cells, widths, [*RULED, HEAD_ROW, *spans])


def _breakdown(report: PeriodReport, s: Styles) -> Flowable:
    definitions = [next(f for f in FIGURES if f.name == n) for n in BREAKDOWN]
    header = [DIMENSION_NAMES[report.dimension], *(f.label for f in definitions)]
    cells = [[para(h, s.cell_head) for h in header]]
    for row in report.rows:
        cells.append(
            [para(row.label, s.cell)]
            + [para(shown(value_of(row, f.name), f.unit), s.cell) for f in definitions]
        )
    first = 0.2
    rest = (1 - first) / len(definitions)
    return table(
        cells,
        [s.width * first] + [s.width * rest] * len(definitions),
        [*RULED, HEAD_ROW],
        repeat_rows=1,
    )
