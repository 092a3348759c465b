"""Demo data: a year of 行政处罚 cases per county, each taken through ``enforcement.workflow``.

Every case is moved step by step as an officer would (立案, 调查终结, 告知, 陈述申辩 or
听证, 法制审核 and 集体讨论 for 重大 ones, 决定, 送达, 公示, 缴款, 结案), so its dates,
numbers, clocks and audit events are those the pages would have made. Counties differ in how
many cases they have and in their mix; some cases are still open at the end of the year, some
end in 不予处罚, some by 简易程序. The agency's 负责人 (``countyN.leader`` for the first
three) approves and decides.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from core import audit
from core.deadlines import deadlines_for
from core.models import Person, Role, User
from demo.context import DEMO_PASSWORD
from enforcement import rules, workflow
from enforcement.models import (
    Case,
    CaseSource,
    DiscretionGrade,
    Domain,
    PartyKind,
    PenaltyKind,
    Violation,
)
from enforcement.services import CATEGORY_DOMAINS
from registry.models import SupervisedEntity

ORDER = 30

#: 专业 mix of a county's cases (seed 001: 医疗卫生 the most, then 公共场所).
DOMAIN_WEIGHTS = {
    Domain.MEDICAL_INSTITUTION: 40,
    Domain.PHYSICIAN: 15,
    Domain.PUBLIC_PLACE: 20,
    Domain.DRINKING_WATER: 5,
    Domain.OCCUPATIONAL: 6,
    Domain.RADIATION: 4,
    Domain.INFECTIOUS: 4,
    Domain.DISINFECTION: 4,
    Domain.SCHOOL: 2,
}
SOURCES = [
    CaseSource.INSPECTION,
    CaseSource.RANDOM_CHECK,
    CaseSource.COMPLAINT,
    CaseSource.TRANSFER,
]


def _leader(ctx, county, i: int, password: str) -> User:
    found = User.objects.filter(agency=county, role=Role.LEADER, person__isnull=False).first()
    if found:
        return found
    name = f"{county.short_name or county.name[:4]}局长"
    (person,) = audit.bulk_create(Person, [Person(agency=county, name=name)], note="演示数据")
    username = f"county{i}.leader" if i <= 3 else f"leader.{county.code}"
    user = User(username=username, agency=county, role=Role.LEADER, person=person)
    user.password = password
    user.save()
    if i <= 3:
        ctx.users.append((username, Role.LEADER.label, county.name))
    return user


def _reviewer(county) -> tuple[User, Person]:
    user = User.objects.filter(
        agency=county, role=Role.LEGAL_REVIEWER, person__isnull=False
    ).first()
    if user is None:
        (person,) = audit.bulk_create(
            Person,
            [Person(agency=county, name="法制审核员", has_legal_qualification=True)],
            note="演示数据",
        )
        user = User(
            username=f"reviewer.{county.code}",
            agency=county,
            role=Role.LEGAL_REVIEWER,
            person=person,
        )
        user.set_unusable_password()
        user.save()
    if not user.person.has_legal_qualification:
        Person.objects.filter(pk=user.person_id).update(has_legal_qualification=True)
        user.person.refresh_from_db()
    return user, user.person


def _officer(county, people: list[int]) -> User:
    """The inspector who handles the demo cases: a login of a certified person, who is the
    主办人 of each case (an inspector moves only the cases they investigate)."""
    user = User.objects.filter(agency=county, role=Role.INSPECTOR, person_id__in=people).first()
    if user is None:
        user = User(
            username=f"officer.{county.code}",
            agency=county,
            role=Role.INSPECTOR,
            person_id=people[0],
        )
        user.set_unusable_password()
        user.save()
    return user


def _working_day(day: datetime.date) -> datetime.date:
    from core.calendar import get_calendar

    cal = get_calendar()
    while not cal.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def build_demo(ctx) -> None:
    rng, year = ctx.rng, ctx.year
    total = ctx.params["cases"]
    if not Violation.objects.exists():  # a flushed database: the catalogue its migration seeds
        from enforcement.services import load_catalogue

        load_catalogue()
    violations: dict[str, list[Violation]] = {}
    for v in Violation.objects.prefetch_related("levels"):
        violations.setdefault(v.domain, []).append(v)
    password = make_password(DEMO_PASSWORD)
    counties = ctx.counties
    shares = [rng.uniform(0.4, 1.6) for _ in counties]
    made = 0
    for i, (county, share) in enumerate(zip(counties, shares, strict=True), start=1):
        n = max(1, round(total * share / sum(shares)))
        boss = _leader(ctx, county, i, password)
        reviewer_user, reviewer = _reviewer(county)
        people = list(
            Person.objects.certified_on(datetime.date(year, 1, 1))
            .filter(agency=county)
            .filter(pk__in=Person.objects.certified_on(datetime.date(year + 1, 3, 31)).values("pk"))
            .exclude(pk__in=[boss.person_id, reviewer.pk])
            .values_list("pk", flat=True)
        )
        entities = list(
            SupervisedEntity.objects.filter(agency=county).values_list("pk", "category")[:2000]
        )
        if len(people) < 2 or not entities:
            continue
        officer = _officer(county, people)
        others = [p.pk for p in Person.objects.filter(agency=county).exclude(pk__in=people)[:2]]
        for _k in range(n):
            _one_case(
                ctx,
                county,
                year,
                boss,
                officer,
                reviewer_user,
                reviewer,
                people,
                others,
                entities,
                violations,
            )
            made += 1
        ctx.progress("行政处罚案件", made, total)


def _one_case(
    ctx, county, year, boss, officer, reviewer_user, reviewer, people, others, entities, violations
) -> None:
    rng = ctx.rng
    entity_id, category = rng.choice(entities)
    entity = SupervisedEntity.objects.get(pk=entity_id)
    domain = CATEGORY_DOMAINS.get(category, Domain.OTHER)
    if domain == Domain.MEDICAL_INSTITUTION and rng.random() < 0.3:
        domain = Domain.PHYSICIAN
    choices = violations.get(domain) or violations.get(Domain.PUBLIC_PLACE)
    v = rng.choice(choices)
    clue = _working_day(datetime.date(year, 1, 2) + datetime.timedelta(days=rng.randrange(0, 330)))
    case = Case.objects.create(
        agency=county,
        cause=f"{entity.name}{v.name}案",
        source=rng.choice(SOURCES),
        domain=domain,
        clue_on=clue,
        entity=entity,
        party_kind=PartyKind.ORGANISATION,
        party_name=entity.name,
        party_code=entity.uscc,
        legal_representative=entity.legal_representative,
        party_address=entity.address,
        place=entity.address,
    )
    team = [officer.person_id, rng.choice([p for p in people if p != officer.person_id])]
    workflow.set_team(
        case, [(Person(pk=p), j == 0, clue) for j, p in enumerate(team)], actor=officer
    )
    levels = {lv.grade: lv for lv in v.levels.all()}
    if rng.random() < 0.08 and DiscretionGrade.MINOR in levels:  # 简易程序: a warning on the spot
        case.facts = f"经查，{entity.name}{v.name}，情节轻微。"
        case.violation, case.discretion_grade = v, DiscretionGrade.MINOR
        case.penalty_kinds = [PenaltyKind.WARNING]
        case.save()
        workflow.decide_on_the_spot(case, actor=officer, on=clue)
        workflow.close(case, actor=officer, on=clue)
        return
    day = clue
    workflow.file_case(case, actor=boss, on=day)
    stage = rng.random()
    late = clue.month >= 11
    if late and stage < 0.5:
        return  # still under investigation at the year's end
    day = _working_day(day + datetime.timedelta(days=rng.randint(10, 40)))
    workflow.close_investigation(
        case,
        actor=officer,
        facts=f"经查，{entity.name}{v.name}。",
        report="事实清楚，证据确凿，建议给予行政处罚。",
        on=day,
    )
    if stage < 0.06:
        workflow.decide_no_penalty(
            case, actor=boss, reason="first", list_item="本省卫生健康领域首违不罚清单", on=day
        )
        workflow.close(case, actor=officer, on=day)
        return
    grade = rng.choices(list(levels), weights=[5, 3, 1][: len(levels)])[0]
    level = levels[grade]
    fined = [lv for lv in levels.values() if lv.fine_max]
    if PenaltyKind.FINE in v.penalty_kinds and (level.fine_max or fined):
        if not level.fine_max:  # a warning-only level: the next level's fine
            level = fined[0]
            grade = level.grade
        low, high = max(int(level.fine_min or 0), 100), int(level.fine_max)
        fine = Decimal(rng.randrange(low, high + 1, 100) if high > low else high)
        kinds = [PenaltyKind.FINE]
    else:
        fine = Decimal(0)
        others = [
            k for k in v.penalty_kinds if k not in (PenaltyKind.FINE, PenaltyKind.CONFISCATE_INCOME)
        ]
        kinds = [PenaltyKind.WARNING] if PenaltyKind.WARNING in others else others[:1]
    income = Decimal(0)
    if PenaltyKind.CONFISCATE_INCOME in v.penalty_kinds and rng.random() < 0.3:
        income = Decimal(rng.randrange(500, 30000, 10))
        kinds.append(PenaltyKind.CONFISCATE_INCOME)
    case.violation, case.discretion_grade = v, grade
    case.penalty_kinds, case.fine, case.confiscated_income = kinds, fine, income
    case.save()
    day = _working_day(day + datetime.timedelta(days=rng.randint(1, 5)))
    workflow.notify(case, actor=officer, on=day)
    if case.hearing_in_scope:  # the 听证 period lapses without a request
        lapse = deadlines_for(case).get(rule_id=rules.HEARING_REQUEST_RULE).due_on
        day = _working_day(lapse + datetime.timedelta(days=1))
    elif case.is_major:
        day = _working_day(day + datetime.timedelta(days=3))
    else:
        day = _working_day(day + datetime.timedelta(days=rng.randint(1, 4)))
        workflow.record_statement(case, actor=officer, on=day, waived=rng.random() < 0.6)
        day = _working_day(day + datetime.timedelta(days=1))
    if case.is_major:
        workflow.submit_review(case, actor=officer, reviewer=reviewer, on=day)
        day = _working_day(day + datetime.timedelta(days=rng.randint(1, 4)))
        workflow.record_review(
            case,
            actor=reviewer_user,
            outcome="pass",
            opinion="事实清楚，证据确凿，程序合法，裁量适当。",
            on=day,
        )
        chairs = (boss.person_id, reviewer.pk, *team)
        bench = [p for p in dict.fromkeys((*others, *people)) if p not in chairs]
        attendees = [boss.person_id, reviewer.pk, *bench[:2]]
        workflow.discuss(
            case,
            actor=boss,
            held_on=day,
            attendees=Person.objects.filter(pk__in=attendees),
            opinions="同意承办人员意见。",
            conclusion="依法给予行政处罚。",
        )
        day = _working_day(day + datetime.timedelta(days=1))
    if day.year > year:
        return
    workflow.decide(case, actor=boss, on=day)
    workflow.serve(case, actor=officer, method="direct", on=day, credit_notice=True)
    publicize_on = _working_day(day + datetime.timedelta(days=rng.randint(1, 6)))
    workflow.publicize(case, actor=officer, on=publicize_on)
    if case.amount_due > 0:
        paid_on = day + datetime.timedelta(days=rng.randint(3, 14))
        if paid_on.year > year or rng.random() < 0.05:
            return  # not yet paid
        workflow.pay(case, actor=officer, amount=case.amount_due, on=paid_on)
        day = paid_on
    workflow.close(case, actor=officer, on=max(day, publicize_on))
