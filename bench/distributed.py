"""Distributed crawl: N postings from the loopback sample server (ATS boards in the market
preset's shape, 5 ads a board) into a throwaway PostgreSQL store, by one `skillgap crawl`
process, by one with `--distributed redis://...` (a throwaway Redis server on loopback:
its tagging overlaps the crawl), then by two started together with `--distributed`. Each
distributed process tags postings while it crawls (a worker per core but the crawler's
claims them with SELECT ... FOR UPDATE SKIP LOCKED): two crawler processes and two
extraction workers on a 2-core machine. Prints the wall time of each, the speed-up, the
CPU seconds of skillgap's processes, of PostgreSQL and of the sample server (other work on
the machine slows the wall time, not these), the load average, and checks that every
posting was stored once (none twice, none lost) and tagged once.

All runs use the same config (bench/crawl_data.py): no download delay, no AutoThrottle,
32 requests at once per host, for a loopback server only; real sites keep the defaults.

Run: .venv/bin/python bench/distributed.py [--postings 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawl_data import boards_config, write_boards
from sqlalchemy import func, select

from skillgap.store import Store
from skillgap.store.schema import mentions
from tests.support.pgcluster import ThrowawayCluster, find_bin_dir
from tests.support.redisserver import ThrowawayRedis, find_redis_server

SKILLGAP = str(Path(sys.executable).with_name("skillgap"))


def serve(root: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "crawler.sampleserver", "--data", str(root)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def cpu_of(pid: int) -> float:
    """CPU seconds of a process and its children it has waited for (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def crawls(
    config: Path, db: str, redis_url: str | None, n: int, servers: dict[str, int]
) -> tuple[float, list[Any], str]:
    """Start n `skillgap crawl` processes together; wall seconds, their JSON figures, and
    a line of CPU seconds (skillgap's processes; each server's) and load average."""
    cmd = [SKILLGAP, "crawl", "--json", "--config", str(config), "--db", db]
    if redis_url:
        cmd += ["--distributed", redis_url]
    env = {**os.environ, "XDG_DATA_HOME": str(config.parent / "data")}
    before = {name: cpu_of(pid) for name, pid in servers.items()}
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env) for _ in range(n)]
    outs = [p.communicate()[0] for p in procs]
    secs = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    time.sleep(1)  # PostgreSQL's backends of the closed connections are reaped
    ours = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
    theirs = ", ".join(f"{name} {cpu_of(pid) - before[name]:.1f} s"
                       for name, pid in servers.items())  # fmt: skip
    cpu = (f"CPU: skillgap {ours:.1f} s, {theirs}; load average {load0:.1f} at the start, "
           f"{os.getloadavg()[0]:.1f} at the end")  # fmt: skip
    figs = [json.loads(o) if o.strip().startswith("{") else {"raw": o} for o in outs]
    return secs, figs, cpu


def check(db: str, expected: int) -> str:
    with Store.open(db) as store:
        stats = store.stats()
        with store.read() as conn:
            twice = conn.execute(select(func.count()).select_from(
                select(mentions.c.posting_id, mentions.c.skill, mentions.c.start)
                .group_by(mentions.c.posting_id, mentions.c.skill, mentions.c.start)
                .having(func.count() > 1).subquery())).scalar()  # fmt: skip
    ok = stats.postings == expected and stats.extracted == expected and not twice
    return (f"{stats.postings} postings stored (expected {expected}), {stats.extracted} tagged, "
            f"{stats.mentions} mentions, {twice} mentions stored twice: "
            f"{'OK' if ok else 'MISMATCH'}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--postings", type=int, default=10_000)
    args = ap.parse_args()
    if find_bin_dir() is None or find_redis_server() is None:
        print("needs PostgreSQL server binaries and redis-server (apt-get install postgresql "
              "redis-server)")  # fmt: skip
        return
    boards = args.postings // 5
    with tempfile.TemporaryDirectory(prefix="skillgap-dist-") as tmp, ThrowawayRedis() as rds:
        root = Path(tmp) / "boards"
        written = write_boards(root, boards, 5)
        server, base = serve(root)
        cluster = ThrowawayCluster().start()
        try:
            config = Path(tmp) / "bench.toml"
            config.write_text(boards_config(root, base, "sqlite:///unused.sqlite"))
            print(f"{boards} boards, {written} postings; PostgreSQL and Redis on loopback")
            pm = int((cluster.data / "postmaster.pid").read_text().split()[0])
            assert rds.proc is not None
            servers = {"PostgreSQL": pm, "sample server": server.pid, "Redis": rds.proc.pid}
            one_db = cluster.create_database("one")
            one, figs, cpu = crawls(config, one_db, None, 1, servers)
            ex = figs[0].get("extracted") or {}
            print(f"one process:            {one:6.1f} s  {written / one:6.0f} postings/s  "
                  f"(crawl {figs[0].get('seconds', 0):.1f} s, then tagging and grouping "
                  f"{ex.get('seconds', 0):.1f} s)")  # fmt: skip
            print(f"  {cpu}")
            print(f"  {check(one_db, written)}")
            lone_db = cluster.create_database("lone")  # its own Redis database: a fresh crawl
            lone, figs, cpu = crawls(config, lone_db, rds.url[:-1] + "1", 1, servers)
            ex = figs[0].get("extracted") or {}
            print(f"one process, --distributed: {lone:6.1f} s  {written / lone:6.0f} postings/s"
                  f"  (crawl {figs[0].get('seconds', 0):.1f} s, {ex.get('during_crawl', 0)} "
                  f"tagged while crawling, then {ex.get('seconds', 0):.1f} s)")  # fmt: skip
            print(f"  {cpu}")
            print(f"  {check(lone_db, written)}")
            two_db = cluster.create_database("two")
            two, figs, cpu = crawls(config, two_db, rds.url, 2, servers)
            print(f"two processes (Redis):  {two:6.1f} s  {written / two:6.0f} postings/s  "
                  f"speed-up {one / two:.2f}x")  # fmt: skip
            print(f"  {cpu}")
            for i, f in enumerate(figs):
                fig = f.get("figures", {})
                new = sum(s.get("new", 0) for s in fig.values())
                same = sum(s.get("unchanged", 0) + s.get("updated", 0) for s in fig.values())
                ex = f.get("extracted") or {}
                print(f"  process {i + 1}: {new} stored new, {same} seen again in "
                      f"{f.get('seconds', 0):.1f} s; {ex.get('extracted', 0)} tagged "
                      f"({ex.get('during_crawl', 0)} while crawling), then "
                      f"{ex.get('seconds', 0):.1f} s of tagging and grouping")  # fmt: skip
            print(f"  {check(two_db, written)}")
        finally:
            server.terminate()
            server.wait()
            cluster.stop()


if __name__ == "__main__":
    main()
