from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("catalogue/", views.catalogue_page, name="catalogue"),
    path("<slug:key>/", views.indicator_page, name="indicator"),
]
