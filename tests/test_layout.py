"""The package's layout holds: the runtime never loads the training or evaluation wings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "examples" / "acme-terms.html"

RUNTIME_ONLY = """
import json, sys
import contractlens
analysis = contractlens.analyze(sys.argv[1], terms=["fair-contract"])
loaded = sorted(m for m in sys.modules if m.startswith(("contractlens.training", "contractlens.evaluation")))
print(json.dumps({"findings": len(analysis.findings), "loaded": loaded}))
"""


def test_one_analysis_loads_no_training_or_evaluation_module():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", RUNTIME_ONLY, str(EXAMPLE)], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["findings"] > 0  # the analysis really ran the models
    assert result["loaded"] == []
