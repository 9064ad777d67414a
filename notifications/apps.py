from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo, nhắc việc")

    def ready(self) -> None:
        # Decisions (returned, confirmed, extension approved/refused, refused by the head) are
        # told at once: other apps may not import this one, so it listens to the task history.
        from . import signals

        signals.connect()
