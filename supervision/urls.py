from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/add/", views.plan_add, name="plan_add"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="plan_draw"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/transition/", views.task_transition, name="task_transition"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/add/", views.inspection_add, name="inspection_add"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("publication/overdue/", views.publication_overdue, name="publication_overdue"),
]

# Names the generic core templates derive from the model name.
urlpatterns += [
    path("plans/add/", views.plan_add, name="samplingplan_add"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="samplingplan_edit"),
]
