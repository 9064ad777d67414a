from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import otp_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context={"login_url": reverse_lazy("accounts:login")}),
        name="password_reset_complete",
    ),
    path("two-factor/", otp_views.otp_setup, name="otp_setup"),
    path("two-factor/verify/", otp_views.otp_verify, name="otp_verify"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/password-link/", views.user_password_link, name="user_password_link"),
    path("users/import/", views.user_import, name="user_import"),
    path("users/import/template/", views.user_import_template, name="user_import_template"),
    path("users/import/<int:pk>/", views.user_import_preview, name="user_import_preview"),
    path("users/import/<int:pk>/confirm/", views.user_import_confirm, name="user_import_confirm"),
    path("users/import/<int:pk>/cancel/", views.user_import_cancel, name="user_import_cancel"),
]
