//! The compiler and the runtime's matcher together, on cases whose answers were recorded from
//! Node.js (`new RegExp(p).test(t)`) and Java 17 (`Pattern.compile(p).matcher(t).find()`).

use super::{accepts, compile, is_match as run, with_runtime, Compiled};

#[test]
fn readings_of_both_dialects() {
    let cases: &[(&str, &str, bool)] = &[
        ("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "prod", true),
        ("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "env1", true),
        ("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "Ärger", true),
        ("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "日本", true),
        ("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "a\u{0}b", false),
        ("(?<=a)b", "ab", true),
        ("(?<=a)b", "cb", false),
        ("^(?!aws:)[a-z:]+$", "aws:x", false),
        ("^(?!aws:)[a-z:]+$", "awsx:", true),
        ("^[a-z]{2,4}$", "abcd", true),
        ("^[a-z]{2,4}$", "abcde", false),
        ("^[a-z]{2,4}$", "a", false),
        ("^(ab){2}$", "abab", true),
        ("^(ab){2}$", "ab", false),
        ("(?i)^true$", "TrUe", true),
        ("(?s)^.{1,3}$", "a\nb", true),
        ("^a?+b$", "ab", true),
        ("^.$", "\u{1f600}", true),
        ("^..$", "\u{1f600}", true),
        ("^\\s$", "\u{a0}", true),
        ("abc$", "abc\n", true),
        ("^[^:]+$", "a:b", false),
    ];
    for (pattern, text, expected) in cases {
        assert_eq!(accepts(pattern, text), Some(*expected), "{pattern} on {text:?}");
    }
}

#[test]
fn hostile_patterns_take_linear_time() {
    // Exponential for a backtracking engine.
    let text = format!("{}\u{1}", "a ".repeat(5000));
    assert_eq!(accepts("^([a-z]+ ?)+$", &text), Some(false));
    assert_eq!(accepts("^(a|a)*$", &"a".repeat(10_000)), Some(true));
    assert_eq!(accepts("^.{1,100000}$", &"x".repeat(100_000)), Some(true));
    assert_eq!(accepts("^.{1,100000}$", &"x".repeat(100_001)), Some(false));
}

/// The runtime answers by an automaton where the generator built one, otherwise short texts by
/// a backtracking search and long ones by a simulation: all three must give the same answer on
/// every text, here every text of up to seven units over an alphabet that each pattern
/// distinguishes, and longer ones.
#[test]
fn the_automaton_the_search_and_the_simulation_agree() {
    let cases: &[(&str, &str)] = &[
        ("^(a|ab)(c|bcd)(d*)$", "abcd"),
        ("^(a+|b)*c$", "abc"),
        ("(a|b)*abb", "ab"),
        ("^a{2,3}b{0,2}$", "ab"),
        ("^[a-c]{1,3}(b|c){2}$", "abc"),
        ("^(?:a|b?){2,4}c?$", "abc"),
        ("\\bab\\b", "ab "),
        ("^(?!ab)[ab]+$", "ab"),
        ("(?<=a)b+$", "ab"),
        ("^a*?b+?a$", "ab"),
        ("^(a{1,2}){2}b$", "ab"),
        ("ba$", "ab\n"),
        ("a$", "a\r\n\u{85}"),
        ("^a+$|b", "ab\r\n"),
        ("$^|a", "ab"),
        ("^$", "a"),
        ("a|^b|c$", "abc"),
        ("^[^:]+:(?:[0-9]{3}|aws(?:-[a-z-]+)?)$", "a:3w-"),
        ("^\\p{L}+$", "aé1\u{1F600}"),
        ("[\u{1F600}-\u{1F64F}]", "a\u{1F600}\u{1F650}"),
    ];
    let mut automata = 0;
    for (pattern, alphabet) in cases {
        let Compiled::Checked(programs) = compile(pattern) else { panic!("{pattern} does not compile") };
        automata += programs.iter().filter(|p| p.dfa.is_some()).count();
        let alphabet: Vec<char> = alphabet.chars().collect();
        let mut texts = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..7 {
            frontier = frontier.iter().flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}"))).collect();
            texts.extend(frontier.iter().cloned());
        }
        // Longer texts: one the search answers after much going back, one past its memory,
        // which the simulation answers alone.
        texts.push(format!("{}c", "ab".repeat(300)));
        texts.push(alphabet.iter().collect::<String>().repeat(40_000));
        let (mut matched, mut refused) = (0, 0);
        with_runtime(pattern, &programs, true, |automaton| {
            with_runtime(pattern, &programs, false, |insts| {
                for text in &texts {
                    let found = automaton.is_match(text);
                    assert_eq!(found, insts.is_match(text), "{pattern} on {text:?}: the automaton and the search differ");
                    assert_eq!(found, insts.is_match_simulated(text), "{pattern} on {text:?}: the automaton and the simulation differ");
                    if found {
                        matched += 1;
                    } else {
                        refused += 1;
                    }
                }
            })
        });
        // Each pattern tells texts apart, so the comparison says something.
        assert!(matched > 0 && refused > 0, "{pattern}: {matched} matched, {refused} refused");
    }
    // Most of these programs have an automaton, so the comparison tests it.
    assert!(automata >= 20, "{automata} automata");
}

/// Which programs become automata: not those that look around or test word boundaries, nor
/// those whose automaton would be large.
#[test]
fn small_programs_become_automata() {
    let automata = |pattern: &str| match compile(pattern) {
        Compiled::Checked(programs) => programs.iter().map(|p| p.dfa.is_some()).collect::<Vec<bool>>(),
        Compiled::Skipped(why) => panic!("{pattern}: {why}"),
    };
    let arn = "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?):image/[a-z0-9-_]+/[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$";
    assert_eq!(automata(arn), [true, true]);
    assert_eq!(automata("^[a-z0-9]{1,64}$"), [true, true]);
    assert_eq!(automata("^[a-z0-9]{1,2048}$"), [false, false]);
    assert_eq!(automata("^(?!aws:)[a-z:]+$"), [false, false]);
    assert_eq!(automata("\\bab\\b"), [false, false]);
    // In Java's reading `\p{L}` has hundreds of ranges, which its instructions test by binary
    // search; ECMA-262's reads the text `p{L}`.
    assert_eq!(automata("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$"), [true, false]);
}

/// Local harness over a recorded corpus (not run by CI): `PATTERN_CORPUS=dir cargo test -p codegen
/// corpus -- --ignored`, where `dir` holds `cases.json` and the two oracles' verdicts.
#[test]
#[ignore]
fn corpus() {
    let dir = std::path::PathBuf::from(std::env::var("PATTERN_CORPUS").expect("PATTERN_CORPUS"));
    let cases: Vec<(String, String)> = serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    let js: Vec<String> = std::fs::read_to_string(dir.join("oracle/run.py.node.out")).unwrap().lines().map(str::to_owned).collect();
    let java: Vec<String> = std::fs::read_to_string(dir.join("oracle/run.py.java.out")).unwrap().lines().map(str::to_owned).collect();
    let mut compiled: std::collections::HashMap<String, Compiled> = Default::default();
    let (mut ok, mut wrong, mut wider, mut skipped, mut unknown) = (0, 0, 0, 0, 0);
    let mut wrong_patterns: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut skip_reasons: std::collections::BTreeMap<String, String> = Default::default();
    for (i, (pattern, text)) in cases.iter().enumerate() {
        let readings = [js[i].as_str(), java[i].as_str()];
        let expected = if readings.contains(&"1") {
            Some(true)
        } else if readings.iter().all(|r| *r == "0" || *r == "E") && readings.contains(&"0") {
            Some(false)
        } else {
            None
        };
        let program = compiled.entry(pattern.clone()).or_insert_with(|| compile(pattern));
        let Compiled::Checked(programs) = program else {
            if let Compiled::Skipped(why) = program {
                skip_reasons.insert(pattern.clone(), why.clone());
            }
            skipped += 1;
            continue;
        };
        let Some(expected) = expected else {
            unknown += 1;
            continue;
        };
        let got = with_runtime(pattern, programs, true, |compiled| compiled.is_match(text));
        let (searched, simulated) = with_runtime(pattern, programs, false, |compiled| (compiled.is_match(text), compiled.is_match_simulated(text)));
        assert_eq!((got, got), (searched, simulated), "the engines differ: {pattern:?} on {text:?}");
        if got == expected {
            ok += 1;
        } else if got {
            // Accepting what both readings refuse is allowed (back references are widened).
            wider += 1;
        } else {
            wrong += 1;
            wrong_patterns.entry(pattern.clone()).or_default().push(format!("{text:?} expected {expected} (js {} java {})", js[i], java[i]));
        }
    }
    for (pattern, texts) in wrong_patterns.iter().take(60) {
        eprintln!("WRONG {pattern:?}: {} cases, e.g. {}", texts.len(), texts[0]);
    }
    for (pattern, why) in &skip_reasons {
        eprintln!("SKIPPED {pattern:?}: {why}");
    }
    let programs: Vec<&super::Program> = compiled.values().filter_map(|c| match c { Compiled::Checked(p) => Some(p), _ => None }).flatten().collect();
    eprintln!("automata: {} of {} programs", programs.iter().filter(|p| p.dfa.is_some()).count(), programs.len());
    eprintln!("ok {ok} wrong {wrong} ({} patterns) wider {wider} skipped {skipped} ({} patterns) unknown {unknown}", wrong_patterns.len(), skip_reasons.len());
    // Worst cases: every pattern on long texts built from its own accepted samples.
    let mut slowest: Vec<(std::time::Duration, String, usize)> = Vec::new();
    let mut sizes: Vec<(usize, String)> = Vec::new();
    let mut samples: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    for (pattern, text) in &cases {
        samples.entry(pattern.as_str()).or_default().push(text.as_str());
    }
    for (pattern, texts) in &samples {
        let Some(Compiled::Checked(programs)) = compiled.get(*pattern) else { continue };
        sizes.push((programs.iter().map(|p| p.insts.len() + p.looks.iter().map(|l| l.insts.len()).sum::<usize>()).sum(), pattern.to_string()));
        let longest = texts.iter().max_by_key(|t| t.len()).copied().unwrap_or("a");
        let unit = if longest.is_empty() { "a " } else { longest };
        for suffix in ["\u{1}", "", "!"] {
            let mut text = unit.repeat(10_000 / unit.len().max(1) + 1);
            text.push_str(suffix);
            let started = std::time::Instant::now();
            run(pattern, programs, &text);
            slowest.push((started.elapsed(), pattern.to_string(), text.len()));
        }
    }
    slowest.sort();
    for (time, pattern, len) in slowest.iter().rev().take(8) {
        eprintln!("SLOW {time:?} on {len} units: {pattern:?}");
    }
    sizes.sort();
    for (size, pattern) in sizes.iter().rev().take(5) {
        eprintln!("SIZE {size}: {pattern:?}");
    }
    assert_eq!(wrong, 0);
}
