from django.urls import path

from .views import team

app_name = "projects"
urlpatterns = [
    path("", team.project_list, name="list"),
    path("<int:pk>/", team.project_detail, name="detail"),
    path("<int:pk>/team/", team.member_add, name="member_add"),
    path("<int:pk>/team/<int:member_pk>/verwijderen/", team.member_remove, name="member_remove"),
    path("<int:pk>/proeftuinen/", team.test_site_add, name="test_site_add"),
    path("<int:pk>/proeftuinen/<int:site_pk>/", team.agreement, name="agreement"),
    path(
        "<int:pk>/proeftuinen/<int:site_pk>/verwijderen/",
        team.test_site_remove,
        name="test_site_remove",
    ),
    path("uitnodiging/<str:token>/", team.accept, name="accept"),
]
