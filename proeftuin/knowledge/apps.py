from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "proeftuin.knowledge"
    label = "knowledge"
    verbose_name = _("Gedeelde kennis")

    def ready(self) -> None:
        from proeftuin.core.registry import (
            NotificationKind,
            PersonalData,
            register_demo,
            register_home,
            register_mine,
            register_notification_kind,
            register_personal_data,
        )
        from proeftuin.core.scheduler import register_job

        from . import home
        from .articles import demo as articles_demo
        from .articles import mine as articles_mine
        from .articles import search as articles_search
        from .digest import demo as digest_demo
        from .digest import mine, tasks

        # Daily: an edition is put ready (not sent) once its period has passed.
        register_job(
            "knowledge.digest.prepare", every_seconds=24 * 60 * 60, task=tasks.prepare_edition
        )
        register_mine(mine.items_for)
        register_home(home.home)
        register_mine(articles_mine.items_for)
        register_personal_data(PersonalData(key="articles", export=articles_mine.export_articles))
        articles_search.register()
        register_notification_kind(
            NotificationKind("knowledge.article", _("Nieuws over een artikel dat je schreef"))
        )
        register_notification_kind(
            NotificationKind("knowledge.article_review", _("Een artikel wacht op nalezing"))
        )
        register_personal_data(
            PersonalData(
                key="digest_subscription",
                export=mine.export_subscription,
                erase=mine.erase_subscription,
            )
        )
        # After the projects' demo (stage 1): the articles link its projects.
        register_demo(articles_demo.load, stage=2)
        # Last (the projects' demo and what builds on them run at stages 1 and 2): the
        # edition covers what every other demo published.
        register_demo(digest_demo.load, stage=3)
