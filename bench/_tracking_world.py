"""The cases of the tracking benchmark (bench/bench_tracking.py) and the wrk
scripts that look them up.

A few hundred cases go through the real actions, in a round of five kinds
that between them use every part of the tracking page:

- received only (one step, the light of the acceptance notice);
- received and accepted, 企业设立联合审批 (two steps, the light, 受理通知书);
- an instant case accepted and delivered (four steps, the decision, its
  documents, the 好差评 link);
- received with a one-time supplement notice (the list of missing materials);
- 有限责任公司设立登记 accepted and charged (the 收费情况 table and the
  收费通知书 link).

The rest are faithful bulk copies of those: each copy is one of them row
for row (the case with every column, its events, its charges and refunds)
under a new id, a new tracking number in the actions' format and a new
query code of its own. What a copy lacks is what the page never reads: the
audit events, opinions and tasks of the original.

A look-up is what the page's form sends: `POST /track/` with the
form-encoded body `no=…&code=…` (Content-Type
application/x-www-form-urlencoded; the form is exempt from CSRF). A GET
carrying `?code=` is only redirected to the form, never looked up, so no
script here sends one.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

JOINT = "0100090000620700005"  # 企业设立联合审批 (parallel)
INSTANT = "0100001000620700005"  # 企业名称预先核准 (即办件)
CHARGED_ITEM = "有限责任公司设立登记"
LICENCE_COPY_FEE = "SF-620700005-011"  # 营业执照副本工本费, 10 元/本
APPLICANTS = ("张掖市祁连绿源农业科技有限公司", "甘州区丹霞文化旅游有限公司", "张三丰", "李秀英")
BATCH = 2000
TRACK = "/track/"  # the form's address: the look-up is POSTed to it
FORM_TYPE = "application/x-www-form-urlencoded"
KINDS = ("received", "accepted", "delivered", "supplementing", "charged")  # in `_kinds` order


def _kinds(window: Any, charged_code: str) -> list[Callable[[str], tuple[Any, str]]]:
    from xiaoneng.cases import actions
    from xiaoneng.fees.actions.charges import record_charge

    def received(name: str) -> tuple[Any, str]:
        return actions.submit_application(actor=window, item_code=JOINT, applicant_name=name)

    def accepted(name: str) -> tuple[Any, str]:
        case, code = received(name)
        actions.accept_case(actor=window, case_id=case.pk)
        return case, code

    def delivered(name: str) -> tuple[Any, str]:
        case, code = actions.submit_application(
            actor=window, item_code=INSTANT, applicant_name=name
        )
        actions.accept_case(actor=window, case_id=case.pk)  # instant: decided and delivered
        return case, code

    def supplementing(name: str) -> tuple[Any, str]:
        case, code = received(name)
        missing = ["公司章程（须全体股东签署）", "公司住所证明"]
        actions.issue_supplement_notice(actor=window, case_id=case.pk, missing=missing)
        return case, code

    def charged(name: str) -> tuple[Any, str]:
        case, code = actions.submit_application(
            actor=window, item_code=charged_code, applicant_name=name
        )
        actions.accept_case(actor=window, case_id=case.pk)
        record_charge(
            actor=window,
            case_id=case.pk,
            fee_code=LICENCE_COPY_FEE,
            quantity="2",
            notice_no=f"JK{case.pk:010d}",
            receipt_no=f"GS{case.pk:08d}",
        )
        return case, code

    return [received, accepted, delivered, supplementing, charged]


def build_world() -> tuple[Any, Any]:
    """Migrate, load the demo city, catalog and fees; (admin, window)."""
    from django.core.management import call_command

    from xiaoneng.demo.catalog import load_demo_catalog
    from xiaoneng.demo.city import load_demo_city
    from xiaoneng.org.models import User

    call_command("migrate", interactive=False, verbosity=0)
    load_demo_city()
    admin = User.objects.get(username="admin")
    load_demo_catalog(admin)
    return admin, User.objects.get(username="window")


def through_actions(window: Any, count: int) -> list[tuple[str, str]]:
    """`count` cases through the actions, the five kinds in turn: (no, code)."""
    from xiaoneng.catalog.models import ApprovalItem

    charged_code = ApprovalItem.objects.filter(name=CHARGED_ITEM).values_list("code", flat=True)[0]
    kinds = _kinds(window, charged_code)
    pairs = []
    for i in range(count):
        case, code = kinds[i % len(kinds)](APPLICANTS[i % len(APPLICANTS)])
        pairs.append((case.tracking_no, code))
    return pairs


def bulk_copies(count: int) -> list[tuple[str, str]]:
    """`count` copies of the cases made so far, in turn: (no, code)."""
    from django.db import connection, transaction

    from xiaoneng.cases.models import Case, CaseEvent
    from xiaoneng.core.text import new_query_code, query_digest
    from xiaoneng.fees.models import Charge, Refund

    originals = list(Case.objects.order_by("id"))
    events: dict[int, list[Any]] = {}
    for event in CaseEvent.objects.order_by("case_id", "seq"):
        events.setdefault(event.case_id, []).append(event)
    charges: dict[int, list[Any]] = {}
    for charge in Charge.objects.order_by("id"):
        charges.setdefault(charge.case_id, []).append(charge)
    refunds: dict[int, list[Any]] = {}
    for refund in Refund.objects.order_by("id"):
        refunds.setdefault(refund.charge_id, []).append(refund)
    next_id = originals[-1].pk + 1
    pairs: list[tuple[str, str]] = []
    for start in range(0, count, BATCH):
        cases, steps, fees, charge_refunds = [], [], [], []
        for j in range(start, min(count, start + BATCH)):
            source = originals[j % len(originals)]
            case = copy.copy(source)
            case.pk = case.id = next_id + j
            case.tracking_no = f"{source.tracking_no[:8]}{case.pk:08d}"
            code = new_query_code()
            case.query_digest = query_digest(code)
            cases.append(case)
            pairs.append((case.tracking_no, code))
            steps += [_copied(e, case_id=case.pk) for e in events.get(source.pk, [])]
            for n, charge in enumerate(charges.get(source.pk, [])):
                fee = _copied(charge, case_id=case.pk, receipt_no=f"C{case.pk:08d}-{n}")
                fees.append(fee)
                charge_refunds.append((fee, refunds.get(charge.pk, [])))
        with transaction.atomic():
            Case.objects.bulk_create(cases)
            CaseEvent.objects.bulk_create(steps)
            Charge.objects.bulk_create(fees)
            Refund.objects.bulk_create(
                [_copied(r, charge_id=fee.pk) for fee, rs in charge_refunds for r in rs]
            )
    with connection.cursor() as cursor:  # PostgreSQL: the sequence after the given ids
        for sql in connection.ops.sequence_reset_sql(_no_style(), [Case]):
            cursor.execute(sql)
    return pairs


def _copied(row: Any, **changes: Any) -> Any:
    twin = copy.copy(row)
    twin.pk = None
    twin._state = copy.copy(row._state)
    twin._state.adding = True
    for name, value in changes.items():
        setattr(twin, name, value)
    return twin


def _no_style() -> Any:
    from django.core.management.color import no_style

    return no_style()


def form_body(no: str, code: str) -> str:
    """The body of one look-up, as the page's form posts it."""
    return urlencode({"no": no, "code": code})


def repeat_script(pair: tuple[str, str], path: Path) -> Path:
    """A wrk script that POSTs the look-up of one (no, code) pair again and
    again (wrk's own request, built once: no Lua per request)."""
    body = json.dumps(form_body(*pair))  # a JSON string is a Lua string here
    script = REPEAT_LUA.replace("__BODY__", body).replace("__TYPE__", json.dumps(FORM_TYPE))
    path.write_text(script.replace("__PATH__", json.dumps(TRACK)), encoding="utf-8")
    return path


def walk_script(pairs: list[tuple[str, str]], threads: int, connections: int, path: Path) -> Path:
    """A wrk script that walks the (no, code) pairs, each looked up once
    (POST /track/, the pair in the form-encoded body).

    Thread t of T asks for pairs t, t+T, t+2T… Each connection of a thread
    asks for the thread's next pair as soon as its previous answer is in, so
    a thread has up to `connections / T` look-ups out when its last
    answer comes; the thread stops after `len(slice) - connections / T`
    answers, so that every answer counted is of a pair asked for once. The
    thread leaves the file walk-done-<t> beside the script when it stops. The
    times (CLOCK_MONOTONIC through LuaJIT's FFI: wrk's own requests/s
    divides by the whole -d duration, and the walk ends before it) and the
    counts are printed by done() as one JSON line "xn-walk {…}"."""
    bodies = [form_body(no, code) for no, code in pairs]
    table = "{" + ",".join(json.dumps(b) for b in bodies) + "}"  # a Lua table of strings
    script = LUA.replace("__BODIES__", table).replace("__THREADS__", str(threads))
    script = script.replace("__PATH__", json.dumps(TRACK))
    script = script.replace("__TYPE__", json.dumps(FORM_TYPE))
    script = script.replace("__DONE__", json.dumps(str(path.parent / "walk-done-")))
    path.write_text(script.replace("__CONNECTIONS__", str(connections)), encoding="utf-8")
    return path


REPEAT_LUA = r"""
wrk.method = "POST"
wrk.path = __PATH__
wrk.body = __BODY__
wrk.headers["Content-Type"] = __TYPE__
"""

LUA = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } xn_timespec;
int clock_gettime(int clk, xn_timespec *tp);
]]
local ts = ffi.new("xn_timespec")
local function now()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local all = __BODIES__
local track = __PATH__
local form_type = __TYPE__
local nthreads = __THREADS__
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  mine = {}
  for i = index + 1, #all, nthreads do table.insert(mine, all[i]) end
  per_thread_connections = math.floor(__CONNECTIONS__ / nthreads)
  slice = #mine
  target = slice - per_thread_connections
  sent, answered, bad, started, finished = 0, 0, 0, 0, 0
end

function request()
  sent = sent + 1
  if started == 0 then started = now() end
  local body = mine[sent] or mine[#mine]
  return wrk.format("POST", track, {["Content-Type"] = form_type}, body)
end

function response(status, headers, body)
  if finished ~= 0 then return end
  answered = answered + 1
  if status ~= 200 or not string.find(body, "ps-case", 1, true) then bad = bad + 1 end
  if answered >= target then
    finished = now()
    io.open(__DONE__ .. index, "w"):close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local parts = {}
  for _, t in ipairs(threads) do
    table.insert(parts, string.format(
      '{"answered":%d,"sent":%d,"bad":%d,"started":%.6f,"finished":%.6f,"slice":%d}',
      t:get("answered"), t:get("sent"), t:get("bad"), t:get("started"), t:get("finished"),
      t:get("slice")))
  end
  io.write(string.format('xn-walk {"threads":[%s],"p50_us":%d,"p90_us":%d,"p99_us":%d}\n',
    table.concat(parts, ","), latency:percentile(50), latency:percentile(90),
    latency:percentile(99)))
end
"""
