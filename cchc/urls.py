from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

# The Django admin under the app's name, in the user's language (Vietnamese unless they chose English).
admin.site.site_header = _("Quản trị CCHC Tracker")
admin.site.site_title = _("Quản trị CCHC Tracker")
admin.site.index_title = _("Dữ liệu hệ thống")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", include("audit.urls")),
    path("accounts/", include("accounts.urls")),
    path("plans/", include("planning.urls")),
    path("tasks/", include("tasks.urls")),
    path("reports/", include("reports.urls")),
    path("inspections/", include("inspections.urls")),
    path("figures/", include("figures.urls")),
    path("notifications/", include("notifications.urls")),
    path("reorganisation/", include("reorganisation.urls")),
    path("par-index/", include("parindex.urls")),
    path("i18n/", include("accounts.language_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cchc.views.bad_request"
handler403 = "cchc.views.permission_denied"
handler404 = "cchc.views.page_not_found"
handler500 = "cchc.views.server_error"
