//! `@pattern` matching on the worst inputs found, before and after: `regress` (the backtracking
//! ECMA-262 engine the validators used) against the generator's compiled programs run by the
//! runtime's linear-time matcher. Run with `cargo bench -p benches --bench patterns`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

/// A pattern's name, its text, and its hostile text of `n` repetitions.
type Case = (&'static str, &'static str, fn(usize) -> String);

fn cases() -> Vec<Case> {
    vec![
        ("eventbridge-auth-header", r"^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$", |n| format!("{}\u{1}", "a ".repeat(n))),
        ("eventbridge-header-value", r"^[ \t]*[\x20-\x7E]+([ \t]+[\x20-\x7E]+)*[ \t]*$", |n| format!("{}\u{1}", "a ".repeat(n))),
        ("cloudformation-connection-arn", r"arn:aws(-[\w]+)*:.+:.+:[0-9]{12}:.+", |n| format!("arn:aws:{}", "a:".repeat(n))),
    ]
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("patterns");
    group.sample_size(10);
    for (name, pattern, text) in cases() {
        let codegen::pattern::Compiled::Checked(programs) = codegen::pattern::compile(pattern) else { panic!("{pattern} compiles") };
        // regress grows exponentially on the first two: small sizes only.
        let regress_sizes: &[usize] = if name.starts_with("eventbridge") { &[10, 14, 18] } else { &[250, 500, 1_000] };
        let regex = regress::Regex::new(pattern).expect("ECMA-262 pattern");
        for &n in regress_sizes {
            let input = text(n);
            group.bench_with_input(BenchmarkId::new(format!("{name}/regress"), input.len()), &input, |b, input| b.iter(|| regex.find(input).is_some()));
        }
        for n in [10, 14, 18, 1_000, 4_000, 50_000] {
            let input = text(n);
            group.bench_with_input(BenchmarkId::new(format!("{name}/linear"), input.len()), &input, |b, input| {
                b.iter(|| codegen::pattern::is_match(pattern, &programs, input))
            });
        }
    }
    // A pattern on a typical value: Image Builder's build version ARN.
    let arn = r"^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?):image/[a-z0-9-_]+/[0-9]+\.[0-9]+\.[0-9]+/[0-9]+$";
    let value = "arn:aws:imagebuilder:us-west-2:123456789012:image/my-example-image/2019.12.3/1";
    let codegen::pattern::Compiled::Checked(programs) = codegen::pattern::compile(arn) else { panic!() };
    let regex = regress::Regex::new(arn).unwrap();
    group.bench_function("imagebuilder-arn/regress", |b| b.iter(|| regex.find(value).is_some()));
    group.bench_function("imagebuilder-arn/linear", |b| b.iter(|| codegen::pattern::is_match(arn, &programs, value)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
