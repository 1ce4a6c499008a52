from django.urls import path

from .views import collaboration, team

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
    path("<int:pk>/gesprek/", collaboration.discussion, name="discussion"),
    path(
        "<int:pk>/experimenten/<int:exp_pk>/berichten/",
        collaboration.experiment_comment,
        name="experiment_comment",
    ),
    path("<int:pk>/documenten/", collaboration.documents, name="documents"),
    path(
        "<int:pk>/documenten/<int:doc_pk>/v<int:number>/",
        collaboration.document_version,
        name="document_version",
    ),
    path("<int:pk>/publicatie/", collaboration.publication, name="publication"),
    path("<int:pk>/publicatie/naam/", collaboration.name_consent, name="name_consent"),
    path(
        "<int:pk>/publicatie/goedkeuren/",
        collaboration.publication_approve,
        name="publication_approve",
    ),
    path(
        "<int:pk>/publicatie/terugsturen/",
        collaboration.publication_decline,
        name="publication_decline",
    ),
    path("publicaties/", collaboration.publication_queue, name="publication_queue"),
]
