from django.urls import path

from . import structure, users

app_name = "useradmin"
urlpatterns = [
    path("users/", users.user_list, name="users"),
    path("users/new/", users.user_new, name="user_new"),
    path("users/export/", users.user_export, name="user_export"),
    path("users/import/", users.user_import, name="user_import"),
    path("users/import/template/", users.user_import_template, name="user_import_template"),
    path("users/<int:user_id>/", users.user_edit, name="user_edit"),
    path("users/<int:user_id>/reset-password/", users.user_reset, name="user_reset"),
    path("users/<int:user_id>/unlock/", users.user_unlock, name="user_unlock"),
    path("users/<int:user_id>/status/", users.user_status, name="user_status"),
    path("roles/", structure.role_list, name="roles"),
    path("roles/new/", structure.role_new, name="role_new"),
    path("roles/<int:role_id>/", structure.role_edit, name="role_edit"),
    path("departments/", structure.department_list, name="departments"),
    path("departments/new/", structure.department_new, name="department_new"),
    path("departments/<int:department_id>/", structure.department_edit, name="department_edit"),
    path(
        "departments/<int:department_id>/status/",
        structure.department_status,
        name="department_status",
    ),
    path("positions/", structure.position_list, name="positions"),
    path("positions/new/", structure.position_new, name="position_new"),
    path("positions/<int:position_id>/", structure.position_edit, name="position_edit"),
]
