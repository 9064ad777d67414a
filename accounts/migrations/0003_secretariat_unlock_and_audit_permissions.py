"""The secretariat unlocks locked-out logins (django-axes attempts) and reads the audit log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("axes", "accessattempt", ["view", "delete"]),
    ("axes", "accessfailurelog", ["view"]),
    ("audit", "auditentry", ["view"]),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    assign(apps)


def assign(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat = Group.objects.get(name="secretariat")
    for app_label, model, actions in PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        secretariat.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat = Group.objects.filter(name="secretariat").first()
    if secretariat:
        secretariat.permissions.remove(*Permission.objects.filter(content_type__app_label__in=["axes", "audit"]))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_seed_role_groups"),
        ("axes", "0010_accessattemptexpiration"),
        ("audit", "0001_audit_entry"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
