from django.apps import AppConfig


class CchcConfig(AppConfig):
    name = "cchc"
    verbose_name = "CCHC Tracker"
