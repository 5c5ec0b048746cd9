"""Refusal register rules: kinds of "no", categories, review states, when a review is overdue."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from clerk.domain.halltime import day_start, hall_date
from clerk.domain.workdays import WorkCalendar


class FilingKind(StrEnum):
    REFUSAL = "refusal"  # 不予受理
    NOTIFICATION = "notification"  # 一次性告知
    UNSERVED = "unserved"  # 无法办理, 非本窗口事项, 系统故障 …


KIND_NAMES = {
    FilingKind.REFUSAL: "不予受理",
    FilingKind.NOTIFICATION: "一次性告知",
    FilingKind.UNSERVED: "未能办理",
}

# Suggested categories per kind (the clerk may write another).
CATEGORIES = {
    FilingKind.REFUSAL: (
        "不属于本机关职权范围",
        "申请事项依法不需要取得行政许可",
        "申请人不具备申请资格",
        "依法不予受理的其他情形",
    ),
    FilingKind.NOTIFICATION: ("材料不齐全", "材料不符合法定形式"),
    FilingKind.UNSERVED: ("无法办理", "非本窗口事项", "系统故障", "申请人自行离开", "其他"),
}


class ReviewKind(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    FOLLOW_UP = "follow_up"


REVIEW_NAMES = {
    ReviewKind.AGREE: "同意",
    ReviewKind.DISAGREE: "不同意",
    ReviewKind.FOLLOW_UP: "跟进",
}


class ReviewState(StrEnum):
    PENDING = "pending"  # waiting for a manager's verdict
    AGREED = "agreed"
    REOPENED = "reopened"  # the manager disagreed; follow-ups until resolved
    RESOLVED = "resolved"  # a follow-up closed the reopened matter


STATE_NAMES = {
    ReviewState.PENDING: "待复核",
    ReviewState.AGREED: "已同意",
    ReviewState.REOPENED: "已重开",
    ReviewState.RESOLVED: "已处理",
}


def overdue_before(now: datetime, calendar: WorkCalendar) -> datetime:
    """Entries filed before this moment and still waiting for a verdict are overdue.

    A verdict is due by the end of the next working day after the filing day, so an
    entry is overdue once more than one working day lies between its day and today.
    """
    today = hall_date(now)
    day = today
    while calendar.workdays_between(day, today) <= 1:
        day -= timedelta(days=1)
    # ``day`` is the latest overdue filing day; everything before the next midnight is.
    return day_start(day + timedelta(days=1))


def review_overdue(
    filed_at: datetime, state: ReviewState, now: datetime, calendar: WorkCalendar
) -> bool:
    return state is ReviewState.PENDING and filed_at < overdue_before(now, calendar)
