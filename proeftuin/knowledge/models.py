# The digest's models live in `digest.models`; Django finds an app's models here.
from .digest.models import DigestDelivery, DigestSettings, Edition, Subscriber

__all__ = ["DigestDelivery", "DigestSettings", "Edition", "Subscriber"]
