from django.urls import path

from . import staff_views, views

app_name = "complaints"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("kirim/", views.submit, name="submit"),
    path("konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("terkirim/<str:token>/", views.submitted, name="submitted"),
    path("lacak/", views.track, name="track"),
    path("akses/<str:token>/", views.private, name="private"),
    path("akses/<str:token>/<str:how>/", views.react, name="react"),
    path("saya/", views.mine, name="mine"),
    path("r/<str:code>/", views.detail, name="detail"),
    path("lampiran/<int:pk>/", views.attachment, name="attachment"),
    # Staff.
    path("staf/antrian/", staff_views.queue, name="queue"),
    path("staf/kotak-masuk/", staff_views.inbox, name="inbox"),
    path("staf/tugas-saya/", staff_views.my_work, name="my_work"),
    path("staf/terlambat/", staff_views.overdue, name="overdue"),
    path("staf/r/<str:code>/", staff_views.workspace, name="workspace"),
    path("staf/r/<str:code>/<str:action>/", staff_views.act, name="act"),
    path("pimpinan/", staff_views.leadership, name="leadership"),
]
