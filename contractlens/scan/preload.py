"""Imported once by the scan's fork server: load the pipeline and default models there.

Pool workers are forked from that server, so each starts with the models already in
memory (shared copy-on-write) instead of spending seconds loading its own copy; the
warm-up also builds what models create lazily, then freezes it out of the GC's reach.
The server dies with the scan that started it (lifeline.py).

The encoder's ONNX Runtime session is not built here: its thread pool would not survive the
fork. The server warms the linear models; each worker builds its own session (one thread).
"""

from ..pipeline import FAST_MODELS
from .lifeline import die_with_parent, ignore_stop_signals
from .worker import ScanSettings, warm_up

die_with_parent()  # the fork server ends with the scan, and its workers with it
ignore_stop_signals()
warm_up(ScanSettings(models=FAST_MODELS), freeze=True)
