from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from identity.forms import PasswordLoginForm

from .views import health

admin.site.site_header = _("Löfteskollen – förvaltning")
admin.site.site_title = _("Löfteskollen")

urlpatterns = [
    path("helse/", health, name="health"),
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=PasswordLoginForm
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("rapporter/", include("followup.urls")),
    path("lagesbild/", include("situation.urls")),
    path("e-post/", include("notifications.urls")),
    path("", include("onboarding.urls")),
    path("konton/", include("accounts.urls")),
    path("", include("identity.urls")),
    path("", include("imports.urls")),
    path("", include("public.urls")),
    path("", include("promises.urls")),
]

handler500 = "config.views.server_error"
