//! `endpoint-tests --model PATH...` (of `smithy-lean` and `cargo xtask`): runs every service's
//! endpoint test cases (`smithy.rules#endpointTests`) against its generated resolver. It generates
//! one crate with the resolvers of all the models' services and one test per case, runs the tests
//! with cargo, and compares the outcome with the checked-in list of expected failures: a failure
//! not on the list is a regression, and a listed case that passes must leave the list, so the list
//! only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::{CrateOptions, EndpointTestInfo, Options, Source};

use super::protocol_tests::{cargo, judge, parse_libtest, parse_list, Outcome};

/// The list of cases that do not pass yet, relative to the project root.
pub const EXPECTED_FAILURES: &str = "tests/endpoint/expected-failures.txt";

pub struct Args {
    pub models: Vec<PathBuf>,
    pub out: PathBuf,
    /// Only these services; every service with endpoint rules when empty.
    pub services: Vec<String>,
    pub expected: PathBuf,
    pub partitions: Source,
    /// Rewrite the expected-failures list from this run (keeping the reasons already written).
    pub record: bool,
}

/// What identifies a case: the service's shape id and the case's position, from 1.
type Key = (String, usize);

pub fn run(root: &Path, args: &Args) -> Result<ExitCode, String> {
    let started = std::time::Instant::now();
    // The models are read one at a time, as the generator asks for them.
    let sources = args.models.iter().map(|path| {
        std::fs::read_to_string(path)
            .map(|text| Source { name: super::display_path(root, path), text })
            .map_err(|e| crate::Error::new(format!("{}: cannot read: {e}", path.display())))
    });
    let options = Options {
        krate: CrateOptions { name: "endpoint-tests".into(), standalone: true },
        services: args.services.clone(),
        partitions: Some(args.partitions.clone()),
        ..Default::default()
    };
    let generated = crate::generate_endpoint_tests(sources, &options).map_err(|e| e.to_string())?;
    for (model, error) in &generated.refused {
        for line in error.to_string().lines() {
            println!("REFUSED {model}: {line}");
        }
    }
    crate::write::write_crate(&args.out, &generated.files).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let services: BTreeSet<&str> = generated.tests.iter().map(|t| t.service.as_str()).collect();
    eprintln!(
        "wrote {} files ({} services, {} endpoint tests) to {} in {:.1} s",
        generated.files.len(),
        services.len(),
        generated.tests.len(),
        args.out.display(),
        started.elapsed().as_secs_f64()
    );

    let manifest = args.out.join("Cargo.toml");
    let output = Command::new(cargo())
        .args(["test", "--no-fail-fast", "--test", "endpoints", "--manifest-path"])
        .arg(&manifest)
        .env("RUST_BACKTRACE", "0")
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !stdout.contains("test result:") {
        return Err("the generated endpoint tests do not compile".into());
    }
    let results = parse_libtest(&stdout);
    let outcomes: BTreeMap<Key, Outcome> = generated
        .tests
        .iter()
        .map(|test| {
            let outcome = results.get(&test.function).cloned().unwrap_or_else(|| Outcome::Failed(format!("did not run ({})", output.status)));
            (key(test), outcome)
        })
        .collect();

    let shown = super::display_path(root, &args.expected);
    let expected = match std::fs::read_to_string(&args.expected) {
        Ok(text) => parse_expected(&text).map_err(|e| format!("{shown}: {e}"))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    let mut ok = report(&generated.tests, &outcomes, &expected, &shown) && generated.refused.is_empty();
    if args.record {
        std::fs::write(&args.expected, expected_file(&outcomes, &expected)).map_err(|e| format!("{shown}: {e}"))?;
        eprintln!("recorded the failures in {shown}");
        ok = generated.refused.is_empty();
    }
    eprintln!("took {:.1} s", started.elapsed().as_secs_f64());
    let (passed, failed, skipped) = counts(outcomes.values());
    println!("endpoint tests: {passed} passed, {failed} failed, {skipped} skipped");
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn key(test: &EndpointTestInfo) -> Key {
    (test.service.clone(), test.case)
}

fn counts<'a>(outcomes: impl Iterator<Item = &'a Outcome>) -> (usize, usize, usize) {
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for outcome in outcomes {
        match outcome {
            Outcome::Passed => passed += 1,
            Outcome::Failed(_) => failed += 1,
            Outcome::Skipped => skipped += 1,
        }
    }
    (passed, failed, skipped)
}

/// `<service shape id> case <n>: <reason>` lines; `#` starts a comment line.
fn parse_expected(text: &str) -> Result<BTreeMap<Key, String>, String> {
    let key = |case: &str| {
        let mut words = case.split_whitespace();
        let (service, word, number) = (words.next()?, words.next()?, words.next()?);
        let number: usize = number.parse().ok().filter(|_| word == "case" && words.next().is_none())?;
        Some((service.to_owned(), number))
    };
    parse_list(text, key, |(service, case)| format!("{service} case {case}"), "<service shape id> case <n>: <reason>")
}

/// The expected-failures file for this run's failures, keeping reasons already written.
fn expected_file(outcomes: &BTreeMap<Key, Outcome>, expected: &BTreeMap<Key, String>) -> String {
    let mut text = String::from(
        "# Endpoint test cases that do not pass yet, one per line:\n\
         # `<service shape id> case <n>: <reason>` (n counts the service's testCases from 1).\n\
         # `cargo xtask endpoint-tests` fails when a case not listed here fails, and when a listed case\n\
         # passes (remove it): this list only shrinks.\n",
    );
    for (key, outcome) in outcomes {
        let Outcome::Failed(message) = outcome else { continue };
        let reason = expected.get(key).cloned().unwrap_or_else(|| format!("TODO {}", message.lines().next().unwrap_or("fails")));
        text.push_str(&format!("{} case {}: {reason}\n", key.0, key.1));
    }
    text
}

/// Prints the counts per service and every failure with its case's documentation; whether the
/// run matches the list.
fn report(tests: &[EndpointTestInfo], outcomes: &BTreeMap<Key, Outcome>, expected: &BTreeMap<Key, String>, list: &str) -> bool {
    let mut ok = true;
    let services: BTreeSet<&str> = tests.iter().map(|t| t.service.as_str()).collect();
    let mut params_only = 0;
    for service in services {
        let cases: Vec<&EndpointTestInfo> = tests.iter().filter(|t| t.service == service).collect();
        let (passed, failed, skipped) = counts(cases.iter().map(|t| &outcomes[&key(t)]));
        let partial = cases.iter().filter(|t| !t.not_run.is_empty()).count();
        params_only += partial;
        let not_run: BTreeSet<&str> = cases.iter().flat_map(|t| t.not_run.iter().map(String::as_str)).collect();
        let note = if not_run.is_empty() {
            String::new()
        } else {
            let not_run: Vec<&str> = not_run.into_iter().collect();
            format!(" ({partial} on their params only: {} not generated)", not_run.join(", "))
        };
        println!("{service}: {} cases: {passed} passed, {failed} failed, {skipped} skipped{note}", cases.len());
        for test in cases {
            let key = key(test);
            let listed = expected.get(&key);
            let id = format!("case {} ({})", test.case, test.doc);
            ok &= judge(&id, &outcomes[&key], listed, list);
        }
    }
    for (service, case) in expected.keys() {
        if !outcomes.contains_key(&(service.clone(), *case)) {
            ok = false;
            println!("{list} lists `{service} case {case}`, which is not a case that ran");
        }
    }
    if params_only > 0 {
        println!("{params_only} cases ran on their params only: their operation inputs call operations of protocols the generator does not support");
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_failures_name_a_service_and_a_case() {
        let parsed = parse_expected("# c\n\nex#Svc case 3: needs X\n").unwrap();
        assert_eq!(parsed[&("ex#Svc".to_owned(), 3)], "needs X");
        assert!(parse_expected("ex#Svc case x: y\n").unwrap_err().contains("line 1"));
        assert!(parse_expected("ex#Svc 3: y\n").unwrap_err().contains("line 1"));
        assert!(parse_expected("ex#Svc case 3:\n").unwrap_err().contains("line 1"));
        assert!(parse_expected("ex#Svc case 3: a\nex#Svc case 3: b\n").unwrap_err().contains("twice"));
    }
}
