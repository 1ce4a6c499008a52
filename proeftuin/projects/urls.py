from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/team/", views.member_add, name="member_add"),
    path("<int:pk>/team/<int:member_pk>/verwijderen/", views.member_remove, name="member_remove"),
    path("<int:pk>/proeftuinen/", views.test_site_add, name="test_site_add"),
    path("<int:pk>/proeftuinen/<int:site_pk>/", views.agreement, name="agreement"),
    path(
        "<int:pk>/proeftuinen/<int:site_pk>/verwijderen/",
        views.test_site_remove,
        name="test_site_remove",
    ),
    path("uitnodiging/<str:token>/", views.accept, name="accept"),
]
