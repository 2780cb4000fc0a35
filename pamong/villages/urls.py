from django.urls import path

from . import staff_views, views

app_name = "villages"

urlpatterns = [
    # Public statistics (aggregates only).
    path("", views.index, name="index"),
    path("statistik/<str:code>/", views.region_stats, name="stats"),
    path("statistik/<str:code>/bulanan/", views.monthly, name="monthly"),
    path("statistik/<str:code>/<slug:key>.csv", views.stats_csv, name="stats_csv"),
    # The operator's registry.
    path("kelola/", staff_views.manage, name="manage"),
    path("kelola/<str:code>/", staff_views.dashboard, name="dashboard"),
    path("kelola/<str:code>/penduduk/", staff_views.residents, name="residents"),
    path("kelola/<str:code>/keluarga/", staff_views.families, name="families"),
    path("kelola/<str:code>/keluarga/baru/", staff_views.family_create, name="family_create"),
    path("kelola/<str:code>/wilayah/", staff_views.clusters, name="clusters"),
    path("wilayah/<int:pk>/ubah/", staff_views.cluster_edit, name="cluster_edit"),
    path("wilayah/<int:pk>/hapus/", staff_views.cluster_remove, name="cluster_remove"),
    path("kelola/<str:code>/pindah-masuk/", staff_views.move_in, name="move_in"),
    path("kelola/<str:code>/impor/", staff_views.import_upload, name="import"),
    path("kelola/<str:code>/ekspor.csv", staff_views.export, name="export"),
    path("impor/<int:pk>/", staff_views.import_progress, name="import_progress"),
    path("impor/<int:pk>/galat.csv", staff_views.import_errors, name="import_errors"),
    path("penduduk/<int:pk>/", staff_views.resident_detail, name="resident"),
    path("penduduk/<int:pk>/ubah/", staff_views.resident_edit, name="resident_edit"),
    path("penduduk/<int:pk>/peristiwa/<slug:kind>/", staff_views.resident_event, name="resident_event"),
    path("keluarga/<int:pk>/", staff_views.family_detail, name="family"),
    path("keluarga/<int:pk>/ubah/", staff_views.family_edit, name="family_edit"),
    path("keluarga/<int:pk>/pindah/", staff_views.family_move, name="family_move"),
    path("keluarga/<int:pk>/anggota/", staff_views.member_add, name="member_add"),
    path("keluarga/<int:pk>/kepala/", staff_views.head_change, name="head_change"),
    path("keluarga/<int:pk>/kelahiran/", staff_views.birth, name="birth"),
]
