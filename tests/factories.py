"""Factories for fictional test data. Never real persons."""

import datetime

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.accounts.models import RoleAssignment, User
from schakel.cases.models import Case, CaseParticipant, CasePerson, ParticipationReason, PersonRole
from schakel.organisations.models import Domain, Municipality, Organisation, Region
from schakel.persons.matching import name_key
from schakel.persons.models import Person
from schakel.tables.models import Table

TEST_PASSWORD = "correct-paard-batterij-niet"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Testregio {n}")
    code = factory.Sequence(lambda n: f"tr{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    # At most six characters however many are made (the column is CBS-sized), never a real
    # CBS code (those start with GM).
    cbs_code = factory.Sequence(lambda n: f"T{n % 100_000:05d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    region = factory.SubFactory(RegionFactory)
    domain = Domain.ZORG
    kind = "GGZ"
    convenant_signed_on = datetime.date(2025, 3, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            RoleAssignment.objects.create(user=self, role=role)
        self._role_cache = None
        if create:
            self.save()


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Regietafel {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    region = factory.SubFactory(RegionFactory)
    first_names = "Fictief"
    last_name = factory.Sequence(lambda n: f"Persoon{n}")
    birth_date = datetime.date(1990, 1, 1)
    name_prefix = ""
    name_key = factory.LazyAttribute(lambda p: name_key(p.first_names, p.name_prefix, p.last_name))


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    region = factory.SubFactory(RegionFactory)
    municipality = factory.SubFactory(MunicipalityFactory, region=factory.SelfAttribute("..region"))
    title = factory.Sequence(lambda n: f"Testcasus {n}")


def add_person(case: Case, person: Person | None = None, role: str = PersonRole.HOOFDPERSOON):
    person = person or PersonFactory(region=case.region)
    CasePerson.objects.create(case=case, person=person, role=role)
    return person


def add_participant(case: Case, organisation: Organisation, reason=ParticipationReason.UITGENODIGD):
    return CaseParticipant.objects.create(case=case, organisation=organisation, reason=reason)


def verified_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def now():
    return timezone.now()
