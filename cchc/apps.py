from django.apps import AppConfig


class CchcConfig(AppConfig):
    name = "cchc"
    verbose_name = "CCHC Tracker"

    def ready(self):
        from .admin_labels import name_third_party_apps
        from .uploads import allow_long_file_names

        allow_long_file_names()
        name_third_party_apps()
