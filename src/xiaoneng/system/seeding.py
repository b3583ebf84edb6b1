"""The steps data migrations share: add an app's parameters to the table
(from `system.params.REGISTRY`, keeping a value already set) and grant an
app's permissions to standard roles installed before it (adding what is
missing, never removing an administrator's change). Each takes the
migration's `apps`, so it works on the historical models."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def add_parameters(apps: Any, keys: Iterable[str]) -> None:
    from xiaoneng.system.params import REGISTRY

    parameter = apps.get_model("system", "Parameter")
    for key in keys:
        spec = REGISTRY[key]
        parameter.objects.get_or_create(
            key=spec.key,
            defaults={
                "name": spec.name,
                "value": str(spec.default),
                "remark": spec.remark or f"取值范围 {spec.minimum}–{spec.maximum}",
            },
        )


def remove_parameters(apps: Any, keys: Iterable[str]) -> None:
    apps.get_model("system", "Parameter").objects.filter(key__in=list(keys)).delete()


def grant(apps: Any, grants: Mapping[str, Iterable[str]]) -> None:
    """Role code → permissions: each role that exists gets those it lacks."""
    role_model = apps.get_model("org", "Role")
    for code, permissions in grants.items():
        for role in role_model.objects.filter(code=code):
            missing = [p for p in permissions if p not in role.permissions]
            if missing:
                role.permissions = [*role.permissions, *missing]
                role.save(update_fields=["permissions"])


def revoke(apps: Any, grants: Mapping[str, Iterable[str]]) -> None:
    role_model = apps.get_model("org", "Role")
    for code, permissions in grants.items():
        gone = set(permissions)
        for role in role_model.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in gone]
            role.save(update_fields=["permissions"])
