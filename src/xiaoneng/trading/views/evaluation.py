"""The evaluation's pages under /trading/evaluation/: the expert's desk and
scoring form (`evaluation_expert`), the pool (`evaluation_pool`), a round's
committee page (`evaluation_committee`); and the project page's section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xiaoneng.trading.models import Project
from xiaoneng.trading.selectors import evaluation as selectors
from xiaoneng.trading.views import evaluation_committee, evaluation_expert, evaluation_pool

urlpatterns = [
    *evaluation_expert.urlpatterns,
    *evaluation_pool.urlpatterns,
    *evaluation_committee.urlpatterns,
]


def project_section(request: HttpRequest, project: Project) -> dict[str, Any]:
    """What the project page's evaluation section shows to this user (its template:
    trading/project/_evaluation.html); empty when the user may see none of it.
    The caller has checked the user may read the project. The members' names
    only once the round is evaluated (实施条例 art. 46 ¶4), their count before."""
    shown = selectors.section(request.user, project)
    return {"evaluation_section": shown} if shown else {}
