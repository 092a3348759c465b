from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("plans/", views.PlanList.as_view(), name="samplingplan_list"),
    path("plans/add/", views.PlanCreate.as_view(), name="samplingplan_add"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="samplingplan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdate.as_view(), name="samplingplan_edit"),
    path("plans/<int:pk>/strata/add/", views.stratum_add, name="stratum_add"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="samplingplan_draw"),
    path("plans/<int:pk>/verify/", views.plan_verify, name="samplingplan_verify"),
]
