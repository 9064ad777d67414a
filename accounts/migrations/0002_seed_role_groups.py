"""The four roles as auth groups. Access is decided by accounts/access.py, not by
model permissions, except that the secretariat may use the admin for plans and units."""

from django.db import migrations

ROLES = ["secretariat", "leader", "unit_head", "unit_staff"]
SECRETARIAT_MODELS = [
    ("units", "unit"),
    ("units", "unitgroup"),
    ("plans", "plan"),
    ("plans", "reformarea"),
    ("tasks", "task"),
    ("accounts", "user"),
]


def ensure_permissions(apps):
    """Permissions are normally created after migrate; make sure they exist now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def seed(apps, schema_editor):
    ensure_permissions(apps)
    assign(apps)


def assign(apps):
    """Create the groups and grant the secretariat's permissions (also used by tests)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    secretariat = Group.objects.get(name="secretariat")
    for app_label, model in SECRETARIAT_MODELS:
        secretariat.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("units", "0001_initial"),
        ("plans", "0002_seed_reform_areas"),
        ("tasks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
