"""Working days on the official calendar, its make-up days, and the override file."""

import json
from datetime import date

import pytest

from clerk.domain.errors import ClerkError
from clerk.domain.workdays import WorkCalendar


def test_national_day_week_is_skipped_and_make_up_saturday_counts():
    cal = WorkCalendar()
    # 2026-09-30 (Wed) + 1 working day: Oct 1-7 are holidays.
    assert cal.add_workdays(date(2026, 9, 30), 1).date == date(2026, 10, 8)
    # Spring Festival 2026: Sat 2026-02-14 is a make-up working day (调休).
    assert cal.is_workday(date(2026, 2, 14))
    assert not cal.is_workday(date(2026, 2, 17))


def test_zero_days_is_the_same_day():
    deadline = WorkCalendar().add_workdays(date(2026, 3, 2), 0)
    assert deadline.date == date(2026, 3, 2) and not deadline.estimated


def test_year_without_data_falls_back_to_weekends_and_warns():
    deadline = WorkCalendar().add_workdays(date(2026, 12, 30), 5)
    assert deadline.estimated
    assert deadline.date == date(2027, 1, 6)
    assert "2027年法定节假日安排尚未导入" in deadline.warning()


def test_override_file_supplies_a_later_year(tmp_path):
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps({"2027": {"holidays": ["2027-01-01"], "workdays": []}}))
    cal = WorkCalendar.load(path)
    deadline = cal.add_workdays(date(2026, 12, 31), 1)
    assert deadline.date == date(2027, 1, 4)
    assert not deadline.estimated


def test_malformed_override_file_is_a_clear_error(tmp_path):
    path = tmp_path / "holidays.json"
    path.write_text('{"2027": {"holidays": ["2028-01-01"]}}')
    with pytest.raises(ClerkError, match="节假日文件"):
        WorkCalendar.load(path)
    path.write_text("not json")
    with pytest.raises(ClerkError, match="格式有误"):
        WorkCalendar.load(path)
