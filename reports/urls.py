from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.annualreport_list, name="annualreport_list"),
    path("add/", views.annualreport_add, name="annualreport_add"),
    path("<int:pk>/", views.annualreport_detail, name="annualreport_detail"),
    path("<int:pk>/regenerate/", views.annualreport_regenerate, name="annualreport_regenerate"),
    path("<int:pk>/transition/", views.annualreport_transition, name="annualreport_transition"),
    path("<int:pk>/blocks/<str:key>/", views.narrative_edit, name="narrative_edit"),
    path("<int:pk>/export/<str:fmt>/", views.annualreport_export, name="annualreport_export"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("<int:pk>/diff/", views.version_diff, name="version_diff"),
]
