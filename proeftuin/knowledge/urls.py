from django.urls import path

from . import feeds, figures, lessons, municipalities, search_views, views
from .articles import views as articles
from .digest import views as digest

app_name = "knowledge"
urlpatterns = [
    path("projecten/", views.project_list, name="projects"),
    path("projecten/<int:pk>/", views.project_detail, name="project"),
    path("lessen/", lessons.lessons, name="lessons"),
    path("in-cijfers/", figures.figures_page, name="figures"),
    path("gemeenten/", municipalities.municipality_list, name="municipalities"),
    path("gemeenten/<str:code>/", municipalities.municipality_detail, name="municipality"),
    path("provincies/<slug:slug>/", municipalities.province_detail, name="province"),
    path("zoeken/", search_views.search, name="search"),
    path("kennisbank/", articles.article_list, name="articles"),
    path("kennisbank/mijn/", articles.my_articles, name="my_articles"),
    path("kennisbank/nieuw/", articles.article_new, name="article_new"),
    path("kennisbank/afbeelding/<int:pk>/", articles.article_image, name="article_image"),
    path("kennisbank/<int:pk>/bewerken/", articles.article_edit, name="article_edit"),
    path("kennisbank/<int:pk>/afbeeldingen/", articles.article_image_add, name="article_image_add"),
    path(
        "kennisbank/<int:pk>/afbeeldingen/<int:image_pk>/verwijderen/",
        articles.article_image_remove,
        name="article_image_remove",
    ),
    path("kennisbank/<int:pk>/indienen/", articles.article_submit, name="article_submit"),
    path("kennisbank/<int:pk>/nalezen/", articles.article_review, name="article_review"),
    path("kennisbank/<slug:slug>/", articles.article_detail, name="article"),
    path("feeds/oproepen/", feeds.CallFeed(), name="feed_calls"),
    path("feeds/uitdagingen/", feeds.ChallengeFeed(), name="feed_challenges"),
    path("feeds/projecten/", feeds.ProjectFeed(), name="feed_projects"),
    path("feeds/lessen/", feeds.LessonFeed(), name="feed_lessons"),
    path("feeds/kennisbank/", feeds.ArticleFeed(), name="feed_articles"),
    path("feeds/diensten/", feeds.ServiceFeed(), name="feed_services"),
    path(
        "feeds/diensten/<slug:slug>/versies/",
        feeds.ServiceReleaseFeed(),
        name="feed_service_releases",
    ),
    path("nieuwsbrief/", digest.subscribe, name="digest_subscribe"),
    path("nieuwsbrief/bevestigen/<str:token>/", digest.confirm, name="digest_confirm"),
    path("nieuwsbrief/afmelden/<str:token>/", digest.unsubscribe, name="digest_unsubscribe"),
    path("nieuwsbrief/beheer/", digest.manage, name="digest_manage"),
    path("nieuwsbrief/beheer/<int:pk>/", digest.preview, name="digest_preview"),
    path("nieuwsbrief/beheer/<int:pk>/versturen/", digest.send, name="digest_send"),
]
