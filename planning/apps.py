from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """The plan as people work with it: plan pages and the plan import. It sits above tasks
    (it creates and lists them) and reports (the plan pages show completion figures)."""

    name = "planning"
    verbose_name = "Kế hoạch (trang và nhập)"
