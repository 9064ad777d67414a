from django.apps import AppConfig


class CchcConfig(AppConfig):
    name = "cchc"
    verbose_name = "CCHC Tracker"

    def ready(self):
        from .uploads import allow_long_file_names

        allow_long_file_names()
