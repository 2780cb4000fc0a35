"""Words for generated data: Indonesian (mostly Javanese) names, places and report texts.

Invented for benchmarks and demos; no real person or report. Names for the village registry
(``people.py``) are split by sex and by the generation that was named then. Titles and bodies are built
from templates per LAPOR top-level category (as seeded by ``complaints.seed``), so the
full-text search finds the words people really use ("jalan rusak", "sampah", "bansos").
"""

FIRST_NAMES = [
    "Siti",
    "Budi",
    "Agus",
    "Sri",
    "Dwi",
    "Eko",
    "Joko",
    "Rina",
    "Wahyu",
    "Slamet",
    "Suparman",
    "Sutrisno",
    "Sumarni",
    "Yuni",
    "Dewi",
    "Ahmad",
    "Muhammad",
    "Nur",
    "Rizky",
    "Fajar",
    "Putri",
    "Ayu",
    "Wulan",
    "Indah",
    "Bambang",
    "Hendra",
    "Heru",
    "Teguh",
    "Yanto",
    "Suyono",
    "Sugeng",
    "Suwarni",
    "Endang",
    "Lestari",
    "Ratna",
    "Mulyadi",
    "Kusnadi",
    "Rohmat",
    "Imam",
    "Arif",
    "Bayu",
    "Galih",
    "Nanang",
    "Didik",
    "Tutik",
    "Ninik",
    "Umi",
    "Lilik",
    "Anik",
    "Puji",
    "Hadi",
    "Kartini",
    "Warsito",
    "Paijo",
    "Sukardi",
    "Tukiman",
    "Marsini",
    "Rukmini",
    "Mujiono",
    "Zainal",
    "Fitri",
    "Nisa",
    "Aulia",
    "Dimas",
    "Yoga",
    "Rendy",
]
LAST_NAMES = [
    "Santoso",
    "Wibowo",
    "Susanto",
    "Purnomo",
    "Hidayat",
    "Setiawan",
    "Prasetyo",
    "Handayani",
    "Rahayu",
    "Wati",
    "Lestari",
    "Utomo",
    "Nugroho",
    "Saputra",
    "Kurniawan",
    "Maulana",
    "Hartono",
    "Sulistyo",
    "Fauzi",
    "Rohman",
    "Mustofa",
    "Sholikhin",
    "Ariyanti",
    "Pratiwi",
    "Wijaya",
    "Supriyadi",
    "Haryanto",
    "Suryani",
    "Kusuma",
    "Firmansyah",
    "Anwar",
    "Hakim",
    "Ramadhan",
    "Safitri",
    "Widodo",
    "Sugiarto",
    "Darmawan",
]
STREETS = [
    "Raya Bojonegoro-Cepu",
    "Veteran",
    "Panglima Sudirman",
    "Diponegoro",
    "Gajah Mada",
    "Hayam Wuruk",
    "Pemuda",
    "Rajekwesi",
    "Untung Suropati",
    "MH Thamrin",
    "Lettu Suyitno",
    "Basuki Rahmat",
    "KH Hasyim Asyari",
    "Dr. Wahidin",
    "Pattimura",
    "Poros Desa",
    "Dusun Krajan",
    "Dusun Kauman",
    "Dusun Tegalrejo",
    "Ngasem-Kalitidu",
]
PLACES = [
    "balai desa",
    "pasar desa",
    "SD negeri",
    "masjid",
    "puskesmas pembantu",
    "pertigaan dusun",
    "jembatan kali",
    "lapangan desa",
    "kantor kecamatan",
    "makam umum",
    "perempatan jalan raya",
    "pos kamling",
    "Bengawan Solo",
]

# Per LAPOR top-level category (lower case): title templates and body sentences.
# {place}, {village}, {street} are filled in; bodies pick 2-3 sentences.
BY_TOP = {
    "pekerjaan umum dan penataan ruang": (
        [
            "Jalan rusak parah di Jl. {street}",
            "Jalan berlubang dekat {place}",
            "Jembatan penghubung dusun retak",
            "Gorong-gorong tersumbat di Desa {village}",
            "Trotoar rusak di depan {place}",
            "Perbaikan jalan poros Desa {village} belum selesai",
        ],
        [
            "Jalan di dekat {place} berlubang dalam dan membahayakan pengendara motor.",
            "Sudah beberapa kali terjadi kecelakaan di ruas ini, terutama malam hari.",
            "Saat hujan air menggenang karena saluran tidak berfungsi.",
            "Mohon segera ada perbaikan dari dinas terkait.",
            "Warga sudah melaporkan ke pemerintah desa tetapi belum ada tindak lanjut.",
            "Anak sekolah setiap hari melewati jalan ini.",
        ],
    ),
    "kesehatan": (
        [
            "Obat di puskesmas sering kosong",
            "Pelayanan puskesmas {village} lambat",
            "Balita gizi kurang di Desa {village}",
            "Antrean BPJS di RSUD terlalu lama",
        ],
        [
            "Pasien harus membeli obat sendiri di apotek luar karena stok habis.",
            "Antrean pelayanan mulai subuh dan petugas datang terlambat.",
            "Mohon pemantauan gizi balita dan posyandu lebih rutin.",
            "Kami berharap pelayanan kesehatan lebih ramah dan cepat.",
        ],
    ),
    "perhubungan": (
        [
            "Lampu PJU mati di Jl. {street}",
            "Parkir liar di depan {place}",
            "Angkutan desa tidak beroperasi lagi",
            "Rambu lalu lintas roboh dekat {place}",
        ],
        [
            "Lampu penerangan jalan mati sejak berminggu-minggu sehingga jalan gelap gulita.",
            "Kendaraan diparkir di badan jalan dan menyebabkan kemacetan setiap pagi.",
            "Warga lansia kesulitan ke pasar karena tidak ada angkutan.",
            "Mohon dinas perhubungan memeriksa lokasi.",
        ],
    ),
    "lingkungan hidup dan kehutanan": (
        [
            "Sampah menumpuk di dekat {place}",
            "Limbah mencemari sungai di Desa {village}",
            "Banjir setiap hujan deras di Desa {village}",
            "Tanah longsor di tebing dekat {place}",
            "Bau menyengat dari tempat pembuangan sampah",
        ],
        [
            "Sampah tidak diangkut lebih dari seminggu dan menimbulkan bau.",
            "Air sungai berubah warna dan ikan banyak yang mati.",
            "Air meluap dari Bengawan Solo dan merendam rumah warga.",
            "Warga khawatir terjadi longsor susulan saat musim hujan.",
            "Mohon penanganan segera sebelum menimbulkan penyakit.",
        ],
    ),
    "kependudukan": (
        [
            "Blangko KTP elektronik habis",
            "Pengurusan kartu keluarga lama sekali",
            "Akta kelahiran anak belum jadi",
            "Pindah domisili ditolak tanpa alasan jelas",
        ],
        [
            "Sudah tiga kali datang ke kantor kecamatan tetapi belum selesai.",
            "Petugas meminta kembali minggu depan tanpa kepastian.",
            "Dokumen ini dibutuhkan untuk mendaftar sekolah dan BPJS.",
            "Mohon kejelasan prosedur dan waktu penyelesaiannya.",
        ],
    ),
    "sosial dan kesejahteraan": (
        [
            "Bansos tidak tepat sasaran di Desa {village}",
            "PKH belum cair tiga bulan",
            "Warga miskin belum terdata DTKS",
        ],
        [
            "Ada keluarga mampu yang menerima bantuan sementara warga miskin tidak.",
            "Bantuan PKH biasanya cair setiap tiga bulan tetapi kali ini belum ada kabar.",
            "Mohon pendataan ulang penerima bantuan secara terbuka.",
        ],
    ),
    "pendidikan dan kebudayaan": (
        [
            "Pungutan di sekolah negeri",
            "Zonasi PPDB merugikan warga Desa {village}",
            "Gedung SD rusak dan bocor",
            "Honor guru PAUD belum dibayar",
        ],
        [
            "Orang tua diminta membayar uang gedung padahal sekolah negeri.",
            "Atap kelas bocor sehingga siswa belajar di teras.",
            "Mohon dinas pendidikan meninjau langsung ke sekolah.",
        ],
    ),
    "pertanian dan peternakan": (
        [
            "Pupuk bersubsidi langka di Desa {village}",
            "Saluran irigasi tersumbat lumpur",
            "Bantuan alat pertanian tidak merata",
        ],
        [
            "Petani kesulitan mendapatkan pupuk saat musim tanam.",
            "Sawah di hilir kekurangan air karena saluran tersumbat.",
            "Mohon pengawasan distribusi oleh dinas pertanian.",
        ],
    ),
    "ketenagakerjaan": (
        [
            "Upah di bawah UMK",
            "Pelatihan kerja untuk pemuda Desa {village}",
            "Pesangon tidak dibayar perusahaan",
        ],
        [
            "Pekerja dibayar di bawah upah minimum kabupaten.",
            "Banyak pemuda menganggur dan butuh pelatihan keterampilan.",
            "Mohon mediasi dari dinas tenaga kerja.",
        ],
    ),
    "ketenteraman, ketertiban umum, dan pelindungan masyarakat": (
        [
            "Balap liar setiap malam minggu di Jl. {street}",
            "Pedagang kaki lima menutup trotoar",
            "Pembuangan sampah liar di lahan kosong",
            "Kebakaran lahan dekat permukiman",
        ],
        [
            "Suara knalpot brong mengganggu warga hingga larut malam.",
            "Pejalan kaki terpaksa berjalan di badan jalan.",
            "Mohon penertiban oleh Satpol PP.",
        ],
    ),
    "pembangunan desa, daerah tertinggal, dan transmigrasi": (
        [
            "Penggunaan dana desa tidak transparan",
            "BUMDes Desa {village} tidak aktif",
            "Pelayanan kantor desa tutup saat jam kerja",
        ],
        [
            "Papan informasi APBDes tidak dipasang di balai desa.",
            "Warga tidak pernah diundang musyawarah desa.",
            "Mohon pembinaan dari dinas pemberdayaan masyarakat dan desa.",
        ],
    ),
    "teknologi informasi dan komunikasi": (
        [
            "Sinyal internet lemah di Desa {village}",
            "Aplikasi layanan online pemkab sering error",
            "Wi-Fi gratis di balai desa tidak berfungsi",
        ],
        [
            "Anak-anak kesulitan mengikuti pembelajaran daring.",
            "Saat mengisi formulir, halaman selalu gagal dimuat.",
            "Mohon perbaikan jaringan dan aplikasi.",
        ],
    ),
    "sengketa": (
        ["Sengketa batas tanah dengan tetangga", "Sengketa tanah kas desa"],
        [
            "Batas tanah berubah setelah pengukuran ulang.",
            "Kami mohon mediasi dari pemerintah kabupaten.",
            "Sudah dibicarakan di tingkat desa tetapi belum ada kesepakatan.",
        ],
    ),
}
GENERIC = (
    [
        "Usulan perbaikan pelayanan di Desa {village}",
        "Pertanyaan tentang program pemerintah",
        "Keluhan pelayanan kantor kecamatan",
        "Informasi jadwal layanan keliling",
    ],
    [
        "Mohon tanggapan dan tindak lanjut dari pemerintah kabupaten.",
        "Kami warga merasa belum mendapatkan pelayanan yang baik.",
        "Terima kasih atas perhatiannya.",
        "Mohon informasi yang jelas dan terbuka.",
    ],
)
ANSWERS = (
    "Terima kasih atas laporan Anda. Tim kami sudah meninjau lokasi dan perbaikan dijadwalkan minggu ini.",
    "Laporan sudah ditindaklanjuti bersama pemerintah desa; petugas sudah turun ke lapangan.",
    "Permohonan informasi sudah kami jawab; salinan dokumen dapat diambil di kantor kami.",
    "Kami sudah berkoordinasi dengan pihak terkait dan masalah telah diselesaikan.",
    "Perbaikan masuk dalam anggaran tahun depan; sementara dilakukan penanganan darurat.",
)
RATING_COMMENTS = ("", "", "Terima kasih.", "Cepat ditanggapi.", "Belum sesuai harapan.", "Mantap, sudah diperbaiki.")
HOLD_REASONS = ("Menunggu kelengkapan data dari pelapor.", "Menunggu hasil klarifikasi ke pemerintah desa.")
RETURN_REASONS = ("Bukan kewenangan kami; mohon diteruskan ke OPD terkait.", "Lokasi di luar kewenangan dinas ini.")
DISPOSE_NOTES = ("Mohon ditindaklanjuti.", "Mohon ditindaklanjuti sesuai kewenangan.", "")

# --- the village registry (people.py) ---------------------------------------------------------
# Given names by sex and by the generation that was named then: older Javanese villagers carry
# one Javanese name, their children one or two, their grandchildren two or three, often Arabic
# or modern.
MALE_NAMES_OLD = (
    "Sutrisno", "Bambang", "Suparman", "Darmaji", "Slamet", "Kasmin", "Paijo", "Tukiman", "Sukardi", "Warsito",
    "Suyono", "Kusnadi", "Mulyono", "Sarmin", "Karji", "Ngadiman", "Parmin", "Kasiran", "Sumadi", "Ratno", "Wagiman",
    "Sukarno", "Suwarno", "Sumarno", "Rasimin", "Darsono", "Legiman", "Tarmuji", "Sidik", "Harjo", "Kasno", "Ngatijo",
    "Supardi", "Sumardi", "Jumadi", "Dalimin", "Samijo", "Kadir", "Rohmat", "Mukri", "Sukiman", "Ponijan", "Kaslan",
    "Wakijo", "Sarno", "Karto", "Darmo", "Sastro", "Wiryo", "Mardi", "Sadimin", "Kaseri", "Parno", "Saimin",
)  # fmt: skip
FEMALE_NAMES_OLD = (
    "Painem", "Kasiyem", "Sumiati", "Wartini", "Suparti", "Sulastri", "Tumini", "Sarmi", "Ngatinah", "Tukinah",
    "Karsini", "Marsini", "Rukmini", "Sutinah", "Suwarni", "Kamisah", "Jumiati", "Sriyatun", "Poniyem", "Sainem",
    "Legiyem", "Warsini", "Kartini", "Darmi", "Sumirah", "Tarmi", "Rasmi", "Ngatini", "Suliyah", "Katinem", "Sarijem",
    "Sumini", "Parti", "Tumirah", "Kasinah", "Ginah", "Mujinah", "Satinah", "Wagini", "Sukinem",
)  # fmt: skip
MALE_NAMES_MIDDLE = (
    "Agus", "Budi", "Eko", "Joko", "Wahyudi", "Heri", "Teguh", "Sugeng", "Hartono", "Bambang", "Supriyadi", "Imam",
    "Ahmad", "Rohmad", "Didik", "Nanang", "Hadi", "Arif", "Yanto", "Heru", "Hendra", "Mulyadi", "Anang", "Catur",
    "Priyo", "Sigit", "Wawan", "Dwi", "Tri", "Rudi", "Andik", "Khoirul", "Mashudi", "Nur", "Sholikin", "Abdul",
    "Zainal", "Saiful", "Syamsul", "Mujiono", "Kuswanto", "Suyanto", "Sutikno", "Wahyu", "Edi", "Bayu", "Puji",
    "Gunawan",
)  # fmt: skip
FEMALE_NAMES_MIDDLE = (
    "Sri", "Siti", "Endang", "Lestari", "Dewi", "Rahayu", "Yuliana", "Tutik", "Wiwik", "Anik", "Umi", "Nur", "Ninik",
    "Lilik", "Puji", "Ratna", "Yuni", "Sumarni", "Eny", "Erna", "Yayuk", "Rini", "Indah", "Mujiati", "Suprihatin",
    "Kustini", "Winarti", "Nanik", "Titik", "Dwi", "Sriatun", "Mutmainah", "Khotimah", "Fatimah", "Aminah",
    "Musyarofah", "Ika", "Eni", "Yeni", "Nining", "Sulis", "Dyah", "Wahyuni", "Retno", "Susi",
)  # fmt: skip
MALE_NAMES_YOUNG = (
    "Rizky", "Dimas", "Aditya", "Bayu", "Fajar", "Yoga", "Rendy", "Galih", "Dani", "Farhan", "Ilham", "Reza", "Alif",
    "Arya", "Bagus", "Wahyu", "Fikri", "Naufal", "Rafi", "Raka", "Zaki", "Hafiz", "Dafa", "Kevin", "Satria", "Aldi",
    "Rio", "Andika", "Fauzan", "Haikal", "Azka", "Arkan", "Rehan", "Zidan", "Fahmi", "Irfan", "Yusuf", "Bima", "Eka",
    "Ardi", "Danang", "Angga", "Febri", "Nando",
)  # fmt: skip
FEMALE_NAMES_YOUNG = (
    "Putri", "Nabila", "Aisyah", "Anisa", "Dewi", "Ayu", "Nur", "Siti", "Dinda", "Fitri", "Rina", "Salsabila",
    "Aulia", "Zahra", "Nadia", "Intan", "Wulan", "Indah", "Amelia", "Cahya", "Della", "Laila", "Khoirunnisa", "Alya",
    "Kayla", "Naura", "Shafa", "Azzahra", "Keysha", "Najwa", "Hana", "Anindya", "Cinta", "Nayla", "Rara", "Vina",
    "Elok", "Dita", "Novi", "Tiara",
)  # fmt: skip
# Second and third words: family-like names, gendered as they are used.
MALE_SECOND = (
    "Santoso", "Wibowo", "Hidayat", "Setiawan", "Purnomo", "Prasetyo", "Susanto", "Utomo", "Nugroho", "Suprapto",
    "Sugiarto", "Haryanto", "Saputra", "Kurniawan", "Hariyadi", "Widodo", "Firmansyah", "Maulana", "Rohman",
    "Mustofa", "Fauzi", "Anwar", "Hakim", "Efendi", "Syaifudin", "Arifin", "Hasan", "Rosyid", "Pratama", "Ramadhan",
    "Putra", "Wijaya", "Akbar", "Syahputra", "Febrianto", "Anggara", "Alfarizi",
)  # fmt: skip
FEMALE_SECOND = (
    "Wahyuni", "Rahmawati", "Susanti", "Handayani", "Lestari", "Ningsih", "Wulandari", "Astuti", "Rahayu", "Pratiwi",
    "Safitri", "Kurniasih", "Anggraini", "Setyowati", "Hidayati", "Fitriani", "Mulyani", "Maryati", "Sholikhah",
    "Nurhayati", "Khoiriyah", "Ramadhani", "Aulia", "Azzahra", "Maharani", "Permatasari", "Oktaviani", "Puspitasari",
    "Rahma", "Kartika", "Febriani", "Agustina", "Cahyani",
)  # fmt: skip
# Common dusun names in Bojonegoro's desa; most desa have a "Krajan" (the old centre).
DUSUN_NAMES = (
    "Kauman", "Ngablak", "Sidomulyo", "Sukorejo", "Tegalrejo", "Ngasem", "Kedungrejo", "Jetak", "Kalirejo",
    "Wonorejo", "Mojo", "Sumberejo", "Karangrejo", "Ngelo", "Gempol", "Pucung", "Tambakrejo", "Nglumber", "Mulyorejo",
    "Sidorejo", "Kalangan", "Ngampel", "Dukuh", "Banjar", "Bendo", "Glagah", "Kedungdowo", "Ngumpak", "Ngrandu",
    "Jatirejo", "Pojok", "Sendang", "Gunungsari", "Wotan", "Tanggungan", "Klampok", "Sambiroto", "Bulu", "Kalisari",
    "Jatisari", "Kebonagung", "Sumberagung", "Ngadirejo",
)  # fmt: skip
TOWN_STREETS = (
    "Veteran", "Diponegoro", "Pemuda", "Rajekwesi", "Pattimura", "Trunojoyo", "Kartini", "Mastrip", "Pahlawan",
    "Hasanudin", "Imam Bonjol", "Teuku Umar", "Ahmad Yani", "Panglima Polim", "Dr. Sutomo", "Kapten Rameli",
    "WR Supratman", "Gajah Mada", "Hayam Wuruk", "Untung Suropati",
)  # fmt: skip
# Birth places outside the regency (neighbours first), and where people move to or come from.
OTHER_BIRTH_PLACES = ("Tuban", "Lamongan", "Ngawi", "Blora", "Nganjuk", "Madiun", "Jombang", "Surabaya", "Gresik",
                      "Cepu", "Rembang", "Jakarta", "Malang", "Sidoarjo", "Kediri")  # fmt: skip
MOVE_PLACES = ("Kota Surabaya, Jawa Timur", "Kabupaten Sidoarjo, Jawa Timur", "Kabupaten Gresik, Jawa Timur",
               "DKI Jakarta", "Kabupaten Tuban, Jawa Timur", "Kabupaten Lamongan, Jawa Timur",
               "Kabupaten Blora, Jawa Tengah", "Kota Malang, Jawa Timur", "Kabupaten Bekasi, Jawa Barat",
               "Kota Batam, Kepulauan Riau", "Kabupaten Ngawi, Jawa Timur", "Kabupaten Nganjuk, Jawa Timur",
               "Kota Semarang, Jawa Tengah", "Kabupaten Karawang, Jawa Barat")  # fmt: skip
