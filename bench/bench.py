#!/usr/bin/env python3
# ruff: noqa: S603, S607, S310 - runs local tools on fixed arguments against 127.0.0.1 only
"""Benchmark the catalogue against its framework floor (see bench/README.md).

Creates a PostgreSQL database, migrates, loads the bundled content, grows it to each size with
``generate_demo_data``, serves it with gunicorn under production settings and drives every
endpoint with wrk, uncached and with the Redis page cache, always together with the floor
endpoint ``/healthz/live`` in the same run. Ends with a 60 s endurance run over the mixed page
set and a cProfile of the slowest page. Writes ``bench/results/latest.json`` and the generated
part of ``docs/PERFORMANCE.md``.

Only the standard library is used here; Django runs in the subprocesses.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
REPORT = ROOT / "docs" / "PERFORMANCE.md"
RESULTS = ROOT / "bench" / "results"
START_MARK, END_MARK = "<!-- bench:start -->", "<!-- bench:end -->"
FLOOR = "floor"
PAGES = [
    "start",
    "list",
    "detail",
    "search",
    "measures",
    "sheet",
    "field",
    "selfcheck",
    "gaps",
    "api",
    "plan",
]
# The plan editor lives under a private token and is never cached: it is measured, but the
# goals for public pages leave it out.
PUBLIC_PAGES = [name for name in PAGES if name != "plan"]
LABELS = {
    FLOOR: "Floor (`/healthz/live`)",
    "start": "Startseite",
    "list": "Praxisbeispiele, 3 Filter",
    "detail": "Praxisbeispiel (Detail)",
    "search": "Suche",
    "measures": "Maßnahmen",
    "sheet": "Maßnahmenblatt",
    "field": "Handlungsfeld",
    "selfcheck": "Standortbestimmung",
    "gaps": "Fehlende Beispiele",
    "api": "API-Liste",
    "plan": "Plan-Editor (30 Einträge)",
}
REDIS_DB = 7


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def run(command, env=None, **kwargs):
    return subprocess.run(
        command, cwd=ROOT, env=env, check=True, text=True, capture_output=True, **kwargs
    )


def manage(env, *args, **kwargs):
    return run([PYTHON, "manage.py", *args], env=env, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- machine -------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = "unbekannt"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    postgres = run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"])
    commit = run(["git", "rev-parse", "--short", "HEAD"]).stdout.strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": postgres.stdout.strip(),
        "wrk": (wrk.stdout or wrk.stderr).split("\n")[0].strip(),
        "commit": commit,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# -- database and data ---------------------------------------------------------------------------


def create_database(name: str) -> None:
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc"]
    run([*psql, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])
    run([*psql, f'CREATE DATABASE "{name}"'])


def analyze(name: str) -> None:
    run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-qc", "VACUUM ANALYZE"])


URLS_SCRIPT = r"""
import json
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from catalog.models import FieldOfAction, Measure
from planning.models import Plan, PlanItem
from practice.models import District, ExampleStatus, PracticeExample

published = PracticeExample.objects.published()
field = FieldOfAction.objects.published().annotate(
    n=Count("measures__practice_examples")).order_by("-n").first()
district = District.objects.annotate(n=Count("municipalities__practice_examples")).order_by(
    "-n").first()
demo = published.filter(is_demo=True).order_by("pk")
example = demo[demo.count() // 2] if demo.exists() else published.order_by("pk").first()
sheet = Measure.objects.published().annotate(n=Count("practice_examples")).order_by("-n").first()
list_url = reverse("practice:example-list") + (
    f"?handlungsfeld={field.slug}&landkreis={district.slug}&status={ExampleStatus.ONGOING}")
urls = {
    "floor": reverse("health-live"),
    "start": reverse("catalog:home"),
    "list": list_url,
    "detail": example.get_absolute_url(),
    "measures": reverse("catalog:measure-list"),
    "sheet": sheet.get_absolute_url(),
    "field": field.get_absolute_url(),
    "selfcheck": reverse("planning:selfcheck"),
    "gaps": reverse("planning:gaps"),
}
plan = Plan.objects.create(title="Benchmark: Plan mit 30 Einträgen")
PlanItem.objects.bulk_create(
    PlanItem(plan=plan, measure=measure, measure_title=measure.title, position=position)
    for position, measure in enumerate(Measure.objects.published().order_by("pk")[:30])
)
urls["plan"] = plan.get_edit_url()
try:
    urls["search"] = reverse("catalog:search") + "?q=Bauhof"
except NoReverseMatch:
    pass
try:
    urls["api"] = reverse("api:example-list", kwargs={"version": "v1"})
except NoReverseMatch:
    pass
print("URLS=" + json.dumps(urls))
print("COUNT=" + str(published.count()))
"""


def discover_urls(env) -> tuple[dict, int]:
    out = manage(env, "shell", "-c", URLS_SCRIPT).stdout
    urls = json.loads(re.search(r"^URLS=(.*)$", out, re.M).group(1))
    count = int(re.search(r"^COUNT=(\d+)$", out, re.M).group(1))
    return urls, count


# -- gunicorn ------------------------------------------------------------------------------------


class Server:
    def __init__(self, env: dict, workdir: Path, workers: int):
        self.env = env
        self.port = free_port()
        self.pidfile = workdir / f"gunicorn-{self.port}.pid"
        self.logfile = workdir / f"gunicorn-{self.port}.log"
        self.workers = workers
        self.process = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.log = self.logfile.open("wb")
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "ikz.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--no-control-socket",
                "--pid",
                str(self.pidfile),
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(200):
            try:
                if self.get("/healthz/live")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start, see {self.logfile}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()

    def get(self, path: str) -> tuple[int, bytes]:
        return self.fetch(path)[:2]

    def fetch(self, path: str) -> tuple[int, bytes, dict]:
        request = urllib.request.Request(self.base + path, headers={"Host": "127.0.0.1"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def settle(self, path: str, seconds: float = 60) -> None:
        """Wait until the workers have drained requests queued by the previous wrk run."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.monotonic()
            self.get(path)
            if time.monotonic() - started < 0.05:
                return
        log("    (server did not settle)")

    def worker_rss_kib(self) -> list[int]:
        children = run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)]).stdout.split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)))
        return sizes


# -- wrk -----------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, seconds: int, connections: int, threads: int = 2, script=None, env=None):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
        "-H",
        "Host: 127.0.0.1",
    ]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=env
    ).stdout
    percentiles = {
        f"p{int(p)}": to_ms(v)
        for p, v in re.findall(r"^\s+(\d+)%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.M)
    }
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)) + sum(
        int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output)
    )
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    if requests == 0 or "p50" not in percentiles:
        raise RuntimeError(f"wrk got no answers from {url}:\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": requests,
        "errors": errors,
        **percentiles,
    }


def single_request_ms(server: Server, path: str, repeat: int = 5) -> float:
    """Median time of one request at a time, without load (the "page time")."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        server.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return round(sorted(times)[repeat // 2], 1)


def new_content_revision(database: str) -> None:
    """What an editor's change does to every cache: a new content revision token."""
    run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            database,
            "-qc",
            "UPDATE practice_contentrevision SET token = md5(random()::text) WHERE id = 1",
        ]
    )


def cold_request_ms(server: Server, path: str, database: str, repeat: int = 3) -> float:
    """Median time of the first request after a content change: fragments and the list index
    are built anew (in each worker the request meets)."""
    times = []
    for _ in range(repeat):
        new_content_revision(database)
        started = time.perf_counter()
        server.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return round(sorted(times)[repeat // 2], 1)


def measure(
    server: Server, urls: dict, seconds: int, connections: int, database: str | None = None
) -> dict:
    """Floor first and last, every page in between; the floor is their mean. With ``database``
    (the uncached run) also each page's cold time (``cold_request_ms``)."""
    cold = {}
    if database:
        cold = {name: cold_request_ms(server, path, database) for name, path in urls.items()}
    for name, path in urls.items():
        for _ in range(3):
            status, _body = server.get(path)
            if status != 200:
                raise RuntimeError(f"{name} {path} answered {status}")
    results = {}
    fetched = {name: server.fetch(path) for name, path in urls.items()}
    cache_state = {name: page[2].get("X-Page-Cache", "–") for name, page in fetched.items()}
    single = {name: single_request_ms(server, path) for name, path in urls.items()}
    floors = []
    floors.append(wrk(server.base + urls[FLOOR], seconds, connections))
    for name in PAGES:
        if name in urls:
            server.settle(urls[FLOOR])
            results[name] = wrk(server.base + urls[name], seconds, connections)
            results[name]["page_cache"] = cache_state[name]
            results[name]["single_ms"] = single[name]
            if name in cold:
                results[name]["cold_ms"] = cold[name]
            results[name]["kib"] = round(len(fetched[name][1]) / 1024, 1)
            log(
                f"    {name:7} {results[name]['rps']:8.1f} req/s  p50 {results[name]['p50']:.1f} ms"
            )
    server.settle(urls[FLOOR])
    floors.append(wrk(server.base + urls[FLOOR], seconds, connections))
    results[FLOOR] = {
        "rps": sum(f["rps"] for f in floors) / 2,
        "runs": [f["rps"] for f in floors],
        "p50": sum(f["p50"] for f in floors) / 2,
        "p99": max(f["p99"] for f in floors),
        "errors": sum(f["errors"] for f in floors),
        "single_ms": single[FLOOR],
    }
    runs = "/".join(f"{f['rps']:.0f}" for f in floors)
    log(f"    floor   {results[FLOOR]['rps']:8.1f} req/s ({runs})")
    return results


def endurance(server: Server, urls: dict, seconds: int, connections: int, warmup: int) -> dict:
    paths = " ".join(path for name, path in urls.items() if name != FLOOR)
    env = {**os.environ, "BENCH_PATHS": paths}
    script = ROOT / "bench" / "mixed.lua"
    warm = wrk(server.base + "/", warmup, connections, script=script, env=env)
    server.settle(urls[FLOOR])
    before = server.worker_rss_kib()
    result = wrk(server.base + "/", seconds, connections, script=script, env=env)
    after = server.worker_rss_kib()
    growth = max((a - b) / b * 100 for a, b in zip(after, before, strict=True))
    return {
        **result,
        "warmup_errors": warm["errors"],
        "rss_before_kib": before,
        "rss_after_kib": after,
        "max_growth_percent": round(growth, 1),
        "paths": paths.split(),
        "seconds": seconds,
        "connections": connections,
    }


# -- profile -------------------------------------------------------------------------------------

PROFILE_SCRIPT = r"""
import cProfile, io, pstats, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
url = %r
client = Client(HTTP_HOST="127.0.0.1")
client.get(url)
with CaptureQueriesContext(connection) as queries:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
print("STATUS", response.status_code, "TIME_MS", round(elapsed * 1000, 1), "QUERIES", len(queries))
slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
for q in slowest:
    print("QUERY_MS", round(float(q["time"]) * 1000, 1), q["sql"][:600])
if slowest:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0]["sql"])
        print("EXPLAIN_BEGIN")
        print("\n".join(row[0] for row in cursor.fetchall()))
        print("EXPLAIN_END")
profiler = cProfile.Profile()
profiler.enable()
for _ in range(10):
    client.get(url)
profiler.disable()
stream = io.StringIO()
stats = pstats.Stats(profiler, stream=stream)
stats.sort_stats("cumulative").print_stats(25)
stats.sort_stats("tottime").print_stats(15)
print("PROFILE_BEGIN"); print(stream.getvalue()); print("PROFILE_END")
"""


def profile(env, url: str) -> str:
    """The page's own rendering work: without the fragment cache, which would answer the
    repeated calls from memory."""
    env = {**env, "IKZ_FRAGMENT_CACHE_SECONDS": "0"}
    return manage(env, "shell", "-c", PROFILE_SCRIPT % url, timeout=600).stdout


INDEX_SCRIPT = r"""
import time, tracemalloc
from practice.facet_index import ExampleIndex
times = []
for _ in range(3):
    started = time.perf_counter()
    ExampleIndex("bench")
    times.append(time.perf_counter() - started)
tracemalloc.start()
index = ExampleIndex("bench")
size, _peak = tracemalloc.get_traced_memory()
print("INDEX", round(sorted(times)[1] * 1000), round(size / 2**20, 1), index.size)
"""


def index_stats(env) -> dict:
    """Build time (median of 3) and memory of the list's in-memory index at this size."""
    out = manage(env, "shell", "-c", INDEX_SCRIPT, timeout=600).stdout
    build_ms, mebibytes, examples = re.search(r"^INDEX (\d+) ([\d.]+) (\d+)$", out, re.M).groups()
    return {"build_ms": int(build_ms), "mib": float(mebibytes), "examples": int(examples)}


# -- report --------------------------------------------------------------------------------------


def de(number: float) -> str:
    """German thousands separator: 100000 -> 100.000."""
    return f"{round(number):,}".replace(",", ".")


def pct(value: float) -> str:
    return f"{value * 100:.1f} %" if value < 0.1 else f"{value * 100:.0f} %"


def mib(sizes_kib: list[int]) -> str:
    return ", ".join(f"{kib / 1024:.1f} MiB" for kib in sizes_kib)


def uncached_table(data: dict, title: str, key: str) -> list[str]:
    """One figure (``key``) per page and size of the uncached runs, as a Markdown table."""
    lines = [
        "",
        title,
        "",
        "| Praxisbeispiele | " + " | ".join(LABELS[n] for n in PAGES) + " |",
        "| --- |" + " ---: |" * len(PAGES),
    ]
    for run_ in data["runs"]:
        if run_["mode"] == "ungecacht":
            cells = [str(run_["results"].get(n, {}).get(key, "–")) for n in PAGES]
            lines.append(f"| {de(run_['size'])} | " + " | ".join(cells) + " |")
    return lines


def render(data: dict) -> str:
    m = data["machine"]
    lines = [
        START_MARK,
        "",
        f"Lauf vom {m['date']}, Commit `{m['commit']}`, Dauer {data['duration_min']:.0f} min.",
        "",
        "## Maschine",
        "",
        f"- CPU: {m['cpu']}, `nproc` = {m['nproc']}",
        f"- Speicher: {m['memory_gib']} GiB, Kernel {m['kernel']}",
        f"- PostgreSQL {m['postgresql']}, Python {m['python']}, {m['wrk']}",
        f"- gunicorn mit {data['workers']} Sync-Workern, `DJANGO_DEBUG=false`; wrk auf derselben "
        f"Maschine, {data['connections']} Verbindungen, 2 Threads, {data['seconds']} s je Seite",
        "",
        "## Durchsatz als Anteil am Floor",
        "",
        "Jede Zeile ist ein Lauf derselben gunicorn-Instanz: erst der Floor, dann die Seiten, "
        "dann noch einmal der Floor (Mittelwert beider Floor-Läufe). „gecacht“ = anonymer "
        "Seiten-Cache in Redis. „Last“ = Load Average (1 min) der Maschine am Ende des Laufs; "
        "die Maschine wird mit anderen Prozessen geteilt.",
        "",
    ]
    header = "| Praxisbeispiele (veröffentlicht) | Modus | Last | Floor req/s |"
    rule = "| --- | --- | ---: | ---: |"
    for name in PAGES:
        header += f" {LABELS[name]} |"
        rule += " ---: |"
    lines += [header, rule]
    for run_ in data["runs"]:
        floor = run_["results"][FLOOR]["rps"]
        row = (
            f"| {de(run_['size'])} ({de(run_['published'])}) | {run_['mode']} "
            f"| {run_.get('load', '–')} | {de(floor)} |"
        )
        for name in PAGES:
            result = run_["results"].get(name)
            row += f" {pct(result['rps'] / floor)} ({de(result['rps'])}) |" if result else " – |"
        lines.append(row)
    cached = [r for r in data["runs"] if r["mode"] == "gecacht"]
    if cached:
        states = ", ".join(
            f"{LABELS[name]}: {cached[-1]['results'][name].get('page_cache', '–')}"
            for name in PAGES
            if name in cached[-1]["results"]
        )
        lines += [
            "",
            f"Seiten-Cache im gecachten Lauf (`X-Page-Cache` nach dem Aufwärmen): {states}. "
            "„–“ heißt: die Antwort wird nie gespeichert (z. B. weil sie ein Formular mit "
            "CSRF-Token enthält).",
        ]
    lines += [
        "",
        "Latenzen in ms: einzelne Anfrage ohne Last (Median aus 5) · p50 / p99 unter Last:",
        "",
        "| Praxisbeispiele | Modus | " + " | ".join(LABELS[n] for n in [FLOOR, *PAGES]) + " |",
        "| --- | --- |" + " ---: |" * (len(PAGES) + 1),
    ]
    for run_ in data["runs"]:
        cells = []
        for name in [FLOOR, *PAGES]:
            r = run_["results"].get(name)
            cells.append(
                f"{r.get('single_ms', 0):.1f} · {r['p50']:.1f} / {r['p99']:.1f}" if r else "–"
            )
        lines.append(f"| {de(run_['size'])} | {run_['mode']} | " + " | ".join(cells) + " |")
    lines += uncached_table(
        data,
        "Kalt: erste Anfrage nach einer Inhaltsänderung (neuer Inhaltsstand, so dass "
        "Fragment-Cache und Listen-Index neu entstehen), ungecacht, Median aus 3, in ms:",
        "cold_ms",
    )
    lines += uncached_table(data, "HTML-Größe in KiB (ungecacht):", "kib")
    errors = sum(r.get("errors", 0) for run_ in data["runs"] for r in run_["results"].values())
    lines += ["", f"Fehler (Socket-Fehler und Nicht-2xx) über alle Läufe: {errors}.", ""]
    lines += ["## Ziele", "", "| Ziel | Messwert | Ergebnis |", "| --- | --- | --- |"]
    for goal in data["targets"]:
        verdict = "erreicht" if goal["met"] else f"verfehlt um {goal['gap']}"
        lines.append(f"| {goal['goal']} | {goal['value']} | {verdict} |")
    e = data.get("endurance")
    if e:
        lines += [
            "",
            "## Dauerlast",
            "",
            f"{e['seconds']} s mit {e['connections']} Verbindungen über die gemischten Seiten "
            f"({', '.join(f'`{p}`' for p in e['paths'])}) bei {de(e['size'])} Praxisbeispielen, "
            f"{e['mode']}, nach {e['warmup']} s Aufwärmen:",
            "",
            f"- {de(e['requests'])} Anfragen, {e['rps']:.1f} req/s, p50 {e['p50']:.1f} ms, "
            f"p99 {e['p99']:.1f} ms",
            f"- Fehler: {e['errors']} (Aufwärmen: {e['warmup_errors']})",
            f"- Worker-RSS vorher: {mib(e['rss_before_kib'])}; nachher: {mib(e['rss_after_kib'])}; "
            f"größtes Wachstum {e['max_growth_percent']} % (Ziel < 10 %)",
        ]
    if data.get("index"):
        lines += [
            "",
            "## Index der Praxisbeispiel-Liste",
            "",
            "Aufbau des Index im Speicher (`practice/facet_index.py`) je Worker, einmal je "
            "Inhaltsstand (Median aus 3) und sein Speicher (tracemalloc):",
            "",
            "| Praxisbeispiele (veröffentlicht) | Aufbau | Speicher |",
            "| --- | ---: | ---: |",
        ]
        for size, stats in data["index"].items():
            lines.append(
                f"| {de(int(size))} ({de(stats['examples'])}) | {de(stats['build_ms'])} ms "
                f"| {stats['mib']:.1f} MiB |"
            )
    for key in ("list_profile", "profile"):
        if not data.get(key):
            continue
        profiled = data[key]
        lines += [
            "",
            f"## Profil: {profiled['label']} bei {de(profiled['size'])} "
            "Praxisbeispielen (ungecacht)",
            "",
            f"`{profiled['url']}`, in-process mit dem Django-Testclient gegen die "
            "Benchmark-Datenbank, ohne Fragment-Cache (cProfile über 10 Aufrufe, nach Gesamtzeit "
            "und nach Eigenzeit; "
            "langsamste Abfragen mit EXPLAIN ANALYZE):",
            "",
            "```text",
            profiled["output"].strip(),
            "```",
        ]
    lines += ["", END_MARK]
    return "\n".join(lines)


def write_report(data: dict) -> None:
    generated = render(data)
    if REPORT.exists() and START_MARK in REPORT.read_text():
        text = REPORT.read_text()
        head, rest = text.split(START_MARK, 1)
        tail = rest.split(END_MARK, 1)[1] if END_MARK in rest else ""
        REPORT.write_text(head + generated + tail)
    else:
        REPORT.write_text("# Leistung\n\n" + generated + "\n")


def worst_page_goal(by: dict, mode: str, size: int, floor_share: float) -> dict:
    """Every page type of one run at ``floor_share`` of the floor or more (the worst decides)."""
    r = by[(size, mode)]
    ratio, name = min((r[n]["rps"] / r[FLOOR]["rps"], n) for n in PUBLIC_PAGES if n in r)
    return {
        "goal": f"jede Seite {mode} ≥ {floor_share * 100:.0f} % des Floors bei {de(size)}",
        "value": f"{pct(ratio)} (schlechteste: {LABELS[name]})",
        "met": ratio >= floor_share,
        "gap": f"{(floor_share - ratio) * 100:.1f} Prozentpunkte",
    }


def targets(data: dict, sizes: list[int]) -> list[dict]:
    by = {(r["size"], r["mode"]): r["results"] for r in data["runs"]}
    goals = []
    mid = 10_000 if 10_000 in sizes else sizes[len(sizes) // 2]
    if (mid, "ungecacht") in by:
        r = by[(mid, "ungecacht")]
        ratio = r["list"]["rps"] / r[FLOOR]["rps"]
        goals.append(
            {
                "goal": f"Liste ungecacht ≥ 25 % des Floors bei {de(mid)}",
                "value": pct(ratio),
                "met": ratio >= 0.25,
                "gap": f"{(0.25 - ratio) * 100:.0f} Prozentpunkte",
            }
        )
    goals += [
        worst_page_goal(by, "gecacht", size, 0.80) for size in sizes if (size, "gecacht") in by
    ]
    for size, floor_share in ((0, 0.05), (10_000, 0.04)):
        if (size, "ungecacht") in by:
            goals.append(worst_page_goal(by, "ungecacht", size, floor_share))
    for size in (0, 10_000):
        r = by.get((size, "ungecacht"), {})
        if "sheet" in r and "detail" in r:
            kind = "cold_ms" if "cold_ms" in r["sheet"] else "single_ms"
            sheet, detail = r["sheet"][kind], r["detail"][kind]
            what = "erste Anfrage nach einer Änderung" if kind == "cold_ms" else "einzelne Anfrage"
            goals.append(
                {
                    "goal": f"Maßnahmenblatt nicht langsamer als ein Praxisbeispiel ({de(size)})",
                    "value": f"{sheet:.1f} ms gegen {detail:.1f} ms ({what})",
                    "met": sheet <= detail,
                    "gap": f"{sheet - detail:.1f} ms",
                }
            )
    small, large = min(s for s in sizes if s) if any(sizes) else 0, max(sizes)
    if (small, "ungecacht") in by and (large, "ungecacht") in by:
        t_small = by[(small, "ungecacht")]["list"]["single_ms"]
        t_large = by[(large, "ungecacht")]["list"]["single_ms"]
        factor = t_large / t_small
        goals.append(
            {
                "goal": f"Listenzeit (einzelne Anfrage) bei {de(large)} ≤ 2 × bei {de(small)}",
                "value": f"{t_small:.1f} ms → {t_large:.1f} ms = {factor:.2f} ×",
                "met": factor <= 2,
                "gap": f"{factor - 2:.2f} ×",
            }
        )
    return goals


# -- main ----------------------------------------------------------------------------------------


MAX_GROWTH_PERCENT = 10


def load_check(env: dict, args, workdir: Path) -> int:
    """The load and endurance test on its own: ``--endurance-seconds`` with 50 connections over
    the mixed page set after 15 s of warm-up; fails on any error or on worker memory growing by
    more than 10 %."""
    size = args.endurance_size
    out = manage(env, "generate_demo_data", str(size), "--force", timeout=3600)
    log(out.stdout.strip().splitlines()[-1])
    analyze(args.database)
    urls, _published = discover_urls(env)
    with Server(env, workdir, args.workers) as server:
        result = endurance(server, urls, args.endurance_seconds, 50, warmup=15)
    shutil.rmtree(workdir, ignore_errors=True)
    log(
        f"{result['requests']} Anfragen in {args.endurance_seconds} s mit 50 Verbindungen, "
        f"{result['errors']} Fehler (Aufwärmen: {result['warmup_errors']}), "
        f"Worker-RSS {mib(result['rss_before_kib'])} -> {mib(result['rss_after_kib'])}, "
        f"größtes Wachstum {result['max_growth_percent']} %"
    )
    failures = []
    if result["errors"] or result["warmup_errors"]:
        failures.append("Fehler unter Last")
    if result["max_growth_percent"] > MAX_GROWTH_PERCENT:
        failures.append(f"Speicher wuchs um mehr als {MAX_GROWTH_PERCENT} %")
    if not result["requests"]:
        failures.append("keine Anfrage beantwortet")
    for failure in failures:
        log(f"FEHLER: {failure}")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES", "0,1000,10000,100000"),
        help="erzeugte Demo-Beispiele neben den mitgelieferten; 0 = nur die mitgelieferten",
    )
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", "ikz_bench"))
    parser.add_argument("--redis", default=f"redis://127.0.0.1:6379/{REDIS_DB}")
    parser.add_argument("--endurance-seconds", type=int, default=60)
    parser.add_argument("--endurance-size", type=int, default=10_000)
    parser.add_argument("--no-report", action="store_true", help="nur bench/results schreiben")
    parser.add_argument(
        "--load-check",
        action="store_true",
        help="nur der Dauerlauf bei --endurance-size, mit Urteil (Exit 1 bei Fehlern oder "
        "mehr als 10 %% Speicherwachstum); schreibt keinen Bericht (make load, CI)",
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    for tool in ("wrk", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} fehlt (apt-get install -y wrk postgresql-client)")

    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="ikz-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1, no TLS proxy in front
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "IKZ_API_ANON_RATE": "100000000/min",  # the load generator is one client
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    data = {"machine": machine(), "runs": [], "workers": args.workers}
    data.update(connections=args.connections, seconds=args.seconds)
    log(f"machine: {data['machine']}")
    create_database(args.database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    log(manage(env, "load_content").stdout.strip().splitlines()[-1])
    if args.load_check:
        return load_check(env, args, workdir)

    generated = 0
    for size in sizes:
        log(f"== {size:,} demo examples")
        if size > generated:
            out = manage(env, "generate_demo_data", str(size - generated), "--force", timeout=3600)
            log(out.stdout.strip().splitlines()[-1])
            generated = size
        analyze(args.database)
        urls, published = discover_urls(env)
        log(f"urls: {urls}")
        data.setdefault("index", {})[str(size)] = index_stats(env)
        log(f"index: {data['index'][str(size)]}")
        if size == args.endurance_size:
            log(f"profiling list {urls['list']}")
            data["list_profile"] = {
                "label": LABELS["list"],
                "url": urls["list"],
                "size": size,
                "output": profile(env, urls["list"]),
            }
        modes = [
            ("ungecacht", {"IKZ_PAGE_CACHE_SECONDS": "0"}),
            ("gecacht", {"REDIS_URL": args.redis, "IKZ_PAGE_CACHE_SECONDS": "600"}),
        ]
        for mode, extra in modes:
            if "REDIS_URL" in extra:
                run(["redis-cli", "-n", str(REDIS_DB), "flushdb"])
            log(f"  {mode}")
            with Server({**env, **extra}, workdir, args.workers) as server:
                cold_db = args.database if mode == "ungecacht" else None
                results = measure(server, urls, args.seconds, args.connections, cold_db)
                run_ = {
                    "size": size,
                    "published": published,
                    "mode": mode,
                    "results": results,
                    "load": round(os.getloadavg()[0], 1),
                }
                data["runs"].append(run_)
                if size == args.endurance_size and mode == "ungecacht":
                    log(f"  endurance {args.endurance_seconds} s")
                    result = endurance(server, urls, args.endurance_seconds, 50, warmup=15)
                    data["endurance"] = {**result, "size": size, "mode": mode, "warmup": 15}
                    log(f"  endurance: {result}")
        (RESULTS).mkdir(exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))

    largest = max(sizes)
    uncached = next(
        r["results"] for r in data["runs"] if r["size"] == largest and r["mode"] == "ungecacht"
    )
    slow_name = min((n for n in PAGES if n in uncached), key=lambda n: uncached[n]["rps"])
    urls, _ = discover_urls(env)
    log(f"profiling {slow_name} {urls[slow_name]}")
    data["profile"] = {
        "label": LABELS[slow_name],
        "url": urls[slow_name],
        "size": largest,
        "output": profile(env, urls[slow_name]),
    }
    data["targets"] = targets(data, sizes)
    data["duration_min"] = (time.monotonic() - started) / 60
    (RESULTS / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    if not args.no_report:
        write_report(data)
    shutil.rmtree(workdir, ignore_errors=True)
    log(f"done in {data['duration_min']:.1f} min; report: {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
