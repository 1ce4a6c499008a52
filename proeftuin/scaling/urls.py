from django.urls import path

from .views import catalogue, criteria, evaluation, feedback

app_name = "scaling"

EVALUATION = "projecten/<int:pk>/opschaling/"

urlpatterns = [
    path(EVALUATION, evaluation.evaluation, name="evaluation"),
    path(f"{EVALUATION}starten/", evaluation.start, name="start"),
    path(f"{EVALUATION}criteria/<int:criterion_pk>/", evaluation.score, name="score"),
    path(f"{EVALUATION}beslissen/", evaluation.decide, name="decide"),
    path("diensten/criteria/", criteria.criteria, name="criteria"),
    path("diensten/criteria/<int:pk>/", criteria.criterion, name="criterion"),
    path("diensten/", catalogue.catalogue, name="catalogue"),
    path("diensten/dekking/", catalogue.coverage_page, name="coverage"),
    path("diensten/afnames/<int:pk>/activeren/", catalogue.adoption_activate, name="activate"),
    path("diensten/afnames/<int:pk>/beeindigen/", feedback.end_adoption, name="end"),
    path("diensten/afnames/<int:pk>/feedback/", feedback.give_feedback, name="give_feedback"),
    path("diensten/verzoeken/<int:pk>/nood/", feedback.request_to_need, name="request_to_need"),
    path(
        "diensten/versies/afmelden/<str:token>/",
        feedback.release_mails_off,
        name="release_mails_off",
    ),
    path("diensten/<slug:slug>/", catalogue.service, name="service"),
    path("diensten/<slug:slug>/dekking/", catalogue.coverage_page, name="service_coverage"),
    path("diensten/<slug:slug>/afnemen/", catalogue.adopt, name="adopt"),
    path("diensten/<slug:slug>/stand/", catalogue.service_state, name="service_state"),
    path("diensten/<slug:slug>/bewerken/", catalogue.service_edit, name="service_edit"),
    path("diensten/<slug:slug>/feedback/", feedback.feedback_overview, name="feedback"),
    path("diensten/<slug:slug>/versies/nieuw/", feedback.publish_release, name="release"),
]
