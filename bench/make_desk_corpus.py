"""Render realistic desk photos of catalogue forms and licences, with their ground truth.

Each photo is a page (a business licence with a QR carrying a USCC, an application form,
an ID card copy, a health certificate, a lease contract, a commitment letter with a
Code 128) filled with random data, laid on a cluttered desk at any rotation and with
perspective, then lit unevenly, blurred, given sensor noise and JPEG-compressed at
4000×3000 — what a 12 MP document camera delivers. The blank forms are the reference
images a hall registers. The same module writes camera stand-ins (an image sequence and
an MJPG AVI) that ``cv2.VideoCapture`` plays like a document camera.

    .venv/bin/python bench/make_desk_corpus.py OUT_DIR [--count 200] [--seed 1]

writes ``OUT_DIR/desk_NNN.jpg``, ``OUT_DIR/truth.json`` and ``OUT_DIR/references/*.png``.
Tests import it with a small count.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from clerk.domain.catalogue import (
    BarcodeRule,
    BundleSpec,
    Catalogue,
    Form,
    MaterialSpec,
    MatterSpec,
    Necessity,
)
from clerk.domain.ids import USCC_ALPHABET, org_code_check, resident_id_check, uscc_check

PRINT_FONT = "/usr/share/fonts/truetype/arphic/uming.ttc"
FILL_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
DPI = 150  # page rendering resolution; A4 = 1240 × 1754
A4 = (1240, 1754)
FRAME = (4000, 3000)

USCC_RULE = r"https?://www\.gsxt\.gov\.cn/\S*uniscid=(?P<uscc>[0-9A-HJ-NPQRTUWXY]{18})\S*"

MATERIALS = {
    "YYZZ": MaterialSpec(
        "YYZZ",
        "营业执照副本",
        Form.COPY,
        1,
        Necessity.REQUIRED,
        barcode_rules=(BarcodeRule(USCC_RULE, "QRCode"),),
    ),
    "SFZ": MaterialSpec("SFZ", "法定代表人身份证复印件", Form.COPY, 1, Necessity.REQUIRED),
    "SQS": MaterialSpec("SQS", "食品经营许可申请书", Form.ORIGINAL, 1, Necessity.REQUIRED),
    "JKZ": MaterialSpec("JKZ", "从业人员健康证明", Form.COPY, 1, Necessity.DEFERRABLE, 5),
    "ZLHT": MaterialSpec("ZLHT", "经营场所租赁合同", Form.COPY, 1, Necessity.REQUIRED),
    "CNS": MaterialSpec(
        "CNS",
        "食品安全承诺书",
        Form.ORIGINAL,
        1,
        Necessity.OPTIONAL,
        barcode_rules=(BarcodeRule(r"CNS-\d{4}-\d{6}", "Code128"),),
    ),
}

DESK_CATALOGUE = Catalogue(
    version=1,
    matters={
        "SP-001": MatterSpec(
            "SP-001",
            "食品经营许可（新办）",
            "市场监督管理局",
            20,
            10,
            tuple(MATERIALS.values()),
        ),
        "YY-001": MatterSpec(
            "YY-001",
            "营业执照变更登记",
            "市场监督管理局",
            15,
            3,
            (MATERIALS["YYZZ"], MATERIALS["SFZ"], MATERIALS["ZLHT"]),
        ),
    },
    bundles={"KD-001": BundleSpec("KD-001", "开办餐饮店", 10, ("SP-001", "YY-001"))},
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰晓梅海燕"
SHOPS = ["味道", "老街", "川香", "福满", "家和", "鲜鲜", "粥铺", "面馆", "小厨", "食府"]
CITIES = ["杭州市西湖区", "宁波市海曙区", "温州市鹿城区", "嘉兴市南湖区", "湖州市吴兴区"]


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@dataclass
class Person:
    name: str
    id_number: str
    address: str


@dataclass
class Business:
    name: str
    uscc: str
    person: Person
    address: str


def random_uscc(rng: random.Random) -> str:
    region = f"{rng.choice([330100, 330102, 330203, 330302, 330402]):06d}"
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    body = "".join(c if c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" else "0" for c in body)
    org = body + org_code_check(body)
    first17 = "92" + region + org
    if any(c not in USCC_ALPHABET for c in first17):  # org check 'X' is not in the alphabet
        return random_uscc(rng)
    return first17 + uscc_check(first17)


def random_person(rng: random.Random) -> Person:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    first17 = (
        f"{rng.choice([330102, 330106, 330203, 330302]):06d}"
        f"{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{rng.randint(0, 999):03d}"
    )
    address = f"浙江省{rng.choice(CITIES)}{rng.choice('文一文二学院体育')}路{rng.randint(1, 399)}号"
    return Person(name, first17 + resident_id_check(first17), address)


def random_business(rng: random.Random) -> Business:
    person = random_person(rng)
    name = (
        f"{rng.choice(CITIES)[:3]}{rng.choice(SHOPS)}{rng.choice(['餐饮店', '小吃店', '食品店'])}"
    )
    address = f"浙江省{rng.choice(CITIES)}{rng.choice('东西南北')}大街{rng.randint(1, 899)}号"
    return Business(name, random_uscc(rng), person, address)


class Sheet:
    """A page being drawn, with the printed (template) and filled (variable) text apart."""

    def __init__(self, size: tuple[int, int], blank: bool, tint: tuple[int, int, int]) -> None:
        self.image = Image.new("RGB", size, tint)
        self.draw = ImageDraw.Draw(self.image)
        self.blank = blank

    def text(self, xy: tuple[int, int], text: str, size: int, anchor: str = "la") -> None:
        self.draw.text(xy, text, fill=(20, 20, 20), font=_font(PRINT_FONT, size), anchor=anchor)

    def fill(self, xy: tuple[int, int], text: str, size: int = 30) -> None:
        if not self.blank:
            self.draw.text(xy, text, fill=(25, 35, 120), font=_font(FILL_FONT, size))

    def table(self, x: int, y: int, widths: list[int], heights: list[int], width: int = 2) -> None:
        right, bottom = x + sum(widths), y + sum(heights)
        yy = y
        for h in [0, *heights]:
            yy += h
            self.draw.line([(x, yy), (right, yy)], fill=(20, 20, 20), width=width)
        xx = x
        for w in [0, *widths]:
            xx += w
            self.draw.line([(xx, y), (xx, bottom)], fill=(20, 20, 20), width=width)

    def code(self, text: str, fmt: zxingcpp.BarcodeFormat, xy: tuple[int, int], scale: int) -> None:
        if self.blank:
            return
        symbol = np.array(
            zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, fmt), scale=scale)
        )
        if fmt == zxingcpp.BarcodeFormat.Code128:
            symbol = cv2.resize(symbol, (symbol.shape[1], 110), interpolation=cv2.INTER_NEAREST)
        self.image.paste(Image.fromarray(symbol).convert("RGB"), xy)

    def array(self) -> np.ndarray:
        return cv2.cvtColor(np.asarray(self.image), cv2.COLOR_RGB2BGR)


def _emblem(
    sheet: Sheet, centre: tuple[int, int], radius: int, colour: tuple[int, int, int]
) -> None:
    x, y = centre
    d = sheet.draw
    d.ellipse([x - radius, y - radius, x + radius, y + radius], outline=colour, width=6)
    d.ellipse([x - radius // 2, y - radius // 2, x + radius // 2, y + radius // 2], fill=colour)
    for k in range(5):
        a = -math.pi / 2 + k * 2 * math.pi / 5
        px, py = x + int(radius * 0.75 * math.cos(a)), y + int(radius * 0.75 * math.sin(a))
        d.regular_polygon((px, py, radius // 7), 5, fill=colour)


def render_licence(rng: random.Random, blank: bool, biz: Business) -> np.ndarray:
    w, h = 1754, 1240  # landscape
    s = Sheet((w, h), blank, (246, 240, 228))
    red = (170, 30, 30)
    for inset, width in ((30, 14), (58, 3)):
        s.draw.rectangle([inset, inset, w - inset, h - inset], outline=red, width=width)
    for k in range(40, w - 40, 36):  # the guilloche border
        s.draw.arc([k, 34, k + 36, 64], 0, 180, fill=red, width=2)
        s.draw.arc([k, h - 64, k + 36, h - 34], 180, 360, fill=red, width=2)
    _emblem(s, (w // 2, 170), 70, red)
    s.text((w // 2, 300), "营 业 执 照", 96, "mm")
    s.text((w // 2, 380), "（副  本）", 40, "mm")
    s.text((110, 430), "统一社会信用代码", 30)
    s.fill((380, 426), biz.uscc, 32)
    labels = ["名        称", "类        型", "经 营 者", "组成形式", "经营场所", "注册日期"]
    values = [
        biz.name,
        "个体工商户",
        biz.person.name,
        "个人经营",
        biz.address,
        f"{rng.randint(2015, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 520 + i * 80
        s.text((150, y), label, 34)
        s.fill((380, y), value, 32)
    s.text((900, 520), "经 营 范 围", 34)
    s.fill((1080, 520), "餐饮服务；食品销售", 30)
    s.text((1150, 1000), "登 记 机 关", 34)
    s.draw.ellipse([1330, 940, 1490, 1100], outline=(200, 40, 40), width=5)
    s.text((w // 2, h - 110), "国家市场监督管理总局监制", 26, "mm")
    url = f"http://www.gsxt.gov.cn/index.html?uniscid={biz.uscc}&t={rng.randint(1000, 9999)}"
    s.code(url, zxingcpp.BarcodeFormat.QRCode, (1400, 160), 5)
    if blank:
        s.draw.rectangle([1400, 160, 1400 + 250, 160 + 250], outline=(20, 20, 20), width=3)
    return s.array()


def _card(s: Sheet, x: int, y: int, front: bool, person: Person, rng: random.Random) -> None:
    cw, ch = 856, 540
    s.draw.rounded_rectangle([x, y, x + cw, y + ch], 30, outline=(60, 60, 60), width=3)
    if front:
        for i, label in enumerate(["姓  名", "性  别", "出  生", "住  址"]):
            s.text((x + 40, y + 50 + i * 90), label, 30)
        s.fill((x + 160, y + 48), person.name, 34)
        s.fill((x + 160, y + 138), rng.choice("男女"), 30)
        s.text((x + 300, y + 140), "民  族", 30)
        s.fill((x + 420, y + 138), "汉", 30)
        s.fill(
            (x + 160, y + 228), f"{person.id_number[6:10]}年{int(person.id_number[10:12])}月", 30
        )
        s.fill((x + 160, y + 318), person.address[:12], 28)
        s.text((x + 40, y + 450), "公民身份号码", 30)
        s.fill((x + 260, y + 446), person.id_number, 34)
        s.draw.rectangle([x + 590, y + 60, x + 800, y + 330], outline=(90, 90, 90), width=2)
        if not s.blank:
            s.draw.ellipse([x + 640, y + 100, x + 750, y + 230], fill=(120, 120, 120))
            s.draw.rectangle([x + 620, y + 230, x + 770, y + 330], fill=(120, 120, 120))
    else:
        _emblem(s, (x + 120, y + 130), 70, (60, 60, 60))
        s.text((x + 260, y + 100), "中华人民共和国", 44)
        s.text((x + 220, y + 220), "居 民 身 份 证", 64)
        s.text((x + 120, y + 390), "签发机关", 30)
        s.text((x + 120, y + 460), "有效期限", 30)
        s.fill((x + 280, y + 388), f"{person.address[3:7]}公安分局", 30)
        s.fill((x + 280, y + 458), f"{rng.randint(2016, 2024)}.05.01-2036.05.01", 30)


def render_id_copy(rng: random.Random, blank: bool, biz: Business) -> np.ndarray:
    s = Sheet(A4, blank, (244, 244, 242))
    s.text((A4[0] // 2, 120), "身份证复印件", 44, "mm")
    _card(s, 192, 220, True, biz.person, rng)
    _card(s, 192, 900, False, biz.person, rng)
    s.text((200, 1560), "此复印件仅供办理食品经营许可使用", 34)
    s.fill((300, 1630), biz.person.name, 36)
    return s.array()


def render_application(rng: random.Random, blank: bool, biz: Business) -> np.ndarray:
    s = Sheet(A4, blank, (250, 250, 248))
    s.text((A4[0] // 2, 130), "食品经营许可申请书", 60, "mm")
    s.text((A4[0] // 2, 210), "（新办 / 延续 / 变更）", 32, "mm")
    rows = [
        "申请人名称",
        "统一社会信用代码",
        "法定代表人(负责人)",
        "经营场所",
        "联系电话",
        "主体业态",
        "经营项目",
    ]
    s.table(100, 290, [380, 660], [100] * len(rows))
    for i, label in enumerate(rows):
        s.text((120, 325 + i * 100), label, 30)
    values = [
        biz.name,
        biz.uscc,
        biz.person.name,
        biz.address[:16],
        f"13{rng.randint(100000000, 999999999)}",
        "餐饮服务经营者",
        "热食类食品制售",
    ]
    for i, v in enumerate(values):
        s.fill((500, 320 + i * 100), v, 30)
    s.text((100, 1040), "申请人声明", 36)
    for i in range(5):
        s.draw.line([(100, 1120 + i * 70), (1140, 1120 + i * 70)], fill=(150, 150, 150), width=1)
    s.text((100, 1100), "本申请人承诺所提交材料真实、合法、有效，并对其真实性负责。", 28)
    s.text((700, 1500), "申请人（签字）：", 30)
    s.text((700, 1580), "日期：    年   月   日", 30)
    s.fill((940, 1490), biz.person.name, 40)
    s.text((A4[0] // 2, 1700), "第 1 页  共 1 页", 24, "mm")
    return s.array()


def render_health(rng: random.Random, blank: bool, biz: Business) -> np.ndarray:
    s = Sheet(A4, blank, (236, 244, 236))
    green = (30, 110, 60)
    s.draw.rectangle([70, 70, A4[0] - 70, A4[1] - 70], outline=green, width=8)
    s.text((A4[0] // 2, 200), "食品从业人员", 56, "mm")
    s.text((A4[0] // 2, 290), "健 康 证 明", 80, "mm")
    s.table(160, 420, [260, 560], [110] * 6, 3)
    for i, label in enumerate(["姓  名", "性  别", "年  龄", "身份证号", "体检单位", "有效期至"]):
        s.text((190, 455 + i * 110), label, 32)
    values = [
        biz.person.name,
        rng.choice("男女"),
        str(rng.randint(20, 60)),
        biz.person.id_number,
        "区疾病预防控制中心",
        f"{rng.randint(2026, 2027)}年{rng.randint(1, 12)}月",
    ]
    for i, v in enumerate(values):
        s.fill((470, 450 + i * 110), v, 30)
    s.draw.rectangle([820, 1180, 1060, 1480], outline=green, width=3)
    s.text((860, 1500), "（照片）", 28)
    s.draw.ellipse([200, 1250, 500, 1550], outline=(190, 40, 40), width=6)
    s.text((350, 1400), "体检专用章", 30, "mm")
    return s.array()


def render_lease(rng: random.Random, blank: bool, biz: Business) -> np.ndarray:
    s = Sheet(A4, blank, (251, 250, 246))
    s.text((A4[0] // 2, 140), "房 屋 租 赁 合 同", 62, "mm")
    s.text((120, 260), "出租方（甲方）：", 32)
    s.text((120, 330), "承租方（乙方）：", 32)
    s.fill((400, 256), random_person(rng).name, 32)
    s.fill((400, 326), biz.name, 32)
    clauses = [
        "第一条  甲方将位于            的房屋出租给乙方作经营使用。",
        "第二条  房屋建筑面积        平方米，租赁期限自    年  月  日起",
        "        至    年  月  日止。",
        "第三条  租金每月人民币        元，按季度支付，先付后用。",
        "第四条  乙方应按约定用途使用房屋，不得擅自改变房屋结构。",
        "第五条  租赁期间水、电、燃气等费用由乙方承担。",
        "第六条  任何一方违约，应向对方支付违约金。",
        "第七条  本合同一式两份，甲乙双方各执一份，自签字之日起生效。",
    ]
    for i, line in enumerate(clauses):
        s.text((120, 440 + i * 95), line, 30)
    s.fill((330, 436), biz.address[3:13], 26)
    s.fill((440, 531), str(rng.randint(30, 300)), 28)
    s.fill((460, 721), str(rng.randint(2, 30) * 1000), 28)
    s.text((120, 1400), "甲方（签章）：", 32)
    s.text((680, 1400), "乙方（签章）：", 32)
    s.fill((360, 1390), random_person(rng).name, 36)
    s.fill((910, 1390), biz.person.name, 36)
    return s.array()


def render_commitment(rng: random.Random, blank: bool, biz: Business) -> np.ndarray:
    s = Sheet(A4, blank, (250, 250, 250))
    s.text((A4[0] // 2, 160), "食品安全承诺书", 64, "mm")
    body = [
        "本单位郑重承诺：",
        "一、严格遵守《中华人民共和国食品安全法》等法律法规；",
        "二、建立健全食品安全管理制度，配备食品安全管理人员；",
        "三、从业人员持有效健康证明上岗；",
        "四、不采购、不使用、不经营不符合食品安全标准的食品；",
        "五、自觉接受市场监督管理部门的监督检查。",
        "如违反上述承诺，愿意承担相应法律责任。",
    ]
    for i, line in enumerate(body):
        s.text((130, 320 + i * 110), line, 34)
    s.text((650, 1250), "承诺单位（盖章）：", 32)
    s.text((650, 1340), "承诺人（签字）：", 32)
    s.fill((900, 1330), biz.person.name, 36)
    serial = f"CNS-{rng.randint(2024, 2026)}-{rng.randint(0, 999999):06d}"
    s.code(serial, zxingcpp.BarcodeFormat.Code128, (130, 1500), 3)
    return s.array()


def render_other(rng: random.Random, blank: bool, biz: Business) -> np.ndarray:
    """A paper no catalogue material describes: it must stay unidentified."""
    s = Sheet(A4, blank, (250, 249, 245))
    title = rng.choice(["情况说明", "委托书", "申请报告", "证明"])
    s.text((A4[0] // 2, 150), title, 60, "mm")
    words = "本人因经营需要特此说明相关情况如下所述请予办理为盼联系电话地址单位负责人签字日期"
    for i in range(rng.randint(8, 16)):
        line = "".join(rng.choice(words) for _ in range(rng.randint(14, 30)))
        s.fill((120, 300 + i * 75), line, 32)
    s.fill((700, 1500), biz.person.name, 40)
    return s.array()


RENDERERS: dict[str, Callable[[random.Random, bool, Business], np.ndarray]] = {
    "YYZZ": render_licence,
    "SFZ": render_id_copy,
    "SQS": render_application,
    "JKZ": render_health,
    "ZLHT": render_lease,
    "CNS": render_commitment,
    "OTHER": render_other,  # not in the catalogue
}
OTHER = "OTHER"


def reference_images() -> dict[str, np.ndarray]:
    """The blank forms a hall registers as reference images, by material code."""
    rng = random.Random(0)
    biz = random_business(rng)
    return {code: render(rng, True, biz) for code, render in RENDERERS.items() if code != OTHER}


# --- the desk -------------------------------------------------------------------------


def desk_background(rng: random.Random, size: tuple[int, int] = FRAME) -> np.ndarray:
    """A wooden or grey desk with a keyboard, a mug, pens, sticky notes and a phone."""
    w, h = size
    small = (w // 4, h // 4)
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    if rng.random() < 0.6:
        base = np.array(
            [rng.randint(60, 110), rng.randint(90, 140), rng.randint(130, 180)], np.float32
        )
        grain = nrng.normal(0, 1, (small[1], 1)).astype(np.float32)
        grain = cv2.GaussianBlur(np.repeat(grain, small[0], axis=1), (0, 0), 3, 0.5)
        desk = base[None, None, :] * (1 + 0.12 * grain[:, :, None])
    else:
        grey = rng.randint(70, 150)
        desk = np.full((small[1], small[0], 3), grey, np.float32)
        desk += nrng.normal(0, 6, desk.shape).astype(np.float32)
    desk = np.clip(desk, 0, 255).astype(np.uint8)
    desk = cv2.resize(desk, size, interpolation=cv2.INTER_LINEAR)
    for _ in range(rng.randint(3, 8)):
        kind = rng.choice(["keyboard", "mug", "pen", "note", "phone", "paper"])
        cx, cy = rng.randint(0, w), rng.randint(0, h)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        if kind == "keyboard":
            box = cv2.boxPoints(((cx, cy), (1400, 450), rng.uniform(-20, 20))).astype(np.int32)
            cv2.fillPoly(desk, [box], (40, 40, 40))
            for k in range(60):
                kx, ky = cx - 650 + (k % 15) * 90, cy - 180 + (k // 15) * 90
                cv2.rectangle(desk, (kx, ky), (kx + 70, ky + 70), (70, 70, 70), -1)
        elif kind == "mug":
            cv2.circle(desk, (cx, cy), rng.randint(150, 220), colour, -1)
            cv2.circle(desk, (cx, cy), rng.randint(100, 140), (30, 30, 50), -1)
        elif kind == "pen":
            end = (cx + rng.randint(-600, 600), cy + rng.randint(-600, 600))
            cv2.line(desk, (cx, cy), end, colour, rng.randint(14, 24))
        elif kind == "note":
            box = cv2.boxPoints(((cx, cy), (300, 300), rng.uniform(0, 90))).astype(np.int32)
            cv2.fillPoly(desk, [box], (90, 230, 250))
        elif kind == "phone":
            box = cv2.boxPoints(((cx, cy), (360, 740), rng.uniform(0, 180))).astype(np.int32)
            cv2.fillPoly(desk, [box], (25, 25, 25))
        else:  # a strip of another paper peeking out: clutter that is also white
            box = cv2.boxPoints(((cx, cy), (900, 260), rng.uniform(0, 180))).astype(np.int32)
            cv2.fillPoly(desk, [box], (215, 215, 210))
    return desk


@dataclass
class DeskPhoto:
    image: np.ndarray
    corners: np.ndarray  # 4×2 float, the page corners in the photo (page TL, TR, BR, BL)
    blur: float
    light: float


def place_page(
    page: np.ndarray,
    desk: np.ndarray,
    rng: random.Random,
    *,
    coverage: tuple[float, float] = (0.30, 0.62),
    blur: float | None = None,
    light: float | None = None,
) -> DeskPhoto:
    """Lay ``page`` on ``desk`` at any rotation with perspective; light, blur, noise."""
    h, w = desk.shape[:2]
    ph, pw = page.shape[:2]
    for _ in range(200):
        area = rng.uniform(*coverage) * w * h
        scale = math.sqrt(area / (pw * ph))
        angle = rng.uniform(0, 2 * math.pi)
        half = np.array([[-pw, -ph], [pw, -ph], [pw, ph], [-pw, ph]], np.float64) * scale / 2
        rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
        pts = half @ rot.T
        pts += (
            rng.uniform(-0.06, 0.06)
            * np.abs(pts).max()
            * np.array([[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(4)])
        )
        span = pts.max(axis=0) - pts.min(axis=0)
        if span[0] > w * 0.96 or span[1] > h * 0.96:
            continue
        centre = np.array(
            [
                rng.uniform(-pts[:, 0].min() + 20, w - pts[:, 0].max() - 20),
                rng.uniform(-pts[:, 1].min() + 20, h - pts[:, 1].max() - 20),
            ]
        )
        corners = (pts + centre).astype(np.float32)
        break
    else:
        raise RuntimeError("page does not fit on the desk")
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, corners)
    warped = cv2.warpPerspective(page, matrix, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, (w, h))
    shadow = cv2.GaussianBlur(mask, (0, 0), 25)
    photo = desk.astype(np.float32) * (1 - 0.35 * shadow[:, :, None] / 255.0)
    alpha = mask[:, :, None].astype(np.float32) / 255.0
    photo = photo * (1 - alpha) + warped.astype(np.float32) * alpha
    # Uneven light: a broad gradient and a lamp falloff.
    light = rng.uniform(0.55, 1.05) if light is None else light
    yy, xx = np.mgrid[0:h:8, 0:w:8].astype(np.float32)
    lx, ly = rng.uniform(0, w), rng.uniform(0, h)
    fall = 1 - 0.35 * np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / math.hypot(w, h)
    gain = cv2.resize(fall * light, (w, h), interpolation=cv2.INTER_LINEAR)
    photo *= gain[:, :, None]
    photo[:, :, 0] *= rng.uniform(0.9, 1.05)  # white balance
    photo[:, :, 2] *= rng.uniform(0.95, 1.1)
    blur = rng.choice([0.0, 0.6, 1.0, 1.5, 2.0]) if blur is None else blur
    if blur > 0:
        photo = cv2.GaussianBlur(photo, (0, 0), blur)
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    noise = nrng.normal(0, rng.uniform(2, 7), (h // 2, w // 2, 1)).astype(np.float32)
    photo += cv2.resize(noise, (w, h), interpolation=cv2.INTER_NEAREST)[:, :, None]
    photo = np.clip(photo, 0, 255).astype(np.uint8)
    quality = rng.randint(55, 92)
    ok, buf = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return DeskPhoto(cv2.imdecode(buf, cv2.IMREAD_COLOR), corners, blur, light)


@dataclass
class Sample:
    name: str
    material: str
    uscc: str
    corners: list[list[float]]
    sheet: int  # the physical sheet: two photos of one sheet share it (duplicates)


def samples(
    count: int, seed: int = 1, size: tuple[int, int] = FRAME
) -> Iterator[tuple[Sample, np.ndarray]]:
    """``count`` desk photos cycling through the materials; every tenth repeats a sheet."""
    rng = random.Random(seed)
    codes = list(RENDERERS)
    previous: tuple[str, np.ndarray, str] | None = None
    for i in range(count):
        if previous is not None and i % 10 == 9:
            code, page, uscc = previous  # the same sheet photographed again
        else:
            code = codes[i % len(codes)]
            biz = random_business(rng)
            page = RENDERERS[code](rng, False, biz)
            uscc = biz.uscc
            previous = (code, page, uscc)
        desk = desk_background(rng, size)
        photo = place_page(page, desk, rng)
        sheet = i - 1 if previous is not None and i % 10 == 9 else i
        yield Sample(f"desk_{i:03d}.jpg", code, uscc, photo.corners.tolist(), sheet), photo.image


def write_corpus(folder: Path, count: int, seed: int = 1) -> list[Sample]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sample, image in samples(count, seed):
        cv2.imwrite(str(folder / sample.name), image, [cv2.IMWRITE_JPEG_QUALITY, 95])
        written.append(sample)
    (folder / "truth.json").write_text(
        json.dumps([s.__dict__ for s in written], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    refs = folder / "references"
    refs.mkdir(exist_ok=True)
    for code, image in reference_images().items():
        cv2.imwrite(str(refs / f"{code}.png"), image)
    return written


# --- the camera stand-in --------------------------------------------------------------


def camera_frames(
    rng: random.Random, size: tuple[int, int] = (1920, 1080), still: int = 12
) -> Iterator[np.ndarray]:
    """An empty desk, a page sliding in, lying still for ``still`` frames, taken away."""
    desk = desk_background(rng, size)
    page = render_application(rng, False, random_business(rng))
    ph, pw = page.shape[:2]
    h, w = size[1], size[0]
    scale = h * 0.8 / ph
    target = np.array([w / 2, h / 2])
    for _ in range(3):
        yield desk.copy()
    for t in [*[k / 6 for k in range(6)], *[1.0] * still, 0.5]:
        centre = target + np.array([w * 0.6 * (1 - t), 0])
        half = np.array([[-pw, -ph], [pw, -ph], [pw, ph], [-pw, ph]], np.float32) * scale / 2
        corners = (half + centre).astype(np.float32)
        src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
        matrix = cv2.getPerspectiveTransform(src, corners)
        warped = cv2.warpPerspective(page, matrix, size)
        mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, size)
        frame = np.where(mask[:, :, None] > 127, warped, desk)
        if t < 1.0:  # motion blur while it moves
            frame = cv2.blur(frame, (25, 1))
        yield frame


def write_camera_video(
    path: Path, seed: int = 3, size: tuple[int, int] = (1920, 1080), still: int = 12
) -> int:
    """An MJPG AVI that ``cv2.VideoCapture`` plays as a document camera; returns its frame count."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 15, size)
    count = 0
    for frame in camera_frames(random.Random(seed), size, still):
        writer.write(frame)
        count += 1
    writer.release()
    return count


def write_camera_sequence(folder: Path, seed: int = 3, size: tuple[int, int] = (1920, 1080)) -> str:
    """PNG frames ``frame_000.png`` …; returns the printf pattern VideoCapture opens."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, frame in enumerate(camera_frames(random.Random(seed), size)):
        cv2.imwrite(str(folder / f"frame_{i:03d}.png"), frame)
    return str(folder / "frame_%03d.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = write_corpus(args.folder, args.count, args.seed)
    print(f"{len(written)} desk photos in {args.folder}")


if __name__ == "__main__":
    main()
