from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from .api import api

admin.site.site_header = "Pamong — Administrasi"
admin.site.site_title = "Pamong"

urlpatterns = [
    path("", include("pamong.core.urls")),
    path("akun/", include("pamong.accounts.urls")),
    path("lapor/", include("pamong.complaints.urls")),
    path("desa/", include("pamong.villages.urls")),
    path("surat/", include("pamong.letters.urls")),
    # The benchmark's bare one-row endpoint: 404 unless PAMONG_BENCH_ENDPOINTS=1.
    path("_bench/", include("pamong.scale.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler400 = "pamong.core.views.bad_request"
handler403 = "pamong.core.views.permission_denied"
handler404 = "pamong.core.views.page_not_found"
handler500 = "pamong.core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
