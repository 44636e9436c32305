//! Criterion benchmarks, one group per pipeline stage plus the whole pipeline,
//! on the example press releases shipped in `examples/`.

use crimetag::bundle::ModelBundle;
use crimetag::counts::extract;
use crimetag::featurize::feature_keys;
use crimetag::normalize::{InputFormat, NormalizedText};
use crimetag::segment::segment;
use crimetag::Tagger;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn example(name: &str) -> String {
    let text = std::fs::read_to_string(format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))).expect("example file");
    // Ten copies, so each iteration does enough work to time.
    vec![text; 10].join("\n\n")
}

fn stages(c: &mut Criterion) {
    let text = example("press-release.txt");
    let html = example("press-release.html");
    let tagger = Tagger::new(ModelBundle::built_in().expect("built-in model"));
    let bundle = tagger.bundle();
    let sentences: Vec<&str> = segment(&text).into_iter().map(|s| s.slice(&text)).collect();

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(html.len() as u64));
    group.bench_function("normalize_html", |b| b.iter(|| NormalizedText::new(&html, InputFormat::Html).text.len()));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("segment", |b| b.iter(|| segment(&text).len()));
    group.bench_function("tokenize_featurize", |b| {
        b.iter(|| {
            sentences.iter().map(|s| bundle.features.vectorize(&feature_keys(&bundle.tokenizer, s, None)).indices.len()).sum::<usize>()
        })
    });
    let vectors: Vec<_> = sentences.iter().map(|s| tagger.vectorize(s)).collect();
    group.bench_function("classify", |b| b.iter(|| vectors.iter().map(|v| bundle.classifier.scores(v)[0]).sum::<f32>()));
    group.bench_function("extract_counts", |b| b.iter(|| sentences.iter().map(|s| extract(s).len()).sum::<usize>()));
    group.bench_function("whole_document", |b| b.iter(|| tagger.tag(serde_json::json!("bench"), &text, InputFormat::Text).sentences.len()));
    group.bench_function("whole_document_to_json", |b| {
        b.iter(|| serde_json::to_string(&tagger.tag(serde_json::json!("bench"), &text, InputFormat::Text)).map(|s| s.len()).unwrap_or(0))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
