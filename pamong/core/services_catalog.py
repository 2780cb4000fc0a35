"""The services the home page offers, grouped by the six smart-city dimensions.

This module is data: a module that ships a page adds (or enables) its entry here by giving it
the page's URL name. An entry whose URL name does not resolve yet is shown as "Segera hadir"
(coming soon) instead of a link, so the home page never breaks while a module is being built.

The six dimensions are those of the Gerakan Menuju 100 Smart City (Kominfo, Kemendagri, PUPR,
Bappenas, KSP); their names stay in English because that is how the programme names them.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Service:
    title: str
    description: str
    # A URL name without arguments, e.g. "complaints:submit"; None while nothing is planned yet.
    url_name: str | None = None


@dataclass(frozen=True)
class Dimension:
    key: str  # the anchor on the home page: /#governance
    name: str  # the programme's name, "Smart Governance"
    title: str  # what it means in plain words, "Tata Kelola Pemerintahan"
    description: str
    icon: str  # a name from templates/partials/icon.html
    services: tuple[Service, ...]


CATALOG: tuple[Dimension, ...] = (
    Dimension(
        key="governance",
        name="Smart Governance",
        title=_("Tata Kelola Pemerintahan"),
        description=_(
            "Pemerintahan yang terbuka, cepat tanggap, dan akuntabel: warga menyampaikan aspirasi, "
            "mengikuti tindak lanjutnya, dan ikut mengawasi data serta anggaran daerah."
        ),
        icon="governance",
        services=(
            Service(
                _("Aspirasi & Pengaduan"),
                _(
                    "Sampaikan aspirasi, pengaduan, atau permintaan informasi kepada perangkat daerah, "
                    "lalu pantau tindak lanjutnya sampai selesai."
                ),
                "complaints:submit",
            ),
            Service(
                _("Lacak Laporan"),
                _("Cek status dan tanggapan atas laporan Anda dengan nomor pelacakan yang Anda terima."),
                "complaints:track",
            ),
            Service(
                _("Data Terbuka"),
                _("Data pemerintah daerah dalam format terbuka yang bebas diunduh dan digunakan kembali."),
                "opendata:index",
            ),
            Service(
                _("Kontrak Terbuka"),
                _("Pengadaan barang/jasa dan kontrak pemerintah daerah, dari perencanaan hingga pembayaran."),
                "contracts:index",
            ),
            Service(
                _("Dasbor Kinerja Layanan"),
                _("Jumlah laporan, kecepatan tindak lanjut, dan kepuasan warga di setiap perangkat daerah."),
                "dashboards:index",
            ),
            Service(
                _("Masterplan Smart City & SPBE"),
                _("Rencana induk kota cerdas, program prioritas, dan hasil evaluasi SPBE daerah."),
                "smartcity:index",
            ),
        ),
    ),
    Dimension(
        key="branding",
        name="Smart Branding",
        title=_("Citra & Potensi Daerah"),
        description=_(
            "Memperkenalkan identitas, budaya, dan potensi daerah agar dikenal luas, "
            "menarik wisatawan, dan mengundang investasi."
        ),
        icon="branding",
        services=(
            Service(
                _("Profil Daerah"),
                _("Sejarah, wilayah kecamatan dan desa, serta gambaran kependudukan daerah."),
                None,
            ),
            Service(
                _("Wisata & Budaya"),
                _("Destinasi wisata, kesenian, dan agenda budaya sepanjang tahun."),
                None,
            ),
            Service(
                _("Peluang Investasi"),
                _("Potensi unggulan daerah dan peluang investasi beserta prosedurnya."),
                None,
            ),
        ),
    ),
    Dimension(
        key="economy",
        name="Smart Economy",
        title=_("Ekonomi Daerah"),
        description=_(
            "Ekonomi yang tangguh dan inklusif melalui kemudahan berusaha, dukungan bagi UMKM, "
            "dan informasi pasar yang terbuka."
        ),
        icon="economy",
        services=(
            Service(
                _("Perizinan Berusaha"),
                _("Panduan perizinan usaha dan status permohonan izin Anda."),
                None,
            ),
            Service(
                _("UMKM & Produk Lokal"),
                _("Katalog usaha mikro, kecil, dan menengah beserta produk unggulan desa."),
                None,
            ),
            Service(
                _("Harga Bahan Pokok"),
                _("Pantauan harga kebutuhan pokok di pasar-pasar daerah."),
                None,
            ),
        ),
    ),
    Dimension(
        key="living",
        name="Smart Living",
        title=_("Kualitas Hidup"),
        description=_(
            "Tempat tinggal yang layak, sehat, dan aman, dengan layanan dasar yang mudah dijangkau dari mana saja."
        ),
        icon="living",
        services=(
            Service(
                _("Layanan Online"),
                _("Ajukan permohonan layanan perangkat daerah secara daring, tanpa antre di kantor."),
                "onlineservices:index",
            ),
            Service(
                _("Fasilitas Kesehatan & Pendidikan"),
                _("Lokasi dan jam layanan puskesmas, rumah sakit, dan sekolah terdekat."),
                None,
            ),
            Service(
                _("Transportasi & Infrastruktur"),
                _("Informasi jalan, jembatan, angkutan umum, dan rencana perbaikannya."),
                None,
            ),
        ),
    ),
    Dimension(
        key="society",
        name="Smart Society",
        title=_("Masyarakat"),
        description=_(
            "Masyarakat yang terhubung dan berdaya: administrasi desa yang cepat dan ruang bagi "
            "warga untuk menilai layanan publik."
        ),
        icon="society",
        services=(
            Service(
                _("Layanan Desa & Surat"),
                _("Ajukan surat keterangan dan surat pengantar dari desa/kelurahan, lalu pantau prosesnya."),
                "letters:index",
            ),
            Service(
                _("Informasi Desa"),
                _("Profil, perangkat, dan data ringkas setiap desa dan kelurahan."),
                "villages:index",
            ),
            Service(
                _("Survei Kepuasan"),
                _("Nilai layanan yang Anda terima; hasil Indeks Kepuasan Masyarakat diumumkan terbuka."),
                "surveys:index",
            ),
        ),
    ),
    Dimension(
        key="environment",
        name="Smart Environment",
        title=_("Lingkungan"),
        description=_(
            "Lingkungan yang lestari dan tangguh bencana: pengelolaan sampah, kesiapsiagaan, "
            "dan pemantauan kualitas lingkungan."
        ),
        icon="environment",
        services=(
            Service(
                _("Kesiapsiagaan Bencana"),
                _("Peringatan dini banjir dan cuaca ekstrem, posko, dan jalur evakuasi."),
                None,
            ),
            Service(
                _("Pengelolaan Sampah"),
                _("Jadwal pengangkutan, bank sampah, dan tempat pengolahan sampah terdekat."),
                None,
            ),
            Service(
                _("Kualitas Lingkungan"),
                _("Pemantauan kualitas air sungai, udara, dan ruang terbuka hijau."),
                None,
            ),
        ),
    ),
)


@dataclass(frozen=True)
class ServiceLink:
    service: Service
    url: str | None  # None: not available yet, shown as "Segera hadir"


@dataclass(frozen=True)
class DimensionLinks:
    dimension: Dimension
    services: tuple[ServiceLink, ...]


def url_or_none(url_name: str | None) -> str | None:
    """The path of a URL name that takes no arguments, or None while no app provides it."""
    if url_name is None:
        return None
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def catalog_with_links(catalog: tuple[Dimension, ...] = CATALOG) -> tuple[DimensionLinks, ...]:
    """Every dimension with its services, each resolved to a path or to None."""
    return tuple(
        DimensionLinks(
            dimension=dimension,
            services=tuple(ServiceLink(service, url_or_none(service.url_name)) for service in dimension.services),
        )
        for dimension in catalog
    )
