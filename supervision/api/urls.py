from rest_framework.routers import DefaultRouter

from supervision.api import views

app_name = "supervision-api"
router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="samplingplan")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("rectifications", views.RectificationViewSet, basename="rectificationorder")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("items", views.InspectionItemViewSet, basename="inspectionitem")
router.register("conflicts", views.ConflictViewSet, basename="conflict")
router.register("checklist", views.ChecklistPointViewSet, basename="checklistpoint")
urlpatterns = router.urls
