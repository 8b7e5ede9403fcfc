"""Helpers of `contractlens.fetch`: address policy, pinned connections, robots.txt,
charset detection, page diagnosis, transfer mechanics and the on-disk cache.
Import the public API from `contractlens.fetch`."""
