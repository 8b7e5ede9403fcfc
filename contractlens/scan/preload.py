"""Imported once by the scan's fork server: load the pipeline and default models there.

Pool workers are forked from that server, so each starts with the models already in
memory (shared copy-on-write) instead of spending seconds loading its own copy.
"""

from ..pipeline import DEFAULT_MODELS
from .worker import ScanSettings, warm_up

warm_up(ScanSettings(models=DEFAULT_MODELS))
