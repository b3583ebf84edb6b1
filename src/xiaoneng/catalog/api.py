"""The public catalog (事项目录) as JSON: list and service guide of one item.

No `from __future__ import annotations` here: ninja's paginate decorator
needs the real `Query[...]` annotation, not its string."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from .models import ApprovalItem
from .schemas import ItemDetailOut, ItemSummaryOut
from .selectors import published_item, published_items

router = Router(tags=["事项目录"])


class ItemQuery(Schema):
    q: str = Field("", max_length=100, description="按事项名称、编码或实施主体搜索")
    department: str | None = Field(None, max_length=32, description="实施主体机构编码")
    instant: bool | None = Field(None, description="true 只看即办件，false 只看承诺件")


class CatalogPagination(PageNumberPagination):
    """Ninja's page numbers, bounded: a page number past what a database
    offset can hold answered 500 (found by the OpenAPI fuzz run)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=1000)


@router.get("/items", response=list[ItemSummaryOut], auth=None, summary="事项目录（公开）")
@paginate(CatalogPagination, page_size=10, max_page_size=50)
def items(request: HttpRequest, filters: Query[ItemQuery]) -> QuerySet[ApprovalItem]:
    return published_items(query=filters.q, department=filters.department, instant=filters.instant)


@router.get("/items/{code}", response=ItemDetailOut, auth=None, summary="办事指南（公开）")
def item(request: HttpRequest, code: str) -> ApprovalItem:
    return published_item(code)
