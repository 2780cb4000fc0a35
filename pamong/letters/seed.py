"""The standard letter types (after OpenSID's most requested ones), as editable starting points.

``seed_letter_types()`` creates the types that are missing and leaves existing ones alone, so
running it again never overwrites what an admin edited.
"""

from django.db import transaction

from .models import LetterType

OPENING = (
    "<p>Yang bertanda tangan di bawah ini, [jabatan_penandatangan] [nama_desa], Kecamatan "
    "[nama_kecamatan], Kabupaten [nama_kabupaten], menerangkan dengan sebenarnya bahwa:</p>"
)
IDENTITY = (
    "<table>"
    "<tr><td>Nama</td><td>:</td><td><strong>[nama]</strong></td></tr>"
    "<tr><td>NIK</td><td>:</td><td>[nik]</td></tr>"
    "<tr><td>Tempat, tanggal lahir</td><td>:</td><td>[tempat_tanggal_lahir]</td></tr>"
    "<tr><td>Jenis kelamin</td><td>:</td><td>[jenis_kelamin]</td></tr>"
    "<tr><td>Agama</td><td>:</td><td>[agama]</td></tr>"
    "<tr><td>Status perkawinan</td><td>:</td><td>[status_perkawinan]</td></tr>"
    "<tr><td>Pekerjaan</td><td>:</td><td>[pekerjaan]</td></tr>"
    "<tr><td>Kewarganegaraan</td><td>:</td><td>[kewarganegaraan]</td></tr>"
    "<tr><td>Alamat</td><td>:</td><td>[alamat]</td></tr>"
    "</table>"
)
CLOSING = "<p>Demikian surat keterangan ini dibuat untuk dapat dipergunakan sebagaimana mestinya.</p>"
PURPOSE = {"name": "keperluan", "label": "Keperluan", "required": True}
PENGANTAR_RT = "Surat pengantar RT/RW"
KTP = "Fotokopi KTP"
KK = "Fotokopi Kartu Keluarga"


def _rows(*pairs: tuple[str, str]) -> str:
    return (
        "<table>"
        + "".join(f"<tr><td>{label}</td><td>:</td><td>{value}</td></tr>" for label, value in pairs)
        + "</table>"
    )


def _letter(paragraph: str) -> str:
    return OPENING + IDENTITY + paragraph + CLOSING


BUSINESS_FIELDS = [
    {"name": "nama_usaha", "label": "Nama usaha", "required": True},
    {"name": "jenis_usaha", "label": "Jenis usaha", "required": True},
    {"name": "alamat_usaha", "label": "Alamat usaha", "required": True},
]
BUSINESS_ROWS = _rows(
    ("Nama usaha", "[nama_usaha]"), ("Jenis usaha", "[jenis_usaha]"), ("Alamat usaha", "[alamat_usaha]")
)

STANDARD_TYPES = [
    {
        "code": "SPP",
        "name": "Surat Keterangan Pengantar",
        "description": "Pengantar dari desa/kelurahan untuk mengurus keperluan di instansi lain.",
        "fields": [PURPOSE, {"name": "keterangan", "label": "Keterangan lain", "required": False}],
        "requirements": [PENGANTAR_RT, KTP, KK],
        "validity_days": 30,
        "body": _letter(
            "<p>Orang tersebut di atas adalah benar penduduk [sebutan_desa] [nama_desa]. Surat pengantar ini "
            "diberikan untuk keperluan: <strong>[keperluan]</strong>. [keterangan]</p>"
        ),
    },
    {
        "code": "SKPD",
        "name": "Surat Keterangan Penduduk",
        "description": "Keterangan bahwa seseorang tercatat sebagai penduduk desa/kelurahan.",
        "fields": [PURPOSE],
        "requirements": [PENGANTAR_RT, KTP, KK],
        "validity_days": 30,
        "body": _letter(
            "<p>Orang tersebut di atas benar tercatat sebagai penduduk [sebutan_desa] [nama_desa], Kecamatan "
            "[nama_kecamatan], Kabupaten [nama_kabupaten]. Surat keterangan ini dibuat untuk keperluan: "
            "<strong>[keperluan]</strong>.</p>"
        ),
    },
    {
        "code": "SKD",
        "name": "Surat Keterangan Domisili",
        "description": "Keterangan tempat tinggal (domisili) penduduk.",
        "fields": [PURPOSE],
        "requirements": [PENGANTAR_RT, KTP, KK],
        "validity_days": 90,
        "body": _letter(
            "<p>Orang tersebut di atas benar-benar berdomisili di alamat tersebut di atas, wilayah [sebutan_desa] "
            "[nama_desa]. Surat keterangan domisili ini dibuat untuk keperluan: <strong>[keperluan]</strong>.</p>"
        ),
    },
    {
        "code": "SKDU",
        "name": "Surat Keterangan Domisili Usaha",
        "description": "Keterangan tempat kedudukan usaha di wilayah desa/kelurahan.",
        "fields": [*BUSINESS_FIELDS, PURPOSE],
        "requirements": [PENGANTAR_RT, KTP, KK, "Foto tempat usaha"],
        "validity_days": 180,
        "body": _letter(
            "<p>Orang tersebut di atas benar memiliki usaha yang berdomisili di wilayah [sebutan_desa] "
            "[nama_desa] dengan keterangan sebagai berikut:</p>"
            + BUSINESS_ROWS
            + "<p>Surat keterangan ini dibuat untuk keperluan: <strong>[keperluan]</strong>.</p>"
        ),
    },
    {
        "code": "SKU",
        "name": "Surat Keterangan Usaha",
        "description": "Keterangan bahwa penduduk menjalankan usaha (mis. untuk pengajuan kredit usaha).",
        "fields": [
            *BUSINESS_FIELDS,
            {"name": "lama_usaha", "label": "Lama usaha berjalan", "required": False},
            PURPOSE,
        ],
        "requirements": [PENGANTAR_RT, KTP, KK],
        "validity_days": 180,
        "body": _letter(
            "<p>Orang tersebut di atas benar menjalankan usaha sebagai berikut:</p>"
            + BUSINESS_ROWS
            + "<p>Usaha tersebut telah berjalan [lama_usaha]. Surat keterangan ini dibuat untuk keperluan: "
            "<strong>[keperluan]</strong>.</p>"
        ),
    },
    {
        "code": "SKTM",
        "name": "Surat Keterangan Kurang Mampu",
        "description": "Keterangan keluarga kurang mampu (mis. untuk keringanan biaya sekolah atau kesehatan).",
        "fields": [PURPOSE],
        "requirements": [PENGANTAR_RT, KTP, KK],
        "validity_days": 90,
        "body": _letter(
            "<p>Berdasarkan pengantar RT/RW dan pengetahuan kami, orang tersebut di atas adalah benar penduduk "
            "[sebutan_desa] [nama_desa] dari keluarga yang kurang mampu secara ekonomi. Surat keterangan ini "
            "dibuat untuk keperluan: <strong>[keperluan]</strong>.</p>"
        ),
    },
    {
        "code": "SKCK",
        "name": "Surat Pengantar SKCK",
        "description": "Pengantar untuk mengurus Surat Keterangan Catatan Kepolisian di Polsek/Polres.",
        "fields": [PURPOSE],
        "requirements": [PENGANTAR_RT, KTP, KK, "Pas foto 4x6 latar merah"],
        "validity_days": 30,
        "body": _letter(
            "<p>Orang tersebut di atas adalah benar penduduk [sebutan_desa] [nama_desa] dan sepanjang "
            "pengetahuan kami berkelakuan baik serta tidak pernah tersangkut perkara pidana. Surat pengantar ini "
            "diberikan untuk mengurus Surat Keterangan Catatan Kepolisian (SKCK) guna keperluan: "
            "<strong>[keperluan]</strong>.</p>"
        ),
    },
    {
        "code": "SKL",
        "name": "Surat Keterangan Kelahiran",
        "description": "Keterangan kelahiran anak, dimohon oleh orang tua atau pelapor.",
        "fields": [
            {"name": "nama_bayi", "label": "Nama bayi", "required": True},
            {"name": "jenis_kelamin_bayi", "label": "Jenis kelamin bayi", "required": True},
            {"name": "tempat_kelahiran", "label": "Tempat kelahiran", "required": True},
            {"name": "tanggal_kelahiran", "label": "Hari, tanggal dan pukul kelahiran", "required": True},
            {"name": "nama_ibu_bayi", "label": "Nama ibu", "required": True},
            {"name": "hubungan_pelapor", "label": "Hubungan pelapor dengan bayi", "required": True},
        ],
        "requirements": [
            PENGANTAR_RT,
            "Surat keterangan lahir dari bidan/rumah sakit",
            KK,
            "Fotokopi KTP kedua orang tua",
        ],
        "validity_days": 60,
        "self_service": False,
        "body": OPENING.replace("bahwa:", "bahwa telah lahir seorang anak:")
        + _rows(
            ("Nama", "<strong>[nama_bayi]</strong>"),
            ("Jenis kelamin", "[jenis_kelamin_bayi]"),
            ("Tempat kelahiran", "[tempat_kelahiran]"),
            ("Hari, tanggal, pukul", "[tanggal_kelahiran]"),
            ("Nama ibu", "[nama_ibu_bayi]"),
        )
        + "<p>Kelahiran tersebut dilaporkan oleh:</p>"
        + IDENTITY
        + "<p>selaku [hubungan_pelapor] dari anak tersebut.</p>"
        + CLOSING,
    },
    {
        "code": "SKM",
        "name": "Surat Keterangan Kematian",
        "description": "Keterangan kematian penduduk, dimohon oleh keluarga atau pelapor.",
        "fields": [
            {"name": "nama_almarhum", "label": "Nama yang meninggal", "required": True},
            {"name": "nik_almarhum", "label": "NIK yang meninggal", "required": True},
            {"name": "tanggal_meninggal", "label": "Hari dan tanggal meninggal", "required": True},
            {"name": "tempat_meninggal", "label": "Tempat meninggal", "required": True},
            {"name": "sebab_meninggal", "label": "Sebab meninggal", "required": False},
            {"name": "hubungan_pelapor", "label": "Hubungan pelapor dengan yang meninggal", "required": True},
        ],
        "requirements": [PENGANTAR_RT, "Surat keterangan kematian dari dokter/rumah sakit (bila ada)", KK, KTP],
        "validity_days": 60,
        "self_service": False,
        "body": OPENING.replace("bahwa:", "bahwa telah meninggal dunia:")
        + _rows(
            ("Nama", "<strong>[nama_almarhum]</strong>"),
            ("NIK", "[nik_almarhum]"),
            ("Hari, tanggal", "[tanggal_meninggal]"),
            ("Tempat", "[tempat_meninggal]"),
            ("Sebab", "[sebab_meninggal]"),
        )
        + "<p>Kematian tersebut dilaporkan oleh:</p>"
        + IDENTITY
        + "<p>selaku [hubungan_pelapor] dari yang meninggal.</p>"
        + CLOSING,
    },
    {
        "code": "SKPH",
        "name": "Surat Keterangan Pindah",
        "description": "Keterangan pindah tempat tinggal ke luar desa/kelurahan.",
        "fields": [
            {"name": "alamat_tujuan", "label": "Alamat tujuan", "required": True},
            {"name": "desa_tujuan", "label": "Desa/kelurahan tujuan", "required": True},
            {"name": "kecamatan_tujuan", "label": "Kecamatan tujuan", "required": True},
            {"name": "kabupaten_tujuan", "label": "Kabupaten/kota tujuan", "required": True},
            {"name": "provinsi_tujuan", "label": "Provinsi tujuan", "required": True},
            {"name": "alasan_pindah", "label": "Alasan pindah", "required": True},
            {"name": "pengikut", "label": "Anggota keluarga yang ikut pindah", "required": False},
        ],
        "requirements": [PENGANTAR_RT, "KTP asli", "Kartu Keluarga asli"],
        "validity_days": 30,
        "self_service": False,
        "body": _letter(
            "<p>Orang tersebut di atas benar penduduk [sebutan_desa] [nama_desa] yang akan pindah ke:</p>"
            + _rows(
                ("Alamat", "[alamat_tujuan]"),
                ("Desa/kelurahan", "[desa_tujuan]"),
                ("Kecamatan", "[kecamatan_tujuan]"),
                ("Kabupaten/kota", "[kabupaten_tujuan]"),
                ("Provinsi", "[provinsi_tujuan]"),
                ("Alasan pindah", "[alasan_pindah]"),
                ("Pengikut", "[pengikut]"),
            )
        ),
    },
    {
        "code": "SKBP",
        "name": "Surat Keterangan Bepergian",
        "description": "Keterangan bagi penduduk yang bepergian ke luar daerah.",
        "fields": [
            {"name": "tujuan", "label": "Tujuan", "required": True},
            {"name": "tanggal_berangkat", "label": "Tanggal berangkat", "required": True},
            {"name": "lama_bepergian", "label": "Lama bepergian", "required": True},
            PURPOSE,
        ],
        "requirements": [PENGANTAR_RT, KTP],
        "validity_days": 30,
        "body": _letter(
            "<p>Orang tersebut di atas adalah benar penduduk [sebutan_desa] [nama_desa] yang akan bepergian ke "
            "<strong>[tujuan]</strong> mulai tanggal [tanggal_berangkat] selama [lama_bepergian] untuk keperluan: "
            "<strong>[keperluan]</strong>.</p><p>Kami mohon kepada pihak yang berwenang untuk memberikan "
            "bantuan seperlunya.</p>"
        ),
    },
    {
        "code": "SKBI",
        "name": "Surat Keterangan Beda Identitas",
        "description": "Keterangan bahwa data pada dua dokumen yang berbeda menunjuk orang yang sama.",
        "fields": [
            {"name": "dokumen_berbeda", "label": "Dokumen yang datanya berbeda", "required": True},
            {"name": "data_tertulis", "label": "Data yang tertulis pada dokumen itu", "required": True},
            PURPOSE,
        ],
        "requirements": [PENGANTAR_RT, KTP, KK, "Fotokopi dokumen yang datanya berbeda"],
        "validity_days": 90,
        "body": _letter(
            "<p>Orang tersebut di atas sesuai KTP-el dan Kartu Keluarga adalah orang yang sama dengan yang "
            "tercantum pada <strong>[dokumen_berbeda]</strong> dengan data tertulis "
            "<strong>[data_tertulis]</strong>. Perbedaan tersebut hanya kesalahan penulisan. Surat keterangan ini "
            "dibuat untuk keperluan: <strong>[keperluan]</strong>.</p>"
        ),
    },
]


@transaction.atomic
def seed_letter_types() -> int:
    """Create the standard letter types that do not exist yet; return how many were created."""
    created = 0
    for spec in STANDARD_TYPES:
        values = {"self_service": True, **spec}
        code = values.pop("code")
        _, was_created = LetterType.objects.get_or_create(code=code, defaults=values)
        created += was_created
    return created
