from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScalingConfig(AppConfig):
    name = "proeftuin.scaling"
    label = "scaling"
    verbose_name = _("Opschaling en diensten")
