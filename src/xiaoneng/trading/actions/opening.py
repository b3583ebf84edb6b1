"""The opening (开标) and decryption of the sealed bids, run by the centre.

At or after the bid deadline the centre starts the opening: with fewer
sealed bids than the kind allows (实施条例 art. 44: three; land and
property: one) there is no opening — the round fails (流标), the project
waits for its re-tender (`round_no` moves to the next round, which part A's
`announce` opens) and a 流标公告 is published. Otherwise each bidder
decrypts its own bid with its 解密码 within `trading.decrypt_minutes`
(电子招标投标办法 art. 31, 36) — or gives the code at the venue and the
centre enters it (audited as such). Closing the opening turns every bid
not decrypted into UNDECRYPTED (treated as withdrawn); too few left fails
the round the same way; else the opening record (开标记录) is published and
the project goes to evaluation."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.errors import Conflict
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.org.authority import require
from xiaoneng.org.models import User
from xiaoneng.system.params import get_param
from xiaoneng.trading import envelope
from xiaoneng.trading.common import CENTRE, OPERATE, event, locked_project, party_of, step_refused
from xiaoneng.trading.models import (
    Bid,
    BidStatus,
    Notice,
    NoticeKind,
    Project,
    Round,
    RoundStatus,
    Status,
)
from xiaoneng.trading.ocds.publish import publish
from xiaoneng.trading.params import DECRYPT_MINUTES

from .bids import locked_bid, missing_bid, missing_round

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def cn_moment(moment: datetime) -> str:
    local = moment.astimezone(timesource.SHANGHAI)
    return f"{cn_date(local.date())} {local:%H:%M}"


def decrypt_until(row: Round) -> datetime | None:
    """The end of the decryption window of a round whose opening has started."""
    if row.opening_started_at is None:
        return None
    until: datetime = row.opening_started_at + timedelta(minutes=get_param(DECRYPT_MINUTES))
    return until


def centre_round(actor: Actor | None, round_id: Any) -> tuple[User, Project, Round]:
    """The centre's user, the project and the round, both locked."""
    require(actor, OPERATE)
    project_round = as_int(round_id) or 0
    project_id = Round.objects.filter(pk=project_round).values_list("project_id", flat=True).first()
    if project_id is None:
        raise missing_round()
    user, project = locked_project(actor, project_id, CENTRE)
    row = Round.objects.select_for_update().get(pk=project_round)
    row.project = project
    return user, project, row


def live_bids(row: Round, status: str) -> QuerySet[Bid]:
    return Bid.objects.filter(round=row, status=status).select_related("bidder")


def _fail(user: User, project: Project, row: Round, reason: str, count: int) -> None:
    """流标: the round fails, the project waits for its next round (实施条例 art. 44)."""
    row.status = RoundStatus.FAILED
    row.failed_reason = reason
    row.save(update_fields=["status", "failed_reason"])
    project.status = Status.RETENDER
    project.round_no = row.number + 1
    project.save(update_fields=["status", "round_no"])
    deadline = cn_moment(row.bid_deadline) if row.bid_deadline else "—"
    Notice.objects.create(
        project=project,
        round=row,
        kind=NoticeKind.FAILURE,
        title=f"{project.title}第{row.number}次招标流标公告",
        body=(
            f"项目编号：{project.code}\n项目名称：{project.title}\n"
            f"投标截止（开标）时间：{deadline}\n"
            f"流标原因：{reason}\n招标人将依法重新组织招标。"
        ),
        published_by=user,
    )
    event(user, project, "opening_failed", round=row.pk, bids=count, reason=reason)
    publish(project, ["tenderUpdate"])


@transaction.atomic
def start_opening(actor: Actor | None, round_id: Any) -> Round:
    """开标: at or after the deadline; too few sealed bids → no opening."""
    user, project, row = centre_round(actor, round_id)
    if row.status != RoundStatus.OPEN or project.status != Status.TENDERING:
        raise step_refused(project, "开标")
    now = timesource.now()
    if row.bid_deadline is None or now < row.bid_deadline:
        raise Conflict(
            "投标截止时间未到，不得开标",
            code="trading_opening_too_early",
            detail={"deadline": row.bid_deadline},
        )
    count = live_bids(row, BidStatus.SEALED).count()
    needed = tendering.rules_for(project.kind).min_bids
    if count < needed:
        _fail(
            user,
            project,
            row,
            f"递交投标文件的投标人少于{needed}个（共{count}个），不予开标",
            count,
        )
        return row
    row.status = RoundStatus.OPENING
    row.opening_started_at = now
    row.save(update_fields=["status", "opening_started_at"])
    event(user, project, "opening_started", round=row.pk, bids=count)
    return row


def _decrypt(bid: Bid, code: Any) -> None:
    """Open the sealed bid with the code, within the window; a wrong code
    leaves it as it was."""
    row = bid.round
    if row.status != RoundStatus.OPENING:
        raise Conflict("本轮不在开标解密阶段", code="trading_opening_not_running")
    until = decrypt_until(row)
    if until is None or timesource.now() > until:
        raise Conflict(
            "解密时限已过", code="trading_decrypt_window_closed", detail={"until": until}
        )
    if bid.status != BidStatus.SEALED:
        raise Conflict(
            "该投标已撤回、已被替代或已解密",
            code="trading_bid_not_sealed",
            detail={"status": bid.status},
        )
    content = envelope.open_bid(bid.envelope, bid.key_check, str(code or ""))
    bid.price = Decimal(str(content["price"]))
    bid.period_days = int(content["period_days"])
    bid.summary = str(content["summary"])
    bid.status = BidStatus.OPENED
    bid.opened_at = timesource.now()
    bid.save(update_fields=["price", "period_days", "summary", "status", "opened_at"])


@transaction.atomic
def decrypt_bid(actor: Actor | None, bid_id: Any, code: Any) -> Bid:
    """The bidder decrypts its own bid at the opening."""
    user, party = party_of(actor)
    project, bid = locked_bid(bid_id, bidder=party)
    if project.suspended_at is not None:
        raise Conflict("项目已被行业监管部门暂停", code="trading_project_suspended")
    _decrypt(bid, code)
    event(user, project, "bid_decrypted", bid=bid.pk, round=bid.round_id, party=party.pk)
    return bid


def centre_bid(actor: Actor | None, bid_id: Any) -> tuple[User, Project, Bid]:
    """The centre's user, the bid's project (locked as the centre's) and the
    bid with its round (locked after it)."""
    require(actor, OPERATE)
    pk = as_int(bid_id) or 0
    project_id = Bid.objects.filter(pk=pk).values_list("round__project_id", flat=True).first()
    if project_id is None:
        raise missing_bid()
    user, project = locked_project(actor, project_id, CENTRE)
    bid = Bid.objects.select_for_update(of=("self", "round")).select_related("round").get(pk=pk)
    bid.round.project = project
    return user, project, bid


@transaction.atomic
def decrypt_bid_at_venue(actor: Actor | None, bid_id: Any, code: Any) -> Bid:
    """The bidder gives its code at the venue and the centre enters it."""
    user, project, bid = centre_bid(actor, bid_id)
    _decrypt(bid, code)
    event(
        user, project, "bid_decrypted_at_venue", bid=bid.pk, round=bid.round_id, party=bid.bidder_id
    )
    return bid


def opening_record(project: Project, row: Round, opened: list[Bid]) -> str:
    """开标记录 as text: one line per bidder (the page shows it as a table)."""
    lines = [
        f"项目编号：{project.code}",
        f"项目名称：{project.title}（第{row.number}次招标）",
        f"开标时间：{cn_moment(row.opening_started_at) if row.opening_started_at else '—'}",
        "序号｜投标人｜投标报价（元）｜工期或交货期（日）",
    ]
    lines += [
        f"{n}｜{bid.bidder.name}｜{bid.price}｜{bid.period_days}"
        for n, bid in enumerate(opened, start=1)
    ]
    return "\n".join(lines)


@transaction.atomic
def close_opening(actor: Actor | None, round_id: Any) -> Round:
    """开标结束: once every bid is decrypted or the window has passed."""
    user, project, row = centre_round(actor, round_id)
    if row.status != RoundStatus.OPENING:
        raise Conflict("本轮不在开标解密阶段", code="trading_opening_not_running")
    now = timesource.now()
    # One read of the round's live bids (without the ciphertext and the
    # summary, which the record does not show): the sealed ones are pending.
    live = list(
        Bid.objects.filter(round=row, status__in=(BidStatus.SEALED, BidStatus.OPENED))
        .select_related("bidder")
        .defer("envelope", "summary")
        .order_by("submitted_at", "id")
    )
    pending = [b.pk for b in live if b.status == BidStatus.SEALED]
    until = decrypt_until(row)
    if pending and until is not None and now <= until:
        raise Conflict(
            "尚有投标未解密且解密时限未到",
            code="trading_opening_pending",
            detail={"until": until, "pending": len(pending)},
        )
    undecrypted = pending
    if undecrypted:
        Bid.objects.filter(pk__in=undecrypted).update(status=BidStatus.UNDECRYPTED)
    opened = [b for b in live if b.status == BidStatus.OPENED]
    needed = tendering.rules_for(project.kind).min_bids
    if len(opened) < needed:
        reason = (
            f"解密的投标少于{needed}个（共{len(opened)}个，"
            f"未解密{len(undecrypted)}个视为撤回），不予开标"
        )
        _fail(user, project, row, reason, len(opened))
        return row
    row.status = RoundStatus.OPENED
    row.opened_at = now
    row.save(update_fields=["status", "opened_at"])
    project.status = Status.EVALUATING
    project.save(update_fields=["status"])
    Notice.objects.create(
        project=project,
        round=row,
        kind=NoticeKind.OPENING,
        title=f"{project.title}第{row.number}次招标开标记录",
        body=opening_record(project, row, opened),
        published_by=user,
    )
    event(
        user,
        project,
        "opening_closed",
        round=row.pk,
        opened=[b.pk for b in opened],
        undecrypted=undecrypted,
    )
    publish(project, ["tenderUpdate"])
    return row
