"""The staff workspace's entries: which work each role finds on its landing page.

One declarative list; an entry whose URL does not exist yet (its module is not built or not
installed) is left out rather than shown broken.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Role


@dataclass(frozen=True)
class Entry:
    url_name: str
    title: str
    description: str
    roles: frozenset


ENTRIES = [
    Entry(
        "complaints:queue",
        _("Antrean verifikasi"),
        _("Verifikasi laporan warga dan teruskan ke OPD."),
        frozenset({Role.COORDINATOR, Role.ADMIN}),
    ),
    Entry(
        "complaints:inbox",
        _("Kotak masuk OPD"),
        _("Laporan yang didisposisikan ke perangkat daerah Anda."),
        frozenset({Role.OFFICER}),
    ),
    Entry(
        "complaints:leadership",
        _("Ringkasan pimpinan"),
        _("Jumlah laporan, keterlambatan, dan ketepatan waktu OPD."),
        frozenset({Role.LEADERSHIP, Role.COORDINATOR, Role.ADMIN}),
    ),
]


def entries_for(user) -> list[dict]:
    links = []
    for entry in ENTRIES:
        if user.role not in entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        links.append({"url": url, "title": entry.title, "description": entry.description})
    return links
