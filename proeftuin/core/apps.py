from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "proeftuin.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from . import follows, jobs  # noqa: F401 - jobs registers the core's periodic jobs

        follows.register()

        from django.core.signals import request_finished

        from .logging import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="core.forget_request_id")

        from . import search
        from .registry import register_demo

        # Last of all: the index holds what every app's demo published.
        register_demo(search.load_demo, stage=9)
