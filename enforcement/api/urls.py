from rest_framework.routers import DefaultRouter

from enforcement.api import views

app_name = "enforcement-api"
router = DefaultRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("violations", views.ViolationViewSet, basename="violation")
urlpatterns = router.urls
