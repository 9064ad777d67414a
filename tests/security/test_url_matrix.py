"""Every URL pattern × every role, GET and POST, against the expected status (issue 8:
no view forgotten). Objects belong to Sở Tư pháp — the unit of canbo (staff) and
truongdonvi (head); canbo2 is staff of Sở Tài chính, which neither leads nor coordinates them.

Reading the table: 200 shown · 302 redirected (anonymous → login, or a form that saved and
redirected) · 403 may see but not do · 404 may not see (or nothing to show) · 405 wrong method ·
400 bad parameters. A new URL without a row here fails the test.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

ROLES = ["thuongtruc", "lanhdao", "canbo", "truongdonvi", "canbo2", "outsider", "anonymous"]

# name: (GET for each role in ROLES, POST for each role in ROLES)
EXPECTED = {
    "home": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "healthz": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "set_language": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "audit:log": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "accounts:login": ("302 302 302 302 302 302 200", "302 302 302 302 302 302 200"),
    "accounts:logout": ("405 405 405 405 405 405 405", "302 302 302 302 302 302 302"),
    "accounts:password_change": ("200 200 200 200 200 200 302", "200 200 200 200 200 200 302"),
    "accounts:password_change_done": ("200 200 200 200 200 200 302", "405 405 405 405 405 405 302"),
    "accounts:password_reset_confirm": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "accounts:password_reset_complete": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "accounts:otp_setup": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "accounts:otp_verify": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "accounts:user_list": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "accounts:user_create": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "accounts:user_edit": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "accounts:user_deactivate": ("405 405 405 405 405 405 302", "302 403 403 403 403 403 302"),
    "accounts:user_reactivate": ("405 405 405 405 405 405 302", "302 403 403 403 403 403 302"),
    "accounts:user_password_link": ("405 405 405 405 405 405 302", "200 403 403 403 403 403 302"),
    "accounts:user_import": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "accounts:user_import_template": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "accounts:user_import_preview": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "accounts:user_import_confirm": ("405 405 405 405 405 405 302", "200 403 403 403 403 403 302"),
    "accounts:user_import_cancel": ("405 405 405 405 405 405 302", "302 403 403 403 403 403 302"),
    "plans:list": ("200 200 200 200 200 200 302", "200 200 200 200 200 200 302"),
    "plans:detail": ("200 200 200 200 200 404 302", "200 200 200 200 200 404 302"),
    "plans:create": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "plans:edit": ("200 403 403 403 403 404 302", "200 403 403 403 403 404 302"),
    "plans:issue": ("200 403 403 200 404 404 302", "200 403 403 200 404 404 302"),
    "plans:close": ("405 405 405 405 405 405 302", "302 403 403 403 403 404 302"),
    "plans:delete": ("405 405 405 405 405 405 302", "302 403 302 302 404 404 302"),
    "plans:task_add": ("200 403 200 200 404 404 302", "200 403 200 200 404 404 302"),
    "plans:area_order": ("200 403 200 200 404 404 302", "200 403 200 200 404 404 302"),
    "plans:task_edit": ("200 403 200 200 404 404 302", "200 403 200 200 404 404 302"),
    "plans:task_remove": ("200 403 200 200 404 404 302", "200 403 200 200 404 404 302"),
    "plans:unit_plans": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "plans:unit_plan_start": ("403 403 302 302 200 404 302", "403 403 302 302 200 404 302"),
    "plans:take_over": ("200 403 200 200 404 404 302", "200 403 200 200 404 404 302"),
    "plans:import": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "plans:import_template": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "plans:import_preview": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "plans:import_header": ("405 405 405 405 405 405 302", "200 403 403 403 403 403 302"),
    "plans:import_resolve": ("405 405 405 405 405 405 302", "302 403 403 403 403 403 302"),
    "plans:import_confirm": ("405 405 405 405 405 405 302", "302 403 403 403 403 403 302"),
    "plans:import_cancel": ("405 405 405 405 405 405 302", "302 403 403 403 403 403 302"),
    "tasks:mine": ("404 404 200 200 200 404 302", "404 404 200 200 200 404 302"),
    "tasks:queue": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    # Nothing chosen in the matrix's empty post: back to the queue with a message.
    "tasks:reports_confirm_bulk": ("405 405 405 405 405 405 302", "302 403 403 403 403 403 302"),
    "tasks:approvals": ("403 403 403 200 403 403 302", "403 403 403 200 403 403 302"),
    "tasks:detail": ("200 200 200 200 404 404 302", "200 200 200 200 404 404 302"),
    "tasks:update": ("200 403 200 200 404 404 302", "200 403 200 200 404 404 302"),
    "tasks:contribute": ("403 403 403 403 404 404 302", "403 403 403 403 404 404 302"),
    "tasks:report_from_units": ("403 403 403 403 403 404 302", "403 403 403 403 403 404 302"),
    "tasks:extension": ("200 403 200 200 404 404 302", "200 403 200 200 404 404 302"),
    "tasks:report_confirm": ("405 405 405 405 405 405 302", "302 403 403 403 404 404 302"),
    "tasks:report_return": ("200 403 403 403 404 404 302", "200 403 403 403 404 404 302"),
    "tasks:report_confirm_undo": ("200 403 403 403 404 404 302", "200 403 403 403 404 404 302"),
    "tasks:report_approve": ("405 405 405 405 405 405 302", "403 403 403 302 404 404 302"),
    "tasks:report_reject": ("403 403 403 200 404 404 302", "403 403 403 200 404 404 302"),
    "tasks:extension_approve": ("405 405 405 405 405 405 302", "302 403 403 403 404 404 302"),
    "tasks:extension_refuse": ("200 403 403 403 404 404 302", "200 403 403 403 404 404 302"),
    "tasks:evidence": ("200 200 200 200 404 404 302", "200 200 200 200 404 404 302"),
    "tasks:evidence_preview": ("200 200 200 200 404 404 302", "200 200 200 200 404 404 302"),
    "reports:index": ("200 200 302 302 302 404 302", "200 200 302 302 302 404 302"),
    "reports:plan_dashboard": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:year_dashboard": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:figures": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:units": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:overdue": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:drilldown": ("200 200 200 200 200 404 302", "200 200 200 200 200 404 302"),
    "reports:my_unit": ("200 200 200 200 200 404 302", "200 200 200 200 200 404 302"),
    "reports:export": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:export_xlsx": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:export_csv": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:export_job_create": ("405 405 405 405 405 405 302", "400 400 403 403 403 404 302"),
    "reports:export_job": ("200 404 403 403 403 404 302", "200 404 403 403 403 404 302"),
    "reports:export_job_download": ("200 404 403 403 403 404 302", "200 404 403 403 403 404 302"),
    "reports:closings": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:closing_create": ("200 403 403 403 403 404 302", "302 403 403 403 403 404 302"),
    "reports:closing_detail": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:closing_reopen": ("405 405 405 405 405 405 302", "400 403 403 403 403 404 302"),
    "reports:closing_docx": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:closing_pdf": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:steering": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    # The matrix's empty post: no month, no day (400 with the form's message).
    "reports:steering_create": ("405 405 405 405 405 405 302", "400 403 403 403 403 404 302"),
    "reports:steering_schedule": ("405 405 405 405 405 405 302", "400 403 403 403 403 404 302"),
    "reports:steering_detail": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:steering_pdf": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:steering_xlsx": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reports:narratives": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    # A unit's report: its people (or the secretariat) write — an empty post saves nothing and
    # redirects —, leaders read.
    "reports:unit_narrative": ("200 200 200 200 404 404 302", "302 403 302 302 404 404 302"),
    # The head (or the secretariat) submits; nothing written yet: refused with a message, back to the page.
    "reports:unit_narrative_submit": ("405 405 405 405 405 405 302", "302 403 403 302 404 404 302"),
    "inspections:plan_list": ("200 200 404 404 404 404 302", "200 200 404 404 404 404 302"),
    "inspections:overview": ("200 200 404 404 404 404 302", "200 200 404 404 404 404 302"),
    "inspections:follow_up": ("200 200 404 404 404 404 302", "200 200 404 404 404 404 302"),
    "inspections:unit": ("404 404 200 200 200 404 302", "404 404 200 200 200 404 302"),
    "inspections:plan_create": ("200 403 404 404 404 404 302", "200 403 404 404 404 404 302"),
    "inspections:plan_detail": ("200 200 404 404 404 404 302", "200 200 404 404 404 404 302"),
    "inspections:plan_edit": ("200 403 404 404 404 404 302", "200 403 404 404 404 404 302"),
    "inspections:team_create": ("200 403 404 404 404 404 302", "200 403 404 404 404 404 302"),
    "inspections:schedule": ("200 403 404 404 404 404 302", "200 403 404 404 404 404 302"),
    "inspections:team_edit": ("200 403 404 404 404 404 302", "200 403 404 404 404 404 302"),
    "inspections:detail": ("200 200 200 200 404 404 302", "200 200 200 200 404 404 302"),
    "inspections:reschedule": ("200 403 403 403 404 404 302", "200 403 403 403 404 404 302"),
    "inspections:result": ("200 403 403 403 404 404 302", "200 403 403 403 404 404 302"),
    "inspections:shortcoming_add": ("405 405 405 405 405 405 302", "200 403 403 403 404 404 302"),
    "inspections:recommendation_add": ("405 405 405 405 405 405 302", "200 403 403 403 404 404 302"),
    "inspections:minutes": ("200 200 200 200 404 404 302", "200 200 200 200 404 404 302"),
    "inspections:recommendation": ("200 200 200 200 404 404 302", "200 200 200 200 404 404 302"),
    "inspections:respond": ("405 405 405 405 405 405 302", "403 403 200 200 404 404 302"),
    "inspections:close": ("405 405 405 405 405 405 302", "302 403 403 403 404 404 302"),
    "inspections:keep_open": ("405 405 405 405 405 405 302", "200 403 403 403 404 404 302"),
    "inspections:to_task": ("200 403 403 403 404 404 302", "200 403 403 403 404 404 302"),
    "inspections:evidence": ("200 200 200 200 404 404 302", "200 200 200 200 404 404 302"),
    "figures:enter": ("302 302 200 200 200 404 302", "403 403 200 200 200 404 302"),
    "figures:overview": ("200 200 404 404 404 404 302", "200 200 404 404 404 404 302"),
    "figures:unit": ("200 200 200 200 404 404 302", "200 200 200 200 404 404 302"),
    "figures:enter_for_unit": ("200 403 200 200 404 404 302", "200 403 200 200 404 404 302"),
    "figures:submit": ("405 405 405 405 405 405 302", "302 403 302 302 404 404 302"),
    "figures:calendar": ("200 200 404 404 404 404 302", "200 200 404 404 404 404 302"),
    "figures:indicators": ("200 200 404 404 404 404 302", "200 200 404 404 404 404 302"),
    "figures:indicator_create": ("200 403 404 404 404 404 302", "200 403 404 404 404 404 302"),
    "figures:indicator_edit": ("200 403 404 404 404 404 302", "200 403 404 404 404 404 302"),
    "figures:period_create": ("200 403 404 404 404 404 302", "200 403 404 404 404 404 302"),
    "figures:period_edit": ("200 403 403 403 403 404 302", "200 403 403 403 403 404 302"),
    "notifications:list": ("200 200 200 200 200 200 302", "200 200 200 200 200 200 302"),
    "notifications:open": ("404 404 302 404 404 404 302", "404 404 302 404 404 404 302"),
    "notifications:mark_read": ("405 405 405 405 405 405 302", "404 404 302 404 404 404 302"),
    "notifications:mark_all_read": ("405 405 405 405 405 405 302", "302 302 302 302 302 302 302"),
    "notifications:preferences": ("200 200 200 200 200 200 302", "302 302 302 302 302 302 302"),
    "notifications:overdue": ("200 200 403 403 403 403 302", "200 200 403 403 403 403 302"),
    "notifications:letter": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "reorganisation:catalogue": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    # An empty POST: the form again with its errors.
    "reorganisation:record": ("200 403 403 403 403 404 302", "200 403 403 403 403 404 302"),
    "reorganisation:detail": ("200 200 403 403 403 404 302", "200 200 403 403 403 404 302"),
    "reorganisation:undo": ("405 405 405 405 405 405 302", "302 403 403 403 403 404 302"),
    # The set of the demo's year: a unit reads its own sheet, not others' nor the ranking until published.
    "parindex:sets": ("200 200 200 200 200 404 302", "405 405 405 405 405 405 302"),
    "parindex:set_import": ("200 403 403 403 403 403 302", "200 403 403 403 403 403 302"),
    "parindex:set_detail": ("200 200 200 200 200 404 302", "405 405 405 405 405 405 302"),
    "parindex:set_copy": ("405 405 405 405 405 405 302", "302 403 403 403 403 404 302"),
    "parindex:set_open": ("405 405 405 405 405 405 302", "302 403 403 403 403 404 302"),
    # The matrix's set is open for assessment: its rows are locked, so the secretariat is sent back.
    "parindex:criterion_add": ("302 403 403 403 403 404 302", "302 403 403 403 403 404 302"),
    "parindex:criterion_add_child": ("302 403 403 403 403 404 302", "302 403 403 403 403 404 302"),
    "parindex:criterion_points": ("302 403 403 403 403 404 302", "302 403 403 403 403 404 302"),
    "parindex:criterion_edit": ("302 403 403 403 403 404 302", "302 403 403 403 403 404 302"),
    "parindex:criterion_delete": ("405 405 405 405 405 405 302", "302 403 403 403 403 404 302"),
    "parindex:survey_import": ("200 403 403 403 403 404 302", "200 403 403 403 403 404 302"),
    "parindex:results": ("200 200 404 404 404 404 302", "405 405 405 405 405 405 302"),
    "parindex:results_xlsx": ("200 200 404 404 404 404 302", "405 405 405 405 405 405 302"),
    "parindex:sheet": ("200 200 200 200 404 404 302", "405 405 405 405 405 405 302"),
    "parindex:sheet_xlsx": ("200 200 200 200 404 404 302", "405 405 405 405 405 405 302"),
    # Empty posts: back to the sheet with the form's message; submitting needs nothing else.
    "parindex:score_self": ("405 405 405 405 405 405 302", "302 403 302 302 404 404 302"),
    "parindex:appraise": ("405 405 405 405 405 405 302", "302 403 403 403 404 404 302"),
    "parindex:respond": ("405 405 405 405 405 405 302", "403 403 302 302 404 404 302"),
    "parindex:submit": ("405 405 405 405 405 405 302", "403 403 403 302 404 404 302"),
    "parindex:accept": ("405 405 405 405 405 405 302", "302 403 403 403 404 404 302"),
    "parindex:accept_all": ("405 405 405 405 405 405 302", "302 403 403 403 403 404 302"),
    "parindex:evidence_add": ("405 405 405 405 405 405 302", "302 403 302 302 404 404 302"),
    "parindex:evidence_download": ("200 200 200 200 404 404 302", "405 405 405 405 405 405 302"),
    # An empty POST: the form again with its errors.
    "parindex:council": ("200 403 403 403 403 404 302", "200 403 403 403 403 404 302"),
    # Last year's published decision: every unit reads it.
    "parindex:council_file": ("200 200 200 200 200 404 302", "405 405 405 405 405 405 302"),
}


def url_names(resolver=None, namespace=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if hasattr(entry, "url_patterns"):
            if entry.namespace != "admin":  # Django's own admin checks is_staff and permissions
                yield from url_names(entry, entry.namespace or namespace)
        else:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_url_has_a_row():
    assert set(url_names()) == set(EXPECTED)


@pytest.mark.django_db
def test_every_url_with_every_role(world):
    clients = {role: Client(raise_request_exception=False) for role in ROLES}
    mismatches = []
    for name, expected in EXPECTED.items():
        url = reverse(name, kwargs=world.kwargs.get(name, {})) + world.query.get(name, "")
        for method, statuses in zip(("get", "post"), expected, strict=True):
            for role, status in zip(ROLES, statuses.split(), strict=True):
                savepoint = transaction.savepoint()  # a POST that acts is undone before the next
                if world.users[role] is not None:
                    clients[role].force_login(world.users[role])
                got = getattr(clients[role], method)(url).status_code
                transaction.savepoint_rollback(savepoint)
                if str(got) != status:
                    mismatches.append(f"{method.upper()} {name} as {role}: {got}, expected {status}")
    assert mismatches == []
