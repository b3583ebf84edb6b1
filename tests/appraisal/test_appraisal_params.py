"""The appraisal parameters are installed by the migration and feed the rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xiaoneng.appraisal.params import late_report_points, year_rules
from xiaoneng.system.models import Parameter

pytestmark = pytest.mark.django_db


def test_the_migration_installs_the_parameters_with_their_defaults() -> None:
    stored = dict(
        Parameter.objects.filter(key__startswith="appraisal.").values_list("key", "value")
    )
    assert stored == {
        "appraisal.weight_targets": "60",
        "appraisal.weight_efficiency": "40",
        "appraisal.band_excellent": "90",
        "appraisal.band_good": "80",
        "appraisal.band_passing": "60",
        "appraisal.excellent_quota": "30",
        "appraisal.late_report_tenths": "5",
    }
    assert late_report_points() == Decimal("0.5")


def test_a_changed_parameter_changes_the_rules() -> None:
    Parameter.objects.filter(key="appraisal.weight_efficiency").update(value="20")
    Parameter.objects.filter(key="appraisal.excellent_quota").update(value="15")
    rules = year_rules()
    assert rules.weights == {"targets": Decimal(60), "efficiency": Decimal(20)}
    assert rules.excellent_quota_pct == 15
    assert rules.bands.good == Decimal(80)
