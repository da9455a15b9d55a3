//! `protocol-tests --model PATH` (of `smithy-lean` and `cargo xtask`): runs the official Smithy
//! protocol compliance suite against the generator. It generates one crate for the JSON protocols'
//! test services with their compliance tests, runs them with cargo, and compares the outcome with
//! the checked-in list of expected failures: a failure not on the list is a regression, and a
//! listed case that passes must leave the list, so the list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::{CrateOptions, Options, Source, TestInfo};

/// The test services of the protocols the generator supports.
pub const SERVICES: &[&str] =
    &[
        "aws.protocoltests.json10#JsonRpc10",
        "aws.protocoltests.json10#QueryCompatibleJsonRpc10",
        "aws.protocoltests.json#JsonProtocol",
        "aws.protocoltests.restjson#RestJson",
    ];

/// The list of cases that do not pass yet, relative to the project root.
pub const EXPECTED_FAILURES: &str = "tests/protocol/expected-failures.txt";

pub struct Args {
    pub model: PathBuf,
    pub out: PathBuf,
    /// The services whose cases run: [`SERVICES`] unless given.
    pub services: Vec<String>,
    /// The expected-failures list: [`EXPECTED_FAILURES`] under the project root unless given.
    pub expected: PathBuf,
    /// Rewrite the expected-failures list from this run (keeping the reasons already written).
    pub record: bool,
}

/// How one case ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    Passed,
    Failed(String),
    Skipped,
}

pub fn run(root: &Path, args: &Args) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(&args.model).map_err(|e| format!("{}: cannot read: {e}", args.model.display()))?;
    let sources = [Source { name: args.model.display().to_string(), text }];
    let options = Options {
        krate: CrateOptions { name: "protocol-tests".into(), standalone: true },
        services: args.services.clone(),
        protocol_tests: true,
        ..Default::default()
    };
    let crate::Generated { files, tests, .. } = crate::generate_all(&sources, &options).map_err(|e| e.to_string())?;
    crate::write::write_crate(&args.out, &files).map_err(|e| format!("{}: {e}", args.out.display()))?;
    eprintln!("wrote {} files ({} compliance tests) to {}", files.len(), tests.len(), args.out.display());

    let manifest = args.out.join("Cargo.toml");
    let built = Command::new(cargo())
        .args(["test", "--tests", "--no-run", "--manifest-path"])
        .arg(&manifest)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.success() {
        return Err("the generated compliance tests do not compile".into());
    }
    let mut outcomes: BTreeMap<Key, Outcome> = BTreeMap::new();
    let modules: BTreeSet<&str> = tests.iter().map(|t| t.module.as_str()).collect();
    for module in modules {
        let output = Command::new(cargo())
            .args(["test", "--no-fail-fast", "--test", module, "--manifest-path"])
            .env("RUST_BACKTRACE", "0")
            .arg(&manifest)
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let results = parse_libtest(&String::from_utf8_lossy(&output.stdout));
        for test in tests.iter().filter(|t| t.module == module) {
            let outcome = match results.get(&test.function) {
                Some(outcome) => outcome.clone(),
                None => Outcome::Failed(format!("did not run (cargo test {module}: {})", output.status)),
            };
            outcomes.insert(key(test), outcome);
        }
    }

    let shown = args.expected.strip_prefix(root).unwrap_or(&args.expected).display().to_string();
    let expected = match std::fs::read_to_string(&args.expected) {
        Ok(text) => parse_expected(&text).map_err(|e| format!("{shown}: {e}"))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    let ok = report(&tests, &outcomes, &expected, &shown);
    if args.record {
        std::fs::write(&args.expected, expected_file(&outcomes, &expected)).map_err(|e| format!("{shown}: {e}"))?;
        eprintln!("recorded the failures in {shown}");
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// What identifies a case in reports and in the expected-failures list: protocol, kind and id
/// (`restJson1`, `request`, `RestJsonLists`).
type Key = (String, String, String);

fn key(test: &TestInfo) -> Key {
    (protocol_name(&test.protocol).to_owned(), test.kind.to_owned(), test.id.clone())
}

/// `aws.protocols#restJson1` -> `restJson1`.
fn protocol_name(id: &str) -> &str {
    id.rsplit('#').next().unwrap_or(id)
}

/// Each test's outcome from libtest's text output, with the panic message of each failure.
pub(crate) fn parse_libtest(stdout: &str) -> BTreeMap<String, Outcome> {
    let mut results = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, status)) = rest.rsplit_once(" ... ") else { continue };
        let outcome = match status.trim() {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed(String::new()),
            s if s.starts_with("ignored") => Outcome::Skipped,
            _ => continue,
        };
        results.insert(name.to_owned(), outcome);
    }
    // Failure sections: `---- name stdout ----`, then the panic: `thread 'name' panicked at
    // file:line:col:` and the message, up to a blank line or the backtrace note.
    let mut lines = stdout.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("---- ").and_then(|l| l.strip_suffix(" stdout ----")) else { continue };
        let mut message = Vec::new();
        let mut in_panic = false;
        while let Some(next) = lines.peek() {
            if next.starts_with("---- ") || next.starts_with("failures:") {
                break;
            }
            let next = lines.next().unwrap_or_default();
            if next.starts_with("thread '") && next.contains("panicked at") {
                in_panic = true;
            } else if in_panic && (next.is_empty() || next.starts_with("note: ")) {
                break;
            } else if in_panic {
                message.push(next.trim_end());
            }
        }
        if let Some(Outcome::Failed(text)) = results.get_mut(name) {
            *text = message.join("\n");
        }
    }
    results
}

/// `<protocol> <request|response> <case id>: <reason>` lines; `#` starts a comment line.
fn parse_expected(text: &str) -> Result<BTreeMap<Key, String>, String> {
    let key = |case: &str| {
        let mut words = case.split_whitespace();
        let (protocol, kind, id) = (words.next()?, words.next()?, words.next()?);
        let valid = words.next().is_none() && matches!(kind, "request" | "response");
        valid.then(|| (protocol.to_owned(), kind.to_owned(), id.to_owned()))
    };
    parse_list(text, key, |(_, _, id)| id.clone(), "<protocol> <request|response> <case id>: <reason>")
}

/// An expected-failures list: `<case>: <reason>` lines, `#` comments, each case once.
pub(crate) fn parse_list<K: Ord>(
    text: &str,
    key: impl Fn(&str) -> Option<K>,
    show: impl Fn(&K) -> String,
    form: &str,
) -> Result<BTreeMap<K, String>, String> {
    let mut expected = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(':').and_then(|(case, reason)| Some((key(case)?, reason.trim().to_owned()))) {
            Some((key, reason)) if !reason.is_empty() => {
                let shown = show(&key);
                if expected.insert(key, reason).is_some() {
                    return Err(format!("line {}: `{shown}` is listed twice", n + 1));
                }
            }
            _ => return Err(format!("line {}: expected `{form}`", n + 1)),
        }
    }
    Ok(expected)
}

/// Prints a case's outcome against the list (`listed`: the reason it gives, when it lists the
/// case); whether the outcome is as the list expects.
pub(crate) fn judge(id: &str, outcome: &Outcome, listed: Option<&String>, list: &str) -> bool {
    match (outcome, listed) {
        (Outcome::Failed(_), Some(reason)) => println!("  FAILED {id} (expected: {reason})"),
        (Outcome::Failed(message), None) => {
            println!("  FAILED {id} (REGRESSION, not in {list})");
            for line in message.lines().take(12) {
                println!("      {line}");
            }
            return false;
        }
        (Outcome::Passed, Some(_)) => {
            println!("  PASSED {id}, which {list} lists: remove it from the list");
            return false;
        }
        (Outcome::Skipped, _) => println!("  SKIPPED {id}"),
        (Outcome::Passed, None) => {}
    }
    true
}

/// The expected-failures file for this run's failures, keeping reasons already written.
fn expected_file(outcomes: &BTreeMap<Key, Outcome>, expected: &BTreeMap<Key, String>) -> String {
    let mut text = String::from(
        "# Protocol compliance cases that do not pass yet, one per line:\n\
         # `<protocol> <request|response> <case id>: <reason>`.\n\
         # `cargo xtask protocol-tests` fails when a case not listed here fails, and when a listed case\n\
         # passes (remove it): this list only shrinks.\n",
    );
    let mut protocol = "";
    for (key, outcome) in outcomes {
        let Outcome::Failed(message) = outcome else { continue };
        let (p, kind, id) = key;
        if p != protocol {
            text.push_str(&format!("\n# {p}\n"));
            protocol = p;
        }
        let reason = expected.get(key).cloned().unwrap_or_else(|| {
            let first = message.lines().next().unwrap_or("fails").to_owned();
            format!("TODO {first}")
        });
        text.push_str(&format!("{p} {kind} {id}: {reason}\n"));
    }
    text
}

/// Prints the counts per protocol and every failure; whether the run matches the list.
fn report(tests: &[TestInfo], outcomes: &BTreeMap<Key, Outcome>, expected: &BTreeMap<Key, String>, list: &str) -> bool {
    let mut ok = true;
    let protocols: BTreeSet<&str> = tests.iter().map(|t| protocol_name(&t.protocol)).collect();
    let mut summary = Vec::new();
    for protocol in protocols {
        let cases: Vec<(&Key, &Outcome)> = outcomes.iter().filter(|((p, _, _), _)| p == protocol).collect();
        let passed = cases.iter().filter(|(_, o)| **o == Outcome::Passed).count();
        let skipped = cases.iter().filter(|(_, o)| **o == Outcome::Skipped).count();
        let failed = cases.len() - passed - skipped;
        println!("{protocol}: {} cases: {passed} passed, {failed} failed, {skipped} skipped", cases.len());
        summary.push(format!("{protocol} {passed}/{}", cases.len()));
        for (key, outcome) in &cases {
            let listed = expected.get(*key);
            let id = format!("{} {}", key.1, key.2);
            ok &= judge(&id, outcome, listed, list);
        }
    }
    for key @ (protocol, kind, id) in expected.keys() {
        if !outcomes.contains_key(key) {
            ok = false;
            println!("{list} lists `{protocol} {kind} {id}`, which is not a case of the suite");
        }
    }
    println!("protocol compliance: {} ({})", summary.join(", "), if ok { "as expected" } else { "DIFFERS from the expected failures" });
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_output_and_panic_messages() {
        let stdout = "\nrunning 3 tests\ntest a ... ok\ntest b ... FAILED\ntest c ... ignored, slow\n\nfailures:\n\n---- b stdout ----\n\nthread 'b' panicked at tests/x.rs:1:2:\nthe request differs\n  path: sent `/`\nnote: run with `RUST_BACKTRACE=1`\n\n\nfailures:\n    b\n";
        let results = parse_libtest(stdout);
        assert_eq!(results["a"], Outcome::Passed);
        assert_eq!(results["b"], Outcome::Failed("the request differs\n  path: sent `/`".into()));
        assert_eq!(results["c"], Outcome::Skipped);
    }

    #[test]
    fn expected_failures_need_a_reason_and_no_repeats() {
        let parsed = parse_expected("# c\n\nrestJson1 request A: needs X\n").unwrap();
        assert_eq!(parsed[&("restJson1".to_owned(), "request".to_owned(), "A".to_owned())], "needs X");
        assert!(parse_expected("restJson1 request A:\n").unwrap_err().contains("line 1"));
        assert!(parse_expected("restJson1 A: no kind\n").unwrap_err().contains("line 1"));
        assert!(parse_expected("restJson1 request A: x\nrestJson1 request A: y\n").unwrap_err().contains("twice"));
    }
}
