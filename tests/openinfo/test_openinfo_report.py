"""The annual report's tables recomputed by hand: a known year (2025) of
disclosure requests (through the disclosure app's actions), decided
permits, fee charges, policy documents and 复议/诉讼 records, each cell of
the generated tables asserted against the numbers counted here; the
government office generates and publishes it, the public page and the API
show the same tables, the .xlsx writes user text as text."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openinfo_support import publish, register
from openpyxl import load_workbook

from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.disclosure import actions as disclosure
from xiaoneng.disclosure.models import DisclosureRequest
from xiaoneng.fees.models import Charge
from xiaoneng.openinfo import actions
from xiaoneng.openinfo.models import AnnualReport
from xiaoneng.openinfo.tables import cell, refusal_ground
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

YEAR = 2025
GENERATED = date(2026, 1, 15)
REQUESTS = "三、收到和处理政府信息公开申请情况"
REVIEWS = "四、政府信息公开行政复议、行政诉讼情况"
DOCS = "第二十条第（一）项"


def _request(users: dict[str, User], received: date, kind: str) -> tuple[int, str, str]:
    with travel_to(received):
        row, code = disclosure.submit_request(
            actor=users["reviewer"],
            department_id=Department.objects.get(code="620700005").pk,
            requester_name="张三丰" if kind == "person" else "张掖市祁连绿源有限公司",
            requester_kind=kind,
            description="企业登记统计数据",
            phone="0936-1234567",
            channel="in_person",
        )
    return row.pk, row.tracking_no, code


def _answer(
    users: dict[str, User],
    pk: int,
    on: date,
    answer_type: str,
    reason: str = "条例",
    ground: str = "",
) -> None:
    with travel_to(on):
        disclosure.answer_request(
            actor=users["reviewer"],
            request_id=pk,
            answer_type=answer_type,
            text="见附件",
            reason=reason,
            ground=ground,
        )


def requests_world(users: dict[str, User]) -> None:
    r1 = _request(users, date(2024, 12, 20), "person")  # carried in, answered in 2025
    _answer(users, r1[0], date(2025, 1, 10), "disclose")
    r9 = _request(users, date(2024, 11, 1), "person")  # all in 2024: not counted
    _answer(users, r9[0], date(2024, 11, 20), "refuse", ground="state_secret")
    r2 = _request(users, date(2025, 3, 3), "organisation")
    _answer(users, r2[0], date(2025, 3, 20), "partial")
    r3 = _request(users, date(2025, 4, 1), "person")
    _answer(users, r3[0], date(2025, 4, 10), "published")
    r4 = _request(users, date(2025, 5, 6), "person")
    _answer(users, r4[0], date(2025, 5, 20), "not_exist")
    r5 = _request(users, date(2025, 6, 2), "organisation")
    _answer(users, r5[0], date(2025, 6, 5), "duplicate")
    _request(users, date(2025, 12, 29), "person")  # r6: still open
    r7 = _request(users, date(2025, 12, 15), "person")  # answered in 2026
    _answer(users, r7[0], date(2026, 1, 8), "disclose")
    r8 = _request(users, date(2025, 7, 1), "organisation")
    with travel_to(date(2025, 7, 3)):
        disclosure.withdraw_request(tracking_no=r8[1], query_code=r8[2], reason="不再需要")
    # Refusals, each in the sub-row of （三）不予公开 of its chosen ground, whatever
    # its words say (r11); one answered before grounds were chosen, by its words (r12).
    r10 = _request(users, date(2025, 9, 1), "person")
    _answer(users, r10[0], date(2025, 9, 10), "refuse", "涉及第三方商业秘密", "third_party")
    r11 = _request(users, date(2025, 10, 9), "organisation")
    _answer(users, r11[0], date(2025, 10, 20), "refuse", "过程性信息", "enforcement_file")
    r12 = _request(users, date(2025, 10, 10), "organisation")
    _answer(users, r12[0], date(2025, 10, 21), "refuse", "属于过程性信息（讨论记录）", "process")
    DisclosureRequest.objects.filter(pk=r12[0]).update(withheld_ground="")
    with travel_to(date(2025, 8, 1)):  # online, never confirmed: not received, not counted
        disclosure.submit_request(
            department_id=Department.objects.get(code="620700005").pk,
            requester_name="李四",
            description="某信息",
            email="li@example.com",
        )


def cases_world(users: dict[str, User], item: ApprovalItem) -> None:
    decided = [
        (date(2025, 3, 10), "approved", Decimal(550), Decimal(0)),
        (date(2025, 9, 1), "approved", Decimal(80), Decimal(30)),
        (date(2025, 11, 3), "denied", None, None),
        (date(2026, 1, 5), "approved", Decimal(1000), Decimal(0)),  # next year
    ]
    for n, (on, decision, amount, refunded) in enumerate(decided):
        with travel_to(on):
            case, _ = case_actions.submit_application(
                actor=users["window"], item_code=item.code, applicant_name="祁连绿源有限公司"
            )
        Case.objects.filter(pk=case.pk).update(decision=decision, decided_on=on)
        if amount is not None:
            Charge.objects.create(
                case=case,
                department=case.department,
                fee_code="SF-TEST",
                quantity=1,
                unit_amount=amount,
                amount=amount,
                refunded=refunded,
                notice_no=f"TZ{n}",
                receipt_no=f"PJ{n}",
                charged_on=on,
                recorded_by=users["window"],
            )


def documents_world(users: dict[str, User]) -> None:
    head = users["depthead"]
    old = register(head, category="policy", title="旧办法", formed_on=date(2024, 6, 3))
    publish(head, old, date(2024, 6, 10))
    kept = register(head, category="policy", title="新办法", formed_on=date(2025, 2, 3))
    publish(head, kept, date(2025, 3, 20))  # late: due 3 Mar
    gone = register(head, category="policy", title="短命办法", formed_on=date(2025, 4, 1))
    publish(head, gone, date(2025, 4, 2))
    rule = register(head, category="rules", title="张掖市某规章", formed_on=date(2025, 5, 6))
    publish(head, rule, date(2025, 5, 7))
    with travel_to(date(2025, 10, 9)):
        actions.repeal_item(actor=head, item_id=gone.pk)
    with travel_to(date(2026, 1, 6)):
        actions.repeal_item(actor=head, item_id=old.pk)  # repealed after the year
    register(head, title='=HYPERLINK("http://x")工作要点', formed_on=date(2025, 8, 1))
    text = register(head, title="=1+1 规划", formed_on=date(2025, 8, 1))
    publish(head, text, date(2025, 8, 4))


def reviews_world(users: dict[str, User]) -> None:
    office = users["zhengfuban"]
    dept = Department.objects.get(code="620700005").pk
    rows = [  # number, kind, filed, result, decided
        ("张政复〔2025〕1号", "reconsideration", date(2025, 3, 1), "upheld", date(2025, 5, 6)),
        ("张政复〔2025〕2号", "reconsideration", date(2025, 6, 1), None, None),
        # decided after the year: 尚未审结 in the 2025 report, whenever it is made
        ("(2025)甘07行初5号", "lawsuit", date(2025, 7, 1), "corrected", date(2026, 1, 8)),
        ("(2024)甘07行初9号", "lawsuit", date(2024, 7, 1), "other", date(2025, 2, 3)),
    ]
    for number, kind, filed, result, decided in rows:
        with travel_to(filed):
            row = actions.register_review(
                actor=office,
                number=number,
                kind=kind,
                department_id=dept,
                subject="信息公开答复",
                filed_on=filed,
            )
        if result and decided:
            with travel_to(decided):
                actions.decide_review(
                    actor=office, review_id=row.pk, result=result, decided_on=decided
                )


@pytest.fixture
def world(users: dict[str, User], promise_item: ApprovalItem) -> None:
    requests_world(users)
    cases_world(users, promise_item)
    documents_world(users)
    reviews_world(users)


def test_every_cell_counted_by_hand(users: dict[str, User], world: None) -> None:
    with travel_to(GENERATED):
        report = actions.generate_report(actor=users["zhengfuban"], year=YEAR)
    t = report.tables

    def row(table: str, label: str, columns: list[str]) -> list[Any]:
        return [cell(t, table, label, c) for c in columns]

    docs = ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert row(DOCS, "规章", docs) == [1, 0, 1]
    assert row(DOCS, "行政规范性文件", docs) == [
        2,
        1,
        2,
    ]  # 新办法, 短命办法 made; 短命 gone; 旧, 新 in force
    permits = "第二十条第（五）项、第（六）项"
    assert cell(t, permits, "行政许可", "本年处理决定数量") == 3
    assert cell(t, permits, "行政处罚", "本年处理决定数量") == 0
    # 550 + 80 − 30 refunded = 600 yuan = 0.06 万元 (the 2026 charge is not the year's)
    assert cell(t, "第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）") == "0.0600"

    # 三: every cell of the table, row by row (columns: 自然人, 法人或其他组织's
    # 商业企业 / 科研机构 / 社会公益组织 / 法律服务机构 / 其他 (the product records
    # no kind of organisation: all under 其他), 总计).
    def kinds(person: int, organisation: int) -> list[int]:
        return [person, 0, 0, 0, 0, organisation, person + organisation]

    done = "三、本年度办理结果"
    expected = {
        "一、本年新收政府信息公开申请数量": kinds(5, 5),  # r3 r4 r6 r7 r10; r2 r5 r8 r11 r12
        "二、上年结转政府信息公开申请数量": kinds(1, 0),  # r1
        f"{done}（一）予以公开": kinds(2, 0),  # r1 disclose, r3 published
        f"{done}（二）部分公开（区分处理的，只计这一情形，不计其他情形）": kinds(0, 1),  # r2
        f"{done}（三）不予公开 1.属于国家秘密": kinds(0, 0),
        f"{done}（三）不予公开 2.其他法律行政法规禁止公开": kinds(0, 0),
        f"{done}（三）不予公开 3.危及“三安全一稳定”": kinds(0, 0),
        f"{done}（三）不予公开 4.保护第三方合法权益": kinds(1, 0),  # r10
        f"{done}（三）不予公开 5.属于三类内部事务信息": kinds(0, 0),
        f"{done}（三）不予公开 6.属于四类过程性信息": kinds(0, 1),  # r12, by its words
        f"{done}（三）不予公开 7.属于行政执法案卷": kinds(0, 1),  # r11, by its ground
        f"{done}（三）不予公开 8.属于行政查询事项": kinds(0, 0),
        f"{done}（四）无法提供 1.本机关不掌握相关政府信息": kinds(1, 0),  # r4
        f"{done}（四）无法提供 2.没有现成信息需要另行制作": kinds(0, 0),
        f"{done}（四）无法提供 3.补正后申请内容仍不明确": kinds(0, 0),
        f"{done}（五）不予处理 1.信访举报投诉类申请": kinds(0, 0),
        f"{done}（五）不予处理 2.重复申请": kinds(0, 1),  # r5
        f"{done}（五）不予处理 3.要求提供公开出版物": kinds(0, 0),
        f"{done}（五）不予处理 4.无正当理由大量反复申请": kinds(0, 0),
        f"{done}（五）不予处理 5.要求行政机关确认或重新出具已获取信息": kinds(0, 0),
        f"{done}（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": (
            kinds(0, 0)
        ),
        f"{done}（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": (  # noqa: E501
            kinds(0, 0)
        ),
        f"{done}（六）其他处理 3.其他": kinds(0, 1),  # r8 withdrawn
        f"{done}（七）总计": kinds(4, 5),
        "四、结转下年度继续办理": kinds(2, 0),  # r6 open, r7 answered in 2026
    }
    (table,) = [x for sec in t["sections"] for x in sec["tables"] if x["title"] == REQUESTS]
    assert table["headers"] == [
        "",
        "自然人",
        "法人或其他组织：商业企业",
        "法人或其他组织：科研机构",
        "法人或其他组织：社会公益组织",
        "法人或其他组织：法律服务机构",
        "法人或其他组织：其他",
        "总计",
    ]
    assert {r[0]: r[1:] for r in table["rows"]} == expected
    assert [r[0] for r in table["rows"]] == list(expected)  # the template's order
    # the template's identity: 新收 + 上年结转 = 办理总计 + 结转下年度
    assert 10 + 1 == 9 + 2
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    # as of 31 Dec 2025: 1号 upheld in May; 2号 pending; 5号 decided in 2026 (pending then)
    assert row(REVIEWS, "行政复议", results) == [1, 0, 0, 1, 2]
    assert row(REVIEWS, "行政诉讼（未经复议直接起诉）", results) == [0, 0, 0, 1, 1]
    assert row(REVIEWS, "行政诉讼（复议后起诉）", results) == [0, 0, 0, 0, 0]
    published = "本年主动公开信息（按目录类别）"
    assert row(published, "规范性文件", ["公开条数", "其中超期公开"]) == [2, 1]
    assert row(published, "合计", ["公开条数", "其中超期公开"]) == [4, 1]


def test_generate_review_publish_and_the_public_sees_the_same_tables(
    users: dict[str, User], world: None, client: Any, login: Any
) -> None:
    office = users["zhengfuban"]
    with travel_to(GENERATED):
        with pytest.raises(PermissionDenied):
            actions.generate_report(actor=users["depthead"], year=YEAR)
        actions.generate_report(actor=office, year=YEAR)
        assert client.get("/api/v1/disclosure/proactive/reports/2025").status_code == 404
        assert "暂无公开的年度报告" in client.get("/openinfo/public/report/").content.decode()
        staff = login("zhengfuban").get("/openinfo/report/?year=2025").content.decode()
        login("zhengfuban").post("/openinfo/report/publish/", {"year": "2025"})
        client.logout()
        public = client.get("/openinfo/public/report/?year=2025").content.decode()
        api = client.get("/api/v1/disclosure/proactive/reports/2025").json()
    assert api["tables"]["year"] == YEAR
    for fragment in ("0.0600", "一、本年新收政府信息公开申请数量", "结果维持", "行政规范性文件"):
        assert fragment in staff
        assert fragment in public
    start = '<section class="xn-card" data-section="1">'
    assert staff[staff.index(start) : staff.rindex("</section>")].count("<td") == public[
        public.index(start) : public.rindex("</section>")
    ].count("<td")


def test_the_export_writes_user_text_as_text(
    users: dict[str, User], world: None, login: Any
) -> None:
    with travel_to(GENERATED):
        actions.generate_report(actor=users["zhengfuban"], year=YEAR)
        response = login("zhengfuban").get("/openinfo/report/export/?year=2025")
    book = load_workbook(io.BytesIO(response.content))
    assert "三、收到和处理政府信息公开申请情况" in book.sheetnames
    sheet = book["本年主动公开信息"]
    titles = {row[3].value: row[3] for row in sheet.iter_rows(min_row=2)}
    formula = titles["=1+1 规划"]
    assert formula.data_type == "s"
    requests = book["三、收到和处理政府信息公开申请情况"]
    values = [[c.value for c in r] for r in requests.iter_rows(min_row=2)]
    assert ["一、本年新收政府信息公开申请数量", 5, 0, 0, 0, 0, 5, 10] in values


def test_generating_again_before_publication_replaces_the_tables(
    users: dict[str, User],
) -> None:
    from xiaoneng.audit.models import AuditEvent

    office = users["zhengfuban"]
    with travel_to(GENERATED):
        first = actions.generate_report(actor=office, year=YEAR)
    assert cell(first.tables, DOCS, "规章", "本年制发件数") == 0
    register(users["depthead"], category="rules", title="补登的规章", formed_on=date(2025, 12, 1))
    with travel_to(date(2026, 1, 20)):
        again = actions.generate_report(actor=office, year=YEAR)
    assert (again.status, again.generated_on) == ("generated", date(2026, 1, 20))
    assert cell(again.tables, DOCS, "规章", "本年制发件数") == 1
    payloads = AuditEvent.objects.filter(event_type="openinfo.report_generated").order_by("seq")
    assert [e.payload["again"] for e in payloads] == [False, True]


def test_publication_is_final(users: dict[str, User], client: Any, login: Any) -> None:
    """A published report keeps its tables, its day and its place on the public
    site: generating it again and publishing it again are refused."""
    office = users["zhengfuban"]
    with travel_to(GENERATED):
        actions.generate_report(actor=office, year=YEAR)
        published = actions.publish_report(actor=office, year=YEAR)
    register(users["depthead"], category="rules", title="补登的规章", formed_on=date(2025, 12, 1))
    with travel_to(date(2026, 3, 2)):
        for step in (actions.generate_report, actions.publish_report):
            with pytest.raises(InvalidInput) as refused:
                step(actor=office, year=YEAR)
            assert refused.value.code == "openinfo_report_published"
        desk = login("zhengfuban")
        response = desk.post("/openinfo/report/generate/", {"year": "2025"}, follow=True)
        assert "openinfo_report_published" in response.content.decode()
        assert (
            "/openinfo/report/generate/"
            not in desk.get("/openinfo/report/?year=2025").content.decode()
        )
        client.logout()
        assert client.get("/api/v1/disclosure/proactive/reports/2025").status_code == 200
    kept = AnnualReport.objects.get(year=YEAR)
    assert (kept.status, kept.published_on) == ("published", GENERATED)
    assert kept.tables == published.tables
    assert cell(kept.tables, DOCS, "规章", "本年制发件数") == 0


def test_only_a_finished_year_is_reported(users: dict[str, User], login: Any) -> None:
    office = users["zhengfuban"]
    with travel_to(GENERATED):
        for year in (2026, 2027, 1999):
            with pytest.raises(InvalidInput) as refused:
                actions.generate_report(actor=office, year=year)
            assert refused.value.code == "openinfo_year_invalid"
        page = login("zhengfuban").get("/openinfo/report/?year=2026").content.decode()
        response = login("zhengfuban").post("/openinfo/report/generate/", {"year": "2026"})
    assert '<option value="2026"' not in page
    assert '<option value="2025" selected>' in page  # the asked year is not finished: the last
    assert response.status_code == 302
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("bad", ["²", "-1", "99999999999999999999", "99999", "abc"])
def test_a_bad_year_is_never_a_500(
    users: dict[str, User], client: Any, login: Any, bad: str
) -> None:
    with travel_to(GENERATED):
        assert client.get("/openinfo/public/report/", {"year": bad}).status_code == 404
        assert client.get(f"/api/v1/disclosure/proactive/reports/{bad}").status_code in (404, 422)
        office = login("zhengfuban")
        assert office.get("/openinfo/report/", {"year": bad}).status_code == 200
        assert office.get("/openinfo/report/export/", {"year": bad}).status_code == 404
        for step in ("generate", "publish"):
            response = office.post(f"/openinfo/report/{step}/", {"year": bad}, follow=True)
            assert response.status_code == 200
            assert "openinfo_year_invalid" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_a_review_result_is_recorded_once(users: dict[str, User]) -> None:
    office = users["zhengfuban"]
    with travel_to(date(2025, 3, 1)):
        row = actions.register_review(
            actor=office,
            number="张政复〔2025〕9号",
            kind="reconsideration",
            department_id=Department.objects.get(code="620700005").pk,
            subject="信息公开答复",
            filed_on=date(2025, 3, 1),
        )
    with travel_to(date(2025, 5, 6)):
        actions.decide_review(
            actor=office, review_id=row.pk, result="upheld", decided_on=date(2025, 5, 6)
        )
    with travel_to(date(2025, 6, 2)), pytest.raises(InvalidInput) as twice:
        actions.decide_review(
            actor=office, review_id=row.pk, result="corrected", decided_on=date(2025, 6, 2)
        )
    assert twice.value.code == "openinfo_review_decided"
    row.refresh_from_db()
    assert (row.result, row.decided_on) == ("upheld", date(2025, 5, 6))


def test_a_refusal_from_before_grounds_is_placed_by_its_words() -> None:
    assert refusal_ground("依据条例第三十六条第（三）项") == "2.其他法律行政法规禁止公开"
    assert refusal_ground("涉及个人隐私") == "4.保护第三方合法权益"
    assert refusal_ground("涉及个人隐私", "query") == "8.属于行政查询事项"
