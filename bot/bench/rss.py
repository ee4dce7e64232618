"""Peak memory of a process that serves a corpus: run as `python -m bot.bench.rss FOLDER` with questions on stdin."""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.core.service import FaqService

TIMEOUT_SECONDS = 600


async def _serve(folder: Path, questions: Sequence[str]) -> None:
    """Start a service the way the bot does and answer every question."""
    service = await FaqService.start(folder)
    for question in questions:
        await service.ask(question)


def peak_rss_mb(folder: Path, questions: Sequence[str]) -> float:
    """Start a fresh process that serves `folder` and answers `questions`; return its peak RSS in MB."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.bench.rss", str(folder)],
        input=json.dumps(list(questions)),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the memory probe failed: {done.stderr.strip()[-500:]}")
    return float(json.loads(done.stdout)["rss_mb"])


def own_peak_kib() -> int:
    """Return this process's peak resident memory in KiB.

    Linux's VmHWM counts this program's own memory only; ru_maxrss can carry the peak of the parent that
    forked it (its value survives exec), so it is only the fallback where /proc is missing.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    """Serve the folder named on the command line, answer the JSON list of questions on stdin, print peak RSS."""
    asyncio.run(_serve(Path(sys.argv[1]), json.loads(sys.stdin.read())))
    print(json.dumps({"rss_mb": round(own_peak_kib() / 1024, 1)}))


if __name__ == "__main__":
    main()
