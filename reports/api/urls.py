from rest_framework.routers import DefaultRouter

from reports.api import views

app_name = "reports-api"
router = DefaultRouter()
router.register("reports", views.ReportViewSet, basename="annualreport")
urlpatterns = router.urls
