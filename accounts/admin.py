"""Users in the Django admin, for superusers (the secretariat manages them on the users page,
accounts/views.py). Accounts are never deleted — history keeps the person — so the admin
offers deactivation instead. Changes made here are audited by the user and role signals
(audit/receivers.py)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.context import audited_by_caller
from audit.models import AuditAction
from audit.services import audit_record

from .models import User, UserImport


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "unit", "roles", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "groups", "unit", "is_staff", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email", "unit__code", "unit__name"]
    list_select_related = ["unit"]
    ordering = ["username"]
    actions = ["deactivate", "reactivate"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("last_name", "first_name", "email")}),
        (_("Đơn vị và vai trò"), {"fields": ("unit", "groups", "is_active")}),
        (_("Quản trị"), {"fields": ("is_staff", "is_superuser", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Đơn vị và vai trò"), {"fields": ("last_name", "first_name", "email", "unit", "groups")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Họ và tên"), ordering="last_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.display(description=_("Vai trò"))
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(group.name for group in obj.groups.all()))

    # Superusers only. The secretariat group holds the accounts.user permissions (seeded by
    # accounts/0002), but an admin change form that can tick "superuser" is not for it: the
    # secretariat manages users on the users page, which never grants admin rights.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def _set_active(self, request, queryset, *, active: bool) -> None:
        changed = 0
        for user in queryset.exclude(is_active=active):
            if not active and user.pk == request.user.pk:
                self.message_user(request, _("Bạn không thể tự khóa tài khoản của mình."), messages.ERROR)
                continue
            with audited_by_caller():
                user.is_active = active
                user.save(update_fields=["is_active"])
                audit_record(
                    action=AuditAction.USER_REACTIVATED if active else AuditAction.USER_DEACTIVATED,
                    actor=request.user,
                    target=user.username,
                    request=request,
                )
            changed += 1
        self.message_user(
            request, ngettext("Đã đổi %(n)s tài khoản.", "Đã đổi %(n)s tài khoản.", changed) % {"n": changed}
        )

    @admin.action(description=_("Khóa các tài khoản đã chọn"), permissions=["change"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, active=False)

    @admin.action(description=_("Mở lại các tài khoản đã chọn"), permissions=["change"])
    def reactivate(self, request, queryset):
        self._set_active(request, queryset, active=True)


@admin.register(UserImport)
class UserImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "created_by", "created_at", "status", "created_count"]
    list_filter = ["status"]
    fields = ["original_name", "created_by", "created_at", "status", "created_count"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
