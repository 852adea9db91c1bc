"""The data migration that makes out-of-province funds a part of the domestic funds."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from investment.models import InvestmentReport
from tests.factories import InvestmentReportFactory, StartedProjectFactory

migration = importlib.import_module(
    "investment.migrations.0002_funds_out_of_province_within_domestic"
)

pytestmark = pytest.mark.django_db


def test_it_folds_out_of_province_funds_into_domestic_so_no_total_changes_and_back():
    # Entered under the old meaning: 60 domestic and, on top of them, 40 from other provinces.
    report = InvestmentReportFactory(
        project=StartedProjectFactory(),
        funds_domestic=Decimal("60.00"),
        funds_out_of_province=Decimal("40.00"),
    )
    untouched = InvestmentReportFactory(
        project=StartedProjectFactory(),
        funds_domestic=Decimal("25.50"),
        funds_out_of_province=Decimal("0.00"),
    )

    migration.fold_out_of_province_into_domestic(apps, None)

    report.refresh_from_db()
    untouched.refresh_from_db()
    # 60 + 40 = 100 in place, of which 40 from other provinces: the same 100 as before.
    assert (report.funds_domestic, report.funds_out_of_province) == (Decimal("100"), Decimal("40"))
    assert untouched.funds_domestic == Decimal("25.50")
    assert report.history.first().funds_domestic == Decimal("100")

    migration.split_out_of_province_from_domestic(apps, None)

    report.refresh_from_db()
    assert report.funds_domestic == Decimal("60.00")
    assert InvestmentReport.objects.count() == 2
