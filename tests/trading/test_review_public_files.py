"""The tender documents' files are public with their notice: a download at
trading:public_notice_file (only for a project the public sees), listed on
the public notice page and in the release's tender.documents."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from ocds_conformance import merged, package_problems
from trading_support import at, project

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading.actions import announce
from xiaoneng.trading.models import NoticeFile, NoticeKind, Project, Status

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%tender documents\n"


def announced_with_a_file(users: dict[str, User]) -> NoticeFile:
    row = project(users)
    pdf = SimpleUploadedFile("招标文件.pdf", PDF, content_type="application/pdf")
    with travel_to(date(2026, 9, 14)):
        announce.announce(
            users["zhaobiao"],
            row.pk,
            documents_from=date(2026, 9, 14),
            bid_deadline=at(date(2026, 10, 20)),
            announcement="招标公告正文",
            documents="招标文件正文",
            files=[pdf],
        )
    return NoticeFile.objects.select_related("notice").get()


def test_the_public_downloads_the_file_of_an_announced_project(
    client: Client, trading_world: dict[str, User]
) -> None:
    stored = announced_with_a_file(trading_world)
    notice = stored.notice
    assert notice.kind == NoticeKind.DOCUMENTS
    page = client.get(f"/trading/public/notices/{notice.pk}/")
    url = f"/trading/public/notices/{notice.pk}/files/{stored.pk}/"
    assert url.encode() in page.content
    got = client.get(url)
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment;")
    assert b"".join(got.streaming_content) == PDF  # type: ignore[attr-defined]
    # a file under another notice's address is not found
    other = notice.project.notices.exclude(pk=notice.pk).first()
    assert other is not None
    assert client.get(f"/trading/public/notices/{other.pk}/files/{stored.pk}/").status_code == 404
    # not public while the project is not (back to accepted, not announced)
    Project.objects.filter(pk=notice.project_id).update(status=Status.ACCEPTED)
    assert client.get(url).status_code == 404


def test_the_release_lists_the_file_as_bidding_documents(
    client: Client, trading_world: dict[str, User]
) -> None:
    stored = announced_with_a_file(trading_world)
    releases: dict[str, Any] = client.get("/trading/ocds/releases.json").json()
    assert package_problems(releases, "release") == []
    documents = releases["releases"][-1]["tender"]["documents"]
    listed = next(d for d in documents if d["id"] == f"file-{stored.pk}")
    assert listed["documentType"] == "biddingDocuments"
    assert listed["format"] == "application/pdf"
    assert listed["title"] == "招标文件.pdf"
    assert listed["url"].endswith(f"/trading/public/notices/{stored.notice_id}/files/{stored.pk}/")
    # right after the notice it belongs to
    ids = [d["id"] for d in documents]
    assert ids[ids.index(listed["id"]) - 1] == str(stored.notice_id)
    records: dict[str, Any] = client.get("/trading/ocds/records.json").json()
    assert package_problems(records, "record") == []
    for record in records["records"]:
        assert record["compiledRelease"] == merged(record["releases"])
