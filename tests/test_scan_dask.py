"""The Dask engine stores exactly the rows the local engine stores.

A real LocalCluster (2 worker processes, 1 thread each) is started for the test and the
scan connects to it by address, as it would to a real cluster's scheduler.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import distributed  # the test extra installs it (pyproject: test pulls the cluster packages)
import pytest
from click.testing import CliRunner

from contractlens.cli import main
from tests.test_scan import corpus, scan, snapshot  # noqa: F401 - the fixture is shared

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
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


WITHOUT_DASK = """
import sys
sys.modules["distributed"] = None  # as if the cluster extra were not installed: importing it fails
from contractlens.cli import main
main(sys.argv[1:])
"""


def test_engine_dask_without_dask_is_one_line_and_exit_2(corpus, tmp_path):  # noqa: F811
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_DASK, "scan", str(corpus), "--db", str(tmp_path / "s.sqlite"), "--engine", "dask"],
        capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(root)), cwd=root, timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ['contractlens: error: --engine dask needs Dask: pip install "contractlens[cluster]"']
