from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("contact/", views.contact, name="contact"),
    path("volgen/<str:label>/<str:object_id>/", views.follow, name="follow"),
    path("activiteit/<int:content_type_id>/<str:object_id>/", views.activity, name="activity"),
]
