"""Hostile-input benchmark: memory and time of the web process and its workers under the attack run's
inputs, each beside a harmless input of the same kind measured in the same run.

A real server (`jiaodu serve`) runs on a free port with a fresh JIAODU_HOME. Printed per case: the web
process's peak RSS growth (VmHWM), the peak RSS of its child processes (page renderer, submission
workers, sampled every 20 ms), the request's time, and the longest answer of a cheap request polled
every 50 ms meanwhile (the event loop's stall). Cases: a 310 x 200,000 pt page image (item 1), a YAML
alias bomb of depth 7 (item 2), a ZIP of 300,000 entries uploaded (item 3), a 7z of 256 MiB of zeros
processed (item 6). Goal: every number far below 1 GB and 1 s.
Run: .venv/bin/python bench/hostile.py"""

from __future__ import annotations

import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import warnings  # noqa: E402

warnings.filterwarnings("ignore")  # the test module's TestClient import warns about httpx
import httpx  # noqa: E402

from tests.test_hostile_inputs import alias_bomb, many_entries_zip, tall_pdf  # noqa: E402

PASSWORD = "bench-口令-2026"
FRAMEWORK = "hn-2021-county-gov"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


class Sampler:
    """Peak RSS of the server's children and the longest answer of GET /api/me, while a case runs."""

    def __init__(self, server: int, client: httpx.Client):
        self.server, self.client = server, client
        self.children_peak = 0
        self.latencies: list[float] = []
        self.stop = threading.Event()

    def _children(self):
        while not self.stop.is_set():
            for kid in descendants(self.server):
                self.children_peak = max(self.children_peak, status_kib(kid, "VmRSS"))
            time.sleep(0.02)

    def _poll(self):
        while not self.stop.is_set():
            started = time.perf_counter()
            self.client.get("/api/me")
            self.latencies.append(time.perf_counter() - started)
            time.sleep(0.05)

    def __enter__(self):
        self.threads = [threading.Thread(target=f, daemon=True) for f in (self._children, self._poll)]
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


@contextmanager
def server(home: Path):
    env = os.environ | {"JIAODU_HOME": str(home)}
    cli = [sys.executable, "-c", "import sys; from service.cli import main; sys.exit(main(sys.argv[1:]))"]
    add = ["user", "add", "bench", "--role", "admin", "--password", PASSWORD]
    subprocess.run(cli + add, env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/login", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        with httpx.Client(base_url=base, timeout=300) as client:
            token = client.post("/api/login", json={"username": "bench", "password": PASSWORD}).json()["token"]
            client.headers["Authorization"] = f"Bearer {token}"
            yield proc.pid, client
    finally:
        proc.terminate()
        proc.wait(30)


def measure(pid: int, client: httpx.Client, label: str, action) -> dict:
    web_before = status_kib(pid, "VmHWM")
    poller = httpx.Client(base_url=client.base_url, headers=client.headers, timeout=60)
    with poller, Sampler(pid, poller) as sampler:
        started = time.perf_counter()
        outcome = action()
        seconds = time.perf_counter() - started
    row = {
        "case": label,
        "outcome": outcome,
        "seconds": seconds,
        "web_growth_mib": (status_kib(pid, "VmHWM") - web_before) / 1024,
        "web_peak_mib": status_kib(pid, "VmHWM") / 1024,
        "children_peak_mib": sampler.children_peak / 1024,
        "stall_max_s": max(sampler.latencies, default=0.0),
        "stall_p50_s": statistics.median(sampler.latencies) if sampler.latencies else 0.0,
    }
    print(
        f"{label:<34} {outcome:<28} {seconds:7.2f} s  web peak {row['web_peak_mib']:6.1f} MiB "
        f"(+{row['web_growth_mib']:5.1f})  "
        f"children {row['children_peak_mib']:7.1f} MiB  stall max {row['stall_max_s'] * 1000:6.0f} ms",
        flush=True,
    )
    return row


def upload(client: httpx.Client, data: bytes, filename: str, county: str) -> httpx.Response:
    params = {"name": county, "framework": FRAMEWORK, "city": "甲市", "county": county, "filename": filename}
    return client.post("/api/submissions", params=params, content=data, headers={"Content-Type": "application/zip"})


def wait_done(client: httpx.Client, sid: int) -> str:
    while True:
        s = client.get(f"/api/submissions/{sid}/status").json()
        if s["status"] in ("done", "failed"):
            return s["status"]
        time.sleep(0.2)


def submit_and_wait(client: httpx.Client, data: bytes, filename: str, county: str) -> tuple[int | None, str]:
    r = upload(client, data, filename, county)
    if r.status_code != 201:
        return None, f"refused {r.status_code}"
    sid = r.json()["id"]
    return sid, wait_done(client, sid)


def zipped(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def seven_zip_of_zeros(size: int) -> bytes:
    import py7zr

    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as z:
        z.writef(io.BytesIO(bytes(size)), "佐证材料/零.bin")
        z.writestr("自评报告", "自评报告.txt")
    return buf.getvalue()


def page_case(client: httpx.Client, width: int, height: int, county: str):
    sid, _ = submit_and_wait(client, zipped({"佐证材料/页面.pdf": tall_pdf(width, height)}), "页面.zip", county)
    files = client.get(f"/api/submissions/{sid}/files").json()
    fid = next(f["id"] for f in files if f["path"].endswith("页面.pdf"))

    def fetch() -> str:
        r = client.get(f"/api/submissions/{sid}/files/{fid}/pages/1.png")
        return f"{r.status_code}, {len(r.content) / 1024:.0f} KiB PNG"

    return fetch


def cases(client: httpx.Client, tmp_path: Path) -> list[tuple[str, object]]:
    """(label, action) pairs: each hostile input after its harmless baseline."""

    def validate(body: bytes):
        return lambda: str(client.post("/api/frameworks/validate", content=body).json()["valid"])

    def sends(data: bytes, name: str, county: str):
        return lambda: str(upload(client, data, name, county).status_code)

    def processes(data: bytes, name: str, county: str):
        return lambda: submit_and_wait(client, data, name, county)[1]

    shipped = (ROOT / "corpora" / "frameworks" / "data" / "004_hunan_2021.yaml").read_bytes()
    small = many_entries_zip(tmp_path / "小.zip", 50).read_bytes()
    big = many_entries_zip(tmp_path / "大.zip", 300_000).read_bytes()
    normal = zipped({"佐证材料/名单.txt": "城关一小、城关二小".encode() * 2000, "自评报告.txt": "自评报告".encode()})
    bomb = seven_zip_of_zeros(256 << 20)
    return [
        ("1  page image, A4 (baseline)", page_case(client, 595, 842, "常规页县")),
        ("1  page image, 310 x 200,000 pt", page_case(client, 310, 200_000, "长页县")),
        ("2  validate shipped YAML (baseline)", validate(shipped)),
        ("2  validate alias bomb depth 7", validate(alias_bomb(7).encode())),
        ("3  upload 50 entries (baseline)", sends(small, "小.zip", "小包县")),
        (f"3  upload 300,000 entries ({len(big) >> 20} MiB)", sends(big, "大.zip", "大包县")),
        ("6  process a normal ZIP (baseline)", processes(normal, "常规.zip", "常规县")),
        (f"6  process 7z of 256 MiB zeros ({len(bomb) >> 10} KiB)", processes(bomb, "零.7z", "炸弹县")),
    ]


def main() -> None:
    print("case / outcome / time / web process peak RSS (growth in this case) / its children's peak RSS / event loop")
    with tempfile.TemporaryDirectory(prefix="jiaodu-bench-hostile-") as tmp:
        tmp_path = Path(tmp)
        with server(tmp_path / "home") as (pid, client):
            for label, action in cases(client, tmp_path):
                measure(pid, client, label, action)
            stored = [p for p in (tmp_path / "home" / "submissions").rglob("*") if p.is_file()]
            print(
                f"disk kept under submissions/ after all cases: {sum(p.stat().st_size for p in stored) / 2**20:.1f} MiB"
            )


if __name__ == "__main__":
    main()
