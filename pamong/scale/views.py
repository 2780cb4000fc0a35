"""The benchmark's bare endpoint: one request, one inserted row, nothing else.

Only answers when PAMONG_BENCH_ENDPOINTS=1 is set in the server's environment (404
otherwise), so mounting it in production exposes nothing.
"""

import os

from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Probe


def bench_endpoints_enabled() -> bool:
    return os.environ.get("PAMONG_BENCH_ENDPOINTS") == "1"


@csrf_exempt  # a load generator without a session; the endpoint is off unless benchmarking
@require_POST
def bare_insert(request):
    if not bench_endpoints_enabled():
        raise Http404
    probe = Probe.objects.create(note=request.POST.get("note", "")[:100])
    return HttpResponse(str(probe.pk), status=201, content_type="text/plain")
