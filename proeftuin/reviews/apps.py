from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "proeftuin.reviews"
    label = "reviews"
    verbose_name = _("Beoordeling en selectie")

    def ready(self) -> None:
        from proeftuin.core.registry import (
            NotificationKind,
            PersonalData,
            register_demo,
            register_mine,
            register_notification_kind,
            register_personal_data,
        )
        from proeftuin.core.scheduler import register_job

        from . import demo, mine, tasks

        register_notification_kind(
            NotificationKind("reviews.assigned", _("Je krijgt een nood om te beoordelen"))
        )
        register_notification_kind(
            NotificationKind("reviews.conflict", _("Een jurylid meldt een belangenconflict"))
        )
        register_mine(mine.items_for)
        register_personal_data(PersonalData(key="reviews", export=mine.export_reviews, erase=None))
        register_demo(demo.load)
        register_job("reviews.reminders", every_seconds=60 * 60, task=tasks.send_review_reminders)
