from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "xiaoneng.calendar"
    label = "calendar"
    verbose_name = "工作日历"
