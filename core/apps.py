from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础数据"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.navigation import MenuItem, register_menu
        from core.roles import sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self)

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
            ],
            order=900,
        )
