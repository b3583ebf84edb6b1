"""Load the schedules that ship with the product (data/schedules.csv) for
every year not in the database yet; an administrator's import is never
overwritten. A later release adds a migration that runs `load_shipped` again."""

import uuid

from django.db import migrations
from django.utils import timezone

from xiaoneng.core.workdays import read_shipped_schedule

SOURCE = "国务院办公厅关于{year}年部分节假日安排的通知（随产品发布）"


def load_shipped(apps, schema_editor):
    HolidaySchedule = apps.get_model("calendar", "HolidaySchedule")
    SpecialDay = apps.get_model("calendar", "SpecialDay")
    CalendarStamp = apps.get_model("calendar", "CalendarStamp")
    present = set(HolidaySchedule.objects.values_list("year", flat=True))
    now = timezone.now()
    schedules = {}
    rows = []
    for day in read_shipped_schedule():
        year = day.date.year
        if year in present:
            continue
        if year not in schedules:
            schedules[year] = HolidaySchedule.objects.create(
                year=year, source=SOURCE.format(year=year), imported_at=now
            )
        rows.append(
            SpecialDay(date=day.date, kind=day.kind, name=day.name, schedule=schedules[year])
        )
    SpecialDay.objects.bulk_create(rows)
    CalendarStamp.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_initial")]
    operations = [migrations.RunPython(load_shipped, migrations.RunPython.noop)]
