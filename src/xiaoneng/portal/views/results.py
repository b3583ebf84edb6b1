"""审批结果公示 (seed art. 7): decided cases with the item, the masked
applicant, the decision, its date and who decided; filterable and paginated,
with an Atom feed for the media."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from xiaoneng.cases.results import ResultRow, published_results, result_row
from xiaoneng.catalog.selectors import published_items
from xiaoneng.core import timesource
from xiaoneng.core.timesource import SHANGHAI
from xiaoneng.portal.selectors import departments_with_items
from xiaoneng.portal.views.common import over_limit
from xiaoneng.web.paging import paginate

FEED_SIZE = 50
RESULTS_PER_PAGE = 15


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()[:10]) if raw.strip() else None
    except ValueError:
        return None


def results(request: HttpRequest) -> HttpResponse:
    dept = request.GET.get("dept", "").strip()[:32]
    item = request.GET.get("item", "").strip()[:64]
    date_from = _date(request.GET.get("from", ""))
    date_to = _date(request.GET.get("to", ""))
    filtered = bool(dept or item or date_from or date_to)
    if filtered and (limited := over_limit(request, "search", "portal.search_per_minute")):
        return limited
    qs = published_results(department=dept, item=item, date_from=date_from, date_to=date_to)
    paged = paginate(request, qs, RESULTS_PER_PAGE)
    rows = [result_row(c) for c in paged["page_obj"].object_list]
    return render(
        request,
        "portal/results.html",
        {
            "today": timesource.today(),
            "rows": rows,
            "dept": dept,
            "item": item,
            "date_from": date_from,
            "date_to": date_to,
            "filtered": filtered,
            "departments": departments_with_items(),
            "items": published_items().values("code", "name"),
            **paged,
        },
    )


class ResultsFeed(Feed):  # type: ignore[type-arg]  # generic in the stubs only
    """The latest decisions as Atom, for the media (seed art. 15: 媒体公示)."""

    feed_type = Atom1Feed
    title = "张掖市政务服务网 · 审批结果公示"
    subtitle = "依据张政发〔2012〕20号第7条，公布审批结果及承办部门、承办人员"
    author_name = "张掖市政务服务中心"

    def link(self) -> str:
        return reverse("portal:results")

    def items(self) -> list[ResultRow]:
        return [result_row(c) for c in published_results()[:FEED_SIZE]]

    def item_title(self, item: ResultRow) -> str:
        return f"{item.case.item.name}：{item.case.get_decision_display()}"

    def item_description(self, item: ResultRow) -> str:
        staff = f"，承办人员：{item.staff}" if item.staff else ""
        return (
            f"办件编号 {item.case.tracking_no}；申请人：{item.applicant}；"
            f"决定：{item.case.get_decision_display()}；承办部门：{item.department}{staff}。"
        )

    def item_link(self, item: ResultRow) -> str:
        return f"{reverse('portal:results')}?item={item.case.item.code}#r-{item.case.tracking_no}"

    def item_guid(self, item: ResultRow) -> str:
        return f"urn:xiaoneng:result:{item.case.tracking_no}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ResultRow) -> datetime | None:
        day: date | None = item.case.decided_on
        return datetime.combine(day, time(9), tzinfo=SHANGHAI) if day else None

    def item_updateddate(self, item: ResultRow) -> datetime | None:
        return self.item_pubdate(item)

    def item_author_name(self, item: ResultRow) -> str:
        return item.department
