#!/usr/bin/env python3
"""Corrupts 1 % of the lines of a JSONL(.gz) archive on purpose (truncated JSON,
a non-string text, a missing text field), runs `crimetag batch` over it, and
checks that every good document comes out, in order, and every bad line is
reported by its line number.

    python3 scripts/corrupt-check.py [archive.jsonl.gz] [path/to/crimetag]
"""
import gzip
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

archive = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/us-prosecutor-press-releases.jsonl.gz"
binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/crimetag"
opener = gzip.open if archive.endswith(".gz") else open
with opener(archive, "rt", encoding="utf-8") as f:
    lines = f.read().split("\n")  # not splitlines(): texts may hold U+2028
if lines and lines[-1] == "":
    lines.pop()

rng = random.Random(7)
bad = set(rng.sample(range(len(lines)), len(lines) // 100))
broken = []
for i, line in enumerate(lines):
    if i in bad:
        line = [line[: len(line) // 2], json.dumps({"id": f"x{i}", "text": i}), line.replace('"text"', '"txet"', 1)][i % 3]
    broken.append(line)

with tempfile.TemporaryDirectory() as tmp:
    source, target = Path(tmp, "in.jsonl"), Path(tmp, "out.jsonl")
    source.write_text("\n".join(broken) + "\n", encoding="utf-8")
    run = subprocess.run([binary, "batch", "--input", str(source), "--output", str(target), "--quiet"])
    results = [json.loads(l) for l in target.read_text(encoding="utf-8").split("\n") if l]

errors = [r for r in results if "error" in r]
good = [r for r in results if "error" not in r]
expected_ids = [json.loads(l)["id"] for i, l in enumerate(lines) if i not in bad]
checks = {
    "exit code 1 (some records failed)": run.returncode == 1,
    "one output line per input line": len(results) == len(lines),
    "every bad line reported by its line number": sorted(e["line"] for e in errors) == sorted(b + 1 for b in bad),
    "every good document present, in input order": [g["id"] for g in good] == expected_ids,
}
print(f"{len(lines)} lines, {len(bad)} corrupted: {len(good)} documents and {len(errors)} error lines written")
for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
sys.exit(0 if all(checks.values()) else 1)
