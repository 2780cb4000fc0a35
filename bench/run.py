"""`make bench`: Pamong at regency scale on PostgreSQL, measured, printed and written down.

Steps: (re)create the database, migrate, generate the regency (`generate_regency`: reports
and 1.3 M residents), measure the import of the same residents from a SIAK CSV into a second,
empty database against a raw COPY of the file, create the benchmark personas (`bench_users`),
measure NIK lookups and letter PDF rendering in one process (bench/inprocess.py), collect
static files, start gunicorn on 127.0.0.1 with production settings (DEBUG=0), then run locust
headless:

1. reads under concurrent load (public list, coordinator queue, OPD inbox, leadership view,
   and a citizen submitting now and then): p50/p95/p99;
2. report submission through the real form, closed loop: throughput;
3. the bare one-row insert endpoint, same load: throughput, and the ratio of the two;
4. the village registry's pages (a village's resident list, the regency's statistics).

Prints a table (figure, target, result, met?) and writes docs/benchmarks.md. Everything runs
on one machine, so the load generator competes with the server and PostgreSQL for the
CPU; other work on the machine adds noise.

    .venv/bin/python bench/run.py                   # 200,000 reports (issue 3's targets)
    .venv/bin/python bench/run.py --reports 1000000
    .venv/bin/python bench/run.py --skip-generate   # reuse the database of the last run
    .venv/bin/python bench/run.py --skip-import     # without the import (minutes at 1.3 M)
"""

import argparse
import csv
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
VAR = ROOT / "var" / "bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/pamong_bench"

# (figure, locust name, target in ms or None): the latency rows of the table.
PAGES = [
    ("Public list, first page", "public list, first page", 100),
    ("Coordinator queue, first page", "coordinator queue", 100),
    ("OPD inbox, first page (busiest OPD)", "OPD inbox (busiest OPD)", 100),
    ("Leadership view (this month)", "leadership view", None),
    ("Report submission (no files)", "submit report", 50),
]
# The village registry's pages (issue 5), in a run of their own with their own personas.
REGISTRY_PAGES = [
    ("Village resident list, first page (largest village)", "village resident list", 100),
    ("Regency population statistics page", "regency statistics", 300),
]
IMPORT_TARGET = 20_000  # rows/s
NIK_TARGET = 5  # ms, p95
PDF_TARGET = 150  # ms, median


def main() -> int:
    args = _arguments()
    started = time.monotonic()
    VAR.mkdir(parents=True, exist_ok=True)
    env = _environment(args)
    generation = None
    if not args.skip_generate:
        _recreate_database(args.database_url)
        _manage(env, "migrate", "--noinput", "-v0")
        t0 = time.monotonic()
        _manage(
            env,
            "generate_regency",
            "--reports",
            str(args.reports),
            "--residents",
            str(args.residents),
            "--seed",
            str(args.seed),
        )
        generation = time.monotonic() - t0
    t0 = time.monotonic()
    _manage(env, "refresh_population_stats", "--force")  # the generator writes rows, not through services
    summaries = time.monotonic() - t0
    imported = _import_benchmark(env, args) if args.residents and not args.skip_import else None
    sessions = VAR / "sessions.json"
    _manage(env, "bench_users", "--out", str(sessions))
    _manage({**env, "DEBUG": "0"}, "collectstatic", "--noinput", "-v0")
    dataset = _dataset(args.database_url)  # before the load adds its submissions
    inprocess = _inprocess(env, sessions)
    server = _start_gunicorn(env, args)
    try:
        personas = json.loads(sessions.read_text())
        _warm_up(args.port, {**personas["sessions"], "_busy_village": personas.get("busy_village")})
        load_before = os.getloadavg()
        alone = _locust(args, sessions, "alone", ["Alone"], users=1, seconds=args.alone_seconds)
        reads = _locust(args, sessions, "reads", ["PublicVisitor", "Coordinator", "Officer", "Leader", "Citizen"])
        submit = _locust(args, sessions, "submit", ["SubmitFlood"], users=args.flood_users, seconds=args.flood_seconds)
        bare = _locust(args, sessions, "bare", ["BareFlood"], users=args.flood_users, seconds=args.flood_seconds)
        registry_alone = _locust(
            args, sessions, "registry-alone", ["RegistryAlone"], users=1, seconds=args.alone_seconds
        )
        registry = _locust(args, sessions, "registry", ["VillageOperator", "StatsVisitor"], users=args.registry_users)
        load_after = os.getloadavg()
    finally:
        _stop(server)
    facts = _machine(args.database_url)
    facts["load"] = (load_before, load_after)
    facts.update(dataset)
    facts["generation"] = generation
    facts["summaries"] = summaries
    personas = json.loads(sessions.read_text())
    facts["busy_agency"], facts["busy_village"] = personas["busy_agency"], personas.get("busy_village")
    rows = _table(reads, alone, submit, bare)
    rows += _latency_rows(REGISTRY_PAGES, registry, registry_alone)
    rows += _registry_rows(inprocess, imported)
    facts["imported"] = imported
    facts["inprocess"] = inprocess
    print()
    print(_markdown_table(rows))
    _write_report(args, facts, rows, reads, time.monotonic() - started)
    print(f"\nTertulis: {args.output} (total {time.monotonic() - started:.0f} s)")
    return 0


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--residents", type=int, default=1_300_000)
    parser.add_argument("--skip-import", action="store_true", help="skip the import benchmark (minutes at 1.3 M)")
    parser.add_argument("--registry-users", type=int, default=6, help="concurrent users of the registry run")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--skip-generate", action="store_true", help="reuse the existing benchmark database")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--users", type=int, default=10, help="concurrent users of the read run (2 per persona)")
    parser.add_argument("--seconds", type=int, default=60, help="duration of the read run")
    parser.add_argument("--alone-seconds", type=int, default=30, help="duration of the one-user run")
    parser.add_argument("--flood-users", type=int, default=8, help="concurrent users of the throughput runs")
    parser.add_argument("--flood-seconds", type=int, default=20)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    if not args.database_url.rsplit("/", 1)[-1].startswith("pamong_bench"):
        parser.error("the benchmark drops and recreates its database: its name must start with pamong_bench")
    return args


def _environment(args) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": args.database_url,
            "DEBUG": "1",  # the set-up commands; the server gets DEBUG=0
            "SECRET_KEY": secrets.token_urlsafe(50),  # shared: bench_users' sessions must verify
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "PAMONG_BENCH_ENDPOINTS": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _manage(env: dict, *argv: str) -> None:
    print(f"$ manage.py {' '.join(argv)}", flush=True)
    subprocess.run([PY, "manage.py", *argv], cwd=ROOT, env=env, check=True)  # noqa: S603


def _import_benchmark(env: dict, args) -> dict:
    """Import the generated residents as a regency-wide SIAK CSV into an empty registry.

    The file is written by ``write_siak_csv`` from the same plan as the benchmark database, then
    imported into a second, freshly migrated database (the first already holds those NIKs); the
    same file is also COPYed raw into an unlogged table of text columns: the floor any import
    of it could reach on this machine.
    """
    csv_path = VAR / "siak.csv"
    _manage(env, "write_siak_csv", "--residents", str(args.residents), "--seed", str(args.seed), "--out", str(csv_path))
    url = args.database_url + "_import"
    _recreate_database(url)
    import_env = {**env, "DATABASE_URL": url}
    _manage(import_env, "migrate", "--noinput", "-v0")
    _manage(import_env, "load_regions")
    _manage(import_env, "seed_lookups")
    copy_seconds = _raw_copy(url, csv_path)
    started = time.monotonic()
    _manage(import_env, "import_residents", "--regency", str(csv_path))
    seconds = time.monotonic() - started
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT COUNT(*) FROM villages_resident").fetchone()[0]
        families = conn.execute("SELECT COUNT(*) FROM villages_family").fetchone()[0]
    _drop_database(url)
    return {"rows": rows, "families": families, "seconds": seconds, "copy_seconds": copy_seconds}


def _raw_copy(url: str, csv_path: Path) -> float:
    with open(csv_path, encoding="utf-8") as fh:
        columns = next(csv.reader(fh))
    table = ", ".join(f'"{c.lower()}" text' for c in columns)
    with psycopg.connect(url) as conn:
        conn.execute(f"CREATE UNLOGGED TABLE bench_raw_siak ({table})")
        started = time.monotonic()
        sql = "COPY bench_raw_siak FROM STDIN (FORMAT csv, HEADER)"
        with conn.cursor() as cursor, cursor.copy(sql) as copy, open(csv_path, "rb") as fh:
            while block := fh.read(1 << 20):
                copy.write(block)
        conn.commit()
        seconds = time.monotonic() - started
        conn.execute("DROP TABLE bench_raw_siak")
    return seconds


def _inprocess(env: dict, sessions: Path) -> dict:
    print("in process: NIK lookups and letter PDFs", flush=True)
    command = [PY, str(ROOT / "bench" / "inprocess.py"), str(sessions)]
    out = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    return json.loads(out.stdout.strip().splitlines()[-1])


def _drop_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _recreate_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"database {name} recreated", flush=True)


def _start_gunicorn(env: dict, args) -> subprocess.Popen:
    if _port_open(args.port):
        sys.exit(f"port {args.port} is already in use: pass --port")
    server_env = {**env, "DEBUG": "0"}
    log = open(VAR / "gunicorn.log", "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the server
    command = [
        str(Path(PY).parent / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--timeout",
        "60",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=server_env, stdout=log, stderr=log, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped; see {VAR / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/lapor/", timeout=5) as response:
                if response.status == 200:
                    print(f"gunicorn: {args.workers} workers on 127.0.0.1:{args.port}", flush=True)
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    _stop(server)
    sys.exit("gunicorn did not answer within 60 s")


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _warm_up(port: int, sessions: dict) -> None:
    """A few requests per page first: templates compiled, connections open, caches warm."""
    pages = [("/lapor/", None), ("/lapor/staf/antrian/", "coordinator")]
    pages += [("/lapor/staf/kotak-masuk/", "officer"), ("/lapor/pimpinan/", "leadership")]
    village = sessions.get("_busy_village")
    if village:
        pages += [(f"/desa/kelola/{village['code']}/penduduk/", "village_operator")]
        pages += [(f"/desa/statistik/{village['code'][:5]}/", None)]
    for _ in range(3):
        for url, persona in pages:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{url}")
            if persona:
                request.add_header("Cookie", f"sessionid={sessions[persona]}")
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()


def _locust(args, sessions: Path, name: str, classes: list[str], *, users=None, seconds=None) -> dict:
    users, seconds = users or args.users, seconds or args.seconds
    prefix = VAR / name
    command = [str(Path(PY).parent / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
    command += ["-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--stop-timeout", "5"]
    command += ["--host", f"http://127.0.0.1:{args.port}", "--csv", str(prefix), "--only-summary", *classes]
    print(f"locust {name}: {users} users, {seconds} s: {' '.join(classes)}", flush=True)
    env = {**os.environ, "BENCH_SESSIONS": str(sessions)}
    subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True)  # noqa: S603 - exit 1 on failures
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        return {row["Name"]: row for row in csv.DictReader(fh)}


def _ms(row: dict, column: str) -> float:
    return float(row[column]) if row and row.get(column) not in (None, "", "N/A") else float("nan")


def _latency_rows(pages: list, loaded: dict, alone: dict) -> list[dict]:
    rows = []
    for figure, name, target in pages:
        row, solo = loaded.get(name, {}), alone.get(name, {})
        p95 = _ms(row, "95%")
        rows.append(
            {
                "figure": figure,
                "target": f"p95 ≤ {target} ms" if target else "— (no target yet)",
                "result": f"{_ms(row, '50%'):.0f} / {p95:.0f} / {_ms(row, '99%'):.0f} ms"
                f" ({row.get('Request Count', 0)} req, {row.get('Failure Count', 0)} failed)",
                "alone": f"{_ms(solo, '50%'):.0f} / {_ms(solo, '95%'):.0f} ms ({solo.get('Request Count', 0)} req)",
                "met": ("yes" if p95 <= target else "**no**") if target else "—",
            }
        )
    return rows


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _registry_rows(inprocess: dict, imported: dict | None) -> list[dict]:
    """NIK lookup, PDF rendering (measured in one process) and the import (two databases)."""
    lookups, pdfs = inprocess["nik_lookup"], inprocess["pdf"]
    nik_p95, pdf_median = _percentile(lookups, 0.95), _percentile(pdfs, 0.5)
    rows = [
        {
            "figure": "Resident lookup by NIK (in process, unique index)",
            "target": f"p95 ≤ {NIK_TARGET} ms",
            "result": f"{_percentile(lookups, 0.5):.2f} / {nik_p95:.2f} / {_percentile(lookups, 0.99):.2f} ms"
            f" ({len(lookups)} NIKs)",
            "alone": "",
            "met": "yes" if nik_p95 <= NIK_TARGET else "**no**",
        },
        {
            "figure": "Letter PDF rendering (in process, WeasyPrint)",
            "target": f"median ≤ {PDF_TARGET} ms",
            "result": f"{pdf_median:.0f} / {_percentile(pdfs, 0.95):.0f} / {max(pdfs):.0f} ms"
            f" ({len(pdfs)} letters, {inprocess['pdf_bytes'] / 1024:.0f} KiB each)",
            "alone": "",
            "met": "yes" if pdf_median <= PDF_TARGET else "**no**",
        },
    ]
    if imported:
        rate, copy_rate = imported["rows"] / imported["seconds"], imported["rows"] / imported["copy_seconds"]
        rows.append(
            {
                "figure": f"Import of {imported['rows']:,} residents (regency-wide SIAK CSV)",
                "target": f"≥ {IMPORT_TARGET:,} rows/s",
                "result": f"{rate:,.0f} rows/s ({imported['seconds']:.0f} s); raw COPY of the same file "
                f"{copy_rate:,.0f} rows/s ({imported['copy_seconds']:.1f} s): ratio {rate / copy_rate:.2f}",
                "alone": "",
                "met": "yes" if rate >= IMPORT_TARGET else "**no**",
            }
        )
    return rows


def _table(reads: dict, alone: dict, submit: dict, bare: dict) -> list[dict]:
    rows = _latency_rows(PAGES, reads, alone)
    submit_rps = _ms(submit.get("submit report", {}), "Requests/s")
    bare_rps = _ms(bare.get("bare insert", {}), "Requests/s")
    for figure, name, source, rps in (
        ("Submission throughput (form, signed-in citizen)", "submit report", submit, submit_rps),
        ("Bare insert throughput (one row, same stack)", "bare insert", bare, bare_rps),
    ):
        row = source.get(name, {})
        rows.append(
            {
                "figure": figure,
                "target": "— (measured)",
                "result": f"{rps:.1f} req/s (p95 {_ms(row, '95%'):.0f} ms, {row.get('Failure Count', 0)} failed)",
                "alone": "",
                "met": "—",
            }
        )
    ratio = submit_rps / bare_rps if bare_rps else float("nan")
    rows.append(
        {
            "figure": "Submission ÷ bare insert throughput",
            "target": "— (measured)",
            "result": f"{ratio:.2f} (the submission costs {1 / ratio:.1f}x a one-row request)" if ratio else "n/a",
            "alone": "",
            "met": "—",
        }
    )
    return rows


def _markdown_table(rows: list[dict]) -> str:
    lines = [
        "| figure | target | under load: p50 / p95 / p99 (or rate) | alone: p50 / p95 | met? |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {r['figure']} | {r['target']} | {r['result']} | {r['alone']} | {r['met']} |" for r in rows]
    return "\n".join(lines)


def _machine(url: str) -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    with psycopg.connect(url) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
        settings = dict(
            conn.execute(
                "SELECT name, setting || COALESCE(unit, '') FROM pg_settings "
                "WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_connections')"
            ).fetchall()
        )
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory_gb": mem_kb / 1024 / 1024,
        "postgresql": pg,
        "pg_settings": settings,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git_commit(),
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def _dataset(url: str) -> dict:
    queries = {
        "reports": "SELECT COUNT(*) FROM complaints_report",
        "events": "SELECT COUNT(*) FROM complaints_reportevent",
        "ratings": "SELECT COUNT(*) FROM complaints_rating",
        "users": "SELECT COUNT(*) FROM accounts_user",
        "public": "SELECT COUNT(*) FROM complaints_report WHERE NOT is_confidential AND verified_at IS NOT NULL"
        " AND status <> 'rejected'",
        "queue": "SELECT COUNT(*) FROM complaints_report WHERE status IN ('submitted', 'returned')",
        "overdue": "SELECT COUNT(*) FROM complaints_report WHERE status IN"
        " ('submitted', 'returned', 'disposed', 'accepted', 'in_progress') AND due_at < now()",
        "residents": "SELECT COUNT(*) FROM villages_resident",
        "living": "SELECT COUNT(*) FROM villages_resident WHERE status = 'hidup'",
        "families": "SELECT COUNT(*) FROM villages_family",
        "population_events": "SELECT COUNT(*) FROM villages_populationevent",
        "size": "SELECT pg_size_pretty(pg_database_size(current_database()))",
    }
    with psycopg.connect(url) as conn:
        return {key: conn.execute(sql).fetchone()[0] for key, sql in queries.items()}


def _import_line(imported: dict | None) -> str:
    if not imported:
        return "- import: not measured in this run (`--skip-import` or `--residents 0`)"
    return (
        f"- import: {imported['rows']:,} residents in {imported['families']:,} families into an empty registry "
        f"in {imported['seconds']:.0f} s"
    )


def _village_line(village: dict | None) -> str:
    if not village:
        return "- village resident list: no residents in this run"
    return (
        f"- largest village (the operator's resident list): {village['name']} ({village['code']}), "
        f"{village['residents']:,} living residents"
    )


def _write_report(args, facts: dict, rows: list[dict], reads: dict, total: float) -> None:
    missed = [r for r in rows if r["met"] == "**no**"]
    generation = (
        f"{facts['generation']:.0f} s (`generate_regency --reports {args.reports} --residents {args.residents}`, "
        "including the "
        "reference data, COPY and VACUUM ANALYZE)"
        if facts["generation"]
        else "not measured (`--skip-generate`)"
    )
    busy = facts["busy_agency"]
    pg = ", ".join(f"{k} {v}" for k, v in sorted(facts["pg_settings"].items()))
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); rerun it to refresh this page. Targets come from the",
        "modules' issues (complaints: issue 3; village registry and letters: issue 5). The numbers are",
        "from one machine running everything at once (gunicorn, PostgreSQL and the load generator share",
        "its cores), possibly while other work ran on it: treat them as **noisy**, and compare runs on the",
        "same machine only.",
        f"Load average (1 min) before the measurements: {facts['load'][0][0]:.1f}, after: "
        f"{facts['load'][1][0]:.1f} on {facts['nproc']} cores (the benchmark's own processes count too).",
        "",
        f"## Results ({facts['date']})",
        "",
        _markdown_table(rows),
        "",
        "## Missed targets",
        "",
    ]
    if missed:
        lines += [
            f"- {r['figure']}: {r['result']} against {r['target']}"
            + (f" (one user alone: {r['alone']})." if r["alone"] else ".")
            for r in missed
        ]
    else:
        lines.append("None in this run.")
    lines += [
        "",
        "## Machine",
        "",
        f"- CPU: {facts['cpu']}, {facts['nproc']} cores (nproc); memory {facts['memory_gb']:.1f} GiB",
        f"- PostgreSQL {facts['postgresql']} on the same machine, default configuration ({pg})",
        f"- Python {facts['python']}, Linux {facts['kernel']}; code at {facts['commit']}",
        "",
        "## Data set",
        "",
        f"- {facts['reports']:,} reports over five years, {facts['events']:,} report events, "
        f"{facts['ratings']:,} ratings, {facts['users']:,} users; database {facts['size']}",
        f"- {facts['public']:,} public reports; {facts['queue']:,} waiting for verification; "
        f"{facts['overdue']:,} overdue",
        f"- generation: {generation}",
        f"- busiest OPD (the officer's inbox): {busy['name']} with {busy['open_reports']} open reports",
        f"- {facts['residents']:,} residents ({facts['living']:,} living) in {facts['families']:,} families, "
        f"{facts['population_events']:,} population events (`--residents {args.residents}`)",
        f"- population statistics recounted for all villages (`refresh_population_stats --force`): "
        f"{facts['summaries']:.0f} s",
        _import_line(facts["imported"]),
        _village_line(facts["busy_village"]),
        "",
        "## How it was measured",
        "",
        f"- gunicorn {args.workers} sync workers on 127.0.0.1:{args.port}, DEBUG=0, production settings "
        "(`bench/settings.py` adds only the scale app and `/_bench/insert/`); static files collected.",
        f"- Latency: locust headless, {args.users} users for {args.seconds} s, two per persona (anonymous "
        "visitor, coordinator, officer of the busiest OPD, leadership, citizen submitting), each waiting "
        "0.5-2 s between requests; signed in through database sessions. Percentiles are locust's "
        "(exact below 100 ms, rounded to 10 ms above).",
        f"- Alone: one user for {args.alone_seconds} s requesting the four pages and a submission in turn without "
        "waiting: the requests' own cost on this machine, without queueing behind other requests.",
        "- Submission: the real form (`POST /lapor/kirim/`, CSRF, validation, `complaints.services.submit_report`, "
        "audit event, notification rows queued) by a signed-in citizen, no attachments; a 302 counts as success.",
        f"- Throughput: {args.flood_users} users without waiting for {args.flood_seconds} s, first the submission "
        "form, then the bare endpoint (`pamong.scale.views.bare_insert`: one `Probe` row per POST).",
        f"- Registry pages: locust, {args.registry_users} users for {args.seconds} s, half the village operator "
        "of the village with most residents opening its resident list, half anonymous visitors opening the "
        "regency's population statistics, each waiting 0.5-2 s; alone: one user requesting both in turn.",
        "- NIK lookup: `villages.queries.find_living_by_nik` (the query behind self-service sign-in and "
        "letters) for 1,000 living residents' NIKs, in one Django process on the benchmark database.",
        "- Letter PDF: 40 letters (Surat Keterangan Domisili) issued through `letters.services.issue_letter`, then "
        "each rendered with `letters.pdf.render_pdf` (what the background worker runs), after one warm-up render.",
        "- Import: `write_siak_csv` writes the generated living residents as one regency-wide SIAK CSV; a second "
        "database is migrated with regions and reference lists only; the file is COPYed raw into an unlogged "
        "table of text columns (the floor), then `import_residents --regency` imports it (validation, families, "
        "clusters, residents, audit) as the first load of an empty registry (one pass, keys added back at the "
        "end: ADR 11); rows/s = imported residents ÷ wall time of the command.",
        f"- Whole run: {total / 60:.1f} min.",
        "",
    ]
    args.output.write_text("\n".join(lines) + _kept(args.output), encoding="utf-8")


KEPT_HEADING = "## Measured separately"


def _kept(path: Path) -> str:
    """The page's hand-written part (from KEPT_HEADING on), carried over to the new page."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    start = text.find(KEPT_HEADING)
    return "\n" + text[start:] if start >= 0 else ""


if __name__ == "__main__":
    sys.exit(main())
