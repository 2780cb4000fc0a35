"""In-process figures for `make bench` (run by bench/run.py with the benchmark's environment).

Two things are measured inside one Django process rather than through HTTP, because the target
is the work itself, not a page: looking a resident up by NIK (the query behind self-service
sign-in and letters), and rendering a letter's PDF (done by the background worker, never in a
request). Prints JSON: {"nik_lookup": [ms, …], "pdf": [ms, …], …}.

    python bench/inprocess.py SESSIONS_JSON
"""

import json
import logging
import os
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
PDF_LETTERS = 40


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    data = json.loads(Path(sys.argv[1]).read_text())
    niks = data["niks"]
    print(json.dumps({"nik_lookup": nik_lookups(niks), **letters(niks[:PDF_LETTERS])}))


def nik_lookups(niks: list[str]) -> list[float]:
    from pamong.villages.queries import find_living_by_nik

    for nik in niks[:20]:  # connection open, plans cached
        find_living_by_nik(nik)
    timings = []
    for nik in niks:
        started = time.perf_counter()
        resident = find_living_by_nik(nik)
        timings.append((time.perf_counter() - started) * 1000)
        if resident is None:
            raise SystemExit(f"NIK {nik[:4]}…: not found; the sample must hold living residents")
    return timings


def letters(niks: list[str]) -> dict:
    """Issue a letter to each resident (as an admin may in any village), then render each PDF."""
    import secrets

    from pamong.accounts.models import Role, User
    from pamong.accounts.services import create_staff_user
    from pamong.letters import pdf, services
    from pamong.letters.models import LetterType
    from pamong.letters.seed import seed_letter_types
    from pamong.villages.queries import find_living_by_nik

    seed_letter_types()
    letter_type = LetterType.objects.get(code="SKD")
    email = "admin@bench.pamong.test"
    admin = User.objects.filter(email=email).first() or create_staff_user(
        by=None, full_name="Benchmark Admin", role=Role.ADMIN, password=secrets.token_urlsafe(16), email=email
    )
    issued = []
    for nik in niks:
        resident = find_living_by_nik(nik)
        issued.append(
            services.issue_letter(
                letter_type=letter_type,
                resident=resident,
                by=admin,
                values={"keperluan": "Persyaratan melamar pekerjaan"},
                signer_name="Sutrisno",
                signer_nip="197001012000031001",
                signer_title="Kepala Desa",
            )
        )
    pdf.render_pdf(issued[0])  # WeasyPrint loaded, fonts found: the worker's steady state
    timings, sizes = [], []
    for letter in issued:
        started = time.perf_counter()
        content = pdf.render_pdf(letter)
        timings.append((time.perf_counter() - started) * 1000)
        sizes.append(len(content))
    return {"pdf": timings, "pdf_bytes": sorted(sizes)[len(sizes) // 2]}


if __name__ == "__main__":
    main()
