"""The hall template IT edits: its values reach the documents, its mistakes are named."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from clerk.documents import render
from clerk.documents import samples as sample
from clerk.documents.data import DocumentKind
from clerk.documents.template import load_template, override_path
from clerk.domain.errors import ClerkError
from tests.support import pdf


def _override(text: str) -> Path:
    path = override_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_override_in_the_machine_folder_changes_hall_and_wording():
    _override(
        '[hall]\nname = "沈阳市和平区政务服务中心"\nphone = "024-22222222"\n'
        'address = "沈阳市和平区南京北街1号"\ndepartment = "和平区行政审批局"\n'
        'footer = "请关注和平政务公众号"\n'
        '[notification]\nreturn_hint = "请于五个工作日内携带本单回到{hall}。"\n'
    )
    template = load_template()
    text = pdf.flat(render(sample.notification(), hall=template))
    assert "沈阳市和平区政务服务中心" in text and "和平区行政审批局" in text
    assert "请于五个工作日内携带本单回到沈阳市和平区政务服务中心。" in text
    assert "024-22222222" in text
    assert "请关注和平政务公众号" in text  # the footer of every page
    receipt = pdf.flat(render(sample.receipt(), hall=template))
    assert "地址：沈阳市和平区南京北街1号" in receipt  # how to follow up
    assert "行政许可法" in text  # wording not overridden stays the default


def test_emblem_is_printed_beside_the_hall_name(tmp_path):
    emblem = override_path().parent / "emblem.png"
    emblem.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (200, 200), (200, 0, 0)).save(emblem)
    _override('[hall]\nemblem = "emblem.png"\n')
    document = render(sample.refusal(), hall=load_template())
    page = np.asarray(pdf.pages(document, dpi=50, grey=False)[0])
    reds = np.count_nonzero((page[..., 0] > 150) & (page[..., 1] < 60) & (page[..., 2] < 60))
    assert reds > 100  # the red square is on the page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[hal]\nname = "x"\n', "[hal] 无法识别"),
        ('[hall]\ncolour = "red"\n', "没有 colour 这一项"),
        ("[hall]\nphone = 12345\n", "[hall] phone 应为文字"),
        ('[hall]\nname = "  "\n', "大厅名称）不能为空"),
        ('[refusal]\nrights = "请于{days}日内"\n', "占位符 {days} 无法识别"),
        ('[receipt]\nfollow_up = "电话 {phone"\n', "花括号不成对"),
        ('[hall]\nemblem = "missing.png"\n', "不存在或不是 PNG/JPEG"),
        ('[hall\nname = "x"\n', "格式有误"),
    ],
)
def test_mistakes_are_refused_with_a_chinese_message_naming_the_file(text, message):
    path = _override(text)
    with pytest.raises(ClerkError) as caught:
        load_template()
    assert message in caught.value.message
    assert str(path) in caught.value.message


def test_the_shipped_template_loads_and_every_wording_is_used():
    template = load_template()
    for kind, keys in template.wording.items():
        data = sample.sample(DocumentKind(kind))
        text = pdf.flat(render(data, hall=template))
        matter = getattr(data, "matter", "")
        for key in keys:
            filled = template.text(kind, key, matter=matter, deadline="2026年12月1日")
            assert "".join(filled.split()) in text, f"{kind}.{key}"


def test_machine_config_dir_comes_from_the_environment():
    assert override_path().parent == Path(os.environ["CLERK_MACHINE_CONFIG_DIR"])
