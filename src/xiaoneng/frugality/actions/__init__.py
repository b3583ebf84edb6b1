"""The only writers of frugality. Each action is one durable transaction:
the permission for that step, the row locked (`select_for_update`) and in
the actor's scope, the rule (a refused step raises a DomainError with a
stable code declared in `frugality/vocabulary.py`), one audit event, and
the supervision finding when the facts break a rule. Keyword-only, `actor`
first.

Receptions (公务接待):
- `register_reception(*, actor, sending_unit, guest_level, guests, purpose,
  start_on, end_on, companions, meals, planned_cost, nights=0,
  from_outside_city=False, letter_number="", letter_date=None,
  letter_scan=None, department_id=None)` (`frugality.register`)
- `decide_reception(*, actor, reception_id, approve, note="")`
  (`frugality.approve`, never the registrant, before the first day)
- `record_reception_actuals(*, actor, reception_id, actual_guests,
  actual_companions, actual_meals, meal_cost, checklist, alcohol,
  alcohol_on=None, actual_nights=0, lodging_cost=0, other_cost=0)`

Vehicles (公务用车):
- `request_vehicle_purchase(*, actor, kind, model_wanted, budget, urgent,
  urgent_reason, quantity=1, department_id=None)`
- `decide_vehicle_purchase(*, actor, request_id, approve, note="")`
  (`frugality.approve.city`, portfolio scope)
- `register_vehicle(*, actor, plate, model_name, kind, origin, acquired_on,
  price=0, purchase_request_id=None, document="", odometer=0, department_id=None)`
- `log_vehicle_use(*, actor, vehicle_id, used_on, driver, purpose, start_km, end_km, cost=0)`

Overseas trips (因公出国（境）):
- `request_trip(*, actor, purpose, destination, start_on, end_on, budget,
  persons: [{name, post, business}], department_id=None)`
- `decide_trip(*, actor, trip_id, approve, note="")` (`frugality.approve.city`)
- `record_trip_actuals(*, actor, trip_id, actual_cost, report="")`

Reports: `publish_year(*, actor, year)` (`frugality.report`)."""

from .receptions import (
    alcohol_allowed,
    decide_reception,
    record_reception_actuals,
    register_reception,
)
from .reports import publish_year
from .trips import decide_trip, record_trip_actuals, request_trip
from .vehicles import (
    decide_vehicle_purchase,
    log_vehicle_use,
    register_vehicle,
    request_vehicle_purchase,
)

__all__ = [
    "alcohol_allowed",
    "decide_reception",
    "decide_trip",
    "decide_vehicle_purchase",
    "log_vehicle_use",
    "publish_year",
    "record_reception_actuals",
    "record_trip_actuals",
    "register_reception",
    "register_vehicle",
    "request_trip",
    "request_vehicle_purchase",
]
