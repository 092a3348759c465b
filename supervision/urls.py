from django.urls import path

from supervision import list_views, publication_views, views

app_name = "supervision"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/add/", views.plan_add, name="plan_add"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="plan_draw"),
    path("plans/<int:pk>/roster/", views.plan_roster, name="plan_roster"),
    path("plans/<int:pk>/verify/", views.plan_verify, name="plan_verify"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/mine/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/transition/", views.task_transition, name="task_transition"),
    path("tasks/<int:pk>/amend/", views.task_amend, name="task_amend"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/add/", views.inspection_add, name="inspection_add"),
    path("inspections/publish/", publication_views.inspection_publish, name="inspection_publish"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path(
        "inspections/<int:pk>/checklist/",
        views.inspection_checklist,
        name="inspection_checklist",
    ),
    path(
        "inspections/<int:pk>/print/<str:document>/",
        views.inspection_print,
        name="inspection_print",
    ),
    path("inspections/<int:pk>/check-in/", views.inspection_check_in, name="inspection_check_in"),
    path("check-in/", views.check_in, name="check_in"),
    path("check-in/<int:pk>/", views.check_in_result, name="check_in_result"),
    path("inspections/<int:pk>/correct/", views.inspection_correct, name="inspection_correct"),
    path(
        "inspections/<int:pk>/rectification/",
        views.rectification_add,
        name="rectification_add",
    ),
    path("rectifications/", views.rectification_list, name="rectificationorder_list"),
    path(
        "rectifications/<int:pk>/",
        views.rectification_detail,
        name="rectificationorder_detail",
    ),
    path(
        "rectifications/<int:pk>/print/",
        views.rectification_print,
        name="rectificationorder_print",
    ),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/add/", views.campaign_add, name="campaign_add"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("items/", views.item_list, name="inspectionitem_list"),
    path("items/add/", views.item_add, name="inspectionitem_add"),
    path("items/import/", list_views.item_import, name="inspectionitem_import"),
    path("items/export/", list_views.item_export, name="inspectionitem_export"),
    path("items/template/", list_views.item_template, name="inspectionitem_template"),
    path("items/<int:pk>/edit/", views.item_edit, name="inspectionitem_edit"),
    path("conflicts/", views.conflict_list, name="conflict_list"),
    path("conflicts/add/", views.conflict_add, name="conflict_add"),
    path("conflicts/import/", list_views.conflict_import, name="conflict_import"),
    path("conflicts/export/", list_views.conflict_export, name="conflict_export"),
    path("conflicts/template/", list_views.conflict_template, name="conflict_template"),
    path("conflicts/<int:pk>/edit/", views.conflict_edit, name="conflict_edit"),
    path("checklist/", views.checklist_list, name="checklistpoint_list"),
    path("checklist/add/", views.checklist_add, name="checklistpoint_add"),
    path("checklist/import/", list_views.checklist_import, name="checklistpoint_import"),
    path("checklist/export/", list_views.checklist_export, name="checklistpoint_export"),
    path("checklist/template/", list_views.checklist_template, name="checklistpoint_template"),
    path("checklist/<int:pk>/edit/", views.checklist_edit, name="checklistpoint_edit"),
    path("publication/overdue/", views.publication_overdue, name="publication_overdue"),
]

# Names the generic core templates derive from the model name.
urlpatterns += [
    path("plans/add/", views.plan_add, name="samplingplan_add"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="samplingplan_edit"),
    path("inspections/add/", views.inspection_add, name="inspection_add"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
]
