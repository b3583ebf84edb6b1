"""No page shows a raw code: each staff demo role, and an anonymous visitor on
the portal, opens the pages of its menu and the detail pages linked from
them on a demo-like world (the demo city, its catalog and a short history
played through the real actions), and the visible text holds no snake_case
code or declared event type, no JSON, no ISO date inside a Chinese sentence
and no "#123" reference. The rules are in tests/web/rawscan.py.

Pages of other parts found wanting are listed in ALLOWED with the reason
(each entry is a debt for its owner; the lead clears them)."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from datetime import date

import pytest
from django.test import Client

from web.rawscan import Finding, scan_html
from xiaoneng.core import timesource, vocabulary
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.history.generator import generate
from xiaoneng.org.models import User
from xiaoneng.web.navigation import menu_for

END = date(2026, 10, 30)  # a Friday: the history's last day, and "today" while scanning
ROLES = (
    "admin", "mayor", "leader", "supervisor", "complaint", "complainthead", "organisation",
    "inspector", "depthead", "reviewer", "window", "zhijian", "agent", "minle", "fagai",
    "caizheng", "office", "fazhi", "zhengfuban", "zhifa", "jiaoyi", "zhujian", "zhaobiao",
    "daili", "toubiao1", "zhuanjia1", "applicant",
)  # fmt: skip
PORTAL_START = ("/",)
SKIP = re.compile(
    r"^/(static|media|api|accounts/logout)|export|download|\.pdf|\.xlsx|\.csv|/print|"
    r"/feed|/bigscreen/|/documents/|open311/"
)
LINK = re.compile(r'href="(/[^"#]*)"')
PER_PAGE_LINKS = 80  # detail links followed from one page at most

# (path pattern, rule, token; "" = any) → why it is allowed. Two kinds:
# identifiers an administrator types and so must see (configuration keys,
# usernames, a file format's example), and debts of other parts (owner named).
CONFIG = "an identifier the administrator types (RuoYi shows it likewise)"
ALLOWED: dict[tuple[str, str, str], str] = {
    (r"^/admin/system/dict(type|data)/", "snake", ""): f"字典类型 code: {CONFIG}",
    (r"^/admin/system/parameter/", "snake", ""): f"parameter key: {CONFIG}",
    (r"^/admin/accountability/measurekind/", "snake", ""): f"问责措施 code: {CONFIG}",
    (r"^/system/roles/", "snake", ""): f"角色编码: {CONFIG}",
    (r"^/system/users/", "snake", ""): "usernames: what people type to sign in",
    (r"^/office/reports/(calendar|kinds)/", "snake", ""): f"报送类型编码: {CONFIG}",
    (
        r"^/calendar/import/",
        "iso",
        "",
    ): "the CSV format's own example dates (the file holds ISO dates)",
    # Debts (owner): the audit trail's Django admin (org/admin.py, useradmin) lists
    # event and object types raw in its filters and the payload as JSON: it should
    # show audit.presentation.event_label / subject_of and kit/readable.html.
    (r"^/admin/audit/auditevent/", "snake", ""): "debt: org/admin.py (useradmin)",
    (r"^/admin/audit/auditevent/", "json", ""): "debt: org/admin.py (useradmin)",
    (r"^/admin/audit/auditevent/", "ref", ""): "debt: org/admin.py (useradmin)",
}


@pytest.fixture
def world(demo_city: None) -> None:
    load_demo_catalog(User.objects.get(username="admin"))
    generate(cases=40, months=3, seed=7, end=END)


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?", maxsplit=1)[0])


def _codes() -> frozenset[str]:
    return frozenset(vocabulary.events()) | frozenset(vocabulary.errors())


def _allowed(path: str, finding: Finding) -> bool:
    return any(
        re.search(pattern, path) and rule == finding.rule and token in finding.token
        for (pattern, rule, token) in ALLOWED
    )


class Crawl:
    def __init__(self) -> None:
        self.codes = _codes()
        self.seen: set[str] = set()  # patterns of detail pages already read
        self.findings: dict[str, list[str]] = defaultdict(list)
        self.pages = 0

    def read(self, client: Client, who: str, path: str) -> str:
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return ""
        self.pages += 1
        html = response.content.decode()
        for finding in scan_html(html, self.codes):
            if not _allowed(path, finding):
                self.findings[f"{_pattern(path)} ({who})"].append(str(finding))
        return html

    def walk(self, client: Client, who: str, starts: list[str], depth: int = 1) -> None:
        frontier = [p for p in starts if not SKIP.search(p)]
        for level in range(depth + 1):
            following: list[str] = []
            for path in frontier:
                html = self.read(client, who, path)
                if level == depth:
                    continue
                for found in dict.fromkeys(LINK.findall(html)):
                    link = found.replace("&amp;", "&")
                    key = _pattern(link)
                    if key in self.seen or SKIP.search(link) or "?" in link:
                        continue
                    self.seen.add(key)
                    following.append(link)
                    if len(following) >= PER_PAGE_LINKS * len(frontier):
                        break
            frontier = following


def _staff_pages(user: User) -> list[str]:
    menu = [item["url"] for group in menu_for(user) for item in group["items"]]
    return ["/workbench/", *dict.fromkeys(menu)]


@pytest.mark.pages  # what a page shows does not depend on the engine: run once
@pytest.mark.django_db
def test_no_page_shows_a_raw_code(world: None, client: Client) -> None:
    started = time.perf_counter()
    crawl = Crawl()
    with timesource.travel_to(END):
        for username in ROLES:
            user = User.objects.get(username=username)
            client.force_login(user)
            crawl.seen |= {_pattern(p) for p in _staff_pages(user)}
            crawl.walk(client, username, _staff_pages(user))
            client.logout()
        crawl.walk(client, "anonymous", list(PORTAL_START), depth=2)
    report = "\n".join(
        f"{page}:\n  " + "\n  ".join(sorted(set(found)))
        for page, found in sorted(crawl.findings.items())
    )
    print(f"{crawl.pages} pages in {time.perf_counter() - started:.0f} s\n{report}")
    assert crawl.pages > 100
    assert not crawl.findings, f"raw codes on {len(crawl.findings)} pages:\n{report}"


def test_the_scan_reads_what_it_claims() -> None:
    # The rules themselves (tests/web/test_rawscan.py has the rest).
    assert scan_html("<p>答复期限不能早于今天（order_due_in_past）</p>")
    assert not scan_html('<p data-code="order_due_in_past">答复期限不能早于今天</p>')
