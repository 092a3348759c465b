"""Figures of 行政处罚 for the indicator catalogue (RULES §2, §3, §11 rows 10, 11, 21–24).

Cases are few (tens to a few thousand a year per agency), so every figure is counted from the
records; withdrawn cases (撤回) count nowhere. 立案 counts the cases filed in the period under
either procedure (a 简易程序 case is filed and decided the same day); 罚没金额 sums the 罚款,
没收违法所得 and 没收非法财物作价 of the decisions made in the period, each kept apart.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from core.indicators import Measure, indicator, subtree_sums
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


def _between(field: str, period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _filed(scope, period):
    return _in(_cases(scope), "filed_on", period)


def _counts(scope, period) -> dict:
    """Every case figure of ``scope`` for ``period``, from one grouped query per scope tree
    (``subtree_sums``): a city's dashboard asks the city and each county without more queries."""

    def load(path: str) -> dict[str, dict]:
        filed, decided = _between("filed_on", period), _between("decided_on", period)
        discussed = CollectiveDiscussion.objects.filter(
            case=OuterRef("pk"), held_on__gte=period.start, held_on__lte=period.end
        )
        passed = LegalReview.objects.filter(case=OuterRef("pk"), outcome=ReviewOutcome.PASS)
        rows = (
            Case.objects.filter(agency__path__startswith=path, withdrawn_at__isnull=True)
            .annotate(discussed=Exists(discussed), passed=Exists(passed))
            .order_by()
            .values("agency__path", "domain")
            .annotate(
                filed=Count("id", filter=filed),
                closed=Count("id", filter=_between("closed_on", period)),
                filed_closed=Count("id", filter=filed & Q(closed_on__lte=period.end)),
                fine=Sum("fine", filter=decided, default=Decimal(0)),
                income=Sum("confiscated_income", filter=decided, default=Decimal(0)),
                goods=Sum("confiscated_property_value", filter=decided, default=Decimal(0)),
                major=Count("id", filter=decided & Q(is_major=True)),
                reviewed=Count("id", filter=decided & Q(is_major=True, passed=True)),
                discussions=Count("id", filter=Q(discussed=True)),
                published=Count("id", filter=_between("publicized_on", period)),
            )
        )
        out: dict[str, dict] = {}
        for r in rows:
            path, domain = r.pop("agency__path"), r.pop("domain")
            counts = out.setdefault(path, {})
            for name, n in r.items():
                counts[name] = counts.get(name, 0) + n
            counts[f"filed:{domain}"] = counts.get(f"filed:{domain}", 0) + r["filed"]
        return out

    return subtree_sums(("enforcement", "cases", period.start, period.end), scope, load)


#: Ties are listed in the order reports use (医疗卫生 first).
GROUP_ORDER = list(dict.fromkeys([*REPORT_GROUPS.values(), "其他"]))


def _by_group(scope, period, counts) -> dict[str, Measure]:
    """立案's parts by the 专业 reports name (医疗卫生、公共场所卫生…), largest first."""
    groups: dict[str, int] = {}
    domains: dict[str, list[str]] = {}
    for name, n in counts.items():
        if not name.startswith("filed:") or not n:
            continue
        domain = name.removeprefix("filed:")
        group = REPORT_GROUPS.get(domain, "其他")
        groups[group] = groups.get(group, 0) + n
        domains.setdefault(group, []).append(domain)
    return {
        group: Measure(
            value=n,
            records=lambda d=tuple(domains[group]): _filed(scope, period).filter(domain__in=d),
            label=group,
        )
        for group, n in sorted(groups.items(), key=lambda kv: (-kv[1], GROUP_ORDER.index(kv[0])))
    }


@indicator("cases_filed")
def cases_filed(scope, period) -> Measure:
    """立案（件）：cases filed in the period; ``breakdown`` by 专业 (seed 001: 医疗卫生51件…)."""
    c = _counts(scope, period)
    return Measure(
        value=c.get("filed", 0),
        records=lambda: _filed(scope, period),
        breakdown=_by_group(scope, period, c),
    )


@indicator("cases_closed")
def cases_closed(scope, period) -> Measure:
    """结案（件）：cases closed in the period, whenever they were filed."""
    return Measure(
        value=_counts(scope, period).get("closed", 0),
        records=lambda: _in(_cases(scope), "closed_on", period),
    )


@indicator("case_closure_rate")
def case_closure_rate(scope, period) -> Measure:
    """结案率 = filed cases closed by the period's end ÷ cases filed (002: 44/44)."""
    c = _counts(scope, period)
    n, d = c.get("filed_closed", 0), c.get("filed", 0)
    return Measure(
        rate(n, d),
        records=lambda: _filed(scope, period).filter(closed_on__lte=period.end),
        numerator=n,
        denominator=d,
        denominator_records=lambda: _filed(scope, period),
    )


@indicator("fines_and_confiscations")
def fines_and_confiscations(scope, period) -> Measure:
    """罚没金额（元；报告以万元印出）：the decisions of the period. ``breakdown``: 罚款,
    没收违法所得, 没收非法财物作价 (seed 001: 18.2536万元, 其中没收违法所得6.2036万元)."""
    c = _counts(scope, period)

    def decided():
        return _in(_cases(scope), "decided_on", period)

    parts = {
        "fine": ("罚款", "fine"),
        "confiscated_income": ("没收违法所得", "income"),
        "confiscated_property_value": ("没收非法财物作价", "goods"),
    }
    breakdown = {
        field: Measure(
            value=c[key],
            records=lambda field=field: decided().filter(**{f"{field}__gt": 0}),
            label=label,
        )
        for field, (label, key) in parts.items()
        if c.get(key)
    }
    total = sum((c.get(k) or Decimal(0) for k in ("fine", "income", "goods")), Decimal(0))
    return Measure(
        value=total,
        records=lambda: decided().exclude(
            fine=0, confiscated_income=0, confiscated_property_value=0
        ),
        breakdown=breakdown,
    )


@indicator("collective_discussions")
def collective_discussions(scope, period) -> Measure:
    """集体讨论（件）：cases discussed by the 负责人 collectively in the period (seed 001: 4)."""

    def records():
        held = _in(CollectiveDiscussion.objects.in_scope(scope), "held_on", period)
        return _cases(scope).filter(Exists(held.filter(case=OuterRef("pk"))))

    return Measure(value=_counts(scope, period).get("discussions", 0), records=records)


@indicator("legal_review_rate")
def legal_review_rate(scope, period) -> Measure:
    """法制审核率 = 重大 decisions of the period that passed 法制审核 ÷ 重大 decisions of the
    period (行政处罚法第58条; seed 001 writes “法治审核率100%”)."""
    c = _counts(scope, period)

    def major():
        return _in(_cases(scope), "decided_on", period).filter(is_major=True)

    def reviewed():
        passed = LegalReview.objects.filter(case=OuterRef("pk"), outcome=ReviewOutcome.PASS)
        return major().filter(Exists(passed))

    n, d = c.get("reviewed", 0), c.get("major", 0)
    return Measure(
        rate(n, d), records=reviewed, numerator=n, denominator=d, denominator_records=major
    )


@indicator("penalty_publications")
def penalty_publications(scope, period) -> Measure:
    """公示行政处罚决定（条）：decisions published in the period (seed 004: 27条)."""
    return Measure(
        value=_counts(scope, period).get("published", 0),
        records=lambda: _in(_cases(scope), "publicized_on", period),
    )
