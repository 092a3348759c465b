import datetime

import pytest

from supervision import rules

pytestmark = pytest.mark.django_db


def test_publication_due_twenty_working_days_after_check_end():
    # 2026-01-05 (Mon) + 20 working days, start day not counted → 2026-02-02 (Mon).
    assert rules.publication_due_on(datetime.date(2026, 1, 5)) == datetime.date(2026, 2, 2)


def test_publication_period_is_configurable(settings):
    settings.FAZHI_RANDOM_PUBLICATION_WD = 5
    assert rules.publication_due_on(datetime.date(2026, 1, 5)) == datetime.date(2026, 1, 12)


def test_publication_deadline_skips_the_spring_festival():
    # 2026-02-13 (Fri) + 5 wd: 02-14 is a 调休 Saturday, 02-15…02-23 is the holiday.
    assert rules.publication_working_days() == 20
    due = rules.add_working_days(datetime.date(2026, 2, 13), 5)
    assert due == datetime.date(2026, 2, 27)


def test_overdue_partial_for_htmx(world, client_for):
    resp = client_for(world.officer_a).get(
        "/supervision/publication/overdue/", HTTP_HX_REQUEST="true"
    )
    html = resp.content.decode()
    assert 'id="publication-overdue"' in html and "<html" not in html
