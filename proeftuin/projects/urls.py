from django.urls import path

from .views import budgets, collaboration, experts, lean, team

app_name = "projects"
urlpatterns = [
    path("", team.project_list, name="list"),
    path("<int:pk>/", lean.overview, name="detail"),
    path("<int:pk>/beschrijving/", lean.profile, name="profile"),
    path("<int:pk>/hypothesen/", lean.hypotheses, name="hypotheses"),
    path("<int:pk>/hypothesen/<int:hypothesis_pk>/", lean.hypothesis_edit, name="hypothesis_edit"),
    path("<int:pk>/experimenten/", lean.experiments, name="experiments"),
    path("<int:pk>/experimenten/nieuw/", lean.experiment_new, name="experiment_new"),
    path("<int:pk>/experimenten/<int:exp_pk>/", lean.experiment, name="experiment"),
    path(
        "<int:pk>/experimenten/<int:exp_pk>/bewerken/",
        lean.experiment_edit,
        name="experiment_edit",
    ),
    path(
        "<int:pk>/experimenten/<int:exp_pk>/starten/",
        lean.experiment_start,
        name="experiment_start",
    ),
    path(
        "<int:pk>/experimenten/<int:exp_pk>/afronden/",
        lean.experiment_complete,
        name="experiment_complete",
    ),
    path("<int:pk>/leerkaarten/", lean.learnings, name="learnings"),
    path("<int:pk>/beslismoment/", lean.gate, name="gate"),
    path("methoden/", lean.methods, name="methods"),
    path("methoden/nieuw/", lean.method_new, name="method_new"),
    path("methoden/<int:method_pk>/", lean.method_edit, name="method_edit"),
    # One page for the team: it shows it (GET) and adds a member (POST, the older name).
    path("<int:pk>/team/", team.team_page, name="team"),
    path("<int:pk>/team/", team.team_page, name="member_add"),
    path("<int:pk>/team/<int:member_pk>/verwijderen/", team.member_remove, name="member_remove"),
    path("<int:pk>/team/<int:member_pk>/uren/", team.commitment, name="commitment"),
    path("<int:pk>/proeftuinen/", team.test_site_add, name="test_site_add"),
    path("<int:pk>/proeftuinen/<int:site_pk>/", team.agreement, name="agreement"),
    path(
        "<int:pk>/proeftuinen/<int:site_pk>/verwijderen/",
        team.test_site_remove,
        name="test_site_remove",
    ),
    path("uitnodiging/<str:token>/", team.accept, name="accept"),
    path("uitnodiging/<str:token>/weigeren/", experts.decline, name="decline"),
    path("experten/", experts.pool, name="expert_pool"),
    path("experten/nieuw/", experts.expert_new, name="expert_new"),
    path("experten/mijn-profiel/", experts.my_expert_profile, name="my_expert_profile"),
    path("experten/<int:expert_pk>/", experts.expert_profile, name="expert_profile"),
    path("<int:pk>/team/experten/", experts.proposals, name="expert_proposals"),
    path(
        "<int:pk>/team/experten/<int:expert_pk>/uitnodigen/",
        experts.invite,
        name="expert_invite",
    ),
    path("<int:pk>/budget/", budgets.budget, name="budget"),
    path("<int:pk>/budget/bepalen/", budgets.budget_edit, name="budget_edit"),
    path(
        "<int:pk>/budget/uitgaven/<int:spending_pk>/",
        budgets.spending_attachment,
        name="spending_attachment",
    ),
    path(
        "<int:pk>/budget/uitgaven/<int:spending_pk>/schrappen/",
        budgets.spending_remove,
        name="spending_remove",
    ),
    path("budgetten/", budgets.budget_overview, name="budget_overview"),
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
