from django.urls import path

from . import feeds, views

app_name = "knowledge"
urlpatterns = [
    path("projecten/", views.project_list, name="projects"),
    path("projecten/<int:pk>/", views.project_detail, name="project"),
    path("feeds/oproepen/", feeds.CallFeed(), name="feed_calls"),
    path("feeds/uitdagingen/", feeds.ChallengeFeed(), name="feed_challenges"),
    path("feeds/projecten/", feeds.ProjectFeed(), name="feed_projects"),
    path("feeds/lessen/", feeds.LessonFeed(), name="feed_lessons"),
]
