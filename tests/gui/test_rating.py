"""The evaluator: five levels, reason tags, one rating per case, follow-up on a poor rating."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from clerk.gui.rating import RatingWindow
from clerk.services import queue
from clerk.storage.models.ratings import Rating
from tests.queue.conftest import build_hall
from tests.queue.test_ratings import add_case


def finished_ticket(ws, with_cases=0):
    hall = build_hall(ws.db)
    queue.issue_ticket(ws.db, "C")
    ticket = queue.call_next(ws.db, ws.actor)  # ws.actor works at window 3 (category C)
    queue.begin_service(ws.db, ws.actor, ticket.id)
    cases = [
        add_case(hall, ticket, f"N{i}", f"M20{i}", name)
        for i, name in enumerate(["不动产登记", "抵押登记"][:with_cases])
    ]
    queue.finish(ws.db, ws.actor, ticket.id)
    return hall, ticket, cases


def test_five_levels_and_each_case_rated_in_turn(ws, qtbot):
    _, ticket, cases = finished_ticket(ws, with_cases=2)
    window = RatingWindow(ws, ticket.id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.subject.text() == "不动产登记（办件 N0）")
    assert [b.text() for b in window.level_buttons.values()] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    assert not window.submit.isEnabled()
    qtbot.mouseClick(window.level_buttons["very_satisfied"], Qt.MouseButton.LeftButton)
    assert window.reason_buttons["办事高效"].isVisible()
    assert not window.reason_buttons["等候时间长"].isVisible()
    qtbot.mouseClick(window.reason_buttons["办事高效"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.subject.text() == "抵押登记（办件 N1）")
    assert window.message.text() == "感谢您的评价。"
    with qtbot.waitSignal(window.done_rating):
        qtbot.mouseClick(window.level_buttons["satisfied"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.submit, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    with ws.db.session() as s:
        rows = s.execute(select(Rating.case_id, Rating.level, Rating.reasons)).all()
    assert sorted(rows) == sorted(
        [(cases[0], "very_satisfied", ["办事高效"]), (cases[1], "satisfied", [])]
    )


def test_poor_rating_tells_the_applicant_and_opens_a_follow_up(ws, qtbot):
    hall, ticket, _ = finished_ticket(ws)
    window = RatingWindow(ws, ticket.id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.subject.text() == "不动产登记")  # the visit: its category
    qtbot.mouseClick(window.level_buttons["dissatisfied"], Qt.MouseButton.LeftButton)
    assert window.reason_buttons["等候时间长"].isVisible()
    assert not window.reason_buttons["办事高效"].isVisible()
    qtbot.mouseClick(window.reason_buttons["等候时间长"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.done_rating):
        qtbot.mouseClick(window.submit, Qt.MouseButton.LeftButton)
    due = window.last_result.follow_up_due
    assert window.message.text() == f"非常抱歉，大厅负责人将在 {due.isoformat()} 前与您联系。"
    [item] = queue.follow_ups(ws.db, hall.manager)
    assert (item.level_name, item.reasons, item.due_date) == ("不满意", ("等候时间长",), due)
