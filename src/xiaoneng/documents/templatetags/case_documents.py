"""{% case_documents case as documents %}: the documents a case has issued,
for the 文书 section of the case pages (reads the prefetched events)."""

from __future__ import annotations

from django import template

from xiaoneng.cases.models import Case
from xiaoneng.documents.services import IssuedDocument, issued_documents

register = template.Library()


@register.simple_tag
def case_documents(case: Case) -> list[IssuedDocument]:
    return issued_documents(case)
