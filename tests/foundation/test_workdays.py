"""Working days on the official calendar, its make-up days, and the override file."""

import json
from datetime import date, timedelta

import chinese_calendar
import pytest

from clerk.domain import workdays
from clerk.domain.errors import ClerkError
from clerk.domain.holidays import days_off
from clerk.domain.workdays import WorkCalendar
from clerk.services import intake
from clerk.settings import Settings
from clerk.storage.holidays import hall_calendar
from clerk.storage.models.intake import Case
from tests.intake.conftest import ALL_FOOD, make_desk

# The first year the installed calendar package does not know: a new release of the
# package covers the next year, so no year is written into these tests.
NEXT = max(d.year for d in chinese_calendar.holidays) + 1


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


def first_weekday(year: int) -> date:
    """The year's first weekday that no statutory holiday (元旦, or its 补假) takes."""
    day = date(year, 1, 2)
    while day.weekday() >= 5 or day in days_off(year):
        day += timedelta(days=1)
    return day


def test_year_without_data_falls_back_to_statutory_holidays_and_warns():
    start = first_weekday(NEXT)
    deadline = WorkCalendar().add_workdays(start - timedelta(days=1), 1)
    assert deadline.estimated
    assert deadline.date == start  # statutory holidays and weekends: the guess
    assert f"{NEXT}年法定节假日安排尚未导入" in deadline.warning()


def test_override_file_supplies_a_later_year(tmp_path):
    day_off, make_up = first_weekday(NEXT), date(NEXT, 1, 1)
    while make_up.weekday() < 5:
        make_up += timedelta(days=1)
    path = tmp_path / "holidays.json"
    path.write_text(
        json.dumps({str(NEXT): {"holidays": [str(day_off)], "workdays": [str(make_up)]}})
    )
    cal = WorkCalendar.load(path)
    assert not cal.is_workday(day_off) and cal.is_workday(make_up)
    deadline = cal.add_workdays(day_off - timedelta(days=1), 1)
    assert deadline.date != day_off
    assert not deadline.estimated


def test_malformed_override_file_is_a_clear_error(tmp_path):
    path = tmp_path / "holidays.json"
    path.write_text('{"2027": {"holidays": ["2028-01-01"]}}')
    with pytest.raises(ClerkError, match="节假日文件"):
        WorkCalendar.load(path)
    path.write_text("not json")
    with pytest.raises(ClerkError, match="格式有误"):
        WorkCalendar.load(path)


def holidays_of(years: range) -> dict[str, dict[str, list[str]]]:
    """An override file with the official data of these years, as IT would write it."""
    days = {str(y): {"holidays": [], "workdays": []} for y in years}
    for day in chinese_calendar.holidays:
        if day.year in years and day.weekday() < 5:
            days[str(day.year)]["holidays"].append(str(day))
    for day in chinese_calendar.workdays:
        if day.year in years and day.weekday() >= 5:
            days[str(day.year)]["workdays"].append(str(day))
    return days


def test_the_hall_calendar_reads_the_file_beside_the_machine_settings():
    settings = Settings.load()
    assert not hall_calendar(settings).covers(NEXT)
    path = settings.machine_path.parent / "holidays.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({str(NEXT): {"holidays": [str(first_weekday(NEXT))]}}))
    calendar = hall_calendar(settings)
    assert calendar.covers(NEXT) and not calendar.is_workday(first_weekday(NEXT))


def test_the_setting_names_another_file_and_a_broken_one_is_named(tmp_path):
    path = tmp_path / "it" / "节假日.json"
    path.parent.mkdir()
    path.write_text(json.dumps({str(NEXT): {"holidays": [], "workdays": []}}), encoding="utf-8")
    settings = Settings.load()
    settings.set("calendar.holidays_file", str(path))
    assert hall_calendar(Settings.load()).covers(NEXT)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ClerkError, match="节假日.json 格式有误"):
        hall_calendar(Settings.load())


def test_a_decision_counted_past_the_calendar_warns_until_the_file_covers_it(
    db, monkeypatch: pytest.MonkeyPatch
):
    """As on the first day of a year the installed package does not know yet."""
    desk = make_desk(db)
    monkeypatch.setattr(workdays, "_OFFICIAL_YEARS", set())
    guessed = intake.accept(db, desk.clerk, desk.draft(entries=ALL_FOOD).id, "guessed")
    assert "法定节假日安排尚未导入" in guessed.warning
    path = Settings.load().machine_path.parent / "holidays.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    this_year = date.today().year
    path.write_text(json.dumps(holidays_of(range(this_year - 1, this_year + 2))))
    counted = intake.accept(db, desk.clerk, desk.draft(entries=ALL_FOOD).id, "counted")
    assert counted.warning == ""
    with db.session() as s:
        assert s.get_one(Case, guessed.case_id).promised_estimated
        assert not s.get_one(Case, counted.case_id).promised_estimated
