"""Catalogue files: their columns, how a cell is read, and the problems a file can have.

Catalogue files are JSON or XLSX, read (``file_read``) into a checked Catalogue
(``file_check``) and written back (``file_write``). Reading collects every problem of the file (sheet, row, column, what is wrong, in
Chinese) before giving up, so an administrator fixes the file in one pass. Both
formats become the same rows (事项, 材料, 条码规则, 一件事) and go through one checker.
The file format is described in docs/catalogue.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from clerk.domain.catalogue import (
    FORM_NAMES,
    NECESSITY_NAMES,
    SOURCE_NAMES,
    Form,
    Necessity,
    SourceChannel,
)
from clerk.domain.errors import ClerkError

FORMAT = "clerk-catalogue"
FORMAT_VERSION = 1
# A real city's whole list (5,000 matters, 17,414 materials) is about 16 MB of JSON.
MAX_FILE_BYTES = 50 * 1024 * 1024
_MAX_PROBLEMS_IN_MESSAGE = 10

MATTERS_SHEET = "事项"
MATERIALS_SHEET = "材料"
RULES_SHEET = "条码规则"
BUNDLES_SHEET = "一件事"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a catalogue file, where it is and what is wrong."""

    sheet: str  # XLSX sheet; for JSON the list the item is in ("事项", "事项第3项的材料" …)
    row: int | None  # XLSX row number; for JSON the item's number in its list, from 1
    column: str  # XLSX column header or JSON key; "" when it is about the whole row
    message: str
    json: bool = False

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        unit = "项" if self.json else "行"
        place = self.sheet if self.json else f"工作表“{self.sheet}”"
        if self.row is not None:
            place += f"第{self.row}{unit}"
        if self.column:
            place += f"“{self.column}”" + ("" if self.json else "列")
        return f"{place}：{self.message}"


class CatalogueFileError(ClerkError):
    """The file cannot be imported; ``problems`` lists every reason, nothing was imported."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:_MAX_PROBLEMS_IN_MESSAGE])
        more = len(problems) - _MAX_PROBLEMS_IN_MESSAGE
        if more > 0:
            shown += f"\n……另有{more}处问题"
        super().__init__(
            f"目录文件有{len(problems)}处问题，未导入任何内容：\n{shown}",
            f"{source}: " + "; ".join(str(p) for p in problems),
        )


def file_error(message: str) -> CatalogueFileError:
    return CatalogueFileError([Problem("", None, "", message)])


# --- columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    key: str  # JSON key and spec attribute
    header: str  # XLSX column header
    kind: str  # how the value is read: see _convert
    required: bool = False
    max_len: int | None = None
    default: Any = None


MATTER_FIELDS = (
    Field("code", "事项编码", "code", True, 64),
    Field("name", "事项名称", "text", True, 255),
    Field("department", "实施主体", "text", True, 128),
    Field("department_code", "实施主体编码", "code", False, 64, ""),
    Field("legal_days", "法定办结时限（工作日）", "days", True),
    Field("promised_days", "承诺办结时限（工作日）", "days", True),
    Field("fee", "收费标准", "text", False, 255, "不收费"),
    Field("legal_basis", "设定依据", "text", False, None, ""),
    Field("conditions", "受理条件", "text", False, None, ""),
    Field("on_the_spot", "即办件", "bool", False, None, False),
)
MATTER_CODE = Field("matter_code", "事项编码", "code", True, 64)
MATERIAL_FIELDS = (
    Field("code", "材料编码", "code", True, 64),
    Field("name", "材料名称", "text", True, 255),
    Field("form", "材料形式", "form", True),
    Field("copies", "份数", "copies", False, None, 1),
    Field("necessity", "必要性", "necessity", True),
    Field("correction_days", "补正期限（工作日）", "optdays"),
    Field("source_channel", "来源渠道", "source", False, None, SourceChannel.APPLICANT),
    Field("source_note", "来源说明", "text", False, None, ""),
    Field("acceptance_standard", "受理标准", "text", False, None, ""),
    Field("legal_basis", "设定依据", "text", False, None, ""),
    Field("sight_only", "仅验原件", "bool", False, None, False),
    Field("elicence_type", "电子证照类型", "text", False, 64, ""),
    Field("paper_size", "纸张规格", "text", False, 16, "A4"),
    Field("filling_notes", "填报须知", "text", False, None, ""),
)
MATERIAL_CODE = Field("material_code", "材料编码", "code", True, 64)
RULE_FIELDS = (
    Field("format", "码制", "symbology", False, None, ""),
    Field("pattern", "匹配规则", "pattern", True),
)
BUNDLE_FIELDS = (
    Field("code", "一件事编码", "code", True, 64),
    Field("name", "一件事名称", "text", True, 255),
    Field("promised_days", "承诺办结时限（工作日）", "days", True),
    Field("description", "说明", "text", False, None, ""),
    Field("matters", "包含事项", "codes", True),
)

SHEETS = {
    MATTERS_SHEET: (MATTER_FIELDS, True),
    MATERIALS_SHEET: ((MATTER_CODE, *MATERIAL_FIELDS), True),
    RULES_SHEET: ((MATTER_CODE, MATERIAL_CODE, *RULE_FIELDS), False),
    BUNDLES_SHEET: (BUNDLE_FIELDS, False),
}


def header_key(header: str) -> str:
    """Headers match without spaces and without a bracketed unit: 份数 = 份数（份）."""
    text = unicodedata.normalize("NFKC", header)
    return re.sub(r"\s+|\(.*?\)", "", text)


_ENUMS: dict[str, dict[str, Any]] = {
    "form": {**{f.value: f for f in Form}, **{n: f for f, n in FORM_NAMES.items()}},
    "necessity": {
        **{n.value: n for n in Necessity},
        **{name: n for n, name in NECESSITY_NAMES.items()},
        "容缺": Necessity.DEFERRABLE,
    },
    "source": {
        **{s.value: s for s in SourceChannel},
        **{name: s for s, name in SOURCE_NAMES.items()},
    },
}
ENUM_NAMES: dict[str, dict[Any, str]] = {
    "form": FORM_NAMES,
    "necessity": NECESSITY_NAMES,
    "source": SOURCE_NAMES,
}
# The symbologies a scanned code can be reported as (zxing-cpp's names); "" = any.
SYMBOLOGIES = (
    "QRCode",
    "MicroQRCode",
    "DataMatrix",
    "PDF417",
    "Aztec",
    "MaxiCode",
    "Code128",
    "Code39",
    "Code93",
    "Codabar",
    "EAN13",
    "EAN8",
    "UPCA",
    "UPCE",
    "ITF",
    "DataBar",
    "DataBarExpanded",
)
_TRUE = {"是", "true", "yes", "y", "1"}
_FALSE = {"否", "false", "no", "n", "0", ""}


class _Invalid(Exception):
    """A value that cannot be read; the message says why, in Chinese."""


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise _Invalid(f"应为整数，实为“{value}”")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value.strip())
    raise _Invalid(f"应为整数，实为“{value}”")


def _convert(spec: Field, value: Any) -> Any:
    """The cell's value read as ``spec.kind``; raises _Invalid."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        if spec.required:
            raise _Invalid("不能为空")
        return spec.default
    kind = spec.kind
    if kind == "code":
        if not isinstance(value, str):
            raise _Invalid("编码须为文本（数字格式会丢掉开头的 0，请把单元格设为文本格式）")
        if re.search(r"\s", value):
            raise _Invalid(f"编码不能含空格：“{value}”")
    elif kind in ("text", "pattern"):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _Invalid(f"应为文本，实为“{value}”")
        value = str(value)
        if kind == "pattern":
            try:
                re.compile(value)
            except re.error as exc:
                raise _Invalid(f"不是有效的正则表达式（{exc}）") from None
    elif kind in ("days", "optdays"):
        value = _integer(value)
        if value < 0:
            raise _Invalid(f"天数不能为负数：{value}")
    elif kind == "copies":
        value = _integer(value)
        if value < 1:
            raise _Invalid(f"份数至少为 1，实为 {value}")
    elif kind == "bool":
        word = str(value).strip().lower()
        if isinstance(value, bool):
            return value
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise _Invalid(f"应填“是”或“否”，实为“{value}”")
    elif kind == "symbology":
        canonical = {name.lower(): name for name in SYMBOLOGIES}.get(str(value).lower())
        if canonical is None:
            raise _Invalid(
                f"“{value}”不是可识别的码制，应为：{'、'.join(SYMBOLOGIES)}（留空表示任意）"
            )
        return canonical
    elif kind in _ENUMS:
        found = _ENUMS[kind].get(str(value))
        if found is None:
            allowed = "、".join(ENUM_NAMES[kind].values())
            raise _Invalid(f"“{value}”不是可选值，应为：{allowed}")
        return found
    elif kind == "codes":
        if isinstance(value, list):
            codes = [str(v).strip() for v in value]
        elif isinstance(value, str):
            codes = [c for c in re.split(r"[\s,，、;；]+", value) if c]
        else:
            raise _Invalid(f"应为事项编码列表，实为“{value}”")
        return tuple(codes)
    if spec.max_len is not None and len(value) > spec.max_len:
        raise _Invalid(f"不能超过{spec.max_len}个字符（现有{len(value)}个）")
    return value


# --- rows: what both formats become -----------------------------------------------------


@dataclass
class Row:
    sheet: str
    number: int
    cells: dict[str, Any]  # field key -> raw value
    labels: dict[str, str]  # field key -> column label as the file names it
    json: bool
    nested_rules: list[Row] = field(default_factory=list)  # JSON: a material's rules
    owner: Row | None = None  # JSON: the matter a material is nested in
    reported: set[str] = field(default_factory=set)  # keys whose cell already has a problem

    def problem(self, key: str, message: str) -> Problem:
        return Problem(self.sheet, self.number, self.labels.get(key, key), message, self.json)


@dataclass
class Tables:
    matters: list[Row] = field(default_factory=list)
    materials: list[Row] = field(default_factory=list)
    rules: list[Row] = field(default_factory=list)
    bundles: list[Row] = field(default_factory=list)


def read_row(row: Row, fields: Iterable[Field], problems: list[Problem]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in fields:
        if spec.key in row.reported:
            values[spec.key] = None
            continue
        try:
            values[spec.key] = _convert(spec, row.cells.get(spec.key))
        except _Invalid as exc:
            problems.append(row.problem(spec.key, str(exc)))
            values[spec.key] = None
    return values
