from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "监督检查"

    def ready(self) -> None:
        from core.models import Role
        from core.navigation import MenuItem, register_menu
        from core.roles import READ_ROLES, grant

        register_menu(
            "supervision",
            "双随机",
            [
                MenuItem(
                    "抽查计划", "supervision:samplingplan_list", "supervision.view_samplingplan"
                ),
                MenuItem(
                    "新建抽查计划", "supervision:samplingplan_add", "supervision.add_samplingplan"
                ),
            ],
            order=300,
        )

        grant(
            READ_ROLES,
            "supervision.view_samplingplan",
            "supervision.view_task",
            "supervision.view_conflict",
        )
        grant(
            [Role.ADMIN, Role.LEGAL_OFFICE, Role.INSPECTOR],
            "supervision.add_samplingplan",
            "supervision.change_samplingplan",
            "supervision.add_conflict",
        )
