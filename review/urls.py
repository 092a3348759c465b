from django.urls import path

from review import views

app_name = "review"
urlpatterns = [
    path("", views.review_upload, name="upload"),
    path("export/", views.review_export, name="export"),
]
