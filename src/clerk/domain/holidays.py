"""China's statutory public holidays, computed for a year no published arrangement covers.

The rules are the State Council's 《全国年节及纪念日放假办法》:

- Article 2 as amended by 国务院令第795号 (2024-11-10, in force 2025-01-01), 13 days:
  新年 1 day (1月1日); 春节 4 days (农历除夕、正月初一至初三); 清明节 1 day (农历清明当日);
  劳动节 2 days (5月1日、2日); 端午节 1 day (农历端午当日, 五月初五);
  中秋节 1 day (农历中秋当日, 八月十五); 国庆节 3 days (10月1日至3日).
- Article 2 as amended by 国务院令第644号 (2013-12-11, in force 2014-01-01 to 2024), 11
  days: the same, but 春节 3 days (正月初一至初三) and 劳动节 1 day (5月1日). Years before
  2014 are counted on these rules too; clerk never needs them (the official data covers them).
- Article 6: a holiday for all citizens that falls on a Saturday or Sunday is made up on a
  working day (补假). The State Council has always placed it right after the holiday, so a
  statutory day on a weekend, or on another festival's day (中秋 on 国庆, as in 2028), gives
  the next weekday that is not already off.

The lunar dates (除夕, 初一 to 初三, 端午, 中秋) come from ``borax``'s lunar calendar and
清明 from its table of solar terms (清明 is the solar term, not a lunar date); both cover
1900 to 2100.

What cannot be computed is the year's 调休: each autumn the State Council's General Office
moves weekends around the holidays to make longer breaks. Days off and make-up working days
then change places, but their difference stays that of the statutory days with 补假: in
every year from 2014 to 2026 but two (2015, with the extra days for the 70th anniversary of
the victory; 2020, with the Spring Festival lengthened by the epidemic) the number of
working days the official arrangement gives equals the number these rules give, and every
day these rules give off was off (tests/foundation/test_calendar.py checks it on the
chinesecalendar data). A date counted on these rules may still be a few days off, so it is
always marked estimated.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from borax.calendars.lunardate import LunarDate, TermUtils

from clerk.domain.errors import ClerkError

FIRST_YEAR, LAST_YEAR = 1900, 2100  # the lunar and solar-term tables of borax
RULES_2025 = 2025  # the year 国务院令第795号 took effect


def festivals(year: int) -> list[tuple[str, list[date]]]:
    """Each festival of the year with its statutory days, in the order of the year."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ClerkError(
            f"{year}年超出农历数据范围（{FIRST_YEAR}–{LAST_YEAR}年），无法推算法定节假日。",
            f"year {year} outside borax's lunar tables",
        )
    new_year = _lunar(year, 1, 1)
    spring = [new_year + timedelta(days=n) for n in range(3)]
    labour = [date(year, 5, 1)]
    if year >= RULES_2025:
        spring.insert(0, new_year - timedelta(days=1))  # 除夕: the last day of the old year
        labour.append(date(year, 5, 2))
    return [
        ("元旦", [date(year, 1, 1)]),
        ("春节", spring),
        ("清明节", [TermUtils.nth_term_day(year, term_name="清明")]),
        ("劳动节", labour),
        ("端午节", [_lunar(year, 5, 5)]),
        ("中秋节", [_lunar(year, 8, 15)]),
        ("国庆节", [date(year, 10, d) for d in (1, 2, 3)]),
    ]


@cache
def days_off(year: int) -> dict[date, str]:
    """The statutory days off of the year, 补假 included: date -> festival name.

    A 补假 day is named "<festival>（补假）". Every festival ends by early October, so a
    year's days off all lie in that year.
    """
    off: dict[date, str] = {}
    for name, days in festivals(year):
        owed = 0
        for day in days:
            if day.weekday() >= 5 or day in off:
                owed += 1
            off.setdefault(day, name)
        day = max(days)
        while owed:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in off:
                off[day] = f"{name}（补假）"
                owed -= 1
    return off


def is_statutory_day_off(day: date) -> bool:
    """Whether the statutory rules (not the year's 调休) give this day off."""
    return day in days_off(day.year)


def _lunar(year: int, month: int, day: int) -> date:
    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar
