from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "proeftuin.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from proeftuin.core.registry import PersonalData, register_personal_data

        from . import services

        register_personal_data(
            PersonalData(key="account", export=services.export_account, erase=None)
        )
        register_personal_data(
            PersonalData(
                key="notifications",
                export=services.export_notifications,
                erase=services.erase_notifications,
            )
        )
