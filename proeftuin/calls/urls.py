from django.urls import path

from . import views
from .matching import views as matching_views

app_name = "calls"
urlpatterns = [
    path("oproepen/", views.call_list, name="list"),
    path("oproepen/melding/", views.call_alert, name="alert"),
    path("oproepen/beheer/", views.call_manage, name="manage"),
    path("oproepen/nieuw/", views.call_edit, name="create"),
    path("oproepen/<slug:slug>/", views.call_detail, name="detail"),
    path("oproepen/<slug:slug>/bewerken/", views.call_edit, name="edit"),
    path("oproepen/<slug:slug>/intake/", views.intake_board, name="intake"),
    path("oproepen/<slug:slug>/intake.csv", views.intake_csv, name="intake_csv"),
    path("oproepen/<slug:slug>/import/", views.import_start, name="import_start"),
    path("oproepen/<slug:slug>/<str:action>/", views.call_action, name="call_action"),
    path("import/<int:pk>/", views.import_detail, name="import"),
    path("import/<int:pk>/start/", views.import_run, name="import_run"),
    path("import/<int:pk>/regels/<int:row_pk>/", views.import_row, name="import_row"),
    path("uitdagingen/", views.challenge_list, name="challenges"),
    path("uitdagingen/<int:pk>/", views.challenge_detail, name="challenge"),
    path("uitdagingen/<int:pk>/steunen/", views.support, name="support"),
    path("steun/<int:pk>/intrekken/", views.withdraw_support, name="withdraw_support"),
    path("noden/", views.my_needs, name="my_needs"),
    path("noden/nieuw/", views.need_new, name="need_new"),
    path("noden/opslaan/", views.need_autosave, name="need_autosave"),
    path("noden/<int:pk>/", views.need_detail, name="need"),
    path("noden/<int:pk>/bewerken/", views.need_edit, name="need_edit"),
    path("noden/<int:pk>/indienen/", views.need_submit, name="need_submit"),
    path("noden/<int:pk>/bijlagen/", views.attachment_add, name="attachment_add"),
    path(
        "noden/<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment_download, name="attachment"
    ),
    path(
        "noden/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("noden/<int:pk>/mede-indieners/", views.co_submitter_invite, name="co_submitter_invite"),
    path(
        "mede-indiening/<int:pk>/bevestigen/",
        views.co_submitter_confirm,
        name="co_submitter_confirm",
    ),
    path("noden/<int:pk>/beslissing/<str:action>/", views.need_decide, name="need_decide"),
    # Shared-need matching (matching/views.py), before the catch-all of need_move.
    path("noden/suggesties/", matching_views.need_suggestions, name="need_suggestions"),
    path("noden/<int:pk>/gelijkaardig/", matching_views.need_similar, name="need_similar"),
    path("noden/<int:pk>/cluster/", matching_views.need_cluster, name="need_cluster"),
    path("clusters/", matching_views.cluster_list, name="clusters"),
    path("thesaurus/", matching_views.thesaurus_list, name="thesaurus"),
    path("thesaurus/nieuw/", matching_views.thesaurus_edit, name="thesaurus_create"),
    path("thesaurus/<int:pk>/", matching_views.thesaurus_edit, name="thesaurus_edit"),
    path(
        "thesaurus/<int:pk>/verwijderen/", matching_views.thesaurus_delete, name="thesaurus_delete"
    ),
    path("noden/<int:pk>/<str:action>/", views.need_move, name="need_move"),
]
