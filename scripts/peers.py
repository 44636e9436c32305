#!/usr/bin/env python3
"""Peer baselines for crimetag, for comparison only (never part of the product).

    python3 scripts/peers.py compare [--corpus corpus] [--folds 5] [--seed 42] [--json FILE]
    python3 scripts/peers.py tune [--corpus corpus] [--folds 5] [--seed 42] [--json FILE]
    python3 scripts/peers.py throughput FILE.jsonl[.gz] [--corpus corpus] [--json FILE]

`compare` trains three peers (a keyword regex, scikit-learn TF-IDF + logistic
regression, fastText supervised) on exactly crimetag's train split, tunes their
thresholds on its dev split, and scores them as `crimetag train` does: k-fold
cross-validation over the train split (with the dev-tuned thresholds of the
model fitted on the whole train split), the dev split, and the sentences of the
held-out documents. `tune` scores each trained peer over a grid of its main
settings the same way and marks the best in cross-validation: the settings
`compare` uses are the ones it chose, as crimetag's own were chosen by
cross-validation. `throughput` times sentence splitting and tagging of a
JSONL file of {"id","text"} records, single-threaded.

scikit-learn and fastText (pip: scikit-learn, fasttext-wheel, numpy) are
imported lazily: a peer whose package is missing is skipped with a message.
"""

import os

# Single-threaded numerics; must be set before numpy is first imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import gzip
import importlib
import json
import re
import sys
import tempfile
import time
from pathlib import Path

# Label order of crimetag's output (src/labels.rs, Label::ALL).
LABELS = ("drugs", "firearms", "fraud", "gambling", "smuggling")

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1


def fnv1a(data: bytes, state: int = FNV_OFFSET) -> int:
    """FNV-1a 64-bit over `data`, continuing from `state` (src/hash.rs)."""
    for byte in data:
        state = ((state ^ byte) * FNV_PRIME) & MASK64
    return state


def is_held_out(doc_id: str) -> bool:
    """Whether a document is held out from training (src/corpus.rs, document_split)."""
    return fnv1a(doc_id.encode()) % 5 == 0


def fold_of(text: str, seed: int, folds: int) -> int:
    """The CV fold of a train sentence (src/training.rs, fold_of)."""
    return fnv1a(text.encode(), fnv1a(seed.to_bytes(8, "little"))) % folds


# ---------------------------------------------------------------- corpus


def load_splits(corpus: Path) -> dict:
    """crimetag's splits (src/corpus.rs, src/training.rs): each split is a pair
    (texts, label sets). Files are read in sorted order, sentences/ first; a
    sentence-form item is dev when its hash % 10 == 0; a document is held out
    when the hash of its id % 5 == 0, else its sentences join the train split."""
    items, documents = [], []
    for sub in ("sentences", "documents"):
        for path in sorted((corpus / sub).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").split("\n"):
                if not line.strip():
                    continue
                value = json.loads(line)
                (documents if "sentences" in value else items).append(value)
    train, dev, held_out = ([], []), ([], []), ([], [])
    for s in items:
        split = dev if fnv1a(s["text"].encode()) % 10 == 0 else train
        split[0].append(s["text"])
        split[1].append(frozenset(s["labels"]))
    held_out_documents = 0
    for doc in documents:
        kept_out = is_held_out(doc["id"])
        held_out_documents += kept_out
        split = held_out if kept_out else train
        for s in doc["sentences"]:
            split[0].append(s["text"])
            split[1].append(frozenset(s["labels"]))
    return {"train": train, "dev": dev, "held_out": held_out, "held_out_documents": held_out_documents}


# ---------------------------------------------------------------- scoring


def report(predicted: list, gold: list) -> dict:
    """Per-label precision, recall, F1 and support, micro and macro F1, with
    crimetag's conventions (src/eval.rs: an empty denominator scores 1)."""
    per_label, f1s, total = {}, [], [0, 0, 0]
    for label in LABELS:
        tp = sum(label in p and label in g for p, g in zip(predicted, gold))
        fp = sum(label in p and label not in g for p, g in zip(predicted, gold))
        fn = sum(label not in p and label in g for p, g in zip(predicted, gold))
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        f1s.append(_f1(tp, fp, fn))
        per_label[label] = {
            "precision": round(tp / (tp + fp) if tp + fp else 1.0, 4),
            "recall": round(tp / (tp + fn) if tp + fn else 1.0, 4),
            "f1": round(f1s[-1], 4),
            "support": tp + fn,
        }
    return {
        "sentences": len(gold),
        "per_label": per_label,
        "micro_f1": round(_f1(*total), 4),
        "macro_f1": round(sum(f1s) / len(f1s), 4),
    }


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 1.0


def tune_thresholds(scores: list, gold: list, beta: float) -> list:
    """Per label, the threshold in 0.50..0.95 (step 0.05) with the best F-beta on
    `scores`, ties going to the one nearest 0.5 (src/classify/train.rs)."""
    beta2 = beta * beta
    thresholds = []
    for i, label in enumerate(LABELS):
        best_f1, best_t = -1.0, 0.5
        for step in range(10, 20):
            t = round(step * 0.05, 2)
            tp = sum(s[i] >= t and label in g for s, g in zip(scores, gold))
            fp = sum(s[i] >= t and label not in g for s, g in zip(scores, gold))
            fn = sum(s[i] < t and label in g for s, g in zip(scores, gold))
            f1 = (1 + beta2) * tp / ((1 + beta2) * tp + beta2 * fn + fp) if tp else 0.0
            if f1 > best_f1 + 1e-9 or (abs(f1 - best_f1) <= 1e-9 and abs(t - 0.5) < abs(best_t - 0.5)):
                best_f1, best_t = f1, t
        thresholds.append(best_t)
    return thresholds


def decide(scores: list, thresholds: list) -> list:
    """Label sets from per-label scores."""
    return [frozenset(l for l, x, t in zip(LABELS, s, thresholds) if x >= t) for s in scores]


# ---------------------------------------------------------------- peers
# Each peer is a class; an instance, made with the seed and optional settings, is one model:
# `fit(texts, label sets)` then `scores(texts)` -> one list of per-label scores (LABELS order)
# per text. A trained peer's SETTINGS are its defaults, chosen by `tune` over its GRID.


class KeywordPeer:
    """Hand-written keyword lists, case-insensitive, on word boundaries; no training."""

    name = "keyword regex"
    tuned = False  # scores are 0 or 1: thresholds stay at 0.5
    KEYWORDS = {
        "drugs": r"drugs?|narcotics?|cocaine|crack cocaine|heroin|meth|methamphetamine|fentanyl|opioids?|opiates?"
                 r"|oxycodone|hydrocodone|marijuana|cannabis|hashish|ketamine|mdma|ecstasy|lsd|pills"
                 r"|controlled substances?|precursors?",
        "firearms": r"firearms?|guns?|handguns?|pistols?|rifles?|shotguns?|revolvers?|machineguns?|ammunition|ammo"
                    r"|rounds|magazines?|silencers?|suppressors?|explosives?|grenades?|detonators?|ar-15|ak-47"
                    r"|gunman|gunmen|gunfire|gunshots?|shootings?|shot|weapons traffick\w*|arms traffick\w*",
        "fraud": r"fraud\w*|defraud\w*|scams?|scammers?|scammed|swindl\w*|ponzi|embezzl\w*|phishing|identity theft"
                 r"|forged|forgery|forgeries|counterfeit documents?|fake documents?|false claims|impersonat\w*"
                 r"|impostors?|investment schemes?|money mules?",
        "gambling": r"gambl\w*|casinos?|betting|bets?|bookmak\w*|bookies?|wagers?|wagering|lotter(?:y|ies)|gaming dens?"
                    r"|slot machines?|poker|baccarat|sportsbooks?|online gaming",
        "smuggling": r"smuggl\w*|contraband|human traffick\w*|sex traffick\w*|labou?r traffick\w*"
                     r"|traffick\w* in persons|trafficking of persons|illegal entry|illegally entered|illegal border"
                     r"|border crossings?|crossed the border|illegal aliens?|illegal immigrants?|undocumented"
                     r"|migrants?|coyotes?|overstay\w*|illegal stay|illegal employment",
    }

    def __init__(self, seed: int, **settings):
        self.patterns = [re.compile(rf"\b(?:{self.KEYWORDS[l]})\b", re.IGNORECASE) for l in LABELS]

    def fit(self, texts, labels):
        return self

    def scores(self, texts):
        return [[1.0 if p.search(t) else 0.0 for p in self.patterns] for t in texts]


class SklearnPeer:
    """TF-IDF (word 1-2 grams, sublinear tf, min_df 2) + one logistic regression per label."""

    name = "scikit-learn TF-IDF + logistic regression"
    module = "sklearn"
    tuned = True
    # C is the inverse L2 strength; C = 300 won `tune` (C = 10, the first setting, was 0.037 behind).
    SETTINGS = {"C": 300.0}
    GRID = [{"C": c} for c in (10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0)]

    def __init__(self, seed: int, **settings):
        self.seed = seed
        self.settings = {**self.SETTINGS, **settings}

    def fit(self, texts, labels):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        self.model = OneVsRestClassifier(LogisticRegression(C=self.settings["C"], max_iter=1000, random_state=self.seed))
        y = [[int(l in g) for l in LABELS] for g in labels]
        self.model.fit(self.vectorizer.fit_transform(texts), y)
        return self

    def scores(self, texts):
        return self.model.predict_proba(self.vectorizer.transform(texts)).tolist()


class FastTextPeer:
    """fastText supervised, one-vs-all loss (multi-label), word n-grams, optional subword grams."""

    name = "fastText supervised"
    module = "fasttext"
    tuned = True
    # fastText skips lines without a label, so unlabeled sentences get this one.
    NONE = "__label__none"
    # minn/maxn 0: no character grams; 3/6 gives words their character 3-6-grams. These won
    # `tune` (the first settings, fastText's supervised defaults with 25 epochs and bigrams,
    # were 0.034 behind in CV).
    SETTINGS = {"epoch": 100, "lr": 0.5, "dim": 50, "wordNgrams": 2, "minn": 3, "maxn": 6}
    GRID = [{"epoch": e, "minn": 0, "maxn": 0} for e in (10, 25, 50)] + [
        {"epoch": 25, "minn": 0, "maxn": 0, **change} for change in ({"lr": 0.25}, {"lr": 1.0}, {"dim": 100}, {"wordNgrams": 3})
    ] + [{"epoch": e, "minn": 3, "maxn": 6} for e in (25, 50, 100)] + [{"epoch": 50, "lr": 1.0, "minn": 3, "maxn": 6}]

    def __init__(self, seed: int, **settings):
        self.seed = seed
        self.settings = {**self.SETTINGS, **settings}

    @staticmethod
    def prepare(text: str) -> str:
        """fastText splits on whitespace only: lower-case, set punctuation apart, one line."""
        return " ".join(re.sub(r"([^\w\s])", r" \1 ", text.lower()).split())

    def fit(self, texts, labels):
        import fasttext

        with tempfile.TemporaryDirectory(prefix="peers-fasttext-") as tmp:
            path = Path(tmp) / "train.txt"
            with path.open("w", encoding="utf-8") as out:
                for text, gold in zip(texts, labels):
                    tags = " ".join(f"__label__{l}" for l in LABELS if l in gold) or self.NONE
                    out.write(f"{tags} {self.prepare(text)}\n")
            # One thread: deterministic training for a given seed.
            self.model = fasttext.train_supervised(
                input=str(path), loss="ova", minCount=1, thread=1, seed=self.seed, verbose=0,
                **self.settings)
        return self

    def scores(self, texts):
        # One prediction per sentence, every label (k=-1). This calls the
        # binding under `model.predict`: with numpy 2 (fasttext-wheel 0.9.2)
        # the string form raises on `np.array(copy=False)` and the list form
        # returns the same probability for every label.
        out = []
        for text in texts:
            by_label = {label: prob for prob, label in self.model.f.predict(self.prepare(text) + "\n", -1, 0.0, "strict")}
            out.append([by_label.get(f"__label__{l}", 0.0) for l in LABELS])
        return out


def available_peers() -> list:
    """The peers whose packages import; a missing one is skipped with a message."""
    peers = [KeywordPeer]
    for peer in (SklearnPeer, FastTextPeer):
        try:
            importlib.import_module(peer.module)
        except ImportError as err:
            print(f"skipping {peer.name}: {err}", file=sys.stderr)
            continue
        peers.append(peer)
    return peers


def train_tuned(peer, splits: dict, seed: int, beta: float, settings: dict = None):
    """A model fitted on the whole train split, and its dev-tuned thresholds."""
    model = peer(seed, **(settings or {})).fit(*splits["train"])
    dev_texts, dev_gold = splits["dev"]
    thresholds = tune_thresholds(model.scores(dev_texts), dev_gold, beta) if peer.tuned else [0.5] * len(LABELS)
    return model, thresholds


def evaluate(peer, splits: dict, args, settings: dict = None) -> dict:
    """Dev-tuned thresholds and reports for cross-validation, dev and the held-out documents."""
    model, thresholds = train_tuned(peer, splits, args.seed, args.threshold_beta, settings)
    train_texts, train_gold = splits["train"]
    folds = [fold_of(t, args.seed, args.folds) for t in train_texts]
    # CV: each fold predicted by a model fitted on the others, decided
    # with the full model's dev-tuned thresholds (as crimetag does).
    cv_predicted = [frozenset()] * len(train_texts)
    for fold in range(args.folds):
        inside = [i for i, f in enumerate(folds) if f != fold]
        outside = [i for i, f in enumerate(folds) if f == fold]
        fold_model = peer(args.seed, **(settings or {})).fit([train_texts[i] for i in inside], [train_gold[i] for i in inside])
        fold_labels = decide(fold_model.scores([train_texts[i] for i in outside]), thresholds)
        for i, labels in zip(outside, fold_labels):
            cv_predicted[i] = labels
    return {
        "thresholds": dict(zip(LABELS, thresholds)),
        "cross_validation": report(cv_predicted, train_gold),
        "dev": report(decide(model.scores(splits["dev"][0]), thresholds), splits["dev"][1]),
        "held_out_documents": report(decide(model.scores(splits["held_out"][0]), thresholds), splits["held_out"][1]),
    }


# ---------------------------------------------------------------- compare


def compare(args) -> None:
    splits = load_splits(Path(args.corpus))
    sizes = {"train": len(splits["train"][0]), "dev": len(splits["dev"][0]),
             "held_out_documents": splits["held_out_documents"],
             "held_out_sentences": len(splits["held_out"][0])}
    print(f"splits: train {sizes['train']} sentences, dev {sizes['dev']} sentences, "
          f"{sizes['held_out_documents']} held-out documents ({sizes['held_out_sentences']} sentences); "
          f"{args.folds}-fold CV, seed {args.seed}\n", file=sys.stderr)
    results = {}
    for peer in available_peers():
        started = time.perf_counter()
        results[peer.name] = evaluate(peer, splits, args)
        print(f"{peer.name}: done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    for key, title in (("cross_validation", f"{args.folds}-fold cross-validation over the train split"),
                       ("dev", "dev split (thresholds tuned here)"),
                       ("held_out_documents", "sentences of the held-out documents")):
        sentences = next(iter(results.values()))[key]["sentences"]
        print(f"\n### {title} ({sentences} sentences)\n")
        print(score_table({name: r[key] for name, r in results.items()}))
    print("\nthresholds (dev-tuned): " + "; ".join(
        f"{name}: " + ", ".join(f"{l} {t:.2f}" for l, t in r["thresholds"].items())
        for name, r in results.items() if name != KeywordPeer.name))
    if args.json:
        write_json(args.json, {"corpus": str(args.corpus), "folds": args.folds, "seed": args.seed,
                               "splits": sizes, "peers": results})


def tune(args) -> None:
    splits = load_splits(Path(args.corpus))
    results = {}
    for peer in available_peers():
        if not hasattr(peer, "GRID"):
            continue
        print(f"\n### {peer.name}: macro-F1 per setting ({args.folds}-fold CV, dev, held-out)\n")
        print("| setting | CV | dev | held-out |\n|---|---|---|---|")
        rows = []
        for change in peer.GRID:
            settings = {**peer.SETTINGS, **change}
            r = evaluate(peer, splits, args, settings)
            macro = [r[k]["macro_f1"] for k in ("cross_validation", "dev", "held_out_documents")]
            rows.append({"settings": settings, "macro_f1": dict(zip(("cross_validation", "dev", "held_out_documents"), macro))})
            print(f"| {change} | " + " | ".join(f"{m:.3f}" for m in macro) + " |", flush=True)
        best = max(rows, key=lambda row: row["macro_f1"]["cross_validation"])
        print(f"\nbest in CV: {best['settings']}" + ("" if best["settings"] == peer.SETTINGS else
              f" (the defaults are {peer.SETTINGS}: update SETTINGS)"))
        results[peer.name] = rows
    if args.json:
        write_json(args.json, {"corpus": str(args.corpus), "folds": args.folds, "seed": args.seed, "peers": results})


def score_table(reports: dict) -> str:
    """A markdown table: one row per peer, P / R / F1 per label, macro-F1."""
    lines = ["| peer | " + " | ".join(f"{l} P / R / F1" for l in LABELS) + " | macro-F1 |",
             "|---|" + "---|" * len(LABELS) + "---|"]
    for name, r in reports.items():
        cells = [f"{c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.3f}" for c in (r["per_label"][l] for l in LABELS)]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {r['macro_f1']:.3f} |")
    return "\n".join(lines)


# ---------------------------------------------------------------- throughput

SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?])\s+")


def split_sentences(text: str) -> list:
    """The same simple splitter for every peer: newlines, and [.!?] before whitespace."""
    return [s for s in (part.strip() for part in SENTENCE_BREAK.split(text)) if s]


def read_texts(path: Path) -> list:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def throughput(args) -> None:
    texts = read_texts(Path(args.file))
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    splits = load_splits(Path(args.corpus))
    results = {}
    for peer in available_peers():
        model, thresholds = train_tuned(peer, splits, args.seed, args.threshold_beta)
        # Timed: split every document, then score and decide every sentence,
        # one document per batch.
        sentences = labeled = 0
        started = time.perf_counter()
        for text in texts:
            batch = split_sentences(text)
            if batch:
                tags = decide(model.scores(batch), thresholds)
                sentences += len(tags)
                labeled += sum(bool(t) for t in tags)
        seconds = time.perf_counter() - started
        results[peer.name] = {"documents": len(texts), "sentences": sentences, "labeled_sentences": labeled,
                              "megabytes": round(megabytes, 3), "seconds": round(seconds, 3),
                              "mb_per_s": round(megabytes / seconds, 3)}
        print(f"{peer.name}: {seconds:.1f} s", file=sys.stderr)
    print(f"\n### sentence split + tag, single-threaded: {args.file}\n")
    print("| peer | documents | sentences | labeled sentences | MB of text | seconds | MB/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['documents']} | {r['sentences']} | {r['labeled_sentences']} | "
              f"{r['megabytes']:.1f} | {r['seconds']:.2f} | {r['mb_per_s']:.2f} |")
    if args.json:
        write_json(args.json, {"file": str(args.file), "peers": results})


def write_json(path: str, value: dict) -> None:
    Path(path).write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    cmp = commands.add_parser("compare", help="score the peers on crimetag's splits and folds")
    tun = commands.add_parser("tune", help="score each trained peer over a grid of its settings")
    for sub in (cmp, tun):
        sub.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    tput = commands.add_parser("throughput", help="time sentence split + tag over a JSONL(.gz) file")
    tput.add_argument("file", help='JSONL or JSONL.gz of {"id","text"} records')
    for sub in (cmp, tun, tput):
        sub.add_argument("--corpus", default="corpus", help="crimetag's corpus folder (default corpus)")
        sub.add_argument("--seed", type=int, default=42, help="seed of the folds and of fastText (default 42)")
        sub.add_argument("--json", metavar="FILE", help="also write all numbers as JSON to FILE")
        sub.add_argument("--threshold-beta", type=float, default=1.0,
                         help="thresholds maximise F-beta on dev, as `crimetag train --threshold-beta` (default 1)")
    args = parser.parse_args()
    {"compare": compare, "tune": tune, "throughput": throughput}[args.command](args)


if __name__ == "__main__":
    main()
