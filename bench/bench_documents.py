"""Document downloads: each case document kind and the monthly bulletin, the
first time (rendered) and again (from the store), against the floor of the
same bytes served from a static file, in the same run.

    uv run python bench/bench_documents.py
    uv run python bench/bench_documents.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Sets up a throwaway database (bench_cases.throwaway_database), the demo city
and catalog and a published 承诺件 (bench_cases.build_world), walks N cases
(default 20) per kind through the actions — accepted and approved
(受理通知书, 准予行政许可决定书), refused (不予受理决定书), told to supplement
(补正材料一次性告知书) — and generates N monthly bulletins (月通报). Then,
through the Django test client signed in as the window clerk (the bulletins
as the 督查室's inspector), it times: every document's first download (a new
render, stored), the same download again R times (default 20: from the
store), a 304 to If-None-Match, and the floor — the same PDF from a file by
Django's static view behind the same middleware. Reports p50/p95 per kind
and the targets (stored ≤ 200 ms, new ≤ 1 s) under "## Documents" in
bench/RESULTS.md, subsection "### SQLite" or "### PostgreSQL".
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import RESULTS, machine_line, replace_section
from bench_cases import ITEM_CODE, build_world, setup_django, throwaway_database

HEADING = "## Documents"
TARGET_STORED_MS = 200.0
TARGET_NEW_MS = 1000.0
RECEIVED, ACCEPTED, DECIDED = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 10)
BULLETIN_DAY = date(2028, 1, 5)  # every month of 2026 and 2027 has ended
KIND_TITLES = {
    "acceptance": "受理通知书",
    "approval": "准予行政许可决定书",
    "refusal": "不予受理决定书",
    "supplement-notice": "补正材料一次性告知书",
    "bulletin": "月通报",
}


def walk_cases(users: dict[str, Any], n: int) -> dict[str, list[int]]:
    """Case ids per document kind, each case walked through the actions."""
    from xiaoneng.cases import actions
    from xiaoneng.core.timesource import travel_to

    window, head = users["window"], users["depthead"]
    made: dict[str, list[int]] = {"acceptance": [], "refusal": [], "supplement-notice": []}

    def submit(i: int, what: str) -> int:
        with travel_to(RECEIVED):
            case, _ = actions.submit_application(
                actor=window, item_code=ITEM_CODE, applicant_name=f"祁连绿源{what}有限公司{i}"
            )
        return int(case.pk)

    for i in range(n):
        pk = submit(i, "甲")
        with travel_to(ACCEPTED):
            actions.accept_case(actor=window, case_id=pk)
        with travel_to(DECIDED):
            actions.decide_case(actor=head, case_id=pk, decision="approved")
        made["acceptance"].append(pk)
        pk = submit(i, "乙")
        with travel_to(ACCEPTED):
            actions.refuse_case(actor=window, case_id=pk, reason=f"申请事项不属于本机关职权范围{i}")
        made["refusal"].append(pk)
        pk = submit(i, "丙")
        with travel_to(ACCEPTED):
            actions.issue_supplement_notice(
                actor=window, case_id=pk, missing=["设立登记申请书原件", f"股东会决议{i}"]
            )
        made["supplement-notice"].append(pk)
    made["approval"] = list(made["acceptance"])
    return made


def make_bulletins(inspector: Any, n: int) -> list[int]:
    from xiaoneng.appraisal.actions import generate_bulletin
    from xiaoneng.core.timesource import travel_to

    ids = []
    with travel_to(BULLETIN_DAY):
        for i in range(n):
            year, month = 2026 + i // 12, i % 12 + 1
            ids.append(generate_bulletin(actor=inspector, year=year, month=month).pk)
    return ids


def timed_get(client: Any, url: str, **headers: str) -> tuple[float, Any]:
    started = time.perf_counter()
    response = client.get(url, **headers)
    # A file is streamed: reading it is part of serving it.
    response.bytes = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    spent = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 304), (url, response.status_code, response.content[:200])
    return spent, response


def stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(values), "p50": statistics.median(ordered), "p95": p95}


def measure(users: dict[str, Any], args: argparse.Namespace, static: Path) -> dict[str, Any]:
    from django.test import Client

    from xiaoneng.documents.models import StoredDocument

    made = walk_cases(users, args.cases)
    bulletins = make_bulletins(users["inspector"], args.cases)
    window, inspector = Client(), Client()
    window.force_login(users["window"])
    inspector.force_login(users["inspector"])
    urls: dict[str, list[str]] = {
        kind: [f"/api/v1/cases/{pk}/documents/{kind}" for pk in ids] for kind, ids in made.items()
    }
    urls["bulletin"] = [f"/appraisal/bulletins/{pk}/pdf/" for pk in bulletins]
    clients = {kind: inspector if kind == "bulletin" else window for kind in urls}
    results: dict[str, Any] = {}
    for kind, kind_urls in urls.items():
        client = clients[kind]
        first, again, not_modified, floor = [], [], [], []
        body = b""
        for url in kind_urls:
            spent, response = timed_get(client, url)
            first.append(spent)
            body = response.content
        path = static / f"{kind}.pdf"
        path.write_bytes(body)
        etag = response["ETag"]
        for i in range(args.repeat):
            url = kind_urls[i % len(kind_urls)]
            again.append(timed_get(client, url)[0])
            not_modified.append(timed_get(client, kind_urls[-1], HTTP_IF_NONE_MATCH=etag)[0])
            spent, response = timed_get(client, f"/bench/static/{kind}.pdf")
            assert response.bytes == body
            floor.append(spent)
        results[kind] = {
            "first": stats(first),
            "again": stats(again),
            "304": stats(not_modified),
            "floor": stats(floor),
            "bytes": len(body),
        }
        print(kind, results[kind], flush=True)
    results["rows"] = StoredDocument.objects.count()
    return results


def verdict(measured: float, limit: float) -> str:
    return "met" if measured <= limit else "missed"


def report(args: argparse.Namespace, vendor: str, r: dict[str, Any], command: str) -> str:
    label = "PostgreSQL" if vendor == "postgresql" else "SQLite"
    lines = [
        f"### {label}",
        "",
        f"`{command}` — {args.cases} documents of each kind rendered for the first time, then "
        f"{args.repeat} downloads again from the store, through the Django test client "
        "(whole middleware stack, signed in). Floor: the same bytes by Django's static view "
        "behind the same middleware, in the same run. Milliseconds.",
        "",
        "| document | bytes | first p50 | first p95 | stored p50 | stored p95 | 304 p50 "
        "| floor p50 | floor p95 | stored − floor p50 | new ≤ 1 s (p95) | stored ≤ 200 ms (p95) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for kind, title in KIND_TITLES.items():
        k = r[kind]
        lines.append(
            f"| {title} | {k['bytes']:,} | {k['first']['p50']:.0f} | {k['first']['p95']:.0f} "
            f"| {k['again']['p50']:.1f} | {k['again']['p95']:.1f} | {k['304']['p50']:.1f} "
            f"| {k['floor']['p50']:.1f} | {k['floor']['p95']:.1f} "
            f"| {k['again']['p50'] - k['floor']['p50']:.1f} "
            f"| {verdict(k['first']['p95'], TARGET_NEW_MS)} "
            f"| {verdict(k['again']['p95'], TARGET_STORED_MS)} |"
        )
    lines += ["", f"Rows in the store at the end: {r['rows']}.", "", machine_line(), ""]
    return "\n".join(lines)


def write(section: str, vendor: str) -> None:
    """Keep the other database's subsection of "## Documents"."""
    import re

    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    match = re.search(rf"^{HEADING}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    kept = ""
    other = "### SQLite" if vendor == "postgresql" else "### PostgreSQL"
    if match and other in match.group(1):
        kept = match.group(1)[match.group(1).index(other) :].rstrip() + "\n\n"
    intro = (
        f"{HEADING}\n\nbench/bench_documents.py: case documents and the monthly bulletin, "
        "first download (rendered and stored) and again (from the store, decision 0040).\n\n"
    )
    ordered = [section, kept] if vendor == "sqlite" else [kept, section]
    replace_section(HEADING, intro + "".join(part.rstrip() + "\n\n" for part in ordered if part))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20, help="documents of each kind")
    parser.add_argument("--repeat", type=int, default=20, help="stored downloads per kind")
    parser.add_argument("--postgres", default="", help="server URL: a scratch DB is made there")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    args = parser.parse_args()
    command = "uv run python bench/bench_documents.py" + (
        " --postgres URL" if args.postgres else ""
    )
    static = Path(tempfile.mkdtemp(prefix="xn_bench_docs_static"))
    os.environ["XIAONENG_BENCH_STATIC"] = str(static)
    os.environ["DJANGO_SETTINGS_MODULE"] = "xiaoneng.config.settings"
    with throwaway_database(args.postgres, "xn_bench_docs") as vendor:
        setup_django()
        from django.conf import settings

        settings.ROOT_URLCONF = "_documents_urls"
        settings.ALLOWED_HOSTS = ["*"]
        users = build_world()
        from xiaoneng.org.models import User

        users["inspector"] = User.objects.get(username="inspector")
        results = measure(users, args, static)
    section = report(args, vendor, results, command)
    print(section)
    if not args.no_write:
        write(section, vendor)


if __name__ == "__main__":
    main()
