from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("entities/", views.EntityList.as_view(), name="supervisedentity_list"),
    path("entities/add/", views.EntityCreate.as_view(), name="supervisedentity_add"),
    path("entities/import/", views.entity_import, name="supervisedentity_import"),
    path("entities/export/", views.entity_export, name="supervisedentity_export"),
    path("entities/<int:pk>/", views.EntityDetail.as_view(), name="supervisedentity_detail"),
    path("entities/<int:pk>/edit/", views.EntityUpdate.as_view(), name="supervisedentity_edit"),
    path("entities/<int:pk>/licences/add/", views.licence_add, name="licence_add"),
]
