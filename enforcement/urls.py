from django.urls import path

from enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("cases/", views.CaseList.as_view(), name="case_list"),
    path("violations/", views.violation_list, name="violation_list"),
    path("violations/export/", views.violation_export, name="violation_export"),
    path("violations/template/", views.violation_template, name="violation_template"),
    path("violations/import/", views.violation_import, name="violation_import"),
    path("cases/add/", views.CaseCreate.as_view(), name="case_add"),
    path("cases/export/", views.case_export, name="case_export"),
    path("cases/<int:pk>/", views.CaseDetail.as_view(), name="case_detail"),
    path("cases/<int:pk>/edit/", views.CaseUpdate.as_view(), name="case_edit"),
    path("cases/<int:pk>/team/", views.case_team, name="case_team"),
    path("cases/<int:pk>/print/<slug:document>/", views.case_print, name="case_print"),
    path("cases/<int:pk>/simple/", views.case_simple, name="case_simple"),
    path("cases/<int:pk>/step/<slug:step>/", views.case_step, name="case_step"),
    path("from-inspection/<int:pk>/", views.case_from_inspection, name="case_from_inspection"),
]
