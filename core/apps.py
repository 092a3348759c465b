from django.apps import AppConfig


def recount_after_flush(sender, using="default", plan=None, **kwargs) -> None:
    """``flush`` (tests emptying the database) sends post_migrate without a plan: the triggers
    fired while the tables were emptied one by one, so the counts are recounted (to nothing)."""
    if plan is not None:
        return
    from django.db import connections

    from core import tallies

    tallies.rebuild(tallies.registered(), connections[using])


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础数据"

    def ready(self) -> None:
        from django.db.models import fields
        from django.db.models.signals import post_migrate
        from django.urls import register_converter

        import core.jobs
        import core.lookups  # noqa: F401  (registers ``__in`` bounded to integer ranges)
        from core.params import YearConverter

        # ``<year:…>`` in URL patterns: four digits, so that no path names a year Python
        # cannot build a date in.
        register_converter(YearConverter, "year")

        # Django 6.1's blank choice has no Chinese translation yet; it documents overriding it here.
        fields.BLANK_CHOICE_LABEL = "— 请选择 —"

        from core.models import Role
        from core.navigation import MenuItem, register_menu, register_shortcut
        from core.roles import sync_role_groups

        # After every app's migrate: later apps add permissions that roles must include.
        post_migrate.connect(sync_role_groups, dispatch_uid="fazhi_sync_role_groups")
        post_migrate.connect(recount_after_flush, sender=self, dispatch_uid="fazhi_tallies")

        admins = [Role.ADMIN]
        register_shortcut(
            admins, "人员管理", "core:person_list", "core.view_person", "维护执法人员及执法证信息"
        )
        register_shortcut(
            admins, "导入人员", "core:person_import", "core.add_person", "从 Excel 批量导入人员"
        )
        register_shortcut(
            admins, "机构管理", "core:agency_list", "core.view_agency", "维护下级机构"
        )
        register_shortcut(
            [Role.ADMIN, Role.AUDITOR],
            "审计日志",
            "core:auditevent_list",
            "core.view_auditevent",
            "谁在何时对哪条记录做了什么",
        )
        register_shortcut(
            [Role.LEGAL_OFFICE, Role.LEADER, Role.SUPERVISOR],
            "执法人员名录",
            "core:person_list",
            "core.view_person",
            "查看持证执法人员",
        )

        from core import (
            receivers,  # noqa: F401  (connects the audit receivers)
            tokens,  # noqa: F401  (connects API token revocation)
        )
        from core.indicators import autodiscover

        autodiscover()

        register_menu(
            "core",
            "机构与人员",
            [
                MenuItem("机构", "core:agency_list", "core.view_agency"),
                MenuItem("科室", "core:department_list", "core.view_department"),
                MenuItem("片区", "core:region_list", "core.view_region"),
                MenuItem("人员", "core:person_list", "core.view_person"),
                MenuItem("用户与角色", "core:user_list", "core.view_user"),
                MenuItem("节假日安排", "core:calendar_year_list", "core.view_calendaryear"),
                MenuItem("文书模板", "core:documenttemplate_list", "core.view_documenttemplate"),
                MenuItem("审计日志", "core:auditevent_list", "core.view_auditevent"),
            ],
            order=900,
        )
