from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.api.views import ObtainAuthTokenView
from core.forms import LoginForm
from core.health import healthz
from core.views import LoginView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's init script as a file, so CSP needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/token/", ObtainAuthTokenView.as_view(), name="api-token"),
    path("api/core/", include("core.api.urls")),
    path("review/", include("review.urls")),
    path("registry/", include("registry.urls")),
    path("api/registry/", include("registry.api.urls")),
    path("supervision/", include("supervision.urls")),
    path("enforcement/", include("enforcement.urls")),
    path("api/supervision/", include("supervision.api.urls")),
    path("api/enforcement/", include("enforcement.api.urls")),
    path("portal/", include("portal.urls")),
    path("indicators/", include("indicators.urls")),
    path("reports/", include("reports.urls")),
    path("api/reports/", include("reports.api.urls")),
    path("", include("core.urls")),
]
