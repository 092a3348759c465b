"""The people list (人员) shows each 执法证's validity and flags the expired ones."""

import datetime

from bs4 import BeautifulSoup
from django.utils import timezone

from core.models import Person


def test_people_list_flags_expired_certificates(world, client_for):
    today = timezone.localdate()
    Person.objects.create(
        agency=world.county_a,
        name="孙晓燕",
        certificate_number="ZJ3301029999",
        certificate_valid_until=today - datetime.timedelta(days=1),
    )
    html = client_for(world.admin_a).get("/people/").content.decode()
    page = BeautifulSoup(html, "lxml")
    assert "执法证有效期" in [th.get_text(strip=True) for th in page.select("thead th")]
    rows = {
        tr.select_one("td").get_text(strip=True): tr.get_text(" ", strip=True)
        for tr in page.select("tbody tr")
    }
    assert "已过期" in rows["孙晓燕"]
    assert "2030-12-31" in rows["陈立"] and "已过期" not in rows["陈立"]
