from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "双随机与监督检查"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.models import Role
        from core.navigation import MenuItem, register_menu
        from core.roles import READ_ROLES, grant, sync_role_groups
        from supervision import (
            documents,  # noqa: F401  (registers the 执法文书 printed from inspections and plans)
            history,  # noqa: F401  (registers the entity page's 监管记录)
            pending,  # noqa: F401  (registers the inspectors' 待办)
            rules,  # noqa: F401  (registers the 公示 deadline rule)
        )

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
        grant(
            READ_ROLES,
            "supervision.view_task",
            "supervision.view_checklistpoint",
            *(f"supervision.view_{m}" for m in models),
        )
        # 检查要点 are shared reference data: only administrators maintain them.
        grant([Role.ADMIN], "supervision.add_checklistpoint", "supervision.change_checklistpoint")
        grant([Role.ADMIN, Role.INSPECTOR, Role.LEGAL_OFFICE], "supervision.change_task")
        records = [m for m in models if m != "samplingplan"]
        grant(
            [Role.ADMIN, Role.INSPECTOR, Role.LEGAL_OFFICE],
            *(f"supervision.{a}_{m}" for m in records for a in ("add", "change")),
        )
        # Separation of duties (RULES §4): 双随机 plans are made, drawn and published by 法规科,
        # never by the inspectors who may be drawn (supervision.workflow.draw_duties).
        grant(
            [Role.LEGAL_OFFICE],
            "supervision.add_samplingplan",
            "supervision.change_samplingplan",
            "supervision.draw_samplingplan",
        )
        register_menu(
            "supervision",
            "双随机与检查",
            [
                MenuItem("抽查计划", "supervision:plan_list", "supervision.view_samplingplan"),
                MenuItem("抽查任务", "supervision:task_list", "supervision.view_task"),
                MenuItem("监督检查", "supervision:inspection_list", "supervision.view_inspection"),
                MenuItem(
                    "检查结果公示",
                    "supervision:inspection_publish",
                    "supervision.change_inspection",
                ),
                MenuItem(
                    "整改与回头看",
                    "supervision:rectificationorder_list",
                    "supervision.view_rectificationorder",
                ),
                MenuItem("专项行动", "supervision:campaign_list", "supervision.view_campaign"),
                MenuItem(
                    "抽查事项清单",
                    "supervision:inspectionitem_list",
                    "supervision.view_inspectionitem",
                ),
                MenuItem(
                    "检查要点", "supervision:checklistpoint_list", "supervision.view_checklistpoint"
                ),
                MenuItem("回避申报", "supervision:conflict_list", "supervision.view_conflict"),
                MenuItem(
                    "公示逾期", "supervision:publication_overdue", "supervision.view_samplingplan"
                ),
            ],
            order=210,
        )
