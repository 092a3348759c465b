from django.urls import path

from supervision import publication_views, views

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
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/transition/", views.task_transition, name="task_transition"),
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
    path("items/<int:pk>/edit/", views.item_edit, name="inspectionitem_edit"),
    path("conflicts/", views.conflict_list, name="conflict_list"),
    path("conflicts/add/", views.conflict_add, name="conflict_add"),
    path("conflicts/<int:pk>/edit/", views.conflict_edit, name="conflict_edit"),
    path("checklist/", views.checklist_list, name="checklistpoint_list"),
    path("checklist/add/", views.checklist_add, name="checklistpoint_add"),
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
