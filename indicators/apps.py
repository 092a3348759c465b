from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "指标与看板"

    def ready(self) -> None:
        from core.navigation import MenuItem, register_menu

        register_menu(
            "indicators",
            "指标看板",
            [
                MenuItem("本机构看板", "indicators:dashboard", "core.view_indicators"),
                MenuItem("指标目录", "indicators:catalogue", "core.view_indicators"),
            ],
            order=400,
        )
