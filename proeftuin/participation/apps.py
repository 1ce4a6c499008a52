from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "proeftuin.participation"
    label = "participation"
    verbose_name = _("Participatie")

    def ready(self) -> None:
        from proeftuin.core.registry import register_demo
        from proeftuin.core.scheduler import register_job

        # `binding` registers experiments as owners of forms.
        from . import binding, demo, tasks  # noqa: F401

        register_job(
            "participation.retention", every_seconds=24 * 60 * 60, task=tasks.erase_expired
        )
        # After the projects' demo (stage 1, registered before us: INSTALLED_APPS order), whose
        # projects our forms ask citizens about.
        register_demo(demo.load, stage=1)
