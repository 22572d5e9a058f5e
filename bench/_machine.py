"""What the benchmarks run on, and pinning to one core so ratios compare like with like."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import numpy as np


def machine() -> str:
    """CPU model (``/proc/cpuinfo``), cores and the Python and numpy versions."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores; Python {platform.python_version()}, numpy {np.__version__}"


def pin_to_one_core() -> str:
    """Restrict this process to one CPU where the OS allows it; describe what was done."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity on this OS)"
