from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "监管对象"

    def ready(self) -> None:
        from core.models import Role
        from core.navigation import MenuItem, register_menu, register_shortcut
        from core.roles import READ_ROLES, grant

        staff = [Role.ADMIN, Role.LEGAL_OFFICE, Role.INSPECTOR]
        grant(READ_ROLES, "registry.view_supervisedentity", "registry.view_licence")
        grant(
            staff,
            "registry.add_supervisedentity",
            "registry.change_supervisedentity",
            "registry.add_licence",
            "registry.change_licence",
        )
        register_menu(
            "registry",
            "监管对象",
            [
                MenuItem(
                    "监管对象名录",
                    "registry:supervisedentity_list",
                    "registry.view_supervisedentity",
                ),
                MenuItem(
                    "导入监管对象",
                    "registry:supervisedentity_import",
                    "registry.add_supervisedentity",
                ),
            ],
            order=200,
        )
        register_shortcut(
            [Role.INSPECTOR, Role.ADMIN],
            "监管对象",
            "registry:supervisedentity_list",
            "registry.view_supervisedentity",
            "查找、登记辖区监管对象",
        )
