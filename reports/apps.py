from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        # The task views warn before an action changes a closed period's figures
        # (tasks/closed_periods.py); closings live here, above tasks.
        from tasks.closed_periods import register

        from .closing_guard import closed_period_changes

        register(closed_period_changes)
