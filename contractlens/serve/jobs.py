"""Long work in the background: a job id to poll, with each step (discover, fetch, analyse) as it happens."""

from __future__ import annotations

import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from ..errors import ContractlensError

STAGE_WORDS = {
    "discover": "Looking for the terms and privacy pages of",
    "fetch": "Fetching",
    "stored": "Seen before, unchanged:",
    "analyse": "Reading clause by clause:",
    "done": "Done:",
}
KEEP_JOBS = 200


@dataclass
class Job:
    job_id: str
    target: str
    state: str = "running"  # running | done | failed
    steps: list[dict] = field(default_factory=list)
    check_id: int | None = None
    error: str = ""
    started: float = field(default_factory=time.time)

    def step(self, stage: str, detail: str) -> None:
        self.steps.append({"stage": stage, "detail": detail, "text": f"{STAGE_WORDS.get(stage, stage)} {detail}",
                           "at": round(time.time() - self.started, 3)})

    def to_dict(self) -> dict:
        data = {"job_id": self.job_id, "target": self.target, "state": self.state, "steps": list(self.steps)}
        if self.check_id is not None:
            data["check_id"] = self.check_id
            data["report"] = f"/report/{self.check_id}"
        if self.error:
            data["error"] = self.error
        return data


class Jobs:
    def __init__(self, workers: int = 2):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="contractlens-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, target: str, work: Callable[[Callable[[str, str], None]], int]) -> Job:
        """Run `work(progress)` (returns a check id) in the background; the job records its steps."""
        job = Job(secrets.token_hex(8), target)
        with self._lock:
            self._jobs[job.job_id] = job
            for old in list(self._jobs)[:-KEEP_JOBS]:
                del self._jobs[old]
        self._pool.submit(self._run, job, work)
        return job

    @staticmethod
    def _run(job: Job, work) -> None:
        try:
            job.check_id = work(job.step)
            job.state = "done"
        except ContractlensError as exc:
            job.error, job.state = str(exc), "failed"
        except Exception as exc:  # a bug: the job says so instead of hanging "running" for ever
            job.error, job.state = f"internal error: {type(exc).__name__}: {exc}", "failed"

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
