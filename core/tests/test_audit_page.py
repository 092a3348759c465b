"""The 审计日志 page reads as Chinese: field names, choice labels, transitions, short rows."""

import html as htmllib
import re

from core.audit import record
from core.audit_display import describe
from core.models import AuditAction
from registry.models import SupervisedEntity
from registry.tests.factories import entity

AUDIT = "/audit/"


def cell_texts(page: str) -> list[str]:
    return [
        htmllib.unescape(re.sub(r"<[^>]+>", "", c))
        for c in re.findall(r"<td\b.*?</td>", page, re.S)
    ]


def test_events_read_as_chinese(world, client_for):
    e = entity(world.county_a, name="东湖审计宾馆")
    e = SupervisedEntity.objects.get(pk=e.pk)
    e.status = "suspended"
    e.legal_representative = ""
    e.save()
    record(AuditAction.TRANSITION, e, actor=world.officer_a, data={"from": "open", "to": "closed"})
    page = client_for(world.admin_a).get(AUDIT).content.decode()
    text = htmllib.unescape(page)
    assert "状态：营业 → 关闭" in text  # the transition, with the status field's labels
    assert "经营状态：营业 → 停业" in text
    assert "法定代表人/负责人：" in text and "（空）" in text
    assert "{'" not in text and "None" not in " ".join(cell_texts(page))
    assert "'status'" not in text and "True" not in " ".join(cell_texts(page))


def test_transition_uses_the_models_status_labels():
    from reports.models import AnnualReport

    lines = describe({"from": "submitted", "to": "published", "comment": None}, AnnualReport)
    assert lines[0].startswith("状态：") and "→" in lines[0]
    assert "submitted" not in lines[0] and "published" not in lines[0]
    assert lines[1] == "意见：（空）"


def test_values_booleans_and_exports_are_worded():
    lines = describe({"model": "registry.supervisedentity", "count": 3, "query": ""}, None)
    assert lines == ["对象类型：监管对象", "数量：3", "筛选条件：（空）"]
    from core.models import User

    assert describe({"after": {"is_active": True}}, User) == ["有效：是"] or describe(
        {"after": {"is_active": True}}, User
    )[0].endswith("：是")


def test_long_content_is_cut_with_the_full_text_in_the_title(world, client_for):
    record(AuditAction.OTHER, None, actor=world.officer_a, data={"note": "很长的说明" * 60})
    page = client_for(world.admin_a).get(AUDIT).content.decode()
    assert re.search(r'<span title="[^"]*很长的说明很长的说明[^"]*">[^<]*…</span>', page)


def test_agency_column_shows_the_short_name_on_one_line(world, client_for):
    world.county_a.short_name = "东湖区局"
    world.county_a.save()
    record(AuditAction.OTHER, None, actor=world.officer_a, data={})
    page = client_for(world.admin_a).get(AUDIT).content.decode()
    assert re.search(
        r'<td class="text-nowrap"><span title="临江市东湖区卫生健康局">东湖区局</span>', page
    )


def test_only_the_administrator_and_the_auditor_read_the_log(world, client_for):
    """三员分立 in spirit: the people whose work is recorded do not read the record of it."""
    from core.models import Role, User

    auditor = User.objects.create(username="auditor_a", agency=world.county_a, role=Role.AUDITOR)
    for user, status in [
        (world.officer_a, 403),
        (world.reviewer_a, 403),
        (world.city_officer, 403),
        (world.admin_a, 200),
        (auditor, 200),
    ]:
        assert client_for(user).get(AUDIT).status_code == status, user.username


def test_rows_name_linked_records_in_local_time_with_chinese_actions_and_links(world, client_for):
    """Names instead of 编号, Beijing time, 操作 in Chinese with a link to the record."""
    import datetime

    from django.utils import timezone

    from core.context import acting_as
    from core.models import AuditEvent
    from registry.tests.factories import licence

    with acting_as(world.admin_a):
        e = entity(world.county_a, name="东湖链接宾馆")
        lic = licence(e, number="链接-1")
    event = AuditEvent.objects.get(
        content_type__model="licence", object_id=str(lic.pk), action="create"
    )
    page = client_for(world.admin_a).get(AUDIT).content.decode()
    text = htmllib.unescape(page)
    assert "监管对象：东湖链接宾馆" in text
    assert f"编号{e.pk}" not in text
    local = timezone.localtime(event.created_at)
    assert local.utcoffset() == datetime.timedelta(hours=8)
    assert f"{local:%Y-%m-%d %H:%M}" in text
    assert "时间（北京时间）" in text and ">操作<" in text
    assert f'新增 <a href="{lic.get_absolute_url()}" class="small">查看记录</a>' in page
    assert "赵强" in text  # the actor's name beside the account
    # A record the reader may not see is named but not linked.
    other = entity(world.county_b, name="西山不可见宾馆")
    page = client_for(world.admin_a).get(AUDIT).content.decode()
    assert other.get_absolute_url() not in page


def test_a_deleted_record_is_named_as_gone():
    from core.audit_display import describe
    from registry.models import Licence

    assert describe({"before": {"entity_id": 999999}}, Licence, {}) == [
        "监管对象：编号999999（已不存在）"
    ]
