"""`skillgap tag` as the contract says: JSONL in, JSONL out, bad lines reported, not fatal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SKILLGAP = [sys.executable, "-m", "skillgap"]


def run(args: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*SKILLGAP, *args], input=stdin, capture_output=True, timeout=300)


def test_tag_contract_output() -> None:
    ads = [
        {"id": 1, "text": "Requirements: strong Python and PostgreSQL. Kafka is a plus."},
        {"id": "b", "text": "<p>Our stack: <b>Go</b>, Redis</p>", "title": "Go developer"},
    ]
    stdin = "".join(json.dumps(a) + "\n" for a in ads).encode()
    proc = run(["tag", "-", "--workers", "1"], stdin)
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [x["id"] for x in lines] == [1, "b"]
    assert lines[0]["skills"] == ["kafka", "postgresql", "python"]
    sections = {m["skill"]: m["section"] for m in lines[0]["mentions"]}
    assert sections == {"python": "required", "postgresql": "required", "kafka": "preferred"}
    for m in lines[0]["mentions"]:
        assert ads[0]["text"][m["start"] : m["end"]] == m["text"]  # type: ignore[index]
    assert {m["skill"]: m["section"] for m in lines[1]["mentions"]} == {
        "go": "required",
        "redis": "other",
    }
    assert proc.stderr == b""  # no progress display when not on a terminal
    assert (lines[0]["levels"], lines[0]["years_min"], lines[0]["salary"]) == ([], None, None)


def test_tag_reads_levels_years_and_salary() -> None:
    ad = {
        "id": 7,
        "title": "Senior Backend Engineer",
        "text": "Acme | Senior Backend Engineer | Remote (US) | $150k-$190k + equity\n\n"
        "You have 5+ years of experience with Go and 2+ years with Kafka.",
    }
    proc = run(["tag", "-", "--workers", "1"], (json.dumps(ad) + "\n").encode())
    assert proc.returncode == 0, proc.stderr.decode()
    line = json.loads(proc.stdout)
    assert line["levels"] == ["senior"]
    assert line["years_min"] == 2
    assert line["salary"] == {"min": 150000, "max": 190000, "currency": "USD", "period": "year"}


def test_tag_bad_lines_reported_rest_processed(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": "We use Kafka."}).encode()
    bad_json = b'{"id": "broken", "text": "Kafka'
    undecodable = b'{"id": "bytes", "text": "Rust \xff\xfe and Go developers"}'
    empty = json.dumps({"id": "empty", "text": ""}).encode()
    huge = json.dumps({"id": "huge", "text": "word " * 1_000_000 + "Terraform"}).encode()
    not_obj = b"[1, 2]"
    stdin = b"\n".join([good, bad_json, undecodable, empty, huge, not_obj, good]) + b"\n"
    assert len(stdin) > 5_000_000
    proc = run(["tag", "-", "--workers", "2"], stdin)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "line 2: not valid JSON" in err
    assert "line 3: invalid UTF-8" in err
    assert "line 6: expected a JSON object" in err
    assert "2 of 7 line(s) failed" in err
    out = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [x["id"] for x in out] == ["ok", "bytes", "empty", "huge", "ok"]
    assert out[1]["skills"] == ["go", "rust"]
    assert out[2]["skills"] == []
    assert out[3]["skills"] == ["terraform"]


def test_tag_missing_file() -> None:
    proc = run(["tag", "/nonexistent/ads.jsonl"], b"")
    assert proc.returncode == 1
    assert b"cannot read /nonexistent/ads.jsonl" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_tag_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """On a terminal, stderr carries a live progress display; piped, it stays silent."""
    import os
    import pty
    import threading

    ads = tmp_path / "ads.jsonl"
    lines = (json.dumps({"id": i, "text": "We use Go and Kafka."}) + "\n" for i in range(50))
    ads.write_text("".join(lines))
    out = tmp_path / "out.jsonl"
    leader, follower = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # a terminal must be read while the program writes to it
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    with out.open("wb") as sink:
        proc = subprocess.run(
            [*SKILLGAP, "tag", str(ads), "--workers", "1"],
            stdout=sink,
            stderr=follower,
            stdin=subprocess.DEVNULL,
            timeout=300,
            env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
        )
    os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    assert proc.returncode == 0
    assert b"tagging" in bytes(shown)  # the progress display, drawn on the terminal
    assert len(out.read_text().splitlines()) == 50  # results go to stdout, untouched
