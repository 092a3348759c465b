from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "报告审查"

    def ready(self) -> None:
        from core.navigation import MenuItem, register_menu, register_shortcut

        register_menu(
            "review",
            "报告审查",
            [MenuItem("审查与对比", "review:upload", "core.use_review")],
            order=500,
        )
        register_shortcut(
            ["legal_office", "supervisor", "leader"],
            "审查报告",
            "review:upload",
            "core.use_review",
            hint="检查年度报告的结构、数字和文字",
        )
