"""`contractlens serve`: first check, repeated check from the store, and a bounded loopback load test.

    python benchmarks/bench_serve.py                        # 8 clients x 2,000 requests
    python benchmarks/bench_serve.py --clients 4 --requests 500

The server is the app `contractlens serve` runs, on uvicorn on 127.0.0.1 in this process; the
site is a shop served from 127.0.0.1 (its terms: the project's example terms). Figures:

- first check: POST /api/check of the shop's terms page; once as the process's first check
  (models loading), once as a new page with the models loaded;
- repeat from the store: the same POST again (fetch, hash, answer from the store: no analysis),
  and GET /api/site/{site} (the badge's lookup: the store only); medians, goal < 50 ms;
- load: N concurrent clients (threads, each with its own keep-alive connection) each making
  M GET /api/site/{site} requests; errors (any status but 200, any exception), p50, p99 and
  requests per second. The server runs with --rate-limit 0 here: the limit is per client, and
  all load clients share one address and so would count as one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.consent_site import TERMS, shop_routes  # noqa: E402
from tests.support.localserver import LocalServer, Response  # noqa: E402
from tests.support.serve import ServeThread  # noqa: E402


def _timed(call) -> float:
    start = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"bench_serve: {response.status_code} {response.text[:200]}")
    return elapsed


def _median(call, repeats: int) -> float:
    return round(statistics.median(_timed(call) for _ in range(repeats)), 1)


def _load(server: ServeThread, path: str, clients: int, per_client: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    headers = {"Authorization": f"Bearer {server.token}"}

    def client():
        session = requests.Session()
        session.trust_env = False
        mine, failed = [], []
        for _ in range(per_client):
            start = time.perf_counter()
            try:
                response = session.get(server.base_url + path, headers=headers, timeout=30)
                if response.status_code != 200:
                    failed.append(str(response.status_code))
            except requests.RequestException as exc:
                failed.append(type(exc).__name__)
            mine.append((time.perf_counter() - start) * 1000)
        session.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    latencies.sort()
    return {"requests": len(latencies), "errors": len(errors), "p50": latencies[len(latencies) // 2],
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], "per_s": len(latencies) / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="requests per client")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    with LocalServer() as shop, ServeThread(Path(tempfile.mkdtemp()), rate_limit=0) as server:
        shop.routes.update(shop_routes("http://127.0.0.2:9"))
        shop.routes["/terms-2"] = Response(200, TERMS.read_bytes().replace(b"Acme", b"Acme Two"))
        site = shop.base_url.removeprefix("http://")

        def check(path):
            return lambda: server.api("POST", "/api/check", json={"target": shop.url(path), "terms": ["fair-contract"]})

        cold = _timed(check("/terms"))
        warm = _timed(check("/terms-2"))
        repeat = _median(check("/terms"), args.repeats)
        lookup = _median(lambda: server.api("GET", f"/api/site/{site}"), args.repeats * 5)
        print("contractlens serve on 127.0.0.1 (uvicorn, one process); site served from 127.0.0.1")
        print(f"first check, models loading          {cold:8.1f} ms")
        print(f"first check of a new page            {warm:8.1f} ms")
        print(f"repeat check (fetch + store)         {repeat:8.1f} ms  median of {args.repeats}  (goal < 50 ms)")
        print(f"stored site lookup (GET /api/site)   {lookup:8.1f} ms  median of {args.repeats * 5}  (goal < 50 ms)")
        load = _load(server, f"/api/site/{site}", args.clients, args.requests)
        print(f"load: {args.clients} clients x {args.requests} GET /api/site: {load['requests']} requests, "
              f"{load['errors']} errors, p50 {load['p50']:.1f} ms, p99 {load['p99']:.1f} ms, "
              f"{load['per_s']:.0f} requests/s")


if __name__ == "__main__":
    main()
