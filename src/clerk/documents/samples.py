"""Sample data for each document kind: for IT checking a hall template, benchmarks and tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from clerk.documents.data import (
    ApplicantLine,
    ClerkLine,
    CommitmentData,
    DocumentData,
    DocumentKind,
    MaterialLine,
    NotificationSlipData,
    ReceiptData,
    RefusalNoticeData,
    TicketData,
)

ISSUED = datetime(2026, 11, 24, 2, 35, tzinfo=UTC)
CLERK = ClerkLine("李明", staff_no="A0137", window_no="3")
PERSON = ApplicantLine.person("王小红", id_number="21010219900101123X", phone="13812345678")
COMPANY = ApplicantLine.enterprise(
    "示例市书香文化传播有限公司", uscc="91210100MA0QXXXX2B", phone="024-87654321", agent="王小红"
)
CASE_NO = "2026112400370K"

MATERIAL_NAMES = (
    ("营业执照", "复印件", "市场监管部门核发", "加盖公章，与原件一致"),
    ("法定代表人身份证明", "原件", "申请人自备", "在有效期内"),
    ("经营场所使用证明", "复印件", "申请人自备（租赁合同或产权证明）", "租期不少于一年"),
    ("食品安全管理制度", "原件", "申请人自备，可参照窗口样本", "内容完整，加盖公章"),
    ("主要设备设施布局图", "原件", "申请人自备", "标明面积和功能分区"),
    ("从业人员健康证明", "复印件", "卫生健康部门指定体检机构", "在有效期内，人人持证"),
    ("食品安全管理人员培训合格证明", "复印件", "市场监管部门组织的培训", "在有效期内"),
    ("申请书", "原件", "窗口领取或网站下载", "如实填写，申请人签字"),
    ("授权委托书", "原件", "申请人自备，可参照窗口样本", "委托事项和期限明确"),
    ("消防安全检查合格证明", "复印件", "消防救援机构核发", "与经营场所地址一致"),
)


def materials(count: int = 3, deadline: date | None = None) -> tuple[MaterialLine, ...]:
    rows = (MATERIAL_NAMES * (count // len(MATERIAL_NAMES) + 1))[:count]
    return tuple(
        MaterialLine(name, form=form, copies=1, source=source, standard=standard, deadline=deadline)
        for name, form, source, standard in rows
    )


MATERIALS = materials(len(MATERIAL_NAMES))
DEFERRED_UNTIL = date(2026, 12, 1)


def deferred() -> tuple[MaterialLine, ...]:
    """What the sample case (receipt, commitment) defers: health and training certificates."""
    return tuple(replace(MATERIALS[i], deadline=DEFERRED_UNTIL) for i in (5, 6))


def receipt() -> ReceiptData:
    return ReceiptData(
        case_no=CASE_NO,
        applicant=COMPANY,
        matters=("食品经营许可（新办）", "出版物零售单位设立"),
        bundle="开办书店一件事",
        department="示例市行政审批服务局",
        clerk=CLERK,
        issued_at=ISSUED,
        promised_date=date(2026, 12, 11),
        received=tuple(MATERIALS[i] for i in (1, 2, 3, 7)),
        exempt=(MaterialLine("营业执照", form="电子", copies=0, note="电子营业执照，已核验"),),
        deferred=deferred(),
    )


def notification(missing: int = 4) -> NotificationSlipData:
    return NotificationSlipData(
        applicant=PERSON,
        matter="食品经营许可（新办）",
        missing=materials(missing),
        reopen_code="RX7K-2Q9M",
        clerk=CLERK,
        issued_at=ISSUED,
        doc_no="示审告〔2026〕第0137号",
        legal_basis="《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第十五条",
        promised_days=10,
        fees="不收费",
    )


def commitment() -> CommitmentData:
    return CommitmentData(
        case_no=CASE_NO,
        applicant=COMPANY,
        matter="食品经营许可（新办）",
        deferred=deferred(),
        deadline=DEFERRED_UNTIL,
        clerk=CLERK,
        issued_at=ISSUED,
    )


def refusal() -> RefusalNoticeData:
    return RefusalNoticeData(
        doc_no="示审不受〔2026〕第0012号",
        applicant=PERSON,
        matter="出版物零售单位设立",
        request="在住宅楼内设立出版物零售门店",
        reason="申请的经营场所为住宅，不符合经营场所的法定条件。",
        legal_basis="《出版管理条例》第三十五条；《出版物市场管理规定》第七条",
        clerk=CLERK,
        issued_at=ISSUED,
        returned_materials=("申请书原件", "房屋租赁合同复印件"),
    )


def ticket() -> TicketData:
    return TicketData(number="A037", category="企业开办", waiting_ahead=5, issued_at=ISSUED)


SAMPLES: dict[DocumentKind, Callable[[], DocumentData]] = {
    DocumentKind.RECEIPT: receipt,
    DocumentKind.NOTIFICATION: notification,
    DocumentKind.COMMITMENT: commitment,
    DocumentKind.REFUSAL: refusal,
    DocumentKind.TICKET: ticket,
}


def sample(kind: DocumentKind) -> DocumentData:
    return SAMPLES[kind]()
