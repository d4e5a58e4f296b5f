"""The scheduler: cron slots, runs fire, failures do not stop it, overlap is refused."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from apscheduler.events import JobExecutionEvent
from apscheduler.triggers.interval import IntervalTrigger

from crawler.sampleserver import SampleServer
from skillgap.run.pipeline import (
    PipelineError,
    PipelineOptions,
    PipelineResult,
    run_pipeline,
)
from skillgap.run.schedule import (
    JOB_ID,
    ScheduledJob,
    ScheduleError,
    cron_trigger,
    make_scheduler,
    next_runs,
    run_schedule,
)
from skillgap.store import Store
from skillgap.store.locks import PIPELINE_LOCK, StoreLock
from tests.support.sample_sources import SAMPLE_ADS, MakeConfig

FAST_TRIGGER = 0.3  # seconds between slots in these tests


def test_cron_slots_and_clear_errors() -> None:
    trigger = cron_trigger("0 6 * * *")
    now = datetime(2026, 3, 1, 5, 30, tzinfo=UTC)
    assert next_runs(trigger, now) == [datetime(2026, 3, d, 6, 0, tzinfo=UTC) for d in (1, 2, 3)]
    weekly = cron_trigger("30 7 * * mon", timezone="Europe/Berlin")
    first = next_runs(weekly, now, 1)[0]
    assert first.weekday() == 0 and (first.hour, first.minute) == (7, 30)
    assert first.astimezone(UTC).hour == 6  # 07:30 in Berlin (winter) is 06:30 UTC
    with pytest.raises(ScheduleError, match="expected 5 fields"):
        cron_trigger("every day")
    with pytest.raises(ScheduleError, match="'0 25"):
        cron_trigger("0 25 * * *")


def test_job_options_coalesce_one_instance_jitter() -> None:
    job = ScheduledJob(lambda: PipelineResult(run_id=1))
    scheduler = make_scheduler(job, cron_trigger("0 6 * * *"), jitter=120)
    [pending] = scheduler.get_jobs()
    assert pending.id == JOB_ID and pending.coalesce is True and pending.max_instances == 1
    assert pending.trigger.jitter == 120 and pending.misfire_grace_time == 3600


def fake_runs(*plan: Any) -> Any:
    """A stand-in for run_pipeline: each call takes the next step of the plan (an exception
    to raise or a status); `calls` counts them."""
    calls: list[int] = []
    steps = list(plan)

    def run() -> PipelineResult:
        calls.append(len(calls))
        step = steps.pop(0)
        if isinstance(step, BaseException):
            raise step
        return PipelineResult(run_id=len(calls), status=step)

    return run, calls


def slots(events: list[JobExecutionEvent]) -> list[float]:
    """Seconds between the slots the runs were started for (the trigger's times, not a
    clock reading: a loaded machine starts late, the slots stay where they are)."""
    times = [e.scheduled_run_time for e in events if e.job_id == JOB_ID]
    return [(b - a).total_seconds() for a, b in itertools.pairwise(times)]


def test_runs_fire_on_each_slot() -> None:
    run, _ = fake_runs("ok", "ok", "ok")
    events: list[JobExecutionEvent] = []
    outcomes = run_schedule(ScheduledJob(run), IntervalTrigger(seconds=FAST_TRIGGER),
                            jitter=None, max_runs=3, on_executed=events.append)  # fmt: skip
    assert [o.status for o in outcomes] == ["ok", "ok", "ok"]
    gaps = slots(events)
    assert len(gaps) == 2 and all(g >= FAST_TRIGGER - 1e-6 for g in gaps)  # one run a slot


def test_failures_never_stop_the_scheduler_and_the_next_slot_runs() -> None:
    run, _ = fake_runs(RuntimeError("disk full"), PipelineError("store unreachable"), "failed",
                       "ok")  # fmt: skip
    outcomes = run_schedule(ScheduledJob(run), IntervalTrigger(seconds=FAST_TRIGGER),
                            jitter=None, max_runs=4)  # fmt: skip
    assert [o.status for o in outcomes] == ["failed", "failed", "failed", "ok"]
    assert "disk full" in outcomes[0].message and "unreachable" in outcomes[1].message


def test_an_interrupted_run_stops_the_scheduler() -> None:
    run, calls = fake_runs("ok", "interrupted", "ok")
    outcomes = run_schedule(ScheduledJob(run), IntervalTrigger(seconds=FAST_TRIGGER),
                            jitter=None, max_runs=5)  # fmt: skip
    assert [o.status for o in outcomes] == ["ok", "interrupted"] and len(calls) == 2


def test_slots_missed_during_a_long_run_are_coalesced() -> None:
    calls: list[int] = []

    def slow() -> PipelineResult:
        calls.append(len(calls))
        if len(calls) == 1:
            time.sleep(FAST_TRIGGER * 5)  # at least five slots pass during this run
        return PipelineResult(run_id=len(calls))

    events: list[JobExecutionEvent] = []
    run_schedule(ScheduledJob(slow), IntervalTrigger(seconds=FAST_TRIGGER), jitter=None,
                 max_runs=3, on_executed=events.append)  # fmt: skip
    assert len(calls) == 3
    # after the long run: one catch-up run for the latest missed slot, not one per slot
    assert slots(events)[0] >= FAST_TRIGGER * 4 - 1e-6


def test_scheduled_real_runs_locked_then_failing_then_good(
    make_config: MakeConfig, tmp_path: Path, db_url: str, server: SampleServer, data_dir: Path
) -> None:
    """Against the loopback server: a slot refused by another holder of the lock, a slot
    whose sources are all down, then a good one; the scheduler goes on through all three."""
    config = make_config()
    port = server.port
    server.stop()  # the sources are down for the second slot
    store = Store.open(db_url)
    holder = StoreLock(store, PIPELINE_LOCK, purpose="a manual skillgap run").acquire()
    replacement: list[SampleServer] = []

    def between(outcome: Any) -> None:
        if outcome.status == "locked":
            holder.release()
        elif outcome.status == "failed":
            replacement.append(SampleServer(data_dir, port=port).start())  # sources are back

    options = PipelineOptions(report_path=tmp_path / "report.html")
    job = ScheduledJob(lambda: run_pipeline(config, options), on_outcome=between)
    try:
        outcomes = run_schedule(job, IntervalTrigger(seconds=1), jitter=None, run_now=True,
                                max_runs=3)  # fmt: skip
    finally:
        for srv in replacement:
            srv.stop()
        server.start = lambda: server  # type: ignore[method-assign]  # fixture teardown
    assert [o.status for o in outcomes] == ["locked", "failed", "ok"]
    assert "a manual skillgap run" in outcomes[0].message
    history = store.runs_frame().query("kind == 'run'")
    assert history.status.tolist() == ["failed", "ok"]  # the refused slot recorded nothing
    assert "no source could be reached" in history.error.iloc[0]  # nothing listened
    assert len(store.postings_frame()) == SAMPLE_ADS
    store.close()


def test_next_run_at_names_the_coming_slot_not_the_one_that_ran(
    caplog: pytest.LogCaptureFixture,
) -> None:
    run, _ = fake_runs("ok", "ok")
    events: list[JobExecutionEvent] = []
    with caplog.at_level("INFO", logger="skillgap.run.schedule"):
        run_schedule(ScheduledJob(run), IntervalTrigger(seconds=2), jitter=None, max_runs=2,
                     on_executed=events.append)  # fmt: skip
    announced = [r.getMessage() for r in caplog.records if r.getMessage().startswith("next run")]
    first, second = (e.scheduled_run_time for e in events)
    assert announced == [f"next run at {second:%Y-%m-%d %H:%M:%S %Z}"]
    assert second > first
