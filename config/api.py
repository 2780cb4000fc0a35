"""The JSON API under /api/: each app contributes a router; the OpenAPI document is /api/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Pamong API",
    version="1",
    description="API Pamong: wilayah, perangkat daerah, dan layanan pemerintah kabupaten.",
    urls_namespace="api",
)

from pamong.agencies.api import router as agencies_router  # noqa: E402
from pamong.complaints.api import router as complaints_router  # noqa: E402
from pamong.regions.api import router as regions_router  # noqa: E402

api.add_router("/regions/", regions_router)
api.add_router("/agencies/", agencies_router)
api.add_router("/complaints/", complaints_router)
