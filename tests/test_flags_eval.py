"""evaluate flags (evaluation/flags_eval.py) without a corpus: what it refuses."""

from __future__ import annotations





def test_evaluate_flags_on_a_directory_that_is_not_opp115_is_one_line_and_exit_2(tmp_path):
    from click.testing import CliRunner

    from contractlens.cli import main

    result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tmp_path), "--cv", "5"])
    assert result.exit_code == 2
    assert "not an OPP-115 corpus directory" in result.output and "Traceback" not in result.output
