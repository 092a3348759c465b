from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = "行政处罚"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.models import Role
        from core.navigation import MenuItem, register_menu
        from core.roles import READ_ROLES, grant, sync_role_groups
        from enforcement import (
            documents,  # noqa: F401  (registers the 告知书 and 决定书)
            pending,  # noqa: F401  (routes the case clocks to their handlers)
            rules,  # noqa: F401  (registers the case clocks)
        )

        post_migrate.connect(sync_role_groups, sender=self)
        records = ("case", "legalreview", "collectivediscussion", "payment")
        grant(READ_ROLES, "enforcement.view_violation", *(f"enforcement.view_{m}" for m in records))
        grant(
            [Role.INSPECTOR, Role.LEGAL_OFFICE, Role.ADMIN],
            "enforcement.add_case",
            "enforcement.change_case",
        )
        grant([Role.LEADER], "enforcement.approve_case", "enforcement.change_case")
        grant([Role.LEGAL_REVIEWER], "enforcement.review_case")
        # 违法行为与裁量基准 are shared reference data: the top agency's administrators keep them.
        grant([Role.ADMIN], "enforcement.add_violation", "enforcement.change_violation")
        register_menu(
            "enforcement",
            "行政处罚",
            [
                MenuItem("行政处罚案件", "enforcement:case_list", "enforcement.view_case"),
                MenuItem(
                    "违法行为与裁量基准",
                    "enforcement:violation_list",
                    "enforcement.view_violation",
                ),
            ],
            order=220,
        )
