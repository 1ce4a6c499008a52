from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanvasesConfig(AppConfig):
    name = "proeftuin.canvases"
    label = "canvases"
    verbose_name = _("Canvassen en waardestromen")

    def ready(self) -> None:
        from proeftuin.core.registry import register_demo

        from . import demo

        # Stage 1, like the projects' demo, and registered after it (INSTALLED_APPS order):
        # it draws the canvases of a project that demo has filled in.
        register_demo(demo.load, stage=1)
