import datetime
import itertools

from core.models import Person
from supervision.models import Inspection, InspectionKind, SamplingPlan

_seq = itertools.count(1)
VALID = datetime.date(2030, 12, 31)


def inspector(agency, **kw):
    n = next(_seq)
    defaults = dict(
        name=f"执法员{n}",
        certificate_number=f"T{agency.code}{n:05d}",
        certificate_valid_until=VALID,
    )
    defaults.update(kw)
    return Person.objects.create(agency=agency, **defaults)


def plan(agency, **kw):
    defaults = dict(
        name="2026年公共场所双随机抽查",
        year=2026,
        source="national",
        strata_by=["subcategory"],
        quota_mode="proportion",
        quota_value="0.5",
        planned_on=datetime.date(2026, 5, 1),
        check_ends_on=datetime.date(2026, 6, 30),
    )
    defaults.update(kw)
    return SamplingPlan.objects.create(agency=agency, **defaults)


def inspection(
    agency, entity, people, *, day=datetime.date(2026, 5, 10), kind=InspectionKind.RANDOM, **kw
):
    from supervision import services

    obj = Inspection.objects.create(agency=agency, entity=entity, kind=kind, inspected_on=day, **kw)
    obj.inspectors.set(people)
    services.start_result_publication_deadline(obj)  # as the page and the API do
    return obj


def _task(agency):
    from registry.tests.factories import entity
    from supervision.models import Task

    return Task.objects.create(
        agency=agency, plan=plan(agency), entity=entity(agency), stratum="*", seq=1
    )


def _inspection(agency):
    from registry.tests.factories import entity

    return inspection(agency, entity(agency), [inspector(agency), inspector(agency)])


def _order(agency):
    from supervision.models import RectificationOrder

    insp = _inspection(agency)
    return RectificationOrder.objects.create(
        agency=agency,
        inspection=insp,
        number=f"测试整改{next(_seq)}号",
        issued_on=insp.inspected_on,
        due_on=insp.inspected_on + datetime.timedelta(days=30),
        requirements="限期整改",
    )


def _campaign(agency):
    from supervision.models import Campaign

    return Campaign.objects.create(
        agency=agency,
        name=f"专项行动{next(_seq)}",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )


def _item(agency):
    from supervision.models import InspectionItem

    return InspectionItem.objects.create(
        agency=agency,
        name=f"抽查事项{next(_seq)}",
        category="public_place",
        basis="《公共场所卫生管理条例》",
        level="county",
    )


def _conflict(agency):
    from registry.tests.factories import entity
    from supervision.models import Conflict

    return Conflict.objects.create(
        agency=agency, person=inspector(agency), entity=entity(agency), reason="近亲属"
    )


def _record_makers():
    from supervision import models as m

    return {
        m.SamplingPlan: plan,
        m.Task: _task,
        m.Inspection: _inspection,
        m.RectificationOrder: _order,
        m.Campaign: _campaign,
        m.InspectionItem: _item,
        m.Conflict: _conflict,
    }


#: model → builder of a saved record in a given agency (``core.tests.scoping.record_makers``).
RECORD_MAKERS = _record_makers()


def legal_officer(agency, name="法规科抽取员"):
    """A 法规科 login of ``agency`` linked to a person (who draws 双随机 plans)."""
    from core.models import Role, User

    person = Person.objects.create(agency=agency, name=name)
    user = User(username=f"legal{next(_seq)}", agency=agency, role=Role.LEGAL_OFFICE, person=person)
    user.set_unusable_password()
    user.save()
    return user


def witness(agency, name="纪检监督员"):
    """A person of ``agency`` who witnesses a draw (holds no 执法证)."""
    return Person.objects.create(agency=agency, name=f"{name}{next(_seq)}")


def draw(p, *, seed=None, drawer=None, witness_person=None, on=None):
    """抽取 as 法规科 does it, with a witness, on the day before the plan's checks begin
    (``on``: the day of the draw). Returns the ``DrawResult``."""
    import time_machine
    from django.utils import timezone

    from supervision import services

    drawer = drawer or legal_officer(p.agency)
    witness_person = witness_person or witness(p.agency)
    day = on or p.planned_on - datetime.timedelta(days=1)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    with time_machine.travel(moment, tick=False):
        return services.run_draw(p, actor=drawer, seed=seed, witness=witness_person)
