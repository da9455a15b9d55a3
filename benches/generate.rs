//! A full generation of a model the size of the largest published AWS models (about 10,000
//! shapes), and loading alone. Run with `cargo bench -p benches --bench generate`.

mod synthetic;

use codegen::{CrateOptions, Options, Source};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    // 400 operations (1,200 shapes) + 2,150 structures x 4 shapes + 602 others: about 10,400.
    let text = synthetic::synthetic_model(400, 2150);
    let sources = [Source { name: "bench.json".into(), text }];
    let options = Options { krate: CrateOptions { name: "bench".into(), standalone: true }, ..Default::default() };
    let files = codegen::generate(&sources, &options).expect("the synthetic model generates");
    let model = codegen::model::load(&sources).unwrap();
    let bytes: usize = files.values().map(String::len).sum();
    eprintln!(
        "synthetic model: {} KiB of JSON, {} shapes; output {} files, {} KiB",
        sources[0].text.len() / 1024,
        model.shapes.len(),
        files.len(),
        bytes / 1024
    );

    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.bench_function("load 10k shapes", |b| b.iter(|| codegen::model::load(&sources).unwrap()));
    group.bench_function("full generation of 10k shapes", |b| b.iter(|| codegen::generate(&sources, &options).unwrap()));

    // The project's own models: what `cargo xtask codegen` does besides file IO.
    let models = ["../models/swf.json", "../models/imagebuilder.json"]
        .map(|path| Source { name: path.into(), text: std::fs::read_to_string(path).expect("run from codegen/") });
    let project = Options { krate: CrateOptions { name: "aws-lean-sdk".into(), standalone: false }, ..Default::default() };
    group.bench_function("full generation of models/", |b| b.iter(|| codegen::generate(&models, &project).unwrap()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
