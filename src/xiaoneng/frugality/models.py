"""厉行勤俭节约 (seed art. 13; domain rules §15): official receptions,
official vehicles, overseas trips, and the year's 三公经费 figures.

- A reception (公务接待) is registered by the receiving unit with the
  sending unit's letter (公函), the guests and the plan; its head approves
  it before (never the registrant); the actuals (meals, cost, alcohol, the
  接待清单) are recorded after. Findings against the standards go to
  supervision.
- A vehicle purchase request (公务用车购置申请) needs an urgent reason and
  the city leader in charge's approval; the fleet register (公务用车台账)
  records each vehicle and where it came from; use logs (用车登记) keep the
  odometer, which never goes backwards.
- An overseas trip (因公出国（境）) lists each person with their official
  business; the city leader in charge approves; its cost is recorded after.
- A published year (三公经费公开) keeps the figures as they were published."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoneng.org.models import Department
from xiaoneng.system.fields import StampField, StoredFileFields


class Status(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
    DONE = "done", "已登记实际情况"


class GuestLevel(models.TextChoices):
    SUPERIOR = "superior", "上级机关"
    SAME = "same", "同级机关"
    LOWER = "lower", "下级单位"
    OTHER = "other", "企事业单位及其他"


class Reception(models.Model):
    number = models.CharField("接待编号", max_length=32, unique=True)
    department = models.ForeignKey(
        Department, verbose_name="接待单位", on_delete=models.PROTECT, related_name="+"
    )
    # The sending unit and its letter (公函).
    sending_unit = models.CharField("派出单位", max_length=200)
    letter_number = models.CharField("公函文号", max_length=100, blank=True)
    letter_date = models.DateField("公函日期", null=True, blank=True)
    guest_level = models.CharField("来宾类别", max_length=10, choices=GuestLevel.choices)
    from_outside_city = models.BooleanField("市外客人", default=False)
    guests = models.PositiveSmallIntegerField("接待对象人数")
    purpose = models.TextField("公务活动内容")
    start_on = models.DateField("接待开始日期")
    end_on = models.DateField("接待结束日期")
    # The plan, approved before.
    companions = models.PositiveSmallIntegerField("陪餐人数")
    meals = models.PositiveSmallIntegerField("安排用餐次数")
    nights = models.PositiveSmallIntegerField("住宿晚数", default=0)
    planned_cost = models.DecimalField("预计费用（元）", max_digits=12, decimal_places=2)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField("登记日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    # The actuals, recorded after.
    actual_guests = models.PositiveSmallIntegerField("实际接待人数", null=True, blank=True)
    actual_companions = models.PositiveSmallIntegerField("实际陪餐人数", null=True, blank=True)
    actual_meals = models.PositiveSmallIntegerField("实际用餐次数", null=True, blank=True)
    actual_nights = models.PositiveSmallIntegerField("实际住宿晚数", null=True, blank=True)
    meal_cost = models.DecimalField(
        "餐费（元）", null=True, blank=True, max_digits=12, decimal_places=2
    )
    lodging_cost = models.DecimalField(
        "住宿费（元）", null=True, blank=True, max_digits=12, decimal_places=2
    )
    other_cost = models.DecimalField(
        "其他费用（元）", null=True, blank=True, max_digits=12, decimal_places=2
    )
    actual_cost = models.DecimalField(
        "实际费用合计（元）", null=True, blank=True, max_digits=12, decimal_places=2
    )
    alcohol = models.BooleanField("提供酒水", null=True, blank=True)
    alcohol_on = models.DateField("饮酒日期", null=True, blank=True)
    checklist = models.TextField("接待清单", blank=True)
    actuals_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="实际情况登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actuals_on = models.DateField("实际情况登记日期", null=True, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)
    updated_at = StampField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公务接待"
        verbose_name_plural = "公务接待"
        ordering = ("-start_on", "-id")
        indexes = [models.Index(fields=["department", "start_on"], name="reception_dept_start")]

    def __str__(self) -> str:
        return f"公务接待 {self.number}（{self.sending_unit}）"


class LetterScan(StoredFileFields):
    """The scan of a reception's letter (公函), stored by `uploads.store_checked`."""

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="scans")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "公函扫描件"
        verbose_name_plural = "公函扫描件"
        ordering = ("reception", "id")

    def __str__(self) -> str:
        return f"{self.reception_id} {self.filename}"


class VehicleKind(models.TextChoices):
    GENERAL = "general", "一般公务用车"
    LAW = "law", "执法执勤用车"
    SPECIAL = "special", "特种专业技术用车"
    EMERGENCY = "emergency", "应急保障用车"


class PurchaseRequest(models.Model):
    """公务用车购置申请: only for an urgent need (特别急需), with its reason."""

    number = models.CharField("申请编号", max_length=32, unique=True)
    department = models.ForeignKey(
        Department, verbose_name="申请单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("车辆类型", max_length=10, choices=VehicleKind.choices)
    model_wanted = models.CharField("拟购车型", max_length=100)
    quantity = models.PositiveSmallIntegerField("数量", default=1)
    budget = models.DecimalField("预算金额（元）", max_digits=12, decimal_places=2)
    urgent_reason = models.TextField("特别急需理由")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField("申请日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "公务用车购置申请"
        verbose_name_plural = "公务用车购置申请"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"购车申请 {self.number}"


class VehicleOrigin(models.TextChoices):
    PURCHASE = "purchase", "新购"
    TRANSFER = "transfer", "调剂划转"
    LEGACY = "legacy", "原有车辆补录"


class Vehicle(models.Model):
    department = models.ForeignKey(
        Department, verbose_name="使用单位", on_delete=models.PROTECT, related_name="+"
    )
    plate = models.CharField("车牌号", max_length=16, unique=True)
    model_name = models.CharField("品牌型号", max_length=100)
    kind = models.CharField("车辆类型", max_length=10, choices=VehicleKind.choices)
    origin = models.CharField("来源", max_length=10, choices=VehicleOrigin.choices)
    acquired_on = models.DateField("取得日期")
    price = models.DecimalField("购置价格（元）", default=0, max_digits=12, decimal_places=2)
    purchase_request = models.ForeignKey(
        PurchaseRequest,
        verbose_name="购置申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vehicles",
    )
    document = models.CharField("调剂文件或补录说明", max_length=200, blank=True)
    odometer = models.PositiveIntegerField("当前里程（公里）", default=0)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField("登记日期")
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "公务用车"
        verbose_name_plural = "公务用车"
        ordering = ("department", "plate")

    def __str__(self) -> str:
        return f"{self.plate} {self.model_name}"


class VehicleUse(models.Model):
    """用车登记: one trip of a vehicle; the odometer moves forward only."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="uses")
    used_on = models.DateField("用车日期")
    driver = models.CharField("驾驶员", max_length=50)
    purpose = models.CharField("用车事由", max_length=300)
    start_km = models.PositiveIntegerField("出车里程（公里）")
    end_km = models.PositiveIntegerField("回车里程（公里）")
    distance = models.PositiveIntegerField("行驶里程（公里）")
    cost = models.DecimalField("运行费用（元）", default=0, max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "用车登记"
        verbose_name_plural = "用车登记"
        ordering = ("vehicle", "-used_on", "-id")

    def __str__(self) -> str:
        return f"{self.vehicle_id} {self.used_on} {self.distance} km"


class Trip(models.Model):
    """因公出国（境）: every person has official business (公务内容)."""

    number = models.CharField("申请编号", max_length=32, unique=True)
    department = models.ForeignKey(
        Department, verbose_name="组团单位", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField("出访任务")
    destination = models.CharField("出访国家（地区）", max_length=200)
    start_on = models.DateField("出发日期")
    end_on = models.DateField("返回日期")
    budget = models.DecimalField("预算（元）", max_digits=12, decimal_places=2)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField("申请日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    actual_cost = models.DecimalField(
        "实际费用（元）", null=True, blank=True, max_digits=12, decimal_places=2
    )
    report = models.TextField("出访报告", blank=True)
    actuals_on = models.DateField("实际情况登记日期", null=True, blank=True)
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "因公出国（境）"
        verbose_name_plural = "因公出国（境）"
        ordering = ("-start_on", "-id")

    def __str__(self) -> str:
        return f"因公出国（境） {self.number}（{self.destination}）"


class TripPerson(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="persons")
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("单位及职务", max_length=100)
    business = models.TextField("公务内容")

    class Meta:
        verbose_name = "出访人员"
        verbose_name_plural = "出访人员"
        ordering = ("trip", "id")

    def __str__(self) -> str:
        return f"{self.trip_id} {self.name}"


class PublishedYear(models.Model):
    """三公经费公开: the figures of a year as they were published (the public
    page reads only these, never the live registers)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    figures = models.JSONField("公开数据")
    published_on = models.DateField("公开日期")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公开人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = StampField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "三公经费公开"
        verbose_name_plural = "三公经费公开"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年三公经费"
