import datetime

from supervision import rules


def test_publication_due_twenty_working_days_after_check_end():
    # 2026-01-05 (Mon) + 20 working days, start day not counted → 2026-02-02 (Mon).
    assert rules.publication_due_on(datetime.date(2026, 1, 5)) == datetime.date(2026, 2, 2)


def test_publication_period_is_configurable(settings):
    settings.FAZHI_RANDOM_PUBLICATION_WD = 5
    assert rules.publication_due_on(datetime.date(2026, 1, 5)) == datetime.date(2026, 1, 12)


def test_weekends_only_fallback_skips_saturday_and_sunday():
    assert rules._weekends_only(datetime.date(2026, 1, 9), 1) == datetime.date(2026, 1, 12)


def test_overdue_partial_for_htmx(world, client_for):
    resp = client_for(world.officer_a).get(
        "/supervision/publication/overdue/", HTTP_HX_REQUEST="true"
    )
    html = resp.content.decode()
    assert 'id="publication-overdue"' in html and "<html" not in html
