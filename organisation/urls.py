from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("switch/", views.organisation_switch, name="switch"),
]
