from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("entities/", views.entity_list, name="entity_list"),
    path("entities/add/", views.entity_add, name="entity_add"),
    path("entities/import/", views.entity_import, name="entity_import"),
    path("entities/export/", views.entity_export, name="entity_export"),
    path("entities/<int:pk>/", views.entity_detail, name="entity_detail"),
    path("entities/<int:pk>/edit/", views.entity_edit, name="entity_edit"),
    path("entities/<int:entity_pk>/licences/add/", views.licence_add, name="licence_add"),
    path("licences/<int:pk>/edit/", views.licence_edit, name="licence_edit"),
    path("licences/<int:pk>/withdraw/", views.licence_withdraw, name="licence_withdraw"),
]

# Names the generic core templates derive from the model name.
urlpatterns += [
    path("entities/add/", views.entity_add, name="supervisedentity_add"),
    path("entities/<int:pk>/edit/", views.entity_edit, name="supervisedentity_edit"),
    path("entities/<int:pk>/", views.entity_detail, name="supervisedentity_detail"),
    # The list's 导入 Excel / 导出 Excel buttons (offered by core's list view when these resolve).
    path("entities/import/", views.entity_import, name="supervisedentity_import"),
    path("entities/export/", views.entity_export, name="supervisedentity_export"),
]
