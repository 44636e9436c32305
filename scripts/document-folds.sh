#!/usr/bin/env bash
# Cross-validates over the training documents: the 123 documents that are not
# held out are cut into 4 folds by a hash of their id; for each fold a model is
# trained on the whole corpus without that fold's documents (sentences/ and the
# other training documents; `crimetag train --folds 0`) and `crimetag eval`
# scores the fold's documents with it. Prints each fold and the pooled figures:
# sentence labels of documents, count F1, and count attachment end to end and
# given the gold sentence labels. The held-out documents are too few (27, 238
# counts) to say much alone; this gives every training document an unseen turn.
# Takes about 2 minutes a fold on 2 cores. Needs python3 (splitting and pooling only).
# Usage: scripts/document-folds.sh [corpus]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-corpus}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/crimetag
folds=4

python3 - "$corpus" "$work" "$folds" <<'PY'
import glob, json, os, shutil, sys
sys.path.insert(0, "scripts")
from peers import fnv1a, is_held_out  # crimetag's hash and split, as the baselines use them

corpus, work, folds = sys.argv[1], sys.argv[2], int(sys.argv[3])

for k in range(folds):
    shutil.copytree(f"{corpus}/sentences", f"{work}/{k}/corpus/sentences")
    os.makedirs(f"{work}/{k}/corpus/documents")
with_fold = [open(f"{work}/{k}/corpus/documents/documents.jsonl", "w") for k in range(folds)]
scored = [open(f"{work}/{k}/scored.jsonl", "w") for k in range(folds)]
for path in sorted(glob.glob(f"{corpus}/documents/*.jsonl")):
    for line in open(path):
        doc_id = json.loads(line)["id"]
        if is_held_out(doc_id):
            continue  # `crimetag eval --held-out` scores these
        fold = fnv1a(doc_id.encode()) // 5 % folds
        scored[fold].write(line)
        for k in range(folds):
            if k != fold:
                with_fold[k].write(line)
PY

for k in $(seq 0 $((folds - 1))); do
  "$bin" train --corpus "$work/$k/corpus" --out "$work/$k/model" --folds 0 > "$work/$k/train.log" 2>&1
  "$bin" eval --corpus "$work/$k/scored.jsonl" --model "$work/$k/model/crimetag.model" --format json > "$work/$k/eval.json"
done

python3 - "$work" "$folds" <<'PY'
import json, sys
work, folds = sys.argv[1], int(sys.argv[2])
labels = {}
counts = {"gold": 0, "predicted": 0, "matched": 0, "attached": 0, "attached_given_gold": 0}
for k in range(folds):
    report = json.load(open(f"{work}/{k}/eval.json"))
    c = report["counts"]
    print(f"fold {k}: macro F1 {report['labels']['macro_f1']:.3f}, count F1 {c['f1']:.3f}, "
          f"attachment {c['attachment_accuracy']:.3f} (given gold labels {report['attachment_accuracy_given_gold_labels']:.3f}), "
          f"{c['gold']} gold counts")
    for name, s in report["labels"]["per_label"].items():
        tp = round(s["recall"] * s["support"])
        predicted = round(tp / s["precision"]) if s["precision"] > 0 else 0
        t = labels.setdefault(name, [0, 0, 0])
        t[0] += tp; t[1] += predicted - tp; t[2] += s["support"] - tp
    counts["gold"] += c["gold"]; counts["predicted"] += c["predicted"]; counts["matched"] += c["matched"]
    counts["attached"] += round(c["attachment_accuracy"] * c["matched"])
    counts["attached_given_gold"] += round(report["attachment_accuracy_given_gold_labels"] * c["matched"])
f1 = {name: 2 * tp / (2 * tp + fp + fn) if tp else 0.0 for name, (tp, fp, fn) in labels.items()}
print("pooled sentence-label F1: " + ", ".join(f"{n} {v:.3f}" for n, v in f1.items()) + f"; macro {sum(f1.values()) / len(f1):.3f}")
p, r = counts["matched"] / counts["predicted"], counts["matched"] / counts["gold"]
print(f"pooled counts: precision {p:.3f} recall {r:.3f} F1 {2 * p * r / (p + r):.3f}; "
      f"attachment end to end {counts['attached'] / counts['matched']:.3f}, "
      f"given the gold sentence labels {counts['attached_given_gold'] / counts['matched']:.3f} "
      f"({counts['matched']} matched of {counts['gold']} gold)")
PY
