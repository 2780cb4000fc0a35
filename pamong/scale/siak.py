"""The planned residents as a SIAK/Dukcapil export would list them (see villages/IMPORT.md).

One row per living resident, preceded by the village's code in four columns (``NO_PROP``,
``NO_KAB``, ``NO_KEC``, ``NO_KEL``) so one regency-wide file can be split by village. The
reference lists are written by name, as the database's ``Lookup`` rows spell them, and the
family relation (SHDK), sex and dates as SIAK writes them. Pure: no database access.
"""

from collections.abc import Iterator

from pamong.villages.importing import SHDK_NAMES

from .households import ALIVE
from .people import PeopleBatch
from .world import RegistryWorld

SIAK_COLUMNS = [
    "NO_PROP", "NO_KAB", "NO_KEC", "NO_KEL", "NIK", "NO_KK", "NAMA_LGKP", "JENIS_KLMIN", "TMPT_LHR", "TGL_LHR",
    "AGAMA", "STAT_KWN", "STAT_HBKEL", "PDDK_AKH", "JENIS_PKRJN", "GOL_DRH", "PNYDNG_CCT", "NAMA_LGKP_AYAH",
    "NAMA_LGKP_IBU", "ALAMAT", "DUSUN", "NO_RW", "NO_RT", "KEWARGANEGARAAN",
]  # fmt: skip
SEXES = {"L": "LAKI-LAKI", "P": "PEREMPUAN"}


def siak_rows(batch: PeopleBatch, world: RegistryWorld) -> Iterator[list[str]]:
    names = world.lookup_names
    for family, p in batch.residents():
        if p.status != ALIVE:
            continue
        cluster = family.cluster
        yield [
            *family.village.code.split("."),
            p.nik,
            family.number,
            p.name,
            SEXES[p.sex],
            p.birth_place,
            p.birth_date.strftime("%d-%m-%Y"),
            names["religion", p.religion],
            names["marital_status", p.marital],
            SHDK_NAMES[int(p.relation) - 1],
            names["education", p.education],
            names["occupation", p.occupation],
            names["blood_type", p.blood],
            names["disability", p.disability] if p.disability else "",
            p.father,
            p.mother,
            family.address,
            cluster.dusun,
            cluster.rw,
            cluster.rt,
            "WNI",
        ]
