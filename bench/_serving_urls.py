"""URLs of the serving benchmark: the product's, and one tiny view at
/bench/hello that touches neither the database nor a template."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello", hello),
    path("", include("xiaoneng.config.urls")),
]
