from django.urls import path

from core import (
    attachment_views,
    audit_views,
    calendar_views,
    document_views,
    job_views,
    org_views,
    views_home,
)

app_name = "core"

urlpatterns = [
    path("", views_home.home, name="home"),
    path("agencies/import/", org_views.agency_import, name="agency_import"),
    path("agencies/export/", org_views.agency_export, name="agency_export"),
    path("people/import/", org_views.person_import, name="person_import"),
    path("people/export/", org_views.person_export, name="person_export"),
    path(
        "attachments/add/<int:ct_id>/<int:object_id>/",
        attachment_views.attachment_add,
        name="attachment_add",
    ),
    path("attachments/<int:pk>/", attachment_views.attachment_download, name="attachment_download"),
    path(
        "attachments/<int:pk>/withdraw/",
        attachment_views.attachment_withdraw,
        name="attachment_withdraw",
    ),
    path("documents/templates/", document_views.template_list, name="documenttemplate_list"),
    path(
        "documents/templates/<int:pk>/",
        document_views.template_download,
        name="documenttemplate_download",
    ),
    path(
        "documents/templates/<int:pk>/retire/",
        document_views.template_retire,
        name="documenttemplate_retire",
    ),
    path(
        "documents/defaults/<str:key>/",
        document_views.template_default,
        name="documenttemplate_default",
    ),
    path("jobs/<int:pk>/", job_views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/result/", job_views.job_result, name="job_result"),
    path("audit/", audit_views.AuditEventListView.as_view(), name="auditevent_list"),
    path("calendar/", calendar_views.calendar_year_list, name="calendar_year_list"),
    path("calendar/import/", calendar_views.calendar_import, name="calendar_import"),
    path("calendar/<year:year>/", calendar_views.calendar_year_detail, name="calendar_year_detail"),
    path(
        "calendar/days/<int:pk>/delete/",
        calendar_views.calendar_day_delete,
        name="calendar_day_delete",
    ),
]
for _name, _plural in [
    ("agency", "agencies"),
    ("department", "departments"),
    ("region", "regions"),
    ("person", "people"),
    ("user", "users"),
]:
    urlpatterns += [
        path(f"{_plural}/", getattr(org_views, f"{_name}_list"), name=f"{_name}_list"),
        path(f"{_plural}/add/", getattr(org_views, f"{_name}_add"), name=f"{_name}_add"),
        path(f"{_plural}/<int:pk>/", getattr(org_views, f"{_name}_detail"), name=f"{_name}_detail"),
        path(
            f"{_plural}/<int:pk>/edit/", getattr(org_views, f"{_name}_edit"), name=f"{_name}_edit"
        ),
    ]
