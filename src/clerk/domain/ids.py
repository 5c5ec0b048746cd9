"""Identity numbers: resident ID (GB 11643), USCC (GB 32100), and masking for display."""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100 alphabet: digits and capitals without I, O, S, V, Z; value = index.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Position 1: registration authority; position 2: entity type allowed under it.
_USCC_ENTITY_TYPES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
    "2": "19",  # 外交
    "3": "12345679",  # 司法行政 (律师事务所 …)
    "4": "19",  # 文化
    "5": "1239",  # 民政
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会: 基层工会, 其他
    "9": "123",  # 工商 / 市场监管
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业
    "Y": "1",  # 其他
}
# GB 11714 organisation code (positions 9–17): 8 body characters and a check.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _normalise(text: str) -> str:
    # Full-width digits and letters come from some input methods; spaces from copying.
    text = text.strip().translate({0x3000: None, 0x20: None})
    text = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text)
    return text.upper()


def resident_id_check(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_resident_id(text: str) -> str:
    """Return the normalised 18-character ID number or raise ValueError saying what is wrong."""
    code = _normalise(text)
    if len(code) != 18:
        raise ValueError(f"身份证号码应为18位，现为{len(code)}位。")
    if not code[:17].isdigit() or not re.fullmatch(r"[0-9X]", code[17]):
        raise ValueError("身份证号码前17位应为数字，最后一位为数字或X。")
    try:
        birth = date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError as exc:
        raise ValueError(f"身份证号码中的出生日期 {code[6:14]} 不是真实日期。") from exc
    if birth > date.today() or birth.year < 1880:
        raise ValueError(f"身份证号码中的出生日期 {code[6:14]} 不在合理范围内。")
    expected = resident_id_check(code[:17])
    if code[17] != expected:
        raise ValueError("身份证号码校验位不正确，请核对是否录入有误。")
    return code


def uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check(body: str) -> str:
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate_uscc(text: str) -> str:
    """Return the normalised 18-character USCC or raise ValueError saying what is wrong."""
    code = _normalise(text)
    if len(code) != 18:
        raise ValueError(f"统一社会信用代码应为18位，现为{len(code)}位。")
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        raise ValueError(f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、S、V、Z）。")
    authority, entity = code[0], code[1]
    if authority not in _USCC_ENTITY_TYPES:
        raise ValueError(f"统一社会信用代码第1位登记管理部门代码“{authority}”无效。")
    if entity not in _USCC_ENTITY_TYPES[authority]:
        raise ValueError(f"统一社会信用代码第2位机构类别代码“{entity}”与登记管理部门不符。")
    if not code[2:8].isdigit():
        raise ValueError("统一社会信用代码第3至8位应为行政区划码（数字）。")
    org_body, org_check = code[8:16], code[16]
    if org_code_check(org_body) != org_check:
        raise ValueError("统一社会信用代码第9至17位组织机构代码校验位不正确。")
    if uscc_check(code[:17]) != code[17]:
        raise ValueError("统一社会信用代码校验位不正确，请核对是否录入有误。")
    return code


def mask_id(code: str) -> str:
    """2101**********123X: keep region prefix and the last four, as halls print it."""
    if len(code) <= 8:
        return "*" * len(code)
    return code[:4] + "*" * (len(code) - 8) + code[-4:]


def mask_phone(phone: str) -> str:
    """138****5678."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
