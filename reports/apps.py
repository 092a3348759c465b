from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "法治政府建设年度报告"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.models import Role
        from core.navigation import MenuItem, register_menu
        from core.roles import OVERSIGHT_ROLES, grant, sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self)
        # The report's readers; inspectors' work is in the records, not the report.
        grant(OVERSIGHT_ROLES, "reports.view_annualreport", "reports.view_reportversion")
        grant(
            [Role.ADMIN, Role.LEGAL_OFFICE, Role.LEADER, Role.LEGAL_REVIEWER],
            "reports.add_annualreport",
            "reports.change_annualreport",
        )
        register_menu(
            "reports",
            "年度报告",
            [
                MenuItem(
                    "法治政府建设年度报告", "reports:annualreport_list", "reports.view_annualreport"
                )
            ],
            order=420,
        )
