from rest_framework.routers import DefaultRouter

from core.api import views

app_name = "core-api"
router = DefaultRouter()
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("regions", views.RegionViewSet, basename="region")
router.register("people", views.PersonViewSet, basename="person")
router.register("attachments", views.AttachmentViewSet, basename="attachment")
router.register("document-templates", views.DocumentTemplateViewSet, basename="documenttemplate")
urlpatterns = router.urls
