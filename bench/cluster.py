"""Proeftuin on several machines, played out on one: two web instances and a task worker as
separate processes, each with its own settings as if on its own machine, one PostgreSQL,
media on S3-compatible storage (moto's server stands in for S3), and nginx in front
terminating TLS and spreading requests over both instances.

    DATABASE_URL=postgres://… .venv/bin/python bench/cluster.py            # make bench
    DATABASE_URL=postgres://… .venv/bin/python bench/cluster.py --smoke    # one of each (CI)

It creates a database of its own beside the one DATABASE_URL names (`<name>_cluster`,
dropped first), migrates it and loads the demo, then shows over real HTTP that:

- a person signed in through one instance stays signed in through the other;
- a need saved through one appears at once through the other;
- an attachment uploaded through one downloads through the other (and lies in the bucket,
  not on either instance's disk);
- a task enqueued by a web instance is run by the worker (web instances run no tasks);
- the matcher's suggestions are the same through both;
- nginx spreads requests over both instances.

Each check runs once with --smoke and `--rounds` times otherwise. Needs nginx and openssl
(Debian) and moto's server (`moto[server]`, a dev dependency).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
SECRET_KEY = "cluster-" + "k" * 50
BUCKET = "proeftuin-media"
DEMO_PASSWORD = "proeftuin-demo"  # noqa: S105 - the demo's published password
SUBMITTER = "indiener@demo.proeftuin.be"
# A minimal, well-formed PDF: attachments are checked by their content.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, ready: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.3)
    raise SystemExit(f"{what} did not come up within {seconds:.0f} s")


@dataclass
class Cluster:
    folder: Path
    database_url: str
    s3_port: int = field(default_factory=free_port)
    nginx_port: int = field(default_factory=free_port)
    web_ports: tuple[int, int] = field(default_factory=lambda: (free_port(), free_port()))
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def cert(self) -> str:
        """nginx's self-signed certificate, which the checks trust."""
        return str(self.folder / "cert.pem")

    @property
    def site(self) -> str:
        return f"https://127.0.0.1:{self.nginx_port}"

    @property
    def instances(self) -> tuple[str, str]:
        return (f"http://127.0.0.1:{self.web_ports[0]}", f"http://127.0.0.1:{self.web_ports[1]}")

    def machine_env(self, name: str) -> dict[str, str]:
        """The settings of one machine: the same database, bucket and secret; its own disk."""
        media = self.folder / name / "media"
        media.mkdir(parents=True, exist_ok=True)
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ")}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": self.database_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.site,
            "BEHIND_TLS_PROXY": "true",
            "MEDIA_ROOT": str(media),
            # Collected once by the set-up; a real machine collects its own copy.
            "STATIC_ROOT": str(self.folder / "static"),
            "MEDIA_S3_BUCKET": BUCKET,
            "MEDIA_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "MEDIA_S3_ACCESS_KEY": "proeftuin",
            "MEDIA_S3_SECRET_KEY": "proeftuin-secret",
            "MEDIA_S3_REGION": "eu-west-1",
            "LOG_LEVEL": "WARNING",
        }

    def start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        self.processes.append(process)

    def manage(self, *arguments: str) -> None:
        began = time.monotonic()
        subprocess.run(
            [PYTHON, "manage.py", *arguments],
            cwd=ROOT,
            env=self.machine_env("setup"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"{' '.join(arguments)}: {time.monotonic() - began:.0f} s", flush=True)

    def start_s3(self) -> None:
        self.start(
            "s3",
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)],
            {**os.environ},
        )
        url = f"http://127.0.0.1:{self.s3_port}"
        wait_for("moto's S3", lambda: requests.get(url, timeout=2).ok)
        import boto3

        self.s3 = boto3.client(
            "s3",
            endpoint_url=url,
            aws_access_key_id="proeftuin",
            aws_secret_access_key="proeftuin-secret",  # noqa: S106 - moto accepts any
            region_name="eu-west-1",
        )
        self.s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )

    def start_web(self, index: int) -> None:
        name = f"web-{'ab'[index]}"
        self.start(
            name,
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                f"--bind=127.0.0.1:{self.web_ports[index]}",
                "--workers=2",
                "--log-level=warning",
            ],
            self.machine_env(name),
        )

    def start_worker(self) -> None:
        self.start(
            "worker",
            [PYTHON, "manage.py", "db_worker", "--queue-name", "default", "--interval", "0.5"],
            self.machine_env("worker"),
        )
        # Periodic jobs (the worker's heartbeat among them) run from one scheduler.
        self.start(
            "scheduler",
            [PYTHON, "manage.py", "run_scheduler"],
            {**self.machine_env("worker"), "SCHEDULER_TICK_SECONDS": "5"},
        )

    def start_nginx(self) -> None:
        cert, key = self.folder / "cert.pem", self.folder / "key.pem"
        openssl = [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ]
        subprocess.run(openssl, check=True, capture_output=True)
        upstreams = "".join(f"server 127.0.0.1:{port};" for port in self.web_ports)
        conf = self.folder / "nginx.conf"
        conf.write_text(
            f"""
user root;
worker_processes 1;
daemon off;
pid {self.folder}/nginx.pid;
error_log {self.folder}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {self.folder}/nginx-body;
    proxy_temp_path {self.folder}/nginx-proxy;
    fastcgi_temp_path {self.folder}/nginx-fastcgi;
    uwsgi_temp_path {self.folder}/nginx-uwsgi;
    scgi_temp_path {self.folder}/nginx-scgi;
    upstream proeftuin {{ {upstreams} }}
    server {{
        listen 127.0.0.1:{self.nginx_port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        client_max_body_size 20m;
        location / {{
            proxy_pass http://proeftuin;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $remote_addr;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.start("nginx", [nginx, "-p", str(self.folder), "-c", str(conf)], {**os.environ})

    def up(self) -> None:
        for index in (0, 1):
            self.start_web(index)
        self.start_worker()
        self.start_nginx()
        for base in self.instances:
            wait_for(
                f"gunicorn on {base}", lambda b=base: requests.get(f"{b}/health", timeout=5).ok
            )
        wait_for(
            "nginx", lambda: requests.get(f"{self.site}/health", verify=self.cert, timeout=5).ok
        )

    def down(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


class Visitor:
    """A person's browser, talking to one instance or the other directly (as nginx would, with
    X-Forwarded-Proto), carrying the same cookies to both."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def send(self, method: str, base: str, path: str, **kwargs: object) -> requests.Response:
        origin = base.replace("http://", "https://")
        headers = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + path}
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        response = requests.request(
            method,
            base + path,
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=60,
            **kwargs,  # type: ignore[arg-type]
        )
        self.cookies.update(response.cookies.get_dict())
        if response.status_code >= 500:
            raise SystemExit(f"{method} {base}{path} answered {response.status_code}")
        return response

    def sign_in(self, base: str, email: str) -> None:
        self.send("GET", base, "/accounts/login/")
        response = self.send(
            "POST", base, "/accounts/login/", data={"login": email, "password": DEMO_PASSWORD}
        )
        if response.status_code != 302:
            raise SystemExit(f"signing in through {base} failed ({response.status_code})")


@dataclass(frozen=True)
class Check:
    name: str
    passed: int
    seconds: float


def path_of(location: str) -> str:
    parts = urlsplit(location)
    return urlunsplit(("", "", parts.path, parts.query, ""))


def demo_objects(database_url: str) -> tuple[int, str]:
    """The submitter's organisation and an open call, read from the cluster's database."""
    os.environ.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"})
    os.environ.setdefault("SECRET_KEY", SECRET_KEY)
    os.environ.setdefault("SITE_URL", "https://127.0.0.1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from proeftuin.calls.models import Call
    from proeftuin.organisations.models import Organisation

    person = get_user_model().objects.get(email=SUBMITTER)
    organisation = Organisation.objects.of_member(person).order_by("pk").first()
    call = Call.objects.open().order_by("closes_at").first()
    if organisation is None or call is None:
        raise SystemExit("the demo has no organisation of the submitter or no open call")
    return organisation.pk, call.slug


def check_session(cluster: Cluster, rounds: int) -> int:
    a, b = cluster.instances
    for _ in range(rounds):
        visitor = Visitor()
        visitor.sign_in(a, SUBMITTER)
        response = visitor.send("GET", b, "/mijn/")
        if response.status_code != 200 or SUBMITTER.split("@")[0] not in response.text.lower():
            raise SystemExit(f"signed in through A, but B answered {response.status_code}")
    return rounds


def need_data(title: str) -> dict[str, str]:
    return {
        "title": title,
        "problem": "Jongeren vinden de weg naar de bibliotheek niet; we willen ons aanbod "
        "tonen waar zij al zijn, op hun telefoon en in de jeugdhuizen.",
        "target_groups": "Jongeren van 14 tot 20",
        "current_handling": "Affiches en de website van de gemeente.",
        "citizen_value": "Jongeren vinden wat hen interesseert zonder te zoeken.",
    }


def save_need(visitor: Visitor, base: str, organisation: int, call: str, title: str) -> int:
    data = {"client_token": str(uuid.uuid4()), "organisation": str(organisation), "call": call}
    response = visitor.send("POST", base, "/noden/opslaan/", data={**data, **need_data(title)})
    match = re.search(r"/noden/(\d+)/", response.headers.get("Location", ""))
    if response.status_code != 302 or match is None:
        raise SystemExit(f"saving a need through {base} failed ({response.status_code})")
    return int(match.group(1))


def check_need(cluster: Cluster, rounds: int, organisation: int, call: str) -> int:
    a, b = cluster.instances
    visitor = Visitor()
    visitor.sign_in(a, SUBMITTER)
    for number in range(rounds):
        title = f"Bibliotheek op verplaatsing {uuid.uuid4().hex[:8]}"
        pk = save_need(visitor, (a, b)[number % 2], organisation, call, title)
        response = visitor.send("GET", (b, a)[number % 2], f"/noden/{pk}/")
        if title not in response.text:
            raise SystemExit(f"need {pk} saved through one instance is not on the other")
    return rounds


def check_attachment(cluster: Cluster, rounds: int, organisation: int, call: str) -> int:
    a, b = cluster.instances
    visitor = Visitor()
    visitor.sign_in(a, SUBMITTER)
    pk = save_need(visitor, a, organisation, call, "Een nood met bijlagen")
    for number in range(rounds):
        content = PDF + f"% {number}\n".encode()
        name = f"plan-{number}.pdf"
        visitor.send(
            "POST",
            a,
            f"/noden/{pk}/bijlagen/",
            files={"file": (name, content, "application/pdf")},
        )
        page = visitor.send("GET", b, f"/noden/{pk}/bewerken/").text
        links = re.findall(rf'href="(/noden/{pk}/bijlagen/\d+/)"', page)
        if not links:
            raise SystemExit(f"the attachment uploaded through A is not listed through B ({pk})")
        downloaded = visitor.send("GET", b, links[-1])
        body = downloaded.content
        if downloaded.status_code == 302:  # served straight from the bucket
            body = requests.get(downloaded.headers["Location"], timeout=30).content
        if body != content:
            raise SystemExit("the attachment downloaded through B differs from the upload")
    keys = cluster.s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0)
    on_disk = [p for p in cluster.folder.glob("web-*/media/**/*") if p.is_file()]
    if keys < rounds or on_disk:
        raise SystemExit(f"{keys} objects in the bucket, {len(on_disk)} files on instance disks")
    return rounds


def check_tasks(cluster: Cluster, rounds: int, organisation: int, call: str) -> int:
    """Submitting a need through a web instance queues its status mail and its matching index
    update as tasks; only the worker runs tasks, so both done means the worker ran them."""
    from django.utils import timezone

    from proeftuin.calls.matching.models import MatchDocument
    from proeftuin.core.models import OutboxMessage

    a, _b = cluster.instances
    visitor = Visitor()
    visitor.sign_in(a, SUBMITTER)
    since = timezone.now()
    submitted = []
    for number in range(rounds):
        title = f"Nood voor de taken {number}"
        pk = save_need(visitor, a, organisation, call, title)
        response = visitor.send("POST", a, f"/noden/{pk}/indienen/", data=need_data(title))
        if response.status_code != 302:
            raise SystemExit(f"submitting need {pk} through A failed ({response.status_code})")
        submitted.append(pk)
    mails = OutboxMessage.objects.filter(recipient=SUBMITTER, created_at__gte=since)

    def all_done() -> bool:
        indexed = MatchDocument.objects.filter(need__in=submitted).count() == len(submitted)
        sent = mails.filter(status=OutboxMessage.Status.SENT).count() >= len(submitted)
        return indexed and sent

    wait_for("the worker running the web instances' tasks", all_done, seconds=120)
    return len(submitted)


def check_matcher(cluster: Cluster, rounds: int) -> int:
    a, b = cluster.instances
    visitor = Visitor()
    visitor.sign_in(a, SUBMITTER)
    texts = [
        ("Jongeren en de bibliotheek", "Hoe bereiken we jongeren met ons aanbod?"),
        ("Erfgoed digitaal ontsluiten", "Onze collectie foto's staat nergens online."),
        ("Tickets voor het cultuurcentrum", "Mensen vinden onze ticketverkoop te moeilijk."),
    ]
    for number in range(rounds):
        title, problem = texts[number % len(texts)]
        data = {"title": title, "problem": problem}
        answers = [visitor.send("POST", base, "/noden/suggesties/", data=data) for base in (a, b)]
        if answers[0].text != answers[1].text:
            raise SystemExit(f"the matcher suggests differently through A and B for {title!r}")
    return rounds


def check_spread(cluster: Cluster, rounds: int) -> int:
    seen = {
        requests.get(f"{cluster.site}/", verify=cluster.cert, timeout=30).headers["X-Upstream"]
        for _ in range(max(rounds, 4))
    }
    if len(seen) != 2:
        raise SystemExit(f"nginx sent every request to {seen}")
    return len(seen)


@contextmanager
def cluster_database(database_url: str) -> Iterator[str]:
    """A database of the cluster's own on the same server, made afresh and dropped after."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/") + "_cluster"
    own = urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield own
    finally:
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="one request of each kind")
    parser.add_argument("--rounds", type=int, default=20, help="repetitions of each check (20)")
    parser.add_argument("--keep", action="store_true", help="keep the logs folder")
    args = parser.parse_args()
    rounds = 1 if args.smoke else args.rounds
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (postgres://…).")
    missing = [tool for tool in ("nginx", "openssl") if shutil.which(tool) is None]
    if not (BIN / "moto_server").exists():
        missing.append("moto_server (pip install 'moto[server]')")
    if missing and not Path("/usr/sbin/nginx").exists():
        raise SystemExit(f"missing: {', '.join(missing)}")

    with ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="proeftuin-cluster-"))
        if not args.keep:
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
        own_database = stack.enter_context(cluster_database(database_url))
        cluster = Cluster(folder, own_database)
        stack.callback(cluster.down)
        started = time.monotonic()
        cluster.start_s3()  # the demo's documents go to the bucket too
        cluster.manage("migrate", "--no-input")
        cluster.manage("createcachetable")
        cluster.manage("collectstatic", "--no-input")
        cluster.manage("load_demo")
        print(f"database ready in {time.monotonic() - started:.0f} s", flush=True)
        cluster.up()
        organisation, call = demo_objects(own_database)
        checks: list[tuple[str, Callable[[], int]]] = [
            ("signed in through A, signed in through B", lambda: check_session(cluster, rounds)),
            (
                "a need saved through one, seen through the other",
                lambda: check_need(cluster, rounds, organisation, call),
            ),
            (
                "an attachment uploaded through A, downloaded through B",
                lambda: check_attachment(cluster, rounds, organisation, call),
            ),
            (
                "tasks enqueued by a web instance, run by the worker",
                lambda: check_tasks(cluster, rounds, organisation, call),
            ),
            (
                "the matcher's suggestions equal through A and B",
                lambda: check_matcher(cluster, rounds),
            ),
            ("nginx spreads requests over both instances", lambda: check_spread(cluster, rounds)),
        ]
        results = []
        for name, run in checks:
            began = time.monotonic()
            results.append(Check(name, run(), time.monotonic() - began))
            print(f"ok  {name}", flush=True)
        print("\n| check | times | seconds |\n|---|---:|---:|")
        for result in results:
            print(f"| {result.name} | {result.passed} | {result.seconds:.1f} |")
        if args.keep:
            print(f"\nlogs in {folder}")


if __name__ == "__main__":
    main()
