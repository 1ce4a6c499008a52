from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "proeftuin.insights"
    label = "insights"
    verbose_name = _("Inzichten")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from proeftuin.core.models import ActivityLog
        from proeftuin.core.registry import register_demo

        from . import demo
        from .cache import bump_on_commit

        # Every change of state goes through a service that logs an action: a new log row
        # means the figures may have changed, so the cached dashboards are dropped.
        post_save.connect(bump_on_commit, sender=ActivityLog, dispatch_uid="insights.bump")
        # After every other app's demo: the year before their spring call, built on their
        # municipalities, organisations and coordinator.
        register_demo(demo.load, stage=4)
