"""Resident ID and USCC validation as a clerk meets it at the window."""

import pytest

from clerk.domain.ids import (
    USCC_ALPHABET,
    mask_id,
    mask_phone,
    org_code_check,
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


# GB 32100 table 1: registration authority and the entity types under it.
STANDARD_ENTITY_TYPES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
    "2": "19",  # 外交
    "3": "123459",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会: 基层工会, 其他
    "9": "123",  # 工商: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业
    "Y": "1",  # 其他
}


def make_uscc(prefix: str, body: str = "MA1K2L3N") -> str:
    first17 = prefix + "110108" + body + org_code_check(body)
    return first17 + uscc_check(first17)


@pytest.mark.parametrize(
    "prefix", [a + e for a, types in STANDARD_ENTITY_TYPES.items() for e in types]
)
def test_every_authority_and_entity_type_of_the_standard_validates(prefix):
    code = make_uscc(prefix)
    assert validate_uscc(code) == code


@pytest.mark.parametrize(
    ("prefix", "words"), [("14", "机构类别"), ("82", "机构类别"), ("B1", "登记管理部门")]
)
def test_entity_types_outside_the_standard_are_refused(prefix, words):
    with pytest.raises(ValueError, match=words):
        validate_uscc(make_uscc(prefix))


def test_every_allowed_character_validates_in_the_organisation_code():
    for start in range(0, 31, 8):
        body = "".join(USCC_ALPHABET[(start + i) % 31] for i in range(8))
        code = make_uscc("91", body)
        assert validate_uscc(code) == code


def test_uscc_check_character_covers_the_alphabet():
    assert uscc_check("91350100M000100Y4") == "3"


def test_masks_keep_only_what_a_slip_may_show():
    assert mask_id(VALID_ID) == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
