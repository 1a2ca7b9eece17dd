"""Reports and exports read from a replica when one is configured
(nuithanh_cchc.replica): tested with a second alias on the same database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from nuithanh_cchc.replica import REPLICA, ReplicaRouter, reading_from_replica
from organisation.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

# The replica is added to DATABASES for these tests, as the settings add it.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica(transactional_db, settings) -> Iterator[None]:
    """A ``replica`` alias with the primary's settings (the same database),
    routed as DATABASE_REPLICA_URL would route it (added after the test's
    database is set up, committed rows visible to both)."""
    connections.settings[REPLICA] = {**connections.settings["default"]}
    settings.DATABASES = {**settings.DATABASES, REPLICA: connections.settings[REPLICA]}
    settings.DATABASE_ROUTERS = ["nuithanh_cchc.replica.ReplicaRouter"]
    # Connected here: the test case refuses to open connections to aliases it
    # was not told of, and it was told of the database's only.
    connections[REPLICA].connect()
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def test_reads_go_to_the_primary_outside_the_block(settings) -> None:
    settings.DATABASES = {**settings.DATABASES, REPLICA: {}}

    assert ReplicaRouter().db_for_read(User) is None


def test_reads_in_the_block_go_to_the_replica(settings) -> None:
    settings.DATABASES = {**settings.DATABASES, REPLICA: {}}

    with reading_from_replica():
        assert ReplicaRouter().db_for_read(User) == REPLICA
        assert ReplicaRouter().db_for_write(User) == "default"


def test_without_a_replica_the_block_changes_nothing() -> None:
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(User) is None


@pytest.mark.django_db
def test_a_read_inside_a_transaction_on_the_primary_stays_there(settings) -> None:
    settings.DATABASES = {**settings.DATABASES, REPLICA: {}}

    with transaction.atomic(), reading_from_replica():
        assert ReplicaRouter().db_for_read(User) == "default"


def test_migrations_run_on_the_primary_only() -> None:
    assert ReplicaRouter().allow_migrate("default", "campaigns")
    assert not ReplicaRouter().allow_migrate(REPLICA, "campaigns")


def test_the_rollup_page_reads_its_figures_from_the_replica(replica, client) -> None:
    province: Organisation = OrganisationFactory(
        name="UBND thành phố Thử", kind="province"
    )
    OrganisationFactory(name="UBND xã Con Thử", parent=province)
    leader = UserFactory(role="leader", role__organisation=province)
    client.force_login(leader)

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get("/province/")

    assert response.status_code == 200
    assert "UBND xã Con Thử" in response.content.decode()
    assert len(on_replica) > 0
    assert Organisation.objects.using(REPLICA).filter(parent=province).count() == 1
