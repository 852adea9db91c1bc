from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import accounts, errors, views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Pages name their icon; the admin's pages do not, and browsers then ask for this one.
    path("favicon.ico", views.favicon),
    path("api/", include("zonetrack.api.urls")),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("account/token/", accounts.api_token, name="api_token"),
    path("", views.home, name="home"),
    path("", include("projects.urls")),
    path("", include("investment.urls")),
    path("", include("supervision.urls")),
    path("", include("reports.urls")),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
