"""evaluate flags on OPP-115 (evaluation/flags_eval.py): the committed model, shipped next to rules alone."""

from __future__ import annotations

import json

from contractlens.training.flags import LEARNED_FLAGS


def test_evaluate_flags_cli_reports_rules_alone_next_to_shipped(opp115_dir, tmp_path):
    import shutil

    from click.testing import CliRunner

    from contractlens.cli import main
    from contractlens.training.datasets.opp115 import CONSOLIDATION, policy_names

    (tmp_path / "sanitized_policies").mkdir()
    (tmp_path / CONSOLIDATION).mkdir(parents=True)
    for name in policy_names(opp115_dir)[:3]:  # a copy in the corpus layout, outside the project
        shutil.copy(opp115_dir / "sanitized_policies" / f"{name}.html", tmp_path / "sanitized_policies")
        shutil.copy(opp115_dir / CONSOLIDATION / f"{name}.csv", tmp_path / CONSOLIDATION)
    result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 3 and report["mode"].startswith("committed model")
    assert set(report["per_label"]) >= set(LEARNED_FLAGS) | {"health", "dnt_gpc"}
    for flag, row in report["per_label"].items():
        assert {"precision", "recall", "f1", "support", "rules_alone", "modes"} <= set(row)
        assert ("label_alone" in row) == (flag in LEARNED_FLAGS)
