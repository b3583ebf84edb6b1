"""The 三公经费 part of the demo history (公务接待, 公务用车, 因公出国（境）),
played through the frugality app's actions under `timesource.travel_to`,
each action its own transaction.

The story: every month of the span 市工商局's office registers a reception
(with the sending unit's letter) a few working days ahead, the 局长 approves
it before it starts and the office records the actuals after it. The third
month's actuals are over the meal standard (flagged); the sixth serves
alcohol on a working day to guests of the same level from within the city
(flagged); the eighth comes without a letter (flagged at registration). An
urgent purchase of an emergency vehicle is requested, approved by the
副市长 in charge and the vehicle registered; its use is logged twice a month.
One overseas trip is requested, approved, made and its cost recorded. On
the first working day of a year the finance bureau publishes the year before,
and on the last day of the span the year so far.

`frugality_days(*, seed, start, end, say)` is a day part (`days.interleave`);
the seed picks group sizes and the purposes. Needs the demo city (accounts
office, depthead, leader, caizheng)."""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from datetime import date, timedelta
from decimal import Decimal

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.frugality.actions import receptions, reports, trips, vehicles
from xiaoneng.frugality.models import Reception, Trip, Vehicle, VehicleUse
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

from .days import DayActs

USERS = ("office", "depthead", "leader", "caizheng")
SENDERS = (
    ("嘉峪关市工商行政管理局", "嘉工商函", "考察商事登记制度改革"),
    ("酒泉市工商行政管理局", "酒工商函", "交流企业年报公示工作"),
    ("金昌市工商行政管理局", "金工商函", "学习个体工商户登记下放经验"),
    ("武威市工商行政管理局", "武工商函", "考察市场主体信用监管"),
    ("甘肃省工商行政管理局", "甘工商函", "调研商事制度改革推进情况"),
)
OVER, ALCOHOL, NO_LETTER = 2, 5, 7  # months of the span (0-based)
MEAL, LODGING = 100, 350  # the standards the demo city keeps (元/人·餐, 元/人·晚)


class FrugalityStory(DayActs):
    def __init__(self, rng: random.Random, calendar: WorkCalendar) -> None:
        super().__init__()
        self.rng, self.calendar = rng, calendar
        self.users = {u.username: u for u in User.objects.filter(username__in=USERS)}
        self.rows: dict[str, int] = {}
        self.km = 12000

    # --- a month's reception -----------------------------------------------------------

    def reception(self, n: int, day: date) -> None:
        """Registered on `day`, approved the next working day, held from the
        third working day (two days, one night), actuals the working day after."""
        add = self.calendar.add_workdays
        begin = add(day, 3)
        finish = begin + timedelta(days=1)
        sender, prefix, purpose = SENDERS[n % len(SENDERS)]
        guests = self.rng.randint(3, 8)
        companions, meals, nights = 2, 3, 1
        key = f"reception{n}"
        level = "superior" if sender.startswith("甘肃省") else "same"
        letter_number = "" if n == NO_LETTER else f"{prefix}〔{day:%Y}〕{10 + n}号"
        letter_date = None if n == NO_LETTER else day - timedelta(days=3)

        def register() -> None:
            row = receptions.register_reception(
                actor=self.users["office"],
                sending_unit=sender,
                guest_level=level,
                guests=guests,
                purpose=purpose,
                start_on=begin,
                end_on=finish,
                companions=companions,
                meals=meals,
                nights=nights,
                planned_cost=Decimal((guests + companions) * meals * 90 + guests * 300),
                letter_number=letter_number,
                letter_date=letter_date,
            )
            self.rows[key] = row.pk

        self.act(day, "reception_registered", register)
        self.act(
            add(day, 1),
            "reception_approved",
            lambda: receptions.decide_reception(
                actor=self.users["depthead"], reception_id=self.rows[key], approve=True
            ),
        )
        diners = guests + companions
        meal_cost = Decimal(diners * meals * (130 if n == OVER else 85))
        alcohol = n == ALCOHOL
        drank_on = next((d for d in (begin, finish) if self.calendar.is_workday(d)), begin)

        def actuals() -> None:
            receptions.record_reception_actuals(
                actor=self.users["office"],
                reception_id=self.rows[key],
                actual_guests=guests,
                actual_companions=companions,
                actual_meals=meals,
                actual_nights=nights,
                meal_cost=meal_cost,
                lodging_cost=Decimal(guests * nights * 280),
                other_cost=Decimal("0"),
                alcohol=alcohol,
                alcohol_on=drank_on if alcohol else None,
                checklist=f"工作餐 {meals} 次，每次 {diners} 人；住宿 {guests} 人 {nights} 晚",
            )

        self.act(add(finish, 1), "reception_actuals", actuals)

    # --- the vehicle and the trip --------------------------------------------------------

    def vehicle(self, asked: date, end: date) -> None:
        add = self.calendar.add_workdays

        def request() -> None:
            row = vehicles.request_vehicle_purchase(
                actor=self.users["office"],
                kind="emergency",
                model_wanted="越野型应急保障车",
                budget=Decimal("180000"),
                urgent=True,
                urgent_reason="原应急车辆已达报废年限，汛期和冬春季市场应急保障急需",
            )
            self.rows["purchase"] = row.pk

        self.act(asked, "vehicle_requested", request)
        self.act(
            add(asked, 2),
            "vehicle_approved",
            lambda: vehicles.decide_vehicle_purchase(
                actor=self.users["leader"],
                request_id=self.rows["purchase"],
                approve=True,
                note="同意，按政府采购程序购置",
            ),
        )
        bought = add(asked, 15)
        odometer = self.km

        def register() -> None:
            row = vehicles.register_vehicle(
                actor=self.users["office"],
                plate="甘G·A3721",
                model_name="长城哈弗H9",
                kind="emergency",
                origin="purchase",
                acquired_on=bought,
                price=Decimal("176500"),
                purchase_request_id=self.rows["purchase"],
                document="政府采购合同 张采〔2012〕88号",
                odometer=odometer,
            )
            self.rows["vehicle"] = row.pk

        self.act(add(bought, 1), "vehicle_registered", register)
        day = add(bought, 5)
        while day <= end:
            self.use(day)
            day = add(day, 10)

    def use(self, day: date) -> None:
        trip = self.rng.randint(40, 260)
        start_km, self.km = self.km, self.km + trip
        self.act(
            day,
            "vehicle_used",
            lambda: vehicles.log_vehicle_use(
                actor=self.users["office"],
                vehicle_id=self.rows["vehicle"],
                used_on=day,
                driver="李师傅",
                purpose=self.rng.choice(("市场应急检查", "节日市场巡查", "县区市场监管督导")),
                start_km=start_km,
                end_km=start_km + trip,
                cost=Decimal(trip) * Decimal("0.9"),
            ),
        )

    def trip(self, asked: date) -> None:
        add = self.calendar.add_workdays
        begin = add(asked, 15)
        finish = begin + timedelta(days=6)

        def request() -> None:
            row = trips.request_trip(
                actor=self.users["office"],
                purpose="中哈边境贸易市场监管合作会谈",
                destination="哈萨克斯坦",
                start_on=begin,
                end_on=finish,
                budget=Decimal("86000"),
                persons=[
                    {
                        "name": "李明",
                        "post": "市工商局副局长",
                        "business": "带队，参加中哈边境贸易市场监管合作会谈",
                    },
                    {
                        "name": "赵静",
                        "post": "市工商局外资科科长",
                        "business": "外资企业登记政策交流",
                    },
                ],
            )
            self.rows["trip"] = row.pk

        self.act(asked, "trip_requested", request)
        self.act(
            add(asked, 3),
            "trip_approved",
            lambda: trips.decide_trip(
                actor=self.users["leader"], trip_id=self.rows["trip"], approve=True, note="同意"
            ),
        )
        self.act(
            add(finish, 2),
            "trip_done",
            lambda: trips.record_trip_actuals(
                actor=self.users["office"],
                trip_id=self.rows["trip"],
                actual_cost=Decimal("79350"),
                report="会谈达成边境贸易市场监管信息交换意向，报告已报市政府。",
            ),
        )

    def publish(self, day: date, year: int) -> None:
        self.act(
            day,
            "year_published",
            lambda: reports.publish_year(actor=self.users["caizheng"], year=year),
        )


def write_story(s: FrugalityStory, days: list[date], end: date) -> None:
    months: dict[tuple[int, int], list[date]] = {}
    for d in days:
        months.setdefault((d.year, d.month), []).append(d)
    for n, (_, month_days) in enumerate(sorted(months.items())):
        if len(month_days) >= 12 and s.calendar.add_workdays(month_days[5], 5) <= end:
            s.reception(n, month_days[5])
        if month_days[0].month == 1 and n > 0:
            s.publish(month_days[0], month_days[0].year - 1)
    s.vehicle(days[len(days) // 6], end)
    trip_day = days[len(days) // 2]
    if s.calendar.add_workdays(trip_day, 25) <= end:
        s.trip(trip_day)
    s.publish(days[-1], days[-1].year)


def _workdays(calendar: WorkCalendar, start: date, end: date) -> list[date]:
    out, day = [], start
    while day <= end:
        if calendar.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def frugality_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    calendar = current_calendar()
    days = _workdays(calendar, start, end)
    if len(days) < 40 or not User.objects.filter(username="office").exists():
        say("三公经费：时间跨度不足 40 个工作日或没有演示账号，未生成")
        return {}
    story = FrugalityStory(random.Random(seed), calendar)  # noqa: S311 - demo data
    write_story(story, days, end)
    day = start
    while day <= end:
        yield day
        if day in story.acts:
            with timesource.travel_to(day):
                story.play(day)
        day += timedelta(days=1)
    counts = dict(story.counts)
    counts["receptions"] = Reception.objects.count()
    counts["vehicles"] = Vehicle.objects.count()
    counts["uses"] = VehicleUse.objects.count()
    counts["trips"] = Trip.objects.count()
    counts["anomalies"] = Anomaly.objects.filter(subject_kind="reception").count()
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    say(
        f"三公经费：公务接待 {counts['receptions']} 次（异常 {counts['anomalies']} 项），"
        f"公务用车 {counts['vehicles']} 辆、出车 {counts['uses']} 次，"
        f"因公出国（境）{counts['trips']} 批，失败 {failed} 步"
    )
    return counts
