"""Resident ID and USCC validation as a clerk meets it at the window."""

import pytest

from clerk.domain.ids import (
    mask_id,
    mask_phone,
    resident_id_check,
    uscc_check,
    validate_resident_id,
    validate_uscc,
)

VALID_ID = "11010519491231002X"


def test_valid_resident_id_is_normalised():
    assert validate_resident_id(" 11010519491231002x ") == VALID_ID
    assert validate_resident_id("１１０１０５１９４９１２３１００２Ｘ") == VALID_ID


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1101051949123100", "18位"),
        ("11010519491231002A", "数字或X"),
        ("110105194902300023", "不是真实日期"),
        ("110105194912310021", "校验位"),
    ],
)
def test_invalid_resident_id_says_what_is_wrong(text, words):
    with pytest.raises(ValueError, match=words):
        validate_resident_id(text)


def test_future_birth_date_is_refused():
    first17 = "11010530010101001"
    with pytest.raises(ValueError, match="合理范围"):
        validate_resident_id(first17 + resident_id_check(first17))


def test_every_check_digit_value_validates():
    seen = set()
    for serial in range(200):
        first17 = f"32010219800101{serial:03d}"
        code = first17 + resident_id_check(first17)
        assert validate_resident_id(code) == code
        seen.add(code[-1])
    assert "X" in seen and len(seen) == 11


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110108551385082Q"])
def test_real_uscc_validates(code):
    assert validate_uscc(code.lower()) == code


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("91350100M000100Y4", "18位"),
        ("91350100M000100YI3", "不允许的字符"),
        ("Z1350100M000100Y43", "不允许的字符"),
        ("B1350100M000100Y43", "登记管理部门"),
        ("96350100M000100Y43", "机构类别"),
        ("913501A0M000100Y43", "行政区划"),
        ("91350100M000101Y43", "组织机构代码"),
        ("91350100M000100Y44", "校验位"),
    ],
)
def test_invalid_uscc_says_what_is_wrong(text, words):
    with pytest.raises(ValueError, match=words):
        validate_uscc(text)


def test_uscc_check_character_covers_the_alphabet():
    assert uscc_check("91350100M000100Y4") == "3"


def test_masks_keep_only_what_a_slip_may_show():
    assert mask_id(VALID_ID) == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
