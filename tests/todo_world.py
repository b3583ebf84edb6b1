"""A morning at 市工商局 with something on every desk, built through the
actions (for the workbench's 待办 tests and the staff walk): applications to
accept, a supplemented one, a decision to deliver, cases in review (one past
its deadline, one asking for an extension), a parallel case owing opinions,
the card sweep's cards, an order to answer, the anomalies detected and a bad
rating to rectify. Needs the demo city and its catalog."""

from __future__ import annotations

from datetime import date, timedelta

from worlds import publish_promise_item
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions
from xiaoneng.cases.models import Case, Decision
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.ratings import actions as ratings
from xiaoneng.supervision.actions.cards import issue_cards
from xiaoneng.supervision.actions.orders import issue_order
from xiaoneng.supervision.anomalies import detect_anomalies

JOINT = "0100090000620700005"  # 企业设立联合审批: 质监 and 公安 give opinions
SOLE_TRADER = "0100002000620700005"  # 个体工商户名称预先核准 (即办件)
COMPANY = "0100003000620700005"  # 有限责任公司设立登记 (即办件)


def desk_morning(today: date) -> None:
    users = {u.username: u for u in User.objects.all()}
    window, reviewer, head = users["window"], users["reviewer"], users["depthead"]
    promise = publish_promise_item(users["admin"])
    calendar = current_calendar()

    def back(days: int) -> date:
        return calendar.add_workdays(today, -days) if days else today

    def receive(code: str, name: str, days: int) -> tuple[int, str]:
        with travel_to(back(days)):
            case, query_code = actions.submit_application(
                actor=window, item_code=code, applicant_name=name, applicant_phone="0936-8210000"
            )
        return case.pk, query_code

    def accepted(code: str, name: str, days: int) -> int:
        pk, _ = receive(code, name, days)
        with travel_to(back(days)):
            actions.accept_case(actor=window, case_id=pk)
        return pk

    # 收件待受理 ×2, 补正后待受理 ×1
    receive(promise.code, "张掖市祁连山矿泉水有限公司", 1)
    receive(promise.code, "甘州区丝路驿站餐饮店", 0)
    back_pk, _ = receive(promise.code, "张掖市湿地农业科技有限公司", 3)
    with travel_to(back(3)):
        actions.issue_supplement_notice(actor=window, case_id=back_pk, missing=["章程"])
    with travel_to(back(1)):
        actions.record_supplement(actor=window, case_id=back_pk)
    # 待审查: one far past its deadline, one asking for an extension; 待送达 ×1
    late = accepted(promise.code, "张掖市丹霞旅游开发有限公司", 14)
    slow = accepted(promise.code, "甘州区金张掖农产品有限公司", 5)
    with travel_to(back(1)):
        actions.request_extension(actor=reviewer, case_id=slow, days=5, reason="待专家评审意见")
    # A parallel case: its extension is the government head's to approve (art. 42).
    joint = accepted(JOINT, "张掖市黑河水务有限公司", 5)
    with travel_to(back(1)):
        actions.request_extension(actor=reviewer, case_id=joint, days=5, reason="待质监局补充资料")
    done = accepted(promise.code, "张掖市七彩丹霞文化传媒有限公司", 4)
    with travel_to(back(0)):
        actions.decide_case(actor=head, case_id=done, decision=Decision.APPROVED)
    # A finished instant case rated 很不满意: a rectification for the bureau.
    instant, code = receive(COMPANY, "张掖市甘泉酒业有限公司", 2)
    with travel_to(back(2)):
        actions.accept_case(actor=window, case_id=instant)
    with travel_to(back(1)):
        tracking_no = Case.objects.get(pk=instant).tracking_no
        ratings.rate_case_online(
            tracking_no=tracking_no, query_code=code, level=5, comment="窗口人员态度冷淡"
        )
    # The supervision bureau's morning: cards, anomalies, an order on the late case.
    with travel_to(today):
        issue_cards()
        detect_anomalies()
        issue_order(
            actor=users["supervisor"],
            case_id=late,
            kind="urge",
            text="该件已超期，请于三个工作日内办结并说明原因",
            due_on=today + timedelta(days=3),
        )
