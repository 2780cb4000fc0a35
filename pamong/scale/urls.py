from django.urls import path

from . import views

app_name = "scale"

urlpatterns = [
    path("insert/", views.bare_insert, name="bare_insert"),
]
