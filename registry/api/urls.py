from rest_framework.routers import DefaultRouter

from registry.api import views

app_name = "registry-api"
router = DefaultRouter()
router.register("entities", views.EntityViewSet, basename="entity")
router.register("licences", views.LicenceViewSet, basename="licence")
urlpatterns = router.urls
