"""Roles (角色) and the permissions each grants.

Django permissions say *what* a role may do; the agency scope (``ScopedQuerySet``) says *on which
rows*. Each role is a ``Group`` of the same Chinese name, kept in step by ``sync_role_groups``
(run after every migrate). Apps add their permissions with ``grant``, in ``AppConfig.ready``.
"""

from __future__ import annotations

from collections import defaultdict

from core.models import Role

#: role → set of "app_label.codename" or "app_label.*_model" patterns.
ROLE_PERMISSIONS: dict[str, set[str]] = defaultdict(set)

ALL_ROLES = [r.value for r in Role]
#: Roles that read the records of their scope. The 审计员 reads the audit log only (三员分立:
#: who administers, who works and who audits are different people).
READ_ROLES = [r.value for r in Role if r != Role.AUDITOR]
STAFF_ROLES = [Role.ADMIN, Role.LEGAL_OFFICE, Role.INSPECTOR, Role.LEGAL_REVIEWER, Role.LEADER]
#: Roles that read the figures, the annual reports and the organisation behind them.
OVERSIGHT_ROLES = [
    Role.ADMIN,
    Role.LEGAL_OFFICE,
    Role.LEGAL_REVIEWER,
    Role.LEADER,
    Role.SUPERVISOR,
    Role.READONLY,
]


def grant(roles, *perms: str) -> None:
    for role in roles:
        ROLE_PERMISSIONS[str(role)].update(perms)


# Each role's menu is the pages it holds the permission of (core.navigation); the pages refuse
# the others. The matrix is in docs/architecture.md (菜单与角色).
grant([Role.ADMIN, Role.SUPERVISOR], "core.view_agency")
grant([Role.ADMIN, Role.LEGAL_OFFICE], "core.view_department", "core.view_region")
# The people directory (执法人员名录): inspectors read it to name their colleagues of a team and
# check a 执法证; phone numbers stay masked for all but those who maintain the records.
grant(READ_ROLES, "core.view_person")
grant([r for r in OVERSIGHT_ROLES if r != Role.LEGAL_REVIEWER], "core.view_indicators")
grant([r for r in OVERSIGHT_ROLES if r != Role.READONLY], "core.use_review")
# 文书模板: each agency's 系统管理员 and 法规科 keep the Word templates of its 执法文书.
grant(
    [Role.ADMIN, Role.LEGAL_OFFICE],
    "core.view_documenttemplate",
    "core.add_documenttemplate",
    "core.change_documenttemplate",
)
# The audit log: the 系统管理员 and the 审计员 only.
grant([Role.ADMIN, Role.AUDITOR], "core.view_auditevent")
grant(
    [Role.ADMIN],
    "core.add_agency",
    "core.change_agency",
    "core.add_department",
    "core.change_department",
    "core.add_region",
    "core.change_region",
    "core.add_person",
    "core.change_person",
    "core.add_user",
    "core.change_user",
    "core.view_user",
)
# The holiday calendar is shared data: every 系统管理员 holds these permissions, but only the
# top-level one may use them (``core.shared``).
grant(
    [Role.ADMIN, Role.LEGAL_OFFICE],
    "core.view_calendaryear",
    "core.view_calendarday",
)
grant(
    [Role.ADMIN],
    "core.add_calendarday",
    "core.change_calendarday",
    "core.delete_calendarday",
    "core.add_calendaryear",
    "core.change_calendaryear",
)
grant(
    [Role.LEGAL_OFFICE],
    "core.add_person",
    "core.change_person",
    "core.add_region",
    "core.change_region",
)


def sync_role_groups(**kwargs) -> None:
    """Create or update one Group per role with exactly the permissions granted above."""
    from django.contrib.auth.models import Group, Permission

    perms = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = [perms[k] for k in sorted(ROLE_PERMISSIONS.get(role.value, ())) if k in perms]
        group.permissions.set(wanted)


def group_for(role: str):
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=Role(role).label)
    return group
