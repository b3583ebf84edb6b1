from django.urls import re_path

from . import views

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^v2/services" + FMT, views.service_list, name="services"),
    re_path(
        r"^v2/services/(?P<code>[A-Za-z0-9_-]{1,32})" + FMT,
        views.service_definition,
        name="service",
    ),
    re_path(r"^v2/requests" + FMT, views.service_requests, name="requests"),
    re_path(
        r"^v2/requests/(?P<number>[A-Za-z0-9_-]{1,32})" + FMT, views.service_request, name="request"
    ),
    re_path(r"^v2/tokens/(?P<token>[A-Za-z0-9_-]{1,64})" + FMT, views.token, name="token"),
]
