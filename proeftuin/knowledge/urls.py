from django.urls import path

from . import feeds, views
from .digest import views as digest

app_name = "knowledge"
urlpatterns = [
    path("projecten/", views.project_list, name="projects"),
    path("projecten/<int:pk>/", views.project_detail, name="project"),
    path("feeds/oproepen/", feeds.CallFeed(), name="feed_calls"),
    path("feeds/uitdagingen/", feeds.ChallengeFeed(), name="feed_challenges"),
    path("feeds/projecten/", feeds.ProjectFeed(), name="feed_projects"),
    path("feeds/lessen/", feeds.LessonFeed(), name="feed_lessons"),
    path("nieuwsbrief/", digest.subscribe, name="digest_subscribe"),
    path("nieuwsbrief/bevestigen/<str:token>/", digest.confirm, name="digest_confirm"),
    path("nieuwsbrief/afmelden/<str:token>/", digest.unsubscribe, name="digest_unsubscribe"),
    path("nieuwsbrief/beheer/", digest.manage, name="digest_manage"),
    path("nieuwsbrief/beheer/<int:pk>/", digest.preview, name="digest_preview"),
    path("nieuwsbrief/beheer/<int:pk>/versturen/", digest.send, name="digest_send"),
]
