//! A full generation of a model the size of the largest published AWS models (about 10,000
//! shapes), and loading alone. Run with `cargo bench -p benches --bench generate`.

mod synthetic;

use codegen::{CrateOptions, Options, Source};
use criterion::{criterion_group, criterion_main, Criterion};

// The command line's allocator, so that the figures are the command's.
#[global_allocator]
static ALLOCATOR: codegen::Allocator = codegen::Allocator;

/// Where one generation's time goes, printed before the criterion runs: load, select, IR, then
/// emit and render together (they are interleaved per file), and apart from them what syn's parse
/// and prettyplease take to format the finished files again, on one core. That last figure is
/// an upper bound of the formatting inside emit and render, not a part of it: the pipeline
/// formats less than the whole files (doc comments and the runtime macros' invocations are laid
/// out without syn and prettyplease, see `render::docs` and `render::invocations`). Each phase
/// is the median of five runs.
fn phases(label: &str, sources: &[Source], options: &Options) {
    let median = |mut f: Box<dyn FnMut() -> std::time::Duration>| {
        let mut runs: Vec<std::time::Duration> = (0..5).map(|_| f()).collect();
        runs.sort();
        runs[2]
    };
    let time = |f: &mut dyn FnMut()| {
        let start = std::time::Instant::now();
        f();
        start.elapsed()
    };
    let model = codegen::model::load(sources).unwrap();
    let selections = codegen::passes::closure::select(&model, &options.services, &options.operations).unwrap();
    let ir = codegen::ir::build(&model, &selections).unwrap();
    let files = codegen::generate(sources, options).unwrap();
    let load = median(Box::new(|| time(&mut || drop(codegen::model::load(sources).unwrap()))));
    let select = median(Box::new(|| time(&mut || drop(codegen::passes::closure::select(&model, &options.services, &options.operations).unwrap()))));
    let build = median(Box::new(|| time(&mut || drop(codegen::ir::build(&model, &selections).unwrap()))));
    let emit = median(Box::new(|| time(&mut || drop(codegen::emit::crate_root::files(&ir, &options.krate).unwrap()))));
    // The emitted files; the runtime's are copied as they are, never formatted.
    let copied: Vec<String> = codegen::runtime::MODULES.iter().map(|m| format!("src/{}.rs", m.name)).collect();
    let rust: Vec<&String> = files.iter().filter(|(path, _)| path.ends_with(".rs") && !copied.contains(path)).map(|(_, text)| text).collect();
    let format = median(Box::new(|| {
        time(&mut || {
            for text in &rust {
                drop(prettyplease::unparse(&syn::parse_file(text).unwrap()));
            }
        })
    }));
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "{label}: load {:.1} ms, select {:.1} ms, IR {:.1} ms, emit and render {:.1} ms (formatting the finished files again with syn and prettyplease, on one core: {:.1} ms); {} files, {} KiB",
        ms(load),
        ms(select),
        ms(build),
        ms(emit),
        ms(format),
        files.len(),
        files.values().map(String::len).sum::<usize>() / 1024
    );
}

/// One generation of a structure of 100,000 members: its time, and the process's peak resident
/// memory during it (Linux: the peak is reset through `/proc/self/clear_refs` first).
fn wide() {
    let members = 100_000;
    let sources = [Source { name: "wide.json".into(), text: synthetic::wide_model(members) }];
    let options = Options { krate: CrateOptions { name: "wide".into(), standalone: true }, ..Default::default() };
    let peak_kib = || {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse::<u64>().ok()
    };
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let start = std::time::Instant::now();
    let files = codegen::generate(&sources, &options).expect("the wide model generates");
    let elapsed = start.elapsed();
    let peak = if reset { peak_kib().map_or("unknown".to_owned(), |k| format!("{} MiB", k / 1024)) } else { "unknown".to_owned() };
    eprintln!(
        "one structure of {members} members: {:.2} s, peak resident memory {peak}; {} KiB of output",
        elapsed.as_secs_f64(),
        files.values().map(String::len).sum::<usize>() / 1024
    );
}

fn bench(c: &mut Criterion) {
    wide();
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

    let real = [Source { name: "../models/imagebuilder.json".into(), text: std::fs::read_to_string("../models/imagebuilder.json").expect("run from benches/") }];
    let every = Options {
        krate: CrateOptions { name: "imagebuilder".into(), standalone: true },
        partitions: Some(codegen::aws_partitions()),
        ..Default::default()
    };
    phases("Image Builder, every operation (the real model)", &real, &every);
    phases("synthetic 10k shapes", &sources, &options);

    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.bench_function("load 10k shapes", |b| b.iter(|| codegen::model::load(&sources).unwrap()));
    group.bench_function("full generation of 10k shapes", |b| b.iter(|| codegen::generate(&sources, &options).unwrap()));

    // The project's own models: what `cargo xtask codegen` does besides file IO.
    let models = ["../models/swf.json", "../models/imagebuilder.json"]
        .map(|path| Source { name: path.into(), text: std::fs::read_to_string(path).expect("run from codegen/") });
    let operations = std::fs::read_to_string("../models/operations.txt").expect("the project's operations");
    let operations = operations.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect();
    let project = Options {
        krate: CrateOptions { name: "aws-lean-sdk".into(), standalone: false },
        operations,
        partitions: Some(codegen::aws_partitions()),
        ..Default::default()
    };
    phases("models/ (the seed operations)", &models, &project);
    group.bench_function("full generation of models/", |b| b.iter(|| codegen::generate(&models, &project).unwrap()));
    group.bench_function("full generation of Image Builder, every operation", |b| b.iter(|| codegen::generate(&real, &every).unwrap()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
