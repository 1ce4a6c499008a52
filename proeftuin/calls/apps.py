from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "proeftuin.calls"
    label = "calls"
    verbose_name = _("Oproepen en noden")

    def ready(self) -> None:
        from proeftuin.core.follows import register_followable
        from proeftuin.core.registry import (
            NotificationKind,
            PersonalData,
            register_demo,
            register_handover,
            register_mine,
            register_notification_kind,
            register_personal_data,
        )
        from proeftuin.core.scheduler import register_job

        from . import demo, mine, search, tasks
        from .models import Need

        register_notification_kind(
            NotificationKind(
                "calls.need_status", _("De status van een nood van je organisatie wijzigt")
            )
        )
        register_notification_kind(
            NotificationKind(
                "calls.co_submission", _("Je organisatie wordt uitgenodigd als mede-indiener")
            )
        )
        register_mine(mine.items_for)
        # Members follow published challenges (the decision on them is news).
        register_followable(Need, Need.objects.challenges)
        search.register()
        register_demo(demo.load)
        register_handover(mine.hand_over_needs)
        register_personal_data(PersonalData(key="needs", export=mine.export_needs, erase=None))
        register_personal_data(
            PersonalData(
                key="call_alert", export=mine.export_call_alert, erase=mine.erase_call_alert
            )
        )
        register_personal_data(PersonalData(key="supports", export=mine.export_supports))
        register_job(
            "calls.announce_opened_calls", every_seconds=5 * 60, task=tasks.announce_opened_calls
        )
        register_job(
            "calls.support_summaries", every_seconds=24 * 60 * 60, task=tasks.send_support_summaries
        )
        # Shared-need matching: rebuild when the index lags the thesaurus, else cluster the
        # whole programme again (each save clusters only the needs around it).
        from .matching import tasks as matching_tasks

        register_job(
            "calls.matching_refresh", every_seconds=24 * 60 * 60, task=matching_tasks.refresh
        )
