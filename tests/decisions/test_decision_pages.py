"""The desks and the public pages: the step bar, a step out of order refused
on the page with its code, the scope (404 for a decision not seen, 403 for
a desk not allowed), the legal office's desk with its lights, and the
public pages that never show a commenter's personal data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from decision_support import BASE, register, risk, through

from xiaoneng.core.timesource import travel_to
from xiaoneng.decisions import actions
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_the_detail_page_shows_the_step_bar_and_refuses_out_of_order(
    users: dict[str, User], login: Any
) -> None:
    d = register(users)
    with travel_to(BASE):
        client = login("depthead")
        page = client.get(f"/decisions/{d.pk}/").content.decode()
        assert 'data-gate="consultation" data-state="next"' in page
        response = client.post(
            f"/decisions/{d.pk}/risk/",
            {"level": "low", "controllable": "1", "report": "可控"},
            follow=True,
        )
    text = response.content.decode()
    assert "decision_step_out_of_order" in text
    assert "请先完成公众参与、专家论证" in text


def test_scope_404_for_another_unit_and_403_for_a_desk_not_allowed(
    users: dict[str, User], login: Any
) -> None:
    d = register(users)
    with travel_to(BASE):
        assert login("fagai").get(f"/decisions/{d.pk}/").status_code == 404
        assert login("fagai").post(f"/decisions/{d.pk}/risk/", {}).status_code == 404
        assert login("depthead").get("/decisions/reviews/").status_code == 403
        assert login("depthead").get("/decisions/meetings/").status_code == 403
        assert login("applicant").get("/decisions/").status_code == 403
        assert login("supervisor").get(f"/decisions/{d.pk}/").status_code == 200
        assert login("mayor").get(f"/decisions/{d.pk}/").status_code == 200


def test_the_legal_desk_shows_the_due_day_and_light(users: dict[str, User], login: Any) -> None:
    d = register(users)
    through(users, d, 3)
    with travel_to(date(2026, 9, 30)):
        actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
    with travel_to(date(2026, 10, 16)):
        page = login("fazhi").get("/decisions/reviews/").content.decode()
    assert "2026年10月15日" in page or "2026-10-15" in page
    assert "红灯" in page


def test_public_pages_show_the_consultation_and_decision_without_personal_data(
    users: dict[str, User], client: Any
) -> None:
    d = register(users)
    with travel_to(BASE):
        actions.publish_draft(
            actor=users["depthead"], decision_id=d.pk, closes_on=BASE + timedelta(days=30)
        )
        listing = client.get("/decisions/public/consultations/").content.decode()
        assert d.title in listing
        posted = client.post(
            f"/decisions/public/consultations/{d.pk}/",
            {"content": "建议夜间免费停车", "commenter": "李秀英", "contact": "13912345678"},
        )
        assert "意见已提交" in posted.content.decode()
    with travel_to(BASE + timedelta(days=31)):
        actions.publish_adoption(
            actor=users["depthead"], decision_id=d.pk, adoption="采纳夜间免费的建议"
        )
    from decision_support import experts, legality, meeting, publication

    day = BASE + timedelta(days=32)
    for step in (experts, risk, legality, meeting, publication):
        day = step(users, d, day + timedelta(days=1))
    with travel_to(day):
        pages = [
            client.get(f"/decisions/public/{d.pk}/").content.decode(),
            client.get("/decisions/public/").content.decode(),
            client.get(f"/decisions/public/consultations/{d.pk}/").content.decode(),
        ]
    assert "采纳夜间免费的建议" in pages[0]
    for page in pages:
        assert "李秀英" not in page
        assert "13912345678" not in page
    staff = client.get(f"/decisions/public/{d.pk}/")
    assert staff.status_code == 200


def test_the_public_catalogue_is_shown_once_published(users: dict[str, User], client: Any) -> None:
    with travel_to(BASE):
        fagai = users["fagai"]
        item = actions.add_catalogue_item(
            actor=users["zhengfuban"],
            year=2026,
            title="城区供水价格调整",
            sponsor_id=fagai.department_id,
            legal_basis="《价格法》",
            category="policy",
        )
        assert (
            item.title not in client.get("/decisions/public/catalogue/?year=2026").content.decode()
        )
        actions.publish_catalogue(actor=users["zhengfuban"], year=2026)
        assert item.title in client.get("/decisions/public/catalogue/?year=2026").content.decode()


def test_the_public_comment_form_is_throttled_per_client(
    users: dict[str, User], client: Any
) -> None:
    from xiaoneng.system.actions import set_parameter

    set_parameter(actor=users["admin"], key="decision.comment_per_minute", value="2")
    d = register(users)
    with travel_to(BASE):
        actions.publish_draft(
            actor=users["depthead"], decision_id=d.pk, closes_on=BASE + timedelta(days=30)
        )
        url = f"/decisions/public/consultations/{d.pk}/"
        for n in range(2):
            assert client.post(url, {"content": f"意见{n}"}).status_code == 200
        refused = client.post(url, {"content": "第三条"})
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"
        other = client.post(url, {"content": "另一来源"}, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200
    assert d.comments.count() == 3


def test_a_vice_mayor_sees_the_decisions_of_his_portfolio_only(
    users: dict[str, User], login: Any
) -> None:
    inside = register(users, actor="fagai")  # 市发改委: in the leader's portfolio
    outside = register(users, actor="minle", title="民乐县城区供暖价格调整")
    with travel_to(BASE):
        leader = login("leader")
        assert leader.get(f"/decisions/{inside.pk}/").status_code == 200
        assert leader.get(f"/decisions/{outside.pk}/").status_code == 404
        assert login("mayor").get(f"/decisions/{outside.pk}/").status_code == 200


def test_the_archive_lists_every_record_with_its_date(users: dict[str, User], login: Any) -> None:
    d = register(users)
    day = through(users, d, 6) + timedelta(days=1)
    with travel_to(day):
        office = login("zhengfuban")
        office.post(f"/decisions/{d.pk}/archive/")
        page = office.get(f"/decisions/{d.pk}/archive/").content.decode()
    for what in (
        "公众参与",
        "专家论证",
        "风险评估",
        "合法性审查",
        "集体讨论决定",
        "决策公布",
        "归档",
    ):
        assert f"<td>{what}</td>" in page
    assert "已归档" in page


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_an_expert_opinion_keeps_its_signed_scan(users: dict[str, User], login: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = register(users)
    day = through(users, d, 1) + timedelta(days=1)
    with travel_to(day):
        sponsor = login("depthead")
        sponsor.post(
            f"/decisions/{d.pk}/opinion/",
            {
                "expert": "赵明",
                "affiliation": "兰州大学 教授",
                "signed_on": day.isoformat(),
                "opinion": "可行",
                "file": SimpleUploadedFile("论证意见.pdf", PDF, "application/pdf"),
            },
        )
        (opinion,) = d.opinions.all()
        (scan,) = opinion.files.all()
        page = sponsor.get(f"/decisions/{d.pk}/").content.decode()
        assert f"/decisions/{d.pk}/files/{scan.pk}/" in page
        download = sponsor.get(f"/decisions/{d.pk}/files/{scan.pk}/")
        assert b"".join(download.streaming_content) == PDF
        assert login("fagai").get(f"/decisions/{d.pk}/files/{scan.pk}/").status_code == 404
        refused = login("depthead").post(
            f"/decisions/{d.pk}/opinion/",
            {
                "expert": "钱",
                "affiliation": "某大学",
                "signed_on": day.isoformat(),
                "opinion": "可行",
                "file": SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf"),
            },
            follow=True,
        )
    assert "upload_type_not_allowed" in refused.content.decode()
    assert d.opinions.count() == 1


def test_the_government_office_keeps_the_catalogue_and_the_meetings(
    users: dict[str, User], login: Any
) -> None:
    fagai = users["fagai"]
    with travel_to(BASE):
        office = login("zhengfuban")
        office.post(
            "/decisions/catalogue/",
            {
                "year": "2026",
                "title": "城区供水价格调整",
                "sponsor_id": str(fagai.department_id),
                "legal_basis": "《价格法》",
                "category": "policy",
            },
        )
        office.post("/decisions/catalogue/", {"year": "2026", "publish": "1"})
        desk = office.get("/decisions/catalogue/?year=2026").content.decode()
    assert "城区供水价格调整" in desk
    assert "data-catalogue-published" in desk
    d = register(users)
    day = through(users, d, 4) + timedelta(days=1)
    with travel_to(day):
        waiting = login("zhengfuban").get("/decisions/meetings/").content.decode()
    assert f"/decisions/{d.pk}/#meeting" in waiting


# --- who reads unpublished files; what the page offers; the list's order -------------


@pytest.mark.parametrize("username", ["complaint", "complainthead", "caizheng", "inspector"])
def test_roles_that_only_view_supervision_do_not_read_unpublished_decisions(
    users: dict[str, User], login: Any, username: str
) -> None:
    d = register(users)
    with travel_to(BASE):
        reader = login(username)
        assert reader.get("/decisions/").status_code == 403
        assert reader.get(f"/decisions/{d.pk}/").status_code == 403
        assert reader.get(f"/decisions/{d.pk}/archive/").status_code == 403
        assert reader.get("/api/v1/decisions").json() == []
        assert reader.get(f"/api/v1/decisions/{d.pk}").status_code == 404


def test_the_page_shows_the_forms_of_the_next_gate_only(users: dict[str, User], login: Any) -> None:
    d = register(users)
    with travel_to(BASE):
        page = login("depthead").get(f"/decisions/{d.pk}/").content.decode()
    assert 'data-step-form="publish_draft"' in page
    for later in ("opinion", "risk", "submit_review", "publish"):
        assert f'data-step-form="{later}"' not in page
    assert page.count("待完成前序环节") == 5  # experts, risk, legality, meeting, publication
    day = through(users, d, 2) + timedelta(days=1)
    with travel_to(day):
        page = login("depthead").get(f"/decisions/{d.pk}/").content.decode()
    assert 'data-step-form="risk"' in page
    for other in ("offline_comment", "adoption", "opinion", "submit_review", "publish"):
        assert f'data-step-form="{other}"' not in page
    assert "赵明" in page  # the earlier gate's record stays visible
    risk(users, d, day)
    with travel_to(day):
        actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
        page = login("depthead").get(f"/decisions/{d.pk}/").content.decode()
    assert 'data-step-form="revise"' not in page  # the draft under review is not swapped
    assert 'data-step-form="submit_review"' not in page


def test_the_offline_comment_keeps_its_contact_and_the_revision_its_explanation(
    users: dict[str, User], login: Any, api: Any
) -> None:
    d = register(users)
    with travel_to(BASE):
        actions.publish_draft(
            actor=users["depthead"], decision_id=d.pk, closes_on=BASE + timedelta(days=30)
        )
        sponsor = login("depthead")
        page = sponsor.get(f"/decisions/{d.pk}/").content.decode()
        offline_form = page[page.index('data-step-form="offline_comment"') :]
        assert 'name="contact"' in offline_form[: offline_form.index("</form>")]
        sponsor.post(
            f"/decisions/{d.pk}/offline_comment/",
            {
                "received_on": BASE.isoformat(),
                "commenter": "王五",
                "contact": "0936-1234567",
                "content": "座谈会意见",
            },
        )
        sponsor.post(
            f"/decisions/{d.pk}/revise/", {"draft": "修改稿", "explanation": "根据意见修改"}
        )
        answered = api("depthead").post(
            f"/decisions/{d.pk}/comments",
            {
                "content": "信函意见",
                "received_on": BASE.isoformat(),
                "commenter": "赵六",
                "contact": "13800001111",
            },
        )
        assert answered.status_code == 200, answered.content
    contacts = sorted(c.contact for c in d.comments.all())
    assert contacts == ["0936-1234567", "13800001111"]
    d.refresh_from_db()
    assert (d.draft, d.explanation) == ("修改稿", "根据意见修改")


def test_the_list_follows_the_procedure_then_the_date(users: dict[str, User], login: Any) -> None:
    far = register(users, title="甲 已进入征求意见")  # consulting
    through(users, far, 1)
    late = register(users, title="乙 后登记", on=BASE + timedelta(days=1))
    early = register(users, title="丙 先登记")
    with travel_to(BASE + timedelta(days=10)):
        page = login("depthead").get("/decisions/?year=2026").content.decode()
    order = sorted((early, late, far), key=lambda d: page.index(d.title))
    assert order == [early, late, far]


def test_the_comments_are_shown_a_page_at_a_time(users: dict[str, User], login: Any) -> None:
    d = register(users)
    with travel_to(BASE):
        actions.publish_draft(
            actor=users["depthead"], decision_id=d.pk, closes_on=BASE + timedelta(days=40)
        )
        for n in range(25):
            actions.submit_comment(decision_id=d.pk, content=f"第{n + 1:02d}条意见")
        client = login("depthead")
        first = client.get(f"/decisions/{d.pk}/").content.decode()
        second = client.get(f"/decisions/{d.pk}/?page=2").content.decode()
    assert "第01条意见" in first
    assert "第20条意见" in first
    assert "第21条意见" not in first
    assert "第21条意见" in second
    assert "第25条意见" in second
    assert "第01条意见" not in second
