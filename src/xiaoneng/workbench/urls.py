from django.urls import path

from . import views

# The namespace stays "web": every page, template and redirect already names
# these desks web:workbench, web:duties, web:org.
app_name = "web"
urlpatterns = [
    path("", views.workbench_view, name="workbench"),
    path("duties/", views.duties_view, name="duties"),
    path("org/", views.org_view, name="org"),
]
