"""Pure intake rules: case numbers, barcode-gun bursts, where a scan goes."""

from __future__ import annotations

from datetime import date

from clerk.domain.intake import (
    ApplicantKind,
    BurstDetector,
    ScanKind,
    case_number,
    parse_case_number,
    route_scan,
)


def test_case_numbers_carry_a_check_character_that_catches_a_mistyped_digit() -> None:
    number = case_number(date(2026, 3, 14), 7)
    assert number[:13] == "2026031400007" and len(number) == 14
    assert parse_case_number(number) == number
    for i in range(13):
        wrong = number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1 :]
        assert parse_case_number(wrong) is None
    swapped = number[:11] + number[12] + number[11] + number[13:]
    assert number[11] == number[12] or parse_case_number(swapped) is None
    assert parse_case_number("20261399000011") is None  # no 13th month


def type_keys(detector: BurstDetector, text: str, start: float, gap: float) -> float:
    at = start
    for char in text:
        detector.key(char, at)
        at += gap
    return at


def test_a_burst_ending_in_enter_is_a_scan_and_typing_is_not() -> None:
    gun = BurstDetector()
    end = type_keys(gun, "A012", 0, 8)
    assert gun.enter(end) == "A012"
    # A fast typist: 70 ms between keys.
    end = type_keys(gun, "A012", 1000, 70)
    assert gun.enter(end) is None
    # Two keys rolled over quickly inside slow typing are not a burst either.
    end = type_keys(gun, "20", 3000, 70)
    end = type_keys(gun, "26", end, 12)
    assert gun.enter(end + 300) is None
    # Typing first, then a scan: only the scan counts.
    end = type_keys(gun, "abc", 5000, 150)
    end = type_keys(gun, "20260314000071", end + 500, 5)
    assert gun.enter(end) == "20260314000071"
    # Too short to be a code.
    end = type_keys(gun, "ab", 9000, 5)
    assert gun.enter(end) is None


def test_scans_are_routed_by_what_they_are() -> None:
    assert route_scan("a012").kind is ScanKind.TICKET
    number = case_number(date(2026, 3, 14), 7)
    assert route_scan(number).kind is ScanKind.CASE
    licence = route_scan('{"name": "北京墨香书店有限公司", "uscc": "91110105MA01C3K25H"}')
    assert licence.kind is ScanKind.LICENCE and licence.applicant is not None
    assert licence.applicant.kind is ApplicantKind.ENTERPRISE
    assert licence.applicant.name == "北京墨香书店有限公司"
    url = route_scan("https://zzlz.gsxt.gov.cn/businessCheck/verifyCode?uscc=91110105MA01C3K25H")
    assert url.kind is ScanKind.LICENCE and url.value == "91110105MA01C3K25H"
    person = route_scan("name=陈静;id_number=110105199003071239")
    assert person.applicant is not None and person.applicant.kind is ApplicantKind.PERSON
    assert route_scan("20260314000070").kind is ScanKind.UNKNOWN  # wrong check character
    assert route_scan("hello world").kind is ScanKind.UNKNOWN
