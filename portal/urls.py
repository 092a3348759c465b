from django.urls import path, re_path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("annual-reports/", views.annual_reports, name="annual_reports"),
    path("annual-reports/<int:pk>/", views.annual_report, name="annual_report"),
    path("random-checks/", views.random_checks, name="random_checks"),
    path("random-checks/plans/<int:pk>/verify/", views.plan_verify, name="plan_verify"),
    path("inspections/", views.inspections, name="inspections"),
    re_path(
        r"^inspections/export\.(?P<fmt>csv|json|xlsx)$",
        views.inspections_export,
        name="inspections_export",
    ),
    re_path(
        r"^random-checks/export\.(?P<fmt>csv|json|xlsx)$",
        views.random_checks_export,
        name="random_checks_export",
    ),
    re_path(
        r"^random-plans/export\.(?P<fmt>csv|json|xlsx)$",
        views.random_plans_export,
        name="random_plans_export",
    ),
]
