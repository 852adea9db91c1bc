from django.urls import path

from . import blocker_views, evidence_views, views
from .lights import views as light_views
from .meetings import views as meeting_views

app_name = "supervision"

urlpatterns = [
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/export.xlsx", views.export_alerts, name="alerts_export"),
    path("alerts/badge/", views.alert_badge, name="alert_badge"),
    path("blockers/", views.blocker_list, name="blockers"),
    path("blockers/export.xlsx", views.export_blockers, name="blockers_export"),
    path("alerts/<int:pk>/blocker/", views.blocker_from_alert, name="alert_blocker"),
    path("blockers/<int:pk>/", views.blocker_detail, name="blocker"),
    path("blockers/<int:pk>/transition/", views.blocker_transition, name="blocker_transition"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/export.xlsx", views.export_notices, name="notices_export"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/print/", views.notice_print, name="notice_print"),
    path("blockers/<int:blocker_pk>/notice/", views.notice_create, name="notice_create"),
    path("projects/<int:project_pk>/task-force/", views.task_force_add, name="task_force_add"),
    path("task-force/<int:pk>/", views.task_force_edit, name="task_force_edit"),
    path("task-force/<int:pk>/delete/", views.task_force_delete, name="task_force_delete"),
    path("rounds/", views.round_page, name="round"),
    path("blockers/new/", blocker_views.blocker_pick_project, name="blocker_pick"),
    path(
        "projects/<int:project_pk>/blockers/new/",
        blocker_views.blocker_create,
        name="blocker_create",
    ),
    path("blockers/<int:pk>/evidence/", evidence_views.blocker_evidence, name="blocker_evidence"),
    path(
        "milestones/<int:pk>/evidence/",
        evidence_views.milestone_evidence,
        name="milestone_evidence",
    ),
    path("evidence/<int:pk>/", evidence_views.evidence_download, name="evidence_download"),
    path(
        "evidence/<int:pk>/thumbnail/",
        evidence_views.evidence_thumbnail,
        name="evidence_thumbnail",
    ),
    path("evidence/<int:pk>/delete/", evidence_views.evidence_delete, name="evidence_delete"),
    path("meetings/", meeting_views.meeting_list, name="meetings"),
    path("meetings/new/", meeting_views.meeting_plan, name="meeting_plan"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/attendees/", meeting_views.meeting_attendee, name="meeting_attendee"),
    path("meetings/<int:pk>/agenda/", meeting_views.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/decisions/", meeting_views.meeting_decision, name="meeting_decision"),
    path("meetings/<int:pk>/state/", meeting_views.meeting_state, name="meeting_state"),
    path("meetings/<int:pk>/minutes/", meeting_views.minutes_print, name="meeting_minutes"),
    path("meetings/<int:pk>/minutes.docx", meeting_views.minutes_docx, name="meeting_minutes_docx"),
    path("lights/rules/", light_views.rule_sets, name="light_rules"),
    path("lights/rules/<int:region_id>/", light_views.rule_set_edit, name="light_rules_edit"),
]
