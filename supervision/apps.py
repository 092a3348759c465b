from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "双随机与监督检查"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.models import Role
        from core.navigation import MenuItem, register_menu
        from core.roles import READ_ROLES, grant, sync_role_groups

        # Our permissions exist only after this app's own post_migrate; re-sync role groups then.
        post_migrate.connect(sync_role_groups, sender=self)

        models = (
            "samplingplan",
            "inspection",
            "rectificationorder",
            "campaign",
            "inspectionitem",
            "conflict",
        )
        grant(READ_ROLES, "supervision.view_task", *(f"supervision.view_{m}" for m in models))
        grant([Role.ADMIN, Role.INSPECTOR, Role.LEGAL_OFFICE], "supervision.change_task")
        grant(
            [Role.ADMIN, Role.INSPECTOR, Role.LEGAL_OFFICE],
            *(f"supervision.{a}_{m}" for m in models for a in ("add", "change")),
        )
        register_menu(
            "supervision",
            "双随机与检查",
            [
                MenuItem("抽查计划", "supervision:plan_list", "supervision.view_samplingplan"),
                MenuItem("抽查任务", "supervision:task_list", "supervision.view_task"),
                MenuItem("监督检查", "supervision:inspection_list", "supervision.view_inspection"),
                MenuItem(
                    "公示逾期", "supervision:publication_overdue", "supervision.view_samplingplan"
                ),
            ],
            order=210,
        )
