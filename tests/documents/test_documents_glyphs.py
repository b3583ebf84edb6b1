"""A name on a licence never loses a character (issue 18, item 18): a rare
character Noto Serif CJK lacks is drawn from the fallback face (HanaMin,
Debian's fonts-hanazono), and one no installed face has refuses the
document with a clear error instead of printing it without the character."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from documents_support import RECEIVED_ON, on, pdf_text
from test_documents_layout import LETTER

from xiaoneng.cases import actions
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.documents.conf import DEFAULT_FALLBACK_FONT_DIR, DEFAULT_FONT_DIR
from xiaoneng.documents.layout import FontFiles, FontMissing, GlyphMissing, render
from xiaoneng.documents.layout.fonts import FALLBACK_FILES
from xiaoneng.documents.layout.model import Paragraph
from xiaoneng.org.models import User

FONTS = FontFiles(Path(DEFAULT_FONT_DIR), Path(DEFAULT_FALLBACK_FONT_DIR))
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
_absent = [p for p in (FONTS.regular, *(f.path for f in FONTS.fallbacks)) if not p.is_file()]
# Under CI a missing font fails these tests (FontMissing) instead of skipping them.
pytestmark = pytest.mark.skipif(
    bool(_absent) and not CI, reason="apt-get install fonts-noto-cjk fonts-hanazono"
)

RARE = "\U0002a6a5"  # 𪚥 (Extension B): in HanaMin, not in Noto Serif CJK
RARER = "\U0002b740"  # 𫝀 (Extension D): only in HanaMin B
PRIVATE = "\ue000"  # private use: in no font
UNASSIGNED = "\U0003fffd"  # plane 3, not a character


def _flat(pdf: bytes) -> str:
    return pdf_text(pdf).replace("\n", "")


def test_noto_lacks_the_rare_character_and_hanamin_has_it() -> None:
    """The premise of the fallback, checked on the installed fonts."""
    from fontTools import ttLib

    def cmap(path: Path, number: int = -1) -> set[int]:
        with ttLib.TTFont(path, fontNumber=number, lazy=True) as font:
            return set(font.getBestCmap())

    noto = cmap(FONTS.regular, 2)
    hanamin_a, hanamin_b = (cmap(face.path) for face in FONTS.fallbacks)
    assert ord(RARE) not in noto
    assert ord(RARE) in hanamin_a
    assert ord(RARER) not in noto
    assert ord(RARER) not in hanamin_a
    assert ord(RARER) in hanamin_b
    assert [f.path.name for f in FONTS.fallbacks] == list(FALLBACK_FILES)


def test_a_rare_character_is_drawn_from_the_fallback_face() -> None:
    letter = replace(
        LETTER,
        title=f"关于{RARE}字的通知",  # bold: drawn in the regular fallback
        addressee=f"张{RARE}农业科技有限公司",
        paragraphs=(Paragraph(f"申请人张{RARE}，你提出的申请已受理。"),),
    )
    pdf = render(letter, FONTS).pdf
    text = _flat(pdf)
    assert f"关于{RARE}字的通知" in text
    assert f"张{RARE}农业科技有限公司：" in text
    assert f"申请人张{RARE}，你提出的申请已受理。" in text
    # HanaMin A, the first fallback, has it; B is not embedded when no
    # character needs it.
    assert b"+HanaMinA" in pdf
    assert b"HanaMinB" not in pdf
    assert render(letter, FONTS).pdf == pdf  # regenerated: the same bytes


def test_a_character_only_the_second_fallback_has_is_drawn_from_it() -> None:
    letter = replace(LETTER, addressee=f"张{RARER}{RARE}")
    pdf = render(letter, FONTS).pdf
    assert f"张{RARER}{RARE}：" in _flat(pdf)
    assert b"+HanaMinA" in pdf
    assert b"+HanaMinB" in pdf


def test_a_letter_without_rare_characters_embeds_no_fallback() -> None:
    pdf = render(LETTER, FONTS).pdf
    assert b"HanaMin" not in pdf
    assert pdf == render(LETTER, FontFiles(FONTS.directory)).pdf


@pytest.mark.parametrize("char", [PRIVATE, UNASSIGNED])
def test_a_character_no_face_has_refuses_the_document(char: str) -> None:
    letter = replace(LETTER, addressee=f"张{char}{RARE}")
    with pytest.raises(GlyphMissing) as caught:
        render(letter, FONTS)
    assert caught.value.chars == (char,)  # the rare one is fine, this one is not


def test_without_a_fallback_the_rare_character_is_refused_not_dropped() -> None:
    letter = replace(LETTER, addressee=f"张{RARE}")
    with pytest.raises(GlyphMissing) as caught:
        render(letter, FontFiles(FONTS.directory))
    assert caught.value.chars == (RARE,)
    assert str(caught.value) == "U+2A6A5"


def test_a_missing_fallback_file_matters_only_when_a_character_needs_it(tmp_path: Path) -> None:
    fonts = FontFiles(FONTS.directory, tmp_path)
    assert render(LETTER, fonts).pdf.startswith(b"%PDF")
    with pytest.raises(FontMissing) as caught:
        render(replace(LETTER, addressee=f"张{RARE}"), fonts)
    assert caught.value.path == tmp_path / "HanaMinA.ttf"


# --- through the API and the web page -------------------------------------------------


def _case(users: dict[str, User], item: ApprovalItem, applicant: str) -> Any:
    case, _ = on(
        RECEIVED_ON,
        actions.submit_application,
        actor=users["applicant"],
        item_code=item.code,
        applicant_name=applicant,
    )
    return on(RECEIVED_ON, actions.accept_case, actor=users["window"], case_id=case.pk)


@pytest.mark.django_db
def test_a_licence_keeps_the_rare_character_of_a_name(
    api: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = _case(users, promise_item, f"张{RARE}")
    response = api("window").get(f"/cases/{case.pk}/documents/acceptance")
    assert response.status_code == 200, response.content[:300]
    assert f"张{RARE}：" in _flat(response.content)


@pytest.mark.django_db
def test_a_name_no_font_can_print_is_a_clear_422(
    api: Any, client: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = _case(users, promise_item, f"张{PRIVATE}")
    response = api("window").get(f"/cases/{case.pk}/documents/acceptance")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "document_glyph_missing"
    assert body["detail"] == {"characters": ["U+E000"]}
    assert "U+E000" in body["message"]
    page = client.get(f"/documents/cases/{case.pk}/acceptance.pdf")
    assert page.status_code == 422
    assert "document_glyph_missing" in page.content.decode()


@pytest.mark.django_db
def test_without_the_fallback_font_only_a_rare_name_is_503(
    api: Any, settings: Any, tmp_path: Path, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    settings.XIAONENG_PDF_FALLBACK_FONT_DIR = str(tmp_path)
    plain = _case(users, promise_item, "张三")
    rare = _case(users, promise_item, f"张{RARE}")
    window = api("window")
    assert window.get(f"/cases/{plain.pk}/documents/acceptance").status_code == 200
    response = window.get(f"/cases/{rare.pk}/documents/acceptance")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "document_font_missing"
    assert body["detail"] == {"font": str(tmp_path / "HanaMinA.ttf")}
