"""Prove that a restructure left the analyses unchanged (issue 13): digests of analyses, compared.

Analyses the example page, 20 Open Terms Archive documents (a fixed sorted choice, English and
French) and 10 CLAUDETTE English documents with every shipped profile asserted, drops what
changes from run to run (timings, fetch timestamps), and writes one sha256 per document of the
canonical JSON. Run it on the old tree with `--write FILE`, on the new one with `--compare FILE`;
it prints the documents that differ and exits 1 if any does. The checkouts may live in different
folders: the paths of the documents are written relative to the checkout and the corpora.

Run: python benchmarks/analyses_identical.py --write before.txt
     python benchmarks/analyses_identical.py --compare before.txt [--dump DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contractlens import analyze  # noqa: E402
from tests.support.stable import stable  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
PROFILES = ("fair-contract", "gpc", "minimal-data", "nostalking")
FRENCH_SERVICES = ("Air France", "Orange Money France", "RueduCommerce.fr")


def documents() -> list[Path]:
    """The example, then 20 OTA documents (17 spread over the sorted list + 3 French), then 10 CLAUDETTE."""
    chosen = [ROOT / "corpora" / "examples" / "acme-terms.html"]
    ota = CORPORA / "ota" / "versions"
    if ota.is_dir():
        files = sorted(p for p in ota.rglob("*") if p.is_file())
        french = sorted(p for name in FRENCH_SERVICES for p in (ota / name).glob("*") if p.is_file())[:3]
        spread = [p for p in files[:: max(1, len(files) // 17)] if p not in french][:17]
        chosen += spread + french
    claudette = CORPORA / "claudette-multilingual" / "original_text" / "en"
    if claudette.is_dir():
        chosen += sorted(claudette.glob("*.txt"))[:10]
    return chosen


def placed(text: str) -> str:
    """The JSON with this checkout's and the corpora's folders named, not spelled out: two
    checkouts in different places (`git worktree add ../base COMMIT`) then compare."""
    for folder, name in ((CORPORA, "<corpora>"), (ROOT, "<checkout>")):
        text = text.replace(json.dumps(str(folder))[1:-1], name)
    return text


def digests(dump: Path | None = None) -> dict[str, str]:
    result = {}
    for path in documents():
        text = placed(json.dumps(stable(analyze(str(path), terms=PROFILES).to_dict()), sort_keys=True,
                                 ensure_ascii=False))
        name = str(path.relative_to(ROOT if path.is_relative_to(ROOT) else CORPORA))
        result[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if dump is not None:
            dump.mkdir(parents=True, exist_ok=True)
            (dump / (result[name][:16] + ".json")).write_text(text, encoding="utf-8")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the digests to this file")
    group.add_argument("--compare", type=Path, help="compare against digests written earlier")
    parser.add_argument("--dump", type=Path, help="also write each stable JSON here (to diff)")
    args = parser.parse_args()
    current = digests(args.dump)
    lines = "".join(f"{digest}  {name}\n" for name, digest in current.items())
    if args.write:
        args.write.write_text(lines, encoding="utf-8")
        print(f"{len(current)} analyses digested into {args.write}")
        return 0
    before = dict(reversed(line.split("  ", 1)) for line in args.compare.read_text(encoding="utf-8").splitlines())
    differ = [name for name in sorted(set(before) | set(current)) if before.get(name) != current.get(name)]
    for name in differ:
        print(f"DIFFERS: {name}")
    print(f"{len(current) - len(differ)}/{len(current)} analyses byte-identical to {args.compare}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
