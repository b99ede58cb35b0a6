"""Follow-up reports: drafting, issuing and downloading (the reports issue)."""

app_name = "followup"

urlpatterns: list = []
