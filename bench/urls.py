"""The project's URLs, plus /_bench/insert/ when config.urls does not mount it yet."""

from django.urls import include, path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as project_urls

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = list(project_urls)
if not any(str(p.pattern) == "_bench/" for p in urlpatterns):
    urlpatterns.append(path("_bench/", include("pamong.scale.urls")))
