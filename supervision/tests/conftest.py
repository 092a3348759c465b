import pytest

from supervision.tests.factories import legal_officer, witness


@pytest.fixture
def legal_a(world):
    """County A's 法规科: creates, draws and publishes its 双随机 plans."""
    return legal_officer(world.county_a, name="吴法规")


@pytest.fixture
def witness_a(world):
    """A person of county A who witnesses draws (no 执法证)."""
    return witness(world.county_a)
