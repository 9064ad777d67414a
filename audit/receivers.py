"""Audit entries written from Django's own signals: logins, users and roles. Plans are
audited by plans/services.py and the plan admin, explicitly; so are the users page's changes
(accounts/services.py), which silence the user and role signals while they run. The signals
still cover the Django admin and the shell."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from cchc.restoring import restoring

from .context import signals_audited_by_caller
from .models import AuditAction
from .services import audit_record

User = get_user_model()


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(action=AuditAction.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        actor=None,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(post_save, sender=User)
def on_user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or signals_audited_by_caller() or (update_fields and set(update_fields) <= {"last_login", "password"}):
        return
    action = AuditAction.USER_CREATED if created else AuditAction.USER_CHANGED
    audit_record(
        action=action, target=instance.get_username(), detail=f"unit={instance.unit_id} active={instance.is_active}"
    )


@receiver(m2m_changed, sender=User.groups.through)
def on_roles_changed(sender, instance, action, pk_set, **kwargs):
    if signals_audited_by_caller() or restoring():  # restoring: a backup's rows, audited at the time
        return
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, User):
        roles = ", ".join(sorted(instance.groups.values_list("name", flat=True)))
        audit_record(action=AuditAction.ROLES_CHANGED, target=instance.get_username(), detail=f"roles: {roles}")
