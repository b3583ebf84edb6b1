"""The annual report's tables (政府信息公开工作年度报告), in the national
template as revised by 国办公开办函〔2021〕30号 (in force from the 2021
reports; the 2019 template of 国办公开办函〔2019〕60号 had 本年新制作数量 /
本年新公开数量 / 对外公开总数量 and 上一年项目数量 / 本年增/减 columns in
section 二 and no sub-rows under （六）其他处理), computed from the product's
own data.
Pure reads (no actor: the government office's action calls it and keeps
the result); every table is {"title", "headers", "rows": [[label, *cells]]}.

二、主动公开政府信息情况
- 规章 / 行政规范性文件: 本年制发 = items of the category formed in the year;
  本年废止 = repealed in the year; 现行有效 = formed by the year's end and
  not repealed by then (this catalogue's items, any status).
- 行政许可: decisions taken in the year on applications (cases decided,
  准予 and 不予 alike).
- 行政处罚 / 行政强制: the product handles none: 0.
- 行政事业性收费: the year's charges (by charge day) less their refunds, in 万元.
三、收到和处理政府信息公开申请情况 (disclosure requests; columns 自然人,
  法人或其他组织 (商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他), 总计:
  the disclosure app records only "organisation", so every organisation
  counts under 其他 and the four named kinds stay 0). A request counts from
  its 收到 day (art. 31: an online one when the office confirms it; one
  never received is not counted) and as closed on the day of its answer,
  withdrawal or abandonment. 本年新收: received in the year; 上年结转:
  received before and not closed before the year; 办理结果: closed in the
  year, by the row of its answer type (`OUTCOME_ROWS`); 结转下年度: received
  by the year's end and not closed by then. So 新收 + 结转 = 总计 + 结转下年度.
四、政府信息公开行政复议、行政诉讼情况: review records received in the year,
  by kind and by their result as of 31 December of the year (one decided
  after the year counts as 尚未审结: a report regenerated later says the same).
A supplementary table (本年主动公开信息（按目录类别）, not the template's)
counts the catalogue's own publications."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, Sum

from xiaoneng.cases.models import Case
from xiaoneng.disclosure.models import (
    DisclosureEvent,
    DisclosureRequest,
    RequesterKind,
    WithholdingGround,
)
from xiaoneng.fees.models import Charge

from .models import Category, DisclosureItem, ItemStatus, ReviewKind, ReviewRecord, ReviewResult

# The template's requester columns and the requester kinds counted in each:
# the product records no kind of organisation, so all go to 其他.
ORGANISATION = "法人或其他组织"
REQUESTER_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("自然人", (RequesterKind.PERSON,)),
    (f"{ORGANISATION}：商业企业", ()),
    (f"{ORGANISATION}：科研机构", ()),
    (f"{ORGANISATION}：社会公益组织", ()),
    (f"{ORGANISATION}：法律服务机构", ()),
    (f"{ORGANISATION}：其他", (RequesterKind.ORGANISATION,)),
]
REQUESTER_HEADERS = [label for label, _ in REQUESTER_COLUMNS] + ["总计"]
CLOSING = ("answered", "withdrawn", "abandoned")

# The template's rows of 三、（三）本年度办理结果 and what falls in each: an
# answer type of the disclosure app, or a closing status (withdrawn: 其他;
# abandoned: 逾期不补正). Rows no answer maps to stay 0.
# 不予公开 (answer type "refuse") has eight sub-rows by its legal ground: the
# ground the answer chose (`withheld_ground`, required since it exists). An
# answer from before it has only its free text (理由与法律依据): it is put in
# the first sub-row whose words its reason names (`REFUSAL_GROUNDS`, e.g.
# "国家秘密", "第三方", "过程性"); a reason naming none counts under
# 2.其他法律行政法规禁止公开, the closest to "a legal ground not named here"
# (the template has no 其他 under （三）).
REFUSE = "refuse"
G = WithholdingGround
REFUSAL_WORDS: dict[str, tuple[str, ...]] = {
    G.STATE_SECRET: ("国家秘密",),
    G.LAW_PROHIBITS: ("法律、行政法规禁止", "法律行政法规禁止"),
    G.SECURITY: ("国家安全", "公共安全", "经济安全", "社会稳定"),
    G.THIRD_PARTY: ("第三方", "商业秘密", "个人隐私"),
    G.INTERNAL: ("内部事务", "人事管理", "后勤管理", "内部工作流程"),
    G.PROCESS: ("过程性", "讨论记录", "请示报告", "磋商信函"),
    G.ENFORCEMENT_FILE: ("行政执法案卷", "执法案卷"),
    G.QUERY: ("行政查询", "查询事项"),
}
GROUND_ROW: dict[str, str] = {g.value: f"{n}.{g.label}" for n, g in enumerate(G, start=1)}
REFUSAL_GROUNDS: list[tuple[str, tuple[str, ...]]] = [
    (GROUND_ROW[g], REFUSAL_WORDS[g]) for g in G.values
]
REFUSAL_FALLBACK = GROUND_ROW[G.LAW_PROHIBITS]
OUTCOME_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("（一）予以公开", ("published", "disclose")),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("partial",)),
    *((f"（三）不予公开 {label}", (f"{REFUSE}:{label}",)) for label, _ in REFUSAL_GROUNDS),
    ("（四）无法提供 1.本机关不掌握相关政府信息", ("not_exist", "not_responsible")),
    ("（四）无法提供 2.没有现成信息需要另行制作", ("needs_processing",)),
    ("（四）无法提供 3.补正后申请内容仍不明确", ()),
    ("（五）不予处理 1.信访举报投诉类申请", ("not_gov_info",)),
    ("（五）不予处理 2.重复申请", ("duplicate",)),
    ("（五）不予处理 3.要求提供公开出版物", ()),
    ("（五）不予处理 4.无正当理由大量反复申请", ()),
    ("（五）不予处理 5.要求行政机关确认或重新出具已获取信息", ()),
    (
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("abandoned",),
    ),
    ("（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ()),
    ("（六）其他处理 3.其他", ("withdrawn",)),
]


def refusal_ground(reason: str, ground: str = "") -> str:
    """The sub-row of （三）不予公开 of a refusal: its chosen ground, or for an
    answer from before grounds were chosen, the one its stated reason names."""
    if ground in GROUND_ROW:
        return GROUND_ROW[ground]
    for label, words in REFUSAL_GROUNDS:
        if any(w in reason for w in words):
            return label
    return REFUSAL_FALLBACK


REVIEW_HEADERS = [ReviewResult(r).label for r in ReviewResult.values] + ["总计"]


def _table(title: str, headers: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    return {"title": title, "headers": headers, "rows": rows}


def documents(year: int) -> dict[str, Any]:
    end = date(year, 12, 31)
    rows = []
    for label, category in (("规章", Category.RULES), ("行政规范性文件", Category.POLICY)):
        qs = DisclosureItem.objects.filter(category=category)
        made = qs.filter(formed_on__year=year).count()
        repealed = qs.filter(repealed_on__year=year).count()
        in_force = (
            qs.filter(formed_on__lte=end).filter(
                Q(repealed_on__isnull=True) | Q(repealed_on__gt=end)
            )
        ).count()
        rows.append([label, made, repealed, in_force])
    return _table(
        "第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], rows
    )


def decisions(year: int) -> dict[str, Any]:
    licensing = Case.objects.filter(decided_on__year=year).exclude(decision="").count()
    return _table(
        "第二十条第（五）项、第（六）项",
        ["信息内容", "本年处理决定数量"],
        [["行政许可", licensing], ["行政处罚", 0], ["行政强制", 0]],
    )


def fee_amount(year: int) -> Decimal:
    """The year's fees less refunds, in 万元 (four places: a fee of 80 yuan shows)."""
    sums = Charge.objects.filter(charged_on__year=year).aggregate(
        amount=Sum("amount"), refunded=Sum("refunded")
    )
    yuan = (sums["amount"] or Decimal(0)) - (sums["refunded"] or Decimal(0))
    return (Decimal(yuan) / Decimal(10000)).quantize(Decimal("0.0001"))


def fees(year: int) -> dict[str, Any]:
    return _table(
        "第二十条第（八）项",
        ["信息内容", "本年收费金额（单位：万元）"],
        [["行政事业性收费", str(fee_amount(year))]],
    )


def published(year: int) -> dict[str, Any]:
    """The catalogue's own count: items published in the year, by category."""
    qs = DisclosureItem.objects.filter(status=ItemStatus.PUBLISHED, published_on__year=year)
    rows = [
        [label, qs.filter(category=value).count(), qs.filter(category=value, late=True).count()]
        for value, label in Category.choices
    ]
    rows.append(["合计", qs.count(), qs.filter(late=True).count()])
    return _table("本年主动公开信息（按目录类别）", ["目录类别", "公开条数", "其中超期公开"], rows)


# --- 三、依申请公开 ------------------------------------------------------------------


def request_days() -> list[dict[str, Any]]:
    """Every request: its requester kind, received and closed days, outcome key."""
    closed = dict(
        DisclosureEvent.objects.filter(kind__in=CLOSING)
        .values("request_id")
        .annotate(on=Max("on"))
        .values_list("request_id", "on")
    )
    out = []
    for r in DisclosureRequest.objects.filter(received_on__isnull=False).values(
        "pk",
        "requester_kind",
        "received_on",
        "status",
        "answer_type",
        "answer_reason",
        "withheld_ground",
    ):
        outcome = r["answer_type"] if r["status"] == "answered" else r["status"]
        if outcome == REFUSE:
            outcome = f"{REFUSE}:{refusal_ground(r['answer_reason'] or '', r['withheld_ground'])}"
        out.append(
            {
                "kind": r["requester_kind"],
                "received": r["received_on"],
                "closed": closed.get(r["pk"]) if r["status"] in CLOSING else None,
                "outcome": outcome,
            }
        )
    return out


def _by_kind(rows: list[dict[str, Any]]) -> list[int]:
    counts = [sum(1 for r in rows if r["kind"] in kinds) for _, kinds in REQUESTER_COLUMNS]
    return [*counts, sum(counts)]


def requests(year: int) -> dict[str, Any]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    every = request_days()
    new = [r for r in every if start <= r["received"] <= end]
    carried_in = [
        r for r in every if r["received"] < start and (r["closed"] is None or r["closed"] >= start)
    ]
    done = [r for r in every if r["closed"] is not None and start <= r["closed"] <= end]
    carried_out = [
        r for r in every if r["received"] <= end and (r["closed"] is None or r["closed"] > end)
    ]
    rows: list[list[Any]] = [
        ["一、本年新收政府信息公开申请数量", *_by_kind(new)],
        ["二、上年结转政府信息公开申请数量", *_by_kind(carried_in)],
    ]
    for label, keys in OUTCOME_ROWS:
        rows.append(
            [f"三、本年度办理结果{label}", *_by_kind([r for r in done if r["outcome"] in keys])]
        )
    rows.append(["三、本年度办理结果（七）总计", *_by_kind(done)])
    rows.append(["四、结转下年度继续办理", *_by_kind(carried_out)])
    return _table("三、收到和处理政府信息公开申请情况", ["", *REQUESTER_HEADERS], rows)


def reviews(year: int) -> dict[str, Any]:
    end = date(year, 12, 31)
    rows = []
    records = list(
        ReviewRecord.objects.filter(filed_on__year=year).values("kind", "result", "decided_on")
    )
    for kind, label in ReviewKind.choices:
        results = [
            r["result"]
            if r["decided_on"] is not None and r["decided_on"] <= end
            else ReviewResult.PENDING
            for r in records
            if r["kind"] == kind
        ]
        counts = [results.count(result) for result in ReviewResult.values]
        rows.append([label, *counts, sum(counts)])
    return _table("四、政府信息公开行政复议、行政诉讼情况", ["", *REVIEW_HEADERS], rows)


def compute(year: int) -> dict[str, Any]:
    return {
        "year": year,
        "sections": [
            {
                "title": "二、主动公开政府信息情况",
                "tables": [documents(year), decisions(year), fees(year), published(year)],
            },
            {"title": "三、收到和处理政府信息公开申请情况", "tables": [requests(year)]},
            {"title": "四、政府信息公开行政复议、行政诉讼情况", "tables": [reviews(year)]},
        ],
    }


def cell(tables: dict[str, Any], table_title: str, row_label: str, column: str) -> Any:
    """One cell of computed tables, by its table, row and column names."""
    for section in tables["sections"]:
        for t in section["tables"]:
            if t["title"] == table_title:
                row = next(r for r in t["rows"] if r[0] == row_label)
                return row[t["headers"].index(column)]
    raise KeyError(table_title)
