from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("beoordelingen/", views.my_reviews, name="mine"),
    path("beoordelingen/<int:pk>/", views.scorecard, name="scorecard"),
    path("beoordelingen/<int:pk>/belangenconflict/", views.conflict, name="conflict"),
    path("oproepen/<slug:slug>/jury/", views.assign, name="assign"),
    path("oproepen/<slug:slug>/jury/<int:need_pk>/", views.assign_one, name="assign_one"),
    path("oproepen/<slug:slug>/rangschikking/", views.ranking_view, name="ranking"),
    path("oproepen/<slug:slug>/rangschikking/publiceren/", views.publish, name="publish"),
    path("oproepen/<slug:slug>/rangschikking/maximum/", views.max_projects, name="max_projects"),
    path("beslissingen/<int:need_pk>/", views.decide, name="decide"),
]
