"""Public links are short, to print on a poster: /f/<token>/. The team's pages live under
the project: /projecten/<pk>/formulieren/…"""

from django.urls import path

from .views import public

app_name = "participation"

urlpatterns = [
    path("f/<str:token>/", public.answer, name="answer"),
    path("f/<str:token>/bedankt/", public.thanks, name="thanks"),
    path("f/<str:token>/wissen/", public.erase, name="erase"),
]
