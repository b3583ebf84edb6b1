"""Background work of the cases app, run by the task worker."""

from __future__ import annotations

from django_tasks import task

from . import actions


@task()
def deemed_acceptance_sweep() -> int:
    """ALL art. 32: accept, as of receipt, every application whose notice
    window lapsed — whether or not anybody opened it."""
    return actions.apply_deemed_acceptances()
