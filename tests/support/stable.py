"""An analysis as JSON without what differs between two runs of the same code (timings, fetch times).

Shared by tests that compare analyses across paths and by benchmarks/analyses_identical.py.
"""

from __future__ import annotations

VOLATILE_KEYS = ("timings", "fetched_at")


def stable(data):
    if isinstance(data, dict):
        return {k: stable(v) for k, v in data.items() if k not in VOLATILE_KEYS}
    if isinstance(data, list):
        return [stable(v) for v in data]
    return data
