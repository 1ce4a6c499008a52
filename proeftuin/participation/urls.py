"""Public links are short, to print on a poster: /f/<token>/. The team's pages live under
the project: /projecten/<pk>/formulieren/…"""

from django.urls import path

from .views import public, results, team

app_name = "participation"

FORMS = "projecten/<int:pk>/formulieren/"
FORM = f"{FORMS}<int:form_pk>/"
QUESTION = f"{FORM}vragen/<int:q_pk>/"

urlpatterns = [
    path("f/<str:token>/", public.answer, name="answer"),
    path("f/<str:token>/bedankt/", public.thanks, name="thanks"),
    path("f/<str:token>/wissen/", public.erase, name="erase"),
    path(f"{FORMS}experiment/<int:exp_pk>/", team.experiment_forms, name="experiment_forms"),
    path(FORM, team.form_detail, name="form"),
    path(f"{FORM}status/", team.form_status, name="form_status"),
    path(f"{FORM}vragen/", team.question_add, name="question_add"),
    path(QUESTION, team.question_edit, name="question_edit"),
    path(f"{QUESTION}verplaatsen/", team.question_move, name="question_move"),
    path(f"{QUESTION}verwijderen/", team.question_remove, name="question_remove"),
    path(f"{FORM}codes/", team.codes, name="codes"),
    path(f"{FORM}qr/", team.qr_page, name="qr"),
    path(f"{FORM}qr.svg", team.qr_image, {"kind": "svg"}, name="qr_svg"),
    path(f"{FORM}qr.png", team.qr_image, {"kind": "png"}, name="qr_png"),
    path(f"{FORM}meting/", team.metric, name="metric"),
    path(f"{FORM}resultaten/", results.results_page, name="results"),
    path(f"{FORM}resultaten.csv", results.results_csv, name="results_csv"),
]
