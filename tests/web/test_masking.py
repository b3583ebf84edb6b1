"""The applicant's name on public pages: never whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.web.masking import mask_name


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张掖市祁连绿源农业科技有限公司", "张掖市祁连****有限公司"),
        ("祁连绿源有限公司", "祁连****有限公司"),
        ("甘肃省张掖市甘州区丝路餐饮店", "甘肃省张掖市甘州区丝路****店"),
        ("华为技术有限公司", "华为****有限公司"),
        ("张掖市丝路公司", "张掖市丝****公司"),
        ("张三丰", "张*丰"),
        ("张三", "张*"),
        ("欧阳娜娜", "欧**娜"),
        ("王", "*"),
        (" 张 三 丰 ", "张*丰"),
        ("", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1))
def test_a_name_never_appears_whole(name: str) -> None:
    masked = mask_name(name)
    assert masked != name
    assert "*" in masked
