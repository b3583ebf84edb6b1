"""Daily government work (seed art. 9, 11, 12; domain rules §12–§14):

- 文风: outgoing documents (`Dispatch`) with their approval record
  (`Opinion`) and numbering (`DispatchSeries`); the reporting calendar
  (`ReportKind`, `ReportDue`, `ReportFile`);
- 会风: meetings (`Meeting`), the invited units (`Invitation`) and leave to
  send a substitute (`MeetingLeave`);
- 值班与请销假: holiday rosters (`DutyRoster`, `DutyShift`), spot checks
  (`SpotCheck`), principal leaders' leave (`LeaveRequest`);
- 一线工作法: emergencies (`Emergency`, `Responder`, `Action`) and leaders'
  front-line visits (`FieldVisit`, `VisitIssue`)."""

from .dispatches import Dispatch, DispatchSeries, DispatchStatus, DocKind, Opinion, Urgency
from .duty import CheckResult, DutyRoster, DutyShift, RosterStatus, SpotCheck
from .emergencies import (
    Action,
    Category,
    Duty,
    Emergency,
    EmergencyStatus,
    FieldVisit,
    Grade,
    Responder,
    VisitIssue,
    VisitKind,
)
from .leave import LeaveRequest, LeaveStatus
from .meetings import (
    LEVEL_RANK,
    AttendStatus,
    Invitation,
    Level,
    Meeting,
    MeetingKind,
    MeetingLeave,
    MeetingStatus,
    Route,
)
from .reports import ReportDue, ReportFile, ReportKind

__all__ = [
    "LEVEL_RANK",
    "Action",
    "AttendStatus",
    "Category",
    "CheckResult",
    "Dispatch",
    "DispatchSeries",
    "DispatchStatus",
    "DocKind",
    "Duty",
    "DutyRoster",
    "DutyShift",
    "Emergency",
    "EmergencyStatus",
    "FieldVisit",
    "Grade",
    "Invitation",
    "LeaveRequest",
    "LeaveStatus",
    "Level",
    "Meeting",
    "MeetingKind",
    "MeetingLeave",
    "MeetingStatus",
    "Opinion",
    "ReportDue",
    "ReportFile",
    "ReportKind",
    "Responder",
    "RosterStatus",
    "Route",
    "SpotCheck",
    "Urgency",
    "VisitIssue",
    "VisitKind",
]
