"""The Dask engine stores exactly the rows the local engine stores.

A real LocalCluster (2 worker processes, 1 thread each) is started for the test and the
scan connects to it by address, as it would to a real cluster's scheduler.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from contractlens.cli import main
from tests.test_scan import corpus, scan, snapshot  # noqa: F401 - the fixture is shared

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


def test_dask_engine_matches_local_engine(corpus, cluster, tmp_path):  # noqa: F811
    local_db, dask_db = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    assert scan(corpus, "--db", local_db).exit_code == 1
    result = scan(corpus, "--db", dask_db, "--engine", "dask", "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 1, result.output
    assert snapshot(dask_db) == snapshot(local_db)
    assert len(snapshot(dask_db)) == 7

    # resume works the same through the cluster
    result = scan(corpus, "--db", dask_db, "--engine", "dask", "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 1
    assert snapshot(dask_db) == snapshot(local_db)


def test_unreachable_scheduler_is_a_usage_error(corpus, tmp_path):  # noqa: F811
    result = CliRunner().invoke(main, ["scan", str(corpus), "--db", str(tmp_path / "x.sqlite"), "--engine", "dask",
                                       "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.output and "Traceback" not in result.output
