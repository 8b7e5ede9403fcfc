"""Coverage-guided fuzzing (atheris + libFuzzer) of the code that reads untrusted input.

    pip install ".[fuzz]"
    python benchmarks/fuzz.py --seconds 150                  # every harness, one after another
    python benchmarks/fuzz.py --seconds 60 html pdf          # some of them
    python benchmarks/fuzz.py --replay tests/fixtures/fuzz   # re-run saved inputs, no fuzzing

Harnesses: decode (bytes -> text, with a declared charset), html, markdown and pdf (the whole
extractor on bytes of that type), segment (clause segmentation of any text in any supported
language), terms (a terms-profile YAML file) and declarations (a declaration's JSON or YAML,
then its selectors applied to a page). A refusal (ContractlensError: one line, exit 2 in the
CLI) is the expected answer to bad input; any other exception, a broken invariant (offsets
outside the text), a hang over 10 s or a crash of the process is a problem. Each harness runs
in its own process for `--seconds`; the figures printed are libFuzzer's executed units and
the problem inputs it saved (under `--out`, default benchmarks/fuzz-out/HARNESS/). A fixed
problem's input, cut into the check's arguments, goes to tests/fixtures/fuzz/HARNESS/, which
tests/test_fuzz_regressions.py replays with the same checks (tests/support/fuzz_cases.py).
Not run in CI: it takes minutes and needs atheris.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.fuzz_cases import (  # noqa: E402
    check_declaration, check_decode, check_extract, check_profile, check_segment,
)

HARNESSES = ("decode", "html", "markdown", "pdf", "segment", "terms", "declarations")
LANGS = ["en", "de", "it", "pl", "fr", "es"]
CHARSETS = [None, "utf-8", "latin-1", "cp1252", "utf-16", "shift_jis", "x-unknown", "utf-7", "", "koi8-r"]
HANG_SECONDS = 10


# --- harnesses: one input (bytes) each, cut into the arguments of a check in tests/support/fuzz_cases.py


def _provider(data: bytes):
    import atheris

    return atheris.FuzzedDataProvider(data)


def fuzz_decode(data: bytes) -> None:
    provider = _provider(data)
    charset = provider.PickValueInList(CHARSETS)
    media_type = provider.PickValueInList([None, "text/html", "text/plain", "text/markdown"])
    check_decode(provider.ConsumeBytes(provider.remaining_bytes()), charset, media_type)


def fuzz_html(data: bytes) -> None:
    check_extract(data, "text/html")


def fuzz_markdown(data: bytes) -> None:
    check_extract(data, "text/markdown")


def fuzz_pdf(data: bytes) -> None:
    check_extract(data, "application/pdf")


def _options_and_text(data: bytes) -> tuple[int, str]:
    """The first byte picks the harness's options; the rest is UTF-8 text (so seeds stay readable)."""
    return (data[0] if data else 0), data[1:].decode("utf-8", errors="replace")


def fuzz_segment(data: bytes) -> None:
    options, text = _options_and_text(data)
    check_segment(text, LANGS[options % len(LANGS)], bool(options & 0x80))


def fuzz_terms(data: bytes) -> None:
    check_profile(data.decode("utf-8", errors="replace"))


def fuzz_declarations(data: bytes) -> None:
    options, text = _options_and_text(data)
    check_declaration(text, ".json" if options % 2 == 0 else ".yaml")


TARGETS = {name: globals()[f"fuzz_{name}"] for name in HARNESSES}


# --- seeds: the project's own small inputs ----------------------------------------------------


def _seeds(name: str) -> list[bytes]:
    fixtures = ROOT / "tests" / "fixtures"
    pages = [p.read_bytes() for p in sorted((fixtures / "extract").glob("*.html"))]
    pages += [p.read_bytes() for p in sorted((fixtures / "sites").glob("*/*.html"))][:12]
    if name == "decode":
        return [b"\x00" + p for p in pages[:4]] + [(fixtures / "extract" / "conditions-latin1.txt").read_bytes()]
    if name == "html":
        return pages
    if name == "markdown":
        return [(fixtures / "extract" / "privacy.md").read_bytes(), b"# T\n\n1. a\n   * b\n\n> q\n\n| a | b |\n|---|---|\n"]
    if name == "pdf":
        from tests.support.pdf import make_pdf

        return [make_pdf(["Terms of Service", "1. You agree to these terms.", "We may end your account.",
                          "Disputes go to arbitration."], lines_per_page=2), make_pdf([])]
    if name == "segment":
        texts = [(fixtures / "extract" / "terms.txt").read_bytes()[:4000],
                 (fixtures / "extract" / "privacy.md").read_bytes()[:4000]]
        return [bytes([option]) + text for option in (0, 1, 0x83) for text in texts]
    if name == "terms":
        return [p.read_bytes() for p in sorted((ROOT / "contractlens" / "profiles").glob("*.yaml"))]
    return [b"\x00" + b'{"name": "Ex", "terms": {"Terms of Service": {"fetch": "https://example.com/tos", '
            b'"select": ["main", {"startBefore": "h2", "endAfter": "p"}], "remove": [".banner"]}}}',
            b"\x01name: Ex\nterms:\n  Privacy Policy:\n    fetch: https://example.com/p\n    select: article\n",
            b"\x01name: Ex\ndocuments:\n  Terms:\n    fetch: https://example.com/t\n    select:\n"
            b"      - startAfter: 'h1:first-of-type'\n        endBefore: 'section > h2:nth-child(2n+1)'\n"
            b"    remove: ['[data-x^=a]', 'div:not(.keep) p:has(> a)']\n"]


# --- running ------------------------------------------------------------------------------------


def run_child(name: str, seconds: int, out: Path) -> None:
    """Fuzz one harness in this process (never returns: libFuzzer exits)."""
    import atheris

    with atheris.instrument_imports(include=["contractlens", "cssselect"]):
        import contractlens.assess.profiles  # noqa: F401
        import contractlens.declarations  # noqa: F401
        import cssselect  # noqa: F401 - declarations' CSS selectors: parsed by cssselect
        import contractlens.extract  # noqa: F401
        import contractlens.extraction.decode  # noqa: F401
        import contractlens.extraction.html  # noqa: F401
        import contractlens.extraction.markdown  # noqa: F401
        import contractlens.extraction.pdf  # noqa: F401
        import contractlens.extraction.text  # noqa: F401
        import contractlens.charset  # noqa: F401
        import contractlens.segment  # noqa: F401
        import contractlens.segmentation.rules  # noqa: F401
    TARGETS[name](b"")  # load what the harness loads lazily before the clock starts
    seeds = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
    for i, seed in enumerate(_seeds(name)):
        (seeds / f"seed{i}").write_bytes(seed)
    out.mkdir(parents=True, exist_ok=True)
    argv = [sys.argv[0], f"-max_total_time={seconds}", f"-timeout={HANG_SECONDS}", "-print_final_stats=1",
            "-rss_limit_mb=3072", f"-artifact_prefix={out}/", str(seeds)]
    atheris.Setup(argv, TARGETS[name])
    atheris.Fuzz()


def fuzz(name: str, seconds: int, out_root: Path) -> dict:
    out = out_root / name
    command = [sys.executable, __file__, "--child", name, "--seconds", str(seconds), "--out", str(out)]
    process = subprocess.run(command, capture_output=True, text=True, errors="replace",
                             timeout=seconds + 600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    log = process.stdout + process.stderr
    (out_root / f"{name}.log").write_text(log, encoding="utf-8")
    executions = re.findall(r"stat::number_of_executed_units: (\d+)", log)
    problems = sorted(p.name for p in out.glob("*") if p.name.split("-")[0] in ("crash", "timeout", "oom", "leak"))
    return {"harness": name, "executions": int(executions[-1]) if executions else None,
            "exit": process.returncode, "problems": problems}


def replay(root: Path) -> int:
    """Run every saved input under root/HARNESS/ through its harness; report what still fails."""
    failures = 0
    for name in HARNESSES:
        for path in sorted((root / name).glob("*")) if (root / name).is_dir() else []:
            try:
                TARGETS[name](path.read_bytes())
                print(f"ok      {name:12} {path.name}")
            except Exception as exc:  # noqa: BLE001 - report every failure, then exit 1
                failures += 1
                print(f"FAILED  {name:12} {path.name}: {type(exc).__name__}: {exc}")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("harnesses", nargs="*", choices=[[], *HARNESSES], default=[], metavar="HARNESS")
    parser.add_argument("--seconds", type=int, default=150, help="fuzzing time per harness")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "fuzz-out")
    parser.add_argument("--replay", type=Path, help="re-run the inputs saved under DIR/HARNESS/")
    parser.add_argument("--child", choices=HARNESSES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.seconds, args.out)
        return 0
    if args.replay:
        return replay(args.replay)
    print(f"{'harness':14}{'executions':>12}{'exec/s':>9}  problems (inputs saved under {args.out})")
    found = 0
    for name in args.harnesses or HARNESSES:
        result = fuzz(name, args.seconds, args.out)
        runs = result["executions"]
        rate = f"{runs / args.seconds:9.0f}" if runs else f"{'-':>9}"
        found += len(result["problems"])
        print(f"{name:14}{runs if runs is not None else '-':>12}{rate}  {', '.join(result['problems']) or 'none'}",
              flush=True)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
