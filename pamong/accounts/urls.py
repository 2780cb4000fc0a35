from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.sign_in, name="login"),
    path("keluar/", views.sign_out, name="logout"),
    path("daftar/", views.register, name="register"),
    path("verifikasi/", views.verify, name="verify"),
    path("verifikasi/kirim-ulang/", views.resend_code, name="resend_code"),
    path("profil/", views.profile, name="profile"),
    path("ruang-kerja/", views.workspace, name="workspace"),
]
