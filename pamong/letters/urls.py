from django.urls import path

from . import staff_views, views

app_name = "letters"

urlpatterns = [
    path("", views.index, name="index"),
    path("verifikasi/<str:token>/", views.verify, name="verify"),
    path("unduh/<int:pk>/", views.letter_pdf, name="pdf"),
    # Citizen self-service (layanan mandiri).
    path("mandiri/", views.home, name="home"),
    path("mandiri/masuk/", views.sign_in, name="sign_in"),
    path("mandiri/keluar/", views.sign_out, name="sign_out"),
    path("mandiri/ganti-pin/", views.change_pin, name="change_pin"),
    path("mandiri/ajukan/<str:code>/", views.new_request, name="new_request"),
    path("mandiri/permohonan/<int:pk>/", views.request_detail, name="request_detail"),
    path("mandiri/permohonan/<int:pk>/batal/", views.cancel_request, name="cancel_request"),
    # Village operators.
    path("operator/", staff_views.queue, name="queue"),
    path("operator/permohonan/<int:pk>/", staff_views.workspace, name="workspace"),
    path("operator/permohonan/<int:pk>/berkas/<int:file_pk>/", staff_views.request_file, name="request_file"),
    path("operator/permohonan/<int:pk>/<str:action>/", staff_views.act, name="act"),
    path("operator/terbitkan/", staff_views.issue, name="issue"),
    path("operator/pin/", staff_views.issue_pin, name="issue_pin"),
]
