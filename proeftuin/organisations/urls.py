from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nieuw/", views.create, name="create"),
    path("over-deze-data/", views.about_data, name="about_data"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/lid-worden/", views.join, name="join"),
    path("<slug:slug>/leden/", views.members, name="members"),
    path("<slug:slug>/leden/<int:pk>/beslissen/", views.decide, name="decide"),
    path("<slug:slug>/leden/<int:pk>/rol/", views.change_role, name="change_role"),
    path("<slug:slug>/leden/<int:pk>/vertrek/", views.remove, name="remove"),
]
