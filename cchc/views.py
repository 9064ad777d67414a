from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

_migrations_checked = False


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands where its daily work is."""
    user = request.user
    if user.is_secretariat:
        return redirect("tasks:queue")
    if user.is_leader:
        return redirect("reports:index")
    if user.is_unit_member:
        return redirect("tasks:mine")
    return redirect("plans:list")


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Standalone page (no base.html): the request itself could not be read.
    return render(request, "errors/400.html", status=400, using=None)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: what to do, in Vietnamese, instead of Django's English page."""
    return render(request, "errors/csrf.html", status=403, using=None)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: it may be what failed.
    return render(request, "errors/500.html", status=500, using=None)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers and no migration is pending."""
    global _migrations_checked
    checks = {"database": "ok", "migrations": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        # Reading the migration graph costs ~50 ms: once it is clean, it stays clean for this process.
        if not _migrations_checked:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                checks["migrations"] = "pending"
            else:
                _migrations_checked = True
    except DatabaseError:
        checks["database"] = "unavailable"
        checks["migrations"] = "unknown"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
