#!/usr/bin/env bash
# Runs the property tests of tests/properties.rs at scale: the count extractor,
# segmenter, HTML normaliser and whole pipeline on generated press-release-like
# text. Usage: scripts/fuzz.sh [cases per property] (default 200000).
set -euo pipefail
cd "$(dirname "$0")/.."
PROPTEST_CASES="${1:-200000}" cargo test --release --test integration properties -- --test-threads 2
