"""`skillgap schedule`: run the pipeline on a cron schedule, in the foreground, with APScheduler.

Jobs run in the scheduler's own (main) thread, one at a time, so SIGTERM and Ctrl-C reach
the run and stop it cleanly; coalescing folds slots missed during a long run into one; the
jitter spreads runs of many users over a few minutes. A failed run is logged and recorded,
and the next slot runs as usual; a run refused by the store's lock is skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from skillgap.errors import SkillgapError
from skillgap.run.locking import RunLocked
from skillgap.run.pipeline import PipelineError, PipelineResult
from skillgap.run.signals import guarded

log = logging.getLogger("skillgap.run.schedule")

DEFAULT_CRON = "0 6 * * *"
DEFAULT_JITTER = 300  # seconds
MISFIRE_GRACE = 3600  # a slot missed by less than this (machine busy, run too long) still runs
JOB_ID = "skillgap-pipeline"


class ScheduleError(SkillgapError, ValueError):
    """The schedule settings are unusable; the message says which and why."""


def cron_trigger(expr: str, timezone: str | tzinfo = UTC) -> CronTrigger:
    """A trigger from a 5-field crontab line ("0 6 * * *") in a time zone (an IANA name or
    a tzinfo), each validated with a message that blames the one that is wrong."""
    if isinstance(timezone, str):
        timezone = time_zone(timezone)
    try:
        return CronTrigger.from_crontab(expr.strip(), timezone=timezone)
    except (ValueError, TypeError, LookupError) as exc:
        raise ScheduleError(
            f"--cron {expr!r}: not a crontab schedule ({exc}); "
            "expected 5 fields: minute hour day-of-month month day-of-week, e.g. '0 6 * * *'"
        ) from None


def time_zone(name: str) -> tzinfo:
    """The IANA time zone `name` ("Europe/Berlin", "UTC"); ScheduleError if there is none."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"--timezone {name!r}: not a time zone; use an IANA name such as UTC, "
            "Europe/Berlin or America/New_York"
        ) from None


def next_runs(trigger: BaseTrigger, now: datetime, count: int = 3) -> list[datetime]:
    """The next `count` fire times after `now` (before jitter)."""
    times: list[datetime] = []
    previous = None
    current = now
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, current)
        if fire is None:
            break
        times.append(fire)
        previous, current = fire, fire
    return times


@dataclass
class Outcome:
    started: datetime
    status: str  # ok | partial | failed | interrupted | locked
    run_id: int | None = None
    message: str = ""


@dataclass
class ScheduledJob:
    """The scheduled callable: one pipeline run; it never raises into the scheduler."""

    run: Callable[[], PipelineResult]
    outcomes: list[Outcome] = field(default_factory=list)
    stop_requested: bool = False
    on_outcome: Callable[[Outcome], None] | None = None

    def __call__(self) -> None:
        started = datetime.now(UTC)
        try:
            result = self.run()
        except KeyboardInterrupt as exc:  # a signal outside the run's own guard
            outcome = Outcome(started, "interrupted", message=f"stopped by {exc}")
            self.stop_requested = True
        except RunLocked as exc:
            outcome = Outcome(started, "locked", message=str(exc))
            log.warning("scheduled run skipped: %s", exc)
        except PipelineError as exc:
            outcome = Outcome(started, "failed", message=str(exc))
            log.error("scheduled run could not start: %s (retried at the next slot)", exc)
        except Exception as exc:
            outcome = Outcome(started, "failed", message=f"{type(exc).__name__}: {exc}")
            log.exception("scheduled run failed (retried at the next slot)")
        else:
            outcome = Outcome(started, result.status, result.run_id, "; ".join(result.problems))
            if result.status == "interrupted":
                self.stop_requested = True
            elif result.status == "failed":
                log.error("run %s failed; retried at the next slot", result.run_id)
        self.outcomes.append(outcome)
        if self.on_outcome is not None:
            self.on_outcome(outcome)


class InlineScheduler(BlockingScheduler):
    """A BlockingScheduler whose jobs may ask it to stop once they return."""

    stop_requested = False
    announce_next = False  # log "next run at" once the scheduler has moved past this slot

    def request_stop(self) -> None:
        self.stop_requested = True

    def _process_jobs(self) -> float | None:
        wait = super()._process_jobs()  # runs due jobs, then sets their next run times
        if self.stop_requested and self.running:
            self.shutdown(wait=False)  # after the job's bookkeeping, never inside the job
        elif self.announce_next:
            self.announce_next = False
            _log_next(self)
        return wait


def make_scheduler(
    job: ScheduledJob,
    trigger: BaseTrigger,
    jitter: int | None = DEFAULT_JITTER,
    misfire_grace: int = MISFIRE_GRACE,
) -> InlineScheduler:
    """A BlockingScheduler running `job` on `trigger`: inline (main thread), coalescing,
    at most one instance, with jitter."""
    scheduler = InlineScheduler(executors={"default": DebugExecutor()}, timezone=UTC)
    # add_job(jitter=...) only reaches triggers built from an alias: set it on the trigger
    trigger.jitter = jitter or None
    scheduler.add_job(
        job,
        trigger,
        id=JOB_ID,
        name="crawl -> extract -> report",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=misfire_grace,
        replace_existing=True,
    )
    return scheduler


def run_schedule(
    job: ScheduledJob,
    trigger: BaseTrigger,
    jitter: int | None = DEFAULT_JITTER,
    run_now: bool = False,
    max_runs: int | None = None,
    misfire_grace: int = MISFIRE_GRACE,
    on_executed: Callable[[JobExecutionEvent], None] | None = None,
) -> list[Outcome]:
    """Run until SIGTERM/Ctrl-C (or `max_runs` runs, for tests); returns the outcomes.

    A signal between runs stops at once; during a run it stops the run cleanly first.
    `on_executed` is told of each execution (its slot: `scheduled_run_time`)."""
    scheduler = make_scheduler(job, trigger, jitter, misfire_grace)
    if on_executed is not None:
        scheduler.add_listener(on_executed, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    user_hook = job.on_outcome

    def after_run(outcome: Outcome) -> None:
        if user_hook is not None:
            user_hook(outcome)
        done = max_runs is not None and len(job.outcomes) >= max_runs
        if job.stop_requested or done:
            if job.stop_requested:
                log.info("stopping the scheduler after the interrupted run")
            scheduler.request_stop()
        else:  # inside the job the next run time is still this slot's: log it afterwards
            scheduler.announce_next = True

    job.on_outcome = after_run
    if run_now:
        scheduler.add_job(job, id=JOB_ID + "-now", name="first run, now", max_instances=1)
    try:
        with guarded():  # between runs: a signal stops the scheduler (raises here)
            log.info("scheduler started; Ctrl-C or SIGTERM stops it")
            scheduler.start()
    except KeyboardInterrupt:
        log.info("scheduler stopped by a signal between runs")
        if scheduler.running:
            scheduler.shutdown(wait=False)
    finally:
        job.on_outcome = user_hook
    return job.outcomes


def _log_next(scheduler: Any) -> None:
    job = scheduler.get_job(JOB_ID)
    if job is not None and job.next_run_time is not None:
        log.info("next run at %s", job.next_run_time.strftime("%Y-%m-%d %H:%M:%S %Z"))
