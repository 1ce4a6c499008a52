"""Mounted under a project: /projecten/<pk>/canvassen/… and /projecten/<pk>/waardestromen/…"""

from django.urls import path

from .views import canvas, overview, stream

app_name = "canvases"

CANVAS = "canvassen/<int:canvas_pk>/"
ITEM = f"{CANVAS}elementen/<int:item_pk>/"
STREAM = "waardestromen/<int:stream_pk>/"
STEP = f"{STREAM}stappen/<int:step_pk>/"

urlpatterns = [
    path("canvassen/", overview.index, name="index"),
    path("canvassen/nieuw/", canvas.canvas_create, name="canvas_create"),
    path(CANVAS, canvas.canvas, name="canvas"),
    path(f"{CANVAS}tekening/", canvas.canvas_picture, name="canvas_picture"),
    path(f"{CANVAS}naam/", canvas.canvas_rename, name="canvas_rename"),
    path(f"{CANVAS}verwijderen/", canvas.canvas_delete, name="canvas_delete"),
    path(f"{CANVAS}elementen/", canvas.item_add, name="item_add"),
    path(ITEM, canvas.item_change, name="item_change"),
    path(f"{ITEM}verplaatsen/", canvas.item_move, name="item_move"),
    path(f"{ITEM}koppelen/", canvas.item_link, name="item_link"),
    path(f"{ITEM}verwijderen/", canvas.item_remove, name="item_remove"),
    path(f"{CANVAS}versies/", canvas.canvas_history, name="canvas_history"),
    path(f"{CANVAS}versies/bewaren/", canvas.canvas_version_save, name="canvas_version_save"),
    path(f"{CANVAS}versies/<int:snapshot_pk>/", canvas.canvas_version, name="canvas_version"),
    path("waardestromen/nieuw/", stream.stream_create, name="stream_create"),
    path(STREAM, stream.stream, name="stream"),
    path(f"{STREAM}kaart/", stream.stream_picture, name="stream_picture"),
    path(f"{STREAM}naam/", stream.stream_rename, name="stream_rename"),
    path(f"{STREAM}verwijderen/", stream.stream_delete, name="stream_delete"),
    path(f"{STREAM}stappen/", stream.step_add, name="step_add"),
    path(STEP, stream.step_change, name="step_change"),
    path(f"{STEP}verplaatsen/", stream.step_move, name="step_move"),
    path(f"{STEP}verwijderen/", stream.step_remove, name="step_remove"),
    path(f"{STREAM}versies/", stream.stream_history, name="stream_history"),
    path(f"{STREAM}versies/bewaren/", stream.stream_version_save, name="stream_version_save"),
    path(f"{STREAM}versies/<int:snapshot_pk>/", stream.stream_version, name="stream_version"),
]
