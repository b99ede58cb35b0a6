from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import QueuedPasswordResetForm, SetPasswordFormSv

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("organisation/<int:pk>/", views.members, name="members"),
    path("organisation/<int:pk>/bjud-in/", views.invite, name="invite"),
    path("medlemskap/<int:pk>/andra/", views.membership_edit, name="membership_edit"),
    path("medlemskap/<int:pk>/ta-bort/", views.membership_remove, name="membership_remove"),
    path("inbjudan/<int:pk>/skicka-igen/", views.invitation_resend, name="invitation_resend"),
    path("inbjudan/<int:pk>/aterkalla/", views.invitation_revoke, name="invitation_revoke"),
    path("inbjudan/<str:token>/", views.accept, name="accept"),
    path(
        "losenord/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "nytt-losenord/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "nytt-losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nytt-losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=SetPasswordFormSv,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "nytt-losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
