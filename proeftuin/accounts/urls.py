from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("profiel/", views.profile, name="profile"),
    path("profiel/mijn-gegevens.json", views.export, name="export"),
    path("profiel/verwijderen/", views.delete, name="delete"),
]
