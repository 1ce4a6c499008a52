from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "proeftuin.organisations"
    label = "organisations"
    verbose_name = _("Organisaties")

    def ready(self) -> None:
        from proeftuin.core.registry import (
            NotificationKind,
            PersonalData,
            register_demo,
            register_mine,
            register_notification_kind,
            register_personal_data,
        )

        from . import demo, mine

        register_notification_kind(
            NotificationKind(
                "organisations.join_request", _("Iemand vraagt om lid te worden van je organisatie")
            )
        )
        register_notification_kind(
            NotificationKind(
                "organisations.join_decided", _("Je lidmaatschapsaanvraag werd beoordeeld")
            )
        )
        register_notification_kind(
            NotificationKind("organisations.handover", _("Je neemt het werk van een collega over"))
        )
        register_mine(mine.items_for)
        register_demo(demo.load)
        register_personal_data(
            PersonalData(
                key="memberships", export=mine.export_memberships, erase=mine.erase_memberships
            )
        )
