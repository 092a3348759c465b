"""Figures of 行政处罚 for the indicator catalogue (RULES §2, §3, §11 rows 10, 11, 21–24).

Cases are few (tens to a few thousand a year per agency), so every figure is counted from the
records; withdrawn cases (撤回) count nowhere. 立案 counts the cases filed in the period under
either procedure (a 简易程序 case is filed and decided the same day); 罚没金额 sums the 罚款,
没收违法所得 and 没收非法财物作价 of the decisions made in the period, each kept apart.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from core.indicators import Measure, indicator
from enforcement.models import (
    REPORT_GROUPS,
    Case,
    CollectiveDiscussion,
    LegalReview,
    ReviewOutcome,
)
from supervision.indicators import rate


def _cases(scope):
    return Case.objects.in_scope(scope).filter(withdrawn_at__isnull=True)


def _in(qs, field, period):
    return qs.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _filed(scope, period):
    return _in(_cases(scope), "filed_on", period)


#: Ties are listed in the order reports use (医疗卫生 first).
GROUP_ORDER = list(dict.fromkeys([*REPORT_GROUPS.values(), "其他"]))


def _by_group(qs) -> dict[str, Measure]:
    """A figure's parts by the 专业 reports name (医疗卫生、公共场所卫生…), largest first."""
    counts: dict[str, int] = {}
    domains: dict[str, list[str]] = {}
    for domain, n in qs.order_by().values_list("domain").annotate(n=Count("id")):
        group = REPORT_GROUPS.get(domain, "其他")
        counts[group] = counts.get(group, 0) + n
        domains.setdefault(group, []).append(domain)
    return {
        group: Measure(
            value=n, records=lambda d=tuple(domains[group]): qs.filter(domain__in=d), label=group
        )
        for group, n in sorted(counts.items(), key=lambda kv: (-kv[1], GROUP_ORDER.index(kv[0])))
    }


@indicator("cases_filed")
def cases_filed(scope, period) -> Measure:
    """立案（件）：cases filed in the period; ``breakdown`` by 专业 (seed 001: 医疗卫生51件…)."""
    qs = _filed(scope, period)
    return Measure(value=qs.count(), records=qs, breakdown=_by_group(qs))


@indicator("cases_closed")
def cases_closed(scope, period) -> Measure:
    """结案（件）：cases closed in the period, whenever they were filed."""
    qs = _in(_cases(scope), "closed_on", period)
    return Measure(value=qs.count(), records=qs)


@indicator("case_closure_rate")
def case_closure_rate(scope, period) -> Measure:
    """结案率 = filed cases closed by the period's end ÷ cases filed (002: 44/44)."""
    filed = _filed(scope, period)
    closed = filed.filter(closed_on__isnull=False, closed_on__lte=period.end)
    n, d = closed.count(), filed.count()
    return Measure(
        rate(n, d), records=closed, numerator=n, denominator=d, denominator_records=filed
    )


@indicator("fines_and_confiscations")
def fines_and_confiscations(scope, period) -> Measure:
    """罚没金额（元；报告以万元印出）：the decisions of the period. ``breakdown``: 罚款,
    没收违法所得, 没收非法财物作价 (seed 001: 18.2536万元, 其中没收违法所得6.2036万元)."""
    qs = _in(_cases(scope), "decided_on", period)
    sums = qs.aggregate(
        fine=Sum("fine"), income=Sum("confiscated_income"), goods=Sum("confiscated_property_value")
    )
    parts = {
        "fine": ("罚款", "fine"),
        "confiscated_income": ("没收违法所得", "income"),
        "confiscated_property_value": ("没收非法财物作价", "goods"),
    }
    breakdown = {
        field: Measure(
            value=sums[key] or Decimal(0),
            records=lambda field=field: qs.filter(**{f"{field}__gt": 0}),
            label=label,
        )
        for field, (label, key) in parts.items()
        if sums[key]
    }
    total = sum((sums[k] or Decimal(0) for k in ("fine", "income", "goods")), Decimal(0))
    money = qs.exclude(fine=0, confiscated_income=0, confiscated_property_value=0)
    return Measure(value=total, records=money, breakdown=breakdown)


@indicator("collective_discussions")
def collective_discussions(scope, period) -> Measure:
    """集体讨论（件）：cases discussed by the 负责人 collectively in the period (seed 001: 4)."""
    held = _in(CollectiveDiscussion.objects.in_scope(scope), "held_on", period)
    qs = _cases(scope).filter(Exists(held.filter(case=OuterRef("pk"))))
    return Measure(value=qs.count(), records=qs)


@indicator("legal_review_rate")
def legal_review_rate(scope, period) -> Measure:
    """法制审核率 = 重大 decisions of the period that passed 法制审核 ÷ 重大 decisions of the
    period (行政处罚法第58条; seed 001 writes “法治审核率100%”)."""
    major = _in(_cases(scope), "decided_on", period).filter(is_major=True)
    passed = LegalReview.objects.filter(case=OuterRef("pk"), outcome=ReviewOutcome.PASS)
    reviewed = major.filter(Exists(passed))
    n, d = reviewed.count(), major.count()
    return Measure(
        rate(n, d), records=reviewed, numerator=n, denominator=d, denominator_records=major
    )


@indicator("penalty_publications")
def penalty_publications(scope, period) -> Measure:
    """公示行政处罚决定（条）：decisions published in the period (seed 004: 27条)."""
    qs = _in(_cases(scope), "publicized_on", period)
    return Measure(value=qs.count(), records=qs)
