"""Imported once by the scan's fork server: load the pipeline and default models there.

Pool workers are forked from that server, so each starts with the models already in
memory (shared copy-on-write) instead of spending seconds loading its own copy; the
warm-up also builds what models create lazily, then freezes it out of the GC's reach.
"""

from ..pipeline import DEFAULT_MODELS
from .worker import ScanSettings, warm_up

warm_up(ScanSettings(models=DEFAULT_MODELS), freeze=True)
