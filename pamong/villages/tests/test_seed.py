import pytest

from pamong.conftest import make_user
from pamong.regions.models import Region
from pamong.villages import stats
from pamong.villages.models import Family, PopulationEvent, Resident
from pamong.villages.nik import check_nik
from pamong.villages.seed import seed_demo_village

from .conftest import TODAY


@pytest.fixture
def demo_village(regency):
    district = Region.objects.create(code="35.22.01", name="Margomulyo", level="district", parent=regency)
    return Region.objects.create(
        code="35.22.01.2001", name="Kalangan", level="village", parent=district, village_kind="desa"
    )


def test_the_demo_village_is_populated_with_valid_residents_and_events(demo_village, village):
    operator = make_user(email="op-demo@example.id", role="village_operator", village=demo_village)
    assert seed_demo_village() == demo_village
    assert Family.objects.filter(village=demo_village).count() == 41
    # 40 families registered + 1 formed by the newcomer; one child moved to Kadipaten.
    assert Resident.objects.filter(village=demo_village).count() == 161
    for resident in Resident.objects.all():
        check_nik(resident.nik, sex=resident.sex, birth_date=resident.birth_date)
    kinds = sorted(PopulationEvent.objects.filter(village=demo_village).values_list("kind", flat=True))
    assert kinds == ["lahir", "lahir", "lahir", "lahir", "mati", "pindah_keluar", "pindah_masuk"]
    assert set(PopulationEvent.objects.values_list("recorded_by", flat=True)) == {operator.pk}
    month = stats.monthly_report(demo_village, TODAY.year, TODAY.month)["total"]
    assert month["closing"] == Resident.objects.filter(village=demo_village, status="hidup").count()


def test_seeding_twice_changes_nothing(demo_village, admin_user):
    seed_demo_village()
    counts = (Resident.objects.count(), PopulationEvent.objects.count())
    seed_demo_village()
    assert (Resident.objects.count(), PopulationEvent.objects.count()) == counts


def test_seeding_without_any_actor_is_refused(demo_village):
    with pytest.raises(ValueError, match="needs a village operator"):
        seed_demo_village()
    assert Resident.objects.count() == 0
