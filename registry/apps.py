from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "监管对象"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.models import Role
        from core.navigation import MenuItem, register_menu
        from core.roles import READ_ROLES, grant, sync_role_groups

        # Our permissions exist only after this app's own post_migrate; re-sync role groups then.
        post_migrate.connect(sync_role_groups, sender=self)

        grant(READ_ROLES, "registry.view_supervisedentity", "registry.view_licence")
        grant(
            [Role.ADMIN, Role.INSPECTOR, Role.LEGAL_OFFICE],
            "registry.add_supervisedentity",
            "registry.change_supervisedentity",
            "registry.add_licence",
            "registry.change_licence",
        )
        register_menu(
            "registry",
            "监管对象",
            [MenuItem("监管对象名录", "registry:entity_list", "registry.view_supervisedentity")],
            order=200,
        )
