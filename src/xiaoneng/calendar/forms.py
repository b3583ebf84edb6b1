from __future__ import annotations

from django import forms

from xiaoneng.core import timesource

from .actions import FIRST_YEAR, LAST_YEAR
from .models import SOURCE_MAX_LENGTH

MAX_FILE_BYTES = 1024 * 1024


def _next_year() -> int:
    return timesource.today().year + 1


class ScheduleImportForm(forms.Form):
    file = forms.FileField(
        label="安排文件",
        help_text="CSV（表头 date,kind,name；类型 holiday/workday 或 休/班）或 iCalendar（.ics）",
    )
    year = forms.IntegerField(
        label="年份",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        initial=_next_year,
        help_text="只导入文件中该年的日期；该年原有安排将被整体替换",
    )
    source = forms.CharField(
        label="依据",
        max_length=SOURCE_MAX_LENGTH,
        required=False,
        help_text="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）",
    )
    provisional = forms.BooleanField(
        label="暂定安排",
        required=False,
        help_text="通知尚未正式发布时勾选：按此安排计算的期限仍标为暂定",
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("文件不能超过 1 MB")
        data: bytes = upload.read()
        return data
