"""The store of rendered documents (documents.store): a stored document is
the fresh render of its key, the key moves with everything the bytes depend
on, scope is checked before the store is read, concurrent first renders both
succeed, old renders are pruned, and the answer carries the content digest
as its ETag (304 when the client holds it)."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from documents_support import on

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.documents import services, store
from xiaoneng.documents.layout import Letter
from xiaoneng.documents.layout.fonts import FontFiles
from xiaoneng.documents.layout.model import Paragraph
from xiaoneng.documents.models import StoredDocument
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User

DECIDED_ON = date(2026, 2, 24)
LETTER = Letter(
    issuer="张掖市工商行政管理局",
    number="张工商受〔2026〕1号",
    title="受理通知书",
    addressee="张掖市祁连绿源农业科技有限公司",
    paragraphs=(Paragraph("本机关决定予以受理。"),),
    signature="张掖市工商行政管理局",
    dated=date(2026, 2, 13),
)
SUBJECT = store.Subject("case", 1, "acceptance", "3")


def _url(case: Case, kind: str = "acceptance") -> str:
    return f"/cases/{case.pk}/documents/{kind}"


def _no_render(letter: Any, *, what: str) -> bytes:
    raise AssertionError("rendered although stored")


@pytest.mark.django_db
def test_a_stored_document_is_the_fresh_render_of_its_key(
    api: Any, accepted: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = api("window").get(_url(accepted))
    assert served.status_code == 200
    [row] = StoredDocument.objects.all()
    assert (row.subject, row.subject_id, row.name) == ("case", accepted.pk, "acceptance")
    assert row.version == str(accepted.version)
    assert bytes(row.pdf) == served.content
    assert row.digest == hashlib.sha256(served.content).hexdigest()
    # Laid out afresh from the same case: the same key, and the same bytes.
    case = Case.objects.get(pk=accepted.pk)
    document = services.find_document(case, "acceptance")
    letter = services.letter_of(case, document)
    subject = store.Subject("case", case.pk, "acceptance", str(case.version))
    assert store.document_key(subject, letter) == row.key
    assert services.sealed_pdf(letter, what="文书") == bytes(row.pdf)
    # Asked again (by the applicant): served from the store, not rendered.
    monkeypatch.setattr(services, "sealed_pdf", _no_render)
    again = api("applicant").get(_url(accepted))
    assert again.status_code == 200
    assert again.content == served.content
    assert StoredDocument.objects.count() == 1


def test_the_key_moves_with_everything_the_bytes_depend_on(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    key = store.document_key(SUBJECT, LETTER)
    assert store.document_key(SUBJECT, LETTER) == key
    changed = {
        "version": store.document_key(dataclasses.replace(SUBJECT, version="4"), LETTER),
        "document": store.document_key(dataclasses.replace(SUBJECT, name="acceptance-2"), LETTER),
        "addressee": store.document_key(SUBJECT, dataclasses.replace(LETTER, addressee="甘州区")),
        "date": store.document_key(SUBJECT, dataclasses.replace(LETTER, dated=date(2026, 2, 14))),
    }
    settings.XIAONENG_SEAL_SERVICE = "documents_store_seal.AnotherSeal"
    changed["seal"] = store.document_key(SUBJECT, LETTER)
    settings.XIAONENG_SEAL_SERVICE = None
    monkeypatch.setattr(store, "LAYOUT_VERSION", store.LAYOUT_VERSION + 1)
    changed["layout"] = store.document_key(SUBJECT, LETTER)
    monkeypatch.undo()
    monkeypatch.setattr(FontFiles, "fingerprint", lambda self: "another font release")
    changed["fonts"] = store.document_key(SUBJECT, LETTER)
    monkeypatch.undo()
    assert store.document_key(SUBJECT, LETTER) == key
    assert key not in changed.values()
    assert len(set(changed.values())) == len(changed)


def test_the_font_fingerprint_is_of_the_files_bytes(tmp_path: Any) -> None:
    for name in ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"):
        (tmp_path / name).write_bytes(b"font " + name.encode())
    fonts = FontFiles(tmp_path, tmp_path / "no-fallbacks")
    first = fonts.fingerprint()
    (tmp_path / "NotoSerifCJK-Bold.ttc").write_bytes(b"another release of the bold face")
    assert fonts.fingerprint() != first


@pytest.mark.django_db
def test_each_transition_moves_the_case_version_and_an_old_render_is_pruned(
    users: dict[str, User], accepted: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        services, "sealed_pdf", lambda letter, *, what: b"%PDF " + bytes(what, "utf8")
    )
    case = Case.objects.get(pk=accepted.pk)
    _, first = services.document_pdf(case, "acceptance")
    assert first.rendered
    decided = on(
        DECIDED_ON,
        actions.decide_case,
        actor=users["depthead"],
        case_id=case.pk,
        decision="approved",
    )
    assert decided.version > case.version
    case = Case.objects.get(pk=accepted.pk)
    _, second = services.document_pdf(case, "acceptance")
    assert second.rendered  # a new version: a new key
    [row] = StoredDocument.objects.filter(name="acceptance")
    assert row.version == str(decided.version)
    _, third = services.document_pdf(case, "acceptance")
    assert not third.rendered


@pytest.mark.django_db
def test_an_outsider_gets_the_same_refusal_with_the_document_stored(
    api: Any, client: Any, users: dict[str, User], accepted: Case
) -> None:
    outsider = org_actions.create_user(
        actor=users["admin"],
        username="reviewer_fgw",
        password=DEMO_PASSWORD,
        real_name="发改委审核员",
        department=Department.objects.get(code="620700002"),  # 市发改委
        roles=[Role.objects.get(code="reviewer")],
    )
    before = api(outsider.username).get(_url(accepted))
    assert api("window").get(_url(accepted)).status_code == 200
    assert StoredDocument.objects.filter(subject_id=accepted.pk).exists()
    with CaptureQueriesContext(connection) as queries:
        after = api(outsider.username).get(_url(accepted))
    assert (after.status_code, after.json()) == (before.status_code, before.json())
    assert after.status_code == 404
    assert after.json()["code"] == "case_not_found"
    assert not [q for q in queries.captured_queries if "documents_storeddocument" in q["sql"]]
    page = client.get(f"/documents/cases/{accepted.pk}/acceptance.pdf")
    assert page.status_code == 404


@pytest.mark.django_db
def test_the_etag_is_the_content_digest_and_a_held_copy_is_304(
    api: Any, client: Any, login: Any, accepted: Case
) -> None:
    api("window")  # signs the client in
    url = f"/api/v1{_url(accepted)}"
    first = client.get(url)
    etag = f'"{hashlib.sha256(first.content).hexdigest()}"'
    assert first["ETag"] == etag
    # The house adds no-store for signed-in users (system/headers.py).
    assert {"private", "no-cache"} <= {d.strip() for d in first["Cache-Control"].split(",")}
    held = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert held.status_code == 304
    assert held.content == b""
    assert held["ETag"] == etag
    assert "private" in held["Cache-Control"]
    other = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert (other.status_code, other.content) == (200, first.content)
    client.logout()
    login("applicant")
    page = client.get(f"/documents/cases/{accepted.pk}/acceptance.pdf", HTTP_IF_NONE_MATCH=etag)
    assert page.status_code == 304


@pytest.mark.django_db
def test_a_concurrent_first_render_of_the_same_key_is_no_error() -> None:
    """The other server's insert lands between this one's look-up and its
    own insert: the unique key refuses the second row inside a savepoint, and
    the transaction goes on (on PostgreSQL an error outside one would abort it)."""

    def render_while_another_server_stores_it() -> bytes:
        other = store.stored_or_rendered(SUBJECT, LETTER, lambda: b"%PDF same bytes")
        assert other.rendered
        return b"%PDF same bytes"

    mine = store.stored_or_rendered(SUBJECT, LETTER, render_while_another_server_stores_it)
    assert mine.rendered
    assert mine.pdf == b"%PDF same bytes"
    assert StoredDocument.objects.count() == 1
    assert not store.stored_or_rendered(SUBJECT, LETTER, lambda: b"unused").rendered


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads share one SQLite file")
@pytest.mark.django_db(transaction=True)
def test_two_threads_render_the_same_key_at_once() -> None:
    both_rendering = threading.Barrier(2, timeout=5)
    outcomes: list[Any] = []

    def render() -> bytes:
        both_rendering.wait()  # neither found the row: both render
        return b"%PDF same bytes"

    def download() -> None:
        try:
            outcomes.append(store.stored_or_rendered(SUBJECT, LETTER, render))
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=download) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [getattr(o, "pdf", o) for o in outcomes] == [b"%PDF same bytes"] * 2
    assert StoredDocument.objects.count() == 1


@pytest.mark.django_db
def test_unread_documents_are_pruned_daily_and_read_ones_kept() -> None:
    day = date(2026, 3, 2)
    with travel_to(day):
        store.stored_or_rendered(SUBJECT, LETTER, lambda: b"%PDF read")
        other = dataclasses.replace(SUBJECT, id=2)
        store.stored_or_rendered(other, LETTER, lambda: b"%PDF unread")
    with travel_to(day + timedelta(days=80)):
        assert not store.stored_or_rendered(SUBJECT, LETTER, lambda: b"unused").rendered
    assert StoredDocument.objects.get(subject_id=1).served_on == day + timedelta(days=80)
    with travel_to(day + timedelta(days=95)):
        assert store.prune_unread(90) == 1
        assert store.prune_unread(90) == 0
    assert list(StoredDocument.objects.values_list("subject_id", flat=True)) == [1]
