from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScalingConfig(AppConfig):
    name = "proeftuin.scaling"
    label = "scaling"
    verbose_name = _("Opschaling en diensten")

    def ready(self) -> None:
        from proeftuin.core.follows import register_followable
        from proeftuin.core.registry import (
            NotificationKind,
            PersonalData,
            register_demo,
            register_mine,
            register_notification_kind,
            register_personal_data,
        )
        from proeftuin.core.scheduler import register_job

        # `surveys` registers services as owners of participation forms.
        from . import demo, demo_design, mine, search, surveys, tasks  # noqa: F401
        from .models import Service

        register_mine(mine.items_for)
        register_notification_kind(
            NotificationKind("scaling.adoption", _("Nieuws over een dienst die je aanvroeg"))
        )
        register_notification_kind(
            NotificationKind(
                "scaling.feedback", _("Wat er met je feedback over een dienst gebeurt")
            )
        )
        search.register()
        # Daily: each run sends what the half year's survey still owes (once per adoption).
        register_job("scaling.surveys", every_seconds=24 * 60 * 60, task=tasks.send_surveys)
        # Members follow a service: its becoming available (or being retired) is news.
        register_followable(Service, Service.objects.public)
        # The contact given for a municipality is kept with the adoption (the coordinators
        # need it) when the person who registered it leaves; it is exported, not erased.
        register_personal_data(PersonalData(key="service_adoptions", export=mine.export_adoptions))
        # Feedback stays with the adoption when its author leaves (it speaks for the
        # municipality); it is exported, not erased.
        register_personal_data(PersonalData(key="service_feedback", export=mine.export_feedback))
        # Stage 2: after the projects' and the canvases' demos (stage 1), whose Dilbeek
        # project it evaluates.
        register_demo(demo.load, stage=2)
        # Stage 3: a year of feedback, releases and a survey around the service stage 2 made.
        register_demo(demo_design.load, stage=3)
