import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from proeftuin.core.models import Theme
from proeftuin.organisations.models import Membership, Municipality, Organisation

PASSWORD = "een-lang-wachtwoord-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.be")
    name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create:
            self.save()
            if extracted is not False:
                EmailAddress.objects.create(
                    user=self, email=self.email, verified=True, primary=True
                )


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["nis_code"]

    nis_code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    province = "Antwerpen"
    region = Municipality.Region.FLANDERS


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bibliotheek {n}")
    slug = factory.Sequence(lambda n: f"bibliotheek-{n}")
    kind = Organisation.Kind.LIBRARY

    @factory.post_generation
    def municipalities(
        self, create: bool, extracted: list[Municipality] | None, **kwargs: object
    ) -> None:
        if create:
            self.municipalities.set(extracted or [MunicipalityFactory()])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Membership.Status.ACTIVE
    role = Membership.Role.MEMBER
