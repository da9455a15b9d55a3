//! `@pattern` matching in time linear in the text: the generator compiles each pattern into
//! small programs (one per reading of the pattern, see the `validation` module), and
//! [`Pattern::is_match`] runs them here.
//!
//! A program is a list of instructions over text units: UTF-16 code units for the ECMA-262
//! reading, Unicode scalar values for the Java reading. Counted repetitions of one character
//! class (`[a-z]{1,2048}`) are one [`Inst::Run`] instruction that keeps its counts, so they cost
//! no more than a single class. Look-around assertions are answered for every position of the
//! text before the main program runs, each by one pass of its own program (backwards for a
//! look-ahead).
//!
//! Most programs are small enough for the generator to turn into a deterministic automaton
//! ([`Dfa`]), which reads each unit once with one table lookup. The others (with look-arounds or
//! word boundaries, or whose automaton would be large, such as `[a-z]{1,2048}`) keep their
//! instructions, and run in one of two ways. Short texts, the values of ordinary input, go to a
//! backtracking search that never tries an (instruction, position) pair twice, with a budget of
//! steps in proportion to those pairs. Longer texts, and searches that use up their budget, go
//! to a Thompson-style simulation, which never backtracks. Either way the whole match takes
//! `O(text × program)` steps.

use std::collections::VecDeque;

/// A compiled `@pattern`: a value matches when any of its programs finds a match in it.
#[derive(Debug)]
pub struct Pattern<'a> {
    /// The pattern as the model writes it.
    pub source: &'a str,
    pub programs: &'a [Program<'a>],
}

/// One reading of a pattern.
#[derive(Debug, Clone, Copy)]
pub struct Program<'a> {
    /// What one step of the text is.
    pub unit: Unit,
    /// How the reading is run.
    pub code: Code<'a>,
}

/// How a reading is run.
#[derive(Debug, Clone, Copy)]
pub enum Code<'a> {
    /// An automaton: one table lookup per unit.
    Dfa(Dfa<'a>),
    /// Instructions, for readings whose automaton would be large or that look around.
    Insts {
        /// The main program, run forwards from every position of the text.
        insts: &'a [Inst<'a>],
        /// The look-around assertions' programs, which `Assert::Look` names by index; a
        /// program only names looks with a smaller index than its own.
        looks: &'a [Look<'a>],
    },
}

/// A deterministic automaton over units, built by the generator from a reading's program. State
/// 0 can no longer match, state 1 has matched whatever follows, and state 2 is the start.
#[derive(Debug, Clone, Copy)]
pub struct Dfa<'a> {
    /// How many classes of units it tells apart: the length of a row of `next`.
    pub classes: u32,
    /// The class of each ASCII unit.
    pub ascii: &'a [u8; 128],
    /// The classes of the units from 128 up: each range's first unit and its class, in order,
    /// the first at 128.
    pub wide: &'a [(u32, u8)],
    /// The next state, by state then class.
    pub next: &'a [u8],
    /// Per state, 1 if the text matches when it ends there.
    pub ends: &'a [u8],
}

impl Dfa<'_> {
    const DEAD: usize = 0;
    const MATCHED: usize = 1;
    const START: usize = 2;

    /// Whether the automaton finds a match in `text`, read in `unit`s. ASCII, one byte per unit
    /// in either reading, is read directly, eight bytes at a time while they are all ASCII; the
    /// rest from the first other character.
    fn is_match(&self, text: &str, unit: Unit) -> bool {
        let bytes = text.as_bytes();
        let mut state = Self::START;
        let mut start = 0;
        while let Some(chunk) = bytes.get(start..start + 8) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            if u64::from_le_bytes(eight) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            // The two final states lead only to themselves: checking after eight steps is enough.
            for byte in eight {
                state = self.step(state, self.ascii[usize::from(byte & 0x7f)]);
            }
            if state <= Self::MATCHED {
                return state == Self::MATCHED;
            }
            start += 8;
        }
        for (at, &byte) in bytes.iter().enumerate().skip(start) {
            if !byte.is_ascii() {
                let rest = &text[at..];
                return match unit {
                    Unit::Utf16 => self.resume(state, rest.encode_utf16().map(u32::from)),
                    Unit::CodePoint => self.resume(state, rest.chars().map(u32::from)),
                };
            }
            state = self.step(state, self.ascii[usize::from(byte)]);
            if state <= Self::MATCHED {
                return state == Self::MATCHED;
            }
        }
        self.ends[state] != 0
    }

    /// Goes on from `state` over `units`.
    fn resume(&self, mut state: usize, units: impl Iterator<Item = u32>) -> bool {
        for unit in units {
            let class = match self.ascii.get(unit as usize) {
                Some(&class) => class,
                None => self.wide[self.wide.partition_point(|&(start, _)| start <= unit) - 1].1,
            };
            state = self.step(state, class);
            if state <= Self::MATCHED {
                return state == Self::MATCHED;
            }
        }
        debug_assert!(state != Self::DEAD);
        self.ends[state] != 0
    }

    #[inline]
    fn step(&self, state: usize, class: u8) -> usize {
        usize::from(self.next[state * self.classes as usize + usize::from(class)])
    }
}

/// The units a program reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// UTF-16 code units, as ECMA-262 regular expressions without the `u` flag read text.
    Utf16,
    /// Unicode scalar values, as Java's `java.util.regex` reads text.
    CodePoint,
}

/// A look-around's program, compiled in the direction it is run: backwards for a look-ahead
/// (which then matches at a position when it can reach the end of the program from there).
#[derive(Debug, Clone, Copy)]
pub struct Look<'a> {
    pub backward: bool,
    pub insts: &'a [Inst<'a>],
}

/// Sorted, disjoint, inclusive ranges of units.
pub type Class<'a> = &'a [(u32, u32)];

#[derive(Debug, Clone, Copy)]
pub enum Inst<'a> {
    /// Consumes this unit, then goes on at the next instruction.
    Unit(u32),
    /// Consumes one unit in the class, then goes on at the next instruction.
    Class(Class<'a>),
    /// Goes on at both instructions.
    Split(u32, u32),
    /// Goes on at the instruction.
    Jump(u32),
    /// Goes on at the next instruction if the assertion holds here.
    Assert(Assert<'a>),
    /// Consumes between `min` and `max` units of the class, then goes on at the next
    /// instruction.
    Run { class: Class<'a>, min: u32, max: u32 },
    /// The program has matched.
    Match,
}

#[derive(Debug, Clone, Copy)]
pub enum Assert<'a> {
    /// The start of the text.
    Start,
    /// The end of the text.
    End,
    /// The end of the text, or just before a line terminator that ends it (Java's `$`).
    EndOrFinalTerminator,
    /// Between a unit in `word` and one outside it (or the text's edge), or, if `negate`, not.
    Boundary { word: Class<'a>, negate: bool },
    /// The look-around at this index matches here, or, if `negate`, does not.
    Look { index: u32, negate: bool },
}

/// The `@pattern` checks of the generated validators, here so that a crate without patterns
/// does not have them.
#[allow(dead_code)] // Each is used by the validators of some models only.
impl crate::validation::Violations {
    /// Records a `@pattern` violation at `path` unless `value` matches.
    pub(crate) fn pattern(&mut self, path: &crate::validation::Path<'_>, value: &str, pattern: &Pattern<'static>) {
        if !pattern.is_match(value) {
            self.add(path, crate::validation::Constraint::Pattern { pattern: pattern.source });
        }
    }

    /// A string's `@length` in characters, then its `@pattern`, which is not matched when the
    /// length is wrong: matching takes time in proportion to the value, which may be huge.
    pub(crate) fn length_and_pattern(
        &mut self,
        path: &crate::validation::Path<'_>,
        value: &str,
        min: Option<u64>,
        max: Option<u64>,
        pattern: &Pattern<'static>,
    ) {
        if self.chars(path, value, min, max) {
            self.pattern(path, value, pattern);
        }
    }
}

impl Pattern<'_> {
    /// Whether `text` holds a match of the pattern, as any of its readings finds one.
    pub fn is_match(&self, text: &str) -> bool {
        self.search(text, true)
    }

    /// The same answer as [`Pattern::is_match`], found by the simulation alone for programs of
    /// instructions, never by the backtracking search: for tests that check that the two agree.
    #[doc(hidden)]
    pub fn is_match_simulated(&self, text: &str) -> bool {
        self.search(text, false)
    }

    fn search(&self, text: &str, backtrack: bool) -> bool {
        let mut ascii: Option<bool> = None;
        let mut utf16: Option<Vec<u32>> = None;
        let mut code_points: Option<Vec<u32>> = None;
        self.programs.iter().any(|program| match program.code {
            Code::Dfa(dfa) => dfa.is_match(text, program.unit),
            Code::Insts { insts, looks } => {
                // ASCII text is the same in both units: one byte per unit.
                if *ascii.get_or_insert_with(|| text.is_ascii()) {
                    return run(insts, looks, &Bytes(text.as_bytes()), backtrack);
                }
                let units = match program.unit {
                    Unit::Utf16 => utf16.get_or_insert_with(|| text.encode_utf16().map(u32::from).collect()),
                    Unit::CodePoint => code_points.get_or_insert_with(|| text.chars().map(u32::from).collect()),
                };
                run(insts, looks, &Units(units), backtrack)
            }
        })
    }
}

/// Text as a sequence of units.
trait Text {
    fn len(&self) -> usize;
    fn unit(&self, at: usize) -> u32;
}

struct Bytes<'a>(&'a [u8]);

impl Text for Bytes<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn unit(&self, at: usize) -> u32 {
        u32::from(self.0[at])
    }
}

struct Units<'a>(&'a [u32]);

impl Text for Units<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn unit(&self, at: usize) -> u32 {
        self.0[at]
    }
}

fn contains(class: Class<'_>, unit: u32) -> bool {
    // Most classes are a few ranges; a binary search pays off for the large Unicode ones.
    if class.len() <= 8 {
        for &(low, high) in class {
            if unit <= high {
                return low <= unit;
            }
        }
        return false;
    }
    let after = class.partition_point(|&(_, high)| high < unit);
    class.get(after).is_some_and(|&(low, _)| low <= unit)
}

/// Java's line terminators, before which its `$` also matches at the end of the text.
fn is_terminator(unit: u32) -> bool {
    matches!(unit, 0x0a | 0x0d | 0x85 | 0x2028 | 0x2029)
}

/// Whether a program of instructions finds a match in `text`: by [`backtrack`] if it is allowed
/// and answers, otherwise by the simulation.
fn run<T: Text>(insts: &[Inst<'_>], looks: &[Look<'_>], text: &T, backtrack_first: bool) -> bool {
    let mut answers: Vec<Vec<bool>> = Vec::with_capacity(looks.len());
    let mut scratch = Scratch::take();
    for look in looks {
        let answer;
        (answer, scratch) = Machine::new(look.insts, &answers, text, look.backward, scratch).scan(false);
        answers.push(answer);
    }
    if let Some(found) = backtrack_first.then(|| backtrack(insts, &answers, text, &mut scratch)).flatten() {
        scratch.give_back();
        return found;
    }
    let (found, scratch) = Machine::new(insts, &answers, text, false, scratch).scan(true);
    scratch.give_back();
    !found.is_empty()
}

/// The most (instruction, position) pairs [`backtrack`] keeps a bit for: 8 KiB of memory. A
/// larger search goes to the simulation, whose memory does not grow with the text.
const BACKTRACK_STATES: usize = 1 << 16;

/// The most ways [`backtrack`] keeps to try (1.5 MiB of memory) before it gives up.
const BACKTRACK_JOBS: usize = 1 << 16;

/// Searches for a match by trying one way at a time and going back at a dead end, as most
/// regular expression engines do, but never trying an (instruction, position) pair twice: the
/// answer from there cannot have changed. On the short values of ordinary input this is several
/// times faster than the simulation, which carries every way at once. It gives up (`None`) when
/// the program and the text are too large for its memory, or when it has taken more steps than a
/// few per pair (a counted run over a long text can be tried from many starting points) or
/// holds too many ways to try, so that [`Machine`] answers within its linear bound.
fn backtrack<T: Text>(insts: &[Inst<'_>], looks: &[Vec<bool>], text: &T, scratch: &mut Scratch) -> Option<bool> {
    let n = text.len();
    let states = (n + 1).checked_mul(insts.len())?;
    if states > BACKTRACK_STATES {
        return None;
    }
    let mut budget = 2 * states + 64;
    let visited = &mut scratch.visited;
    visited.clear();
    visited.resize(states.div_ceil(64), 0);
    let stack = &mut scratch.jobs;
    stack.clear();
    let anchored = matches!(insts.first(), Some(Inst::Assert(Assert::Start)));
    for start in 0..=n {
        if anchored && start > 0 {
            break;
        }
        stack.push((0, start, start));
        while let Some((mut pc, mut at, shortest)) = stack.pop() {
            // A counted run's other ends, one shorter each time it is taken.
            if at > shortest {
                stack.push((pc, at - 1, shortest));
            }
            // Follows one way until it fails, leaving the other ways on the stack. Where it goes
            // on from a unit it consumed or an assertion, it comes from a pair it checked, so it
            // only checks pairs where a jump, a split or a run leads.
            let mut check = true;
            loop {
                budget = budget.checked_sub(1)?;
                if check {
                    let state = pc as usize * (n + 1) + at;
                    let (word, bit) = (state / 64, 1u64 << (state % 64));
                    if visited[word] & bit != 0 {
                        break;
                    }
                    visited[word] |= bit;
                    if stack.len() > BACKTRACK_JOBS {
                        return None;
                    }
                }
                check = false;
                match insts[pc as usize] {
                    Inst::Unit(expected) => {
                        if at == n || text.unit(at) != expected {
                            break;
                        }
                        at += 1;
                    }
                    Inst::Class(class) => {
                        if at == n || !contains(class, text.unit(at)) {
                            break;
                        }
                        at += 1;
                    }
                    Inst::Split(a, b) => {
                        stack.push((b, at, at));
                        (pc, check) = (a, true);
                        continue;
                    }
                    Inst::Jump(a) => {
                        (pc, check) = (a, true);
                        continue;
                    }
                    Inst::Assert(assert) => {
                        if !holds(assert, text, looks, at) {
                            break;
                        }
                    }
                    Inst::Run { class, min, max } => {
                        // Every count the class allows from here, the longest tried first.
                        let last = n.min(at.saturating_add(max as usize));
                        let mut end = at;
                        while end < last && contains(class, text.unit(end)) {
                            end += 1;
                        }
                        budget = budget.checked_sub(end - at)?;
                        let shortest = at + min as usize;
                        if end < shortest {
                            break;
                        }
                        if end > shortest {
                            stack.push((pc + 1, end - 1, shortest));
                        }
                        (at, check) = (end, true);
                    }
                    Inst::Match => return Some(true),
                }
                pc += 1;
            }
        }
    }
    Some(false)
}

/// The buffers a simulation works in, kept by each thread between matches (a validator matches
/// many values, each of which would otherwise allocate them afresh).
#[derive(Default)]
struct Scratch {
    current: Threads,
    next: Threads,
    /// Per `Run` instruction: the positions where its live counts started, oldest first.
    runs: Vec<VecDeque<usize>>,
    stack: Vec<u32>,
    /// [`backtrack`]'s (instruction, position) pairs already tried, one bit each.
    visited: Vec<u64>,
    /// [`backtrack`]'s ways still to try: an instruction, a position, and, for the ends of a
    /// counted run, the shortest end (the position when there is one way).
    jobs: Vec<(u32, usize, usize)>,
}

std::thread_local! {
    static SCRATCH: std::cell::Cell<Option<Scratch>> = const { std::cell::Cell::new(None) };
}

impl Scratch {
    /// Buffers kept after a match are at most this many units of memory, so that a huge value
    /// does not leave a huge buffer behind.
    const KEPT: usize = 1 << 14;

    /// The thread's buffers, or new ones.
    fn take() -> Self {
        SCRATCH.with(std::cell::Cell::take).unwrap_or_default()
    }

    /// Keeps the buffers for the thread's next match, unless they grew large.
    fn give_back(self) {
        let size = self.current.sparse.capacity()
            + self.stack.capacity()
            + self.runs.iter().map(VecDeque::capacity).sum::<usize>()
            + self.visited.capacity()
            + self.jobs.capacity();
        if size <= Self::KEPT {
            SCRATCH.with(|cell| cell.set(Some(self)));
        }
    }

    /// Empty buffers for a program of `size` instructions.
    fn reset(&mut self, size: usize) {
        self.current.reset(size);
        self.next.reset(size);
        self.runs.truncate(size);
        self.runs.iter_mut().for_each(VecDeque::clear);
        self.runs.resize_with(size, VecDeque::new);
        self.stack.clear();
    }
}

/// The simulation of one program over one text, in one direction.
struct Machine<'p, 'a, T> {
    insts: &'p [Inst<'p>],
    /// The answers of the look-arounds with a smaller index, per position.
    looks: &'a [Vec<bool>],
    text: &'a T,
    backward: bool,
    current: Threads,
    next: Threads,
    /// Per `Run` instruction: the positions where its live counts started, oldest first.
    runs: Vec<VecDeque<usize>>,
    stack: Vec<u32>,
    /// Kept for the next search (see [`Scratch`]).
    visited: Vec<u64>,
    jobs: Vec<(u32, usize, usize)>,
    /// Whether `Match` was reached at the position being filled.
    matched: bool,
}

/// A set of instructions with constant-time insertion, membership and clearing.
#[derive(Default)]
struct Threads {
    dense: Vec<u32>,
    sparse: Vec<u32>,
}

impl Threads {
    /// Empty, for instructions below `size`.
    fn reset(&mut self, size: usize) {
        self.dense.clear();
        self.sparse.clear();
        self.sparse.resize(size, 0);
    }

    fn insert(&mut self, pc: u32) -> bool {
        let slot = self.sparse[pc as usize] as usize;
        if slot < self.dense.len() && self.dense[slot] == pc {
            return false;
        }
        self.sparse[pc as usize] = self.dense.len() as u32;
        self.dense.push(pc);
        true
    }
}

impl<'p, 'a, T: Text> Machine<'p, 'a, T> {
    fn new(insts: &'p [Inst<'p>], looks: &'a [Vec<bool>], text: &'a T, backward: bool, mut scratch: Scratch) -> Self {
        scratch.reset(insts.len());
        let Scratch { current, next, runs, stack, visited, jobs } = scratch;
        Machine { insts, looks, text, backward, current, next, runs, stack, visited, jobs, matched: false }
    }

    /// The buffers, for the next simulation.
    fn into_scratch(self) -> Scratch {
        let Machine { current, next, runs, stack, visited, jobs, .. } = self;
        Scratch { current, next, runs, stack, visited, jobs }
    }

    /// Runs the program from every position of the text, in scan order. With `first`, stops at
    /// the first position where it matches and returns a non-empty vector; otherwise returns
    /// whether it matched at each position (0 to the text's length). The buffers come back too.
    fn scan(mut self, first: bool) -> (Vec<bool>, Scratch) {
        let answers = self.run(first);
        (answers, self.into_scratch())
    }

    fn run(&mut self, first: bool) -> Vec<bool> {
        let n = self.text.len();
        let mut answers = if first { Vec::new() } else { vec![false; n + 1] };
        // A program that starts by asserting the edge it is run from only starts there.
        let anchored = match self.insts.first() {
            Some(Inst::Assert(Assert::Start)) => !self.backward,
            Some(Inst::Assert(Assert::End)) => self.backward,
            _ => false,
        };
        for step in 0..=n {
            let at = if self.backward { n - step } else { step };
            // `next` holds the threads that reached `at`; one more starts here.
            if step == 0 || !anchored {
                self.add(0, at);
            } else if self.next.dense.is_empty() {
                break;
            }
            if self.matched {
                if first {
                    return vec![true];
                }
                answers[at] = true;
                self.matched = false;
            }
            std::mem::swap(&mut self.current, &mut self.next);
            self.next.dense.clear();
            if step < n {
                self.advance(at);
            }
        }
        answers
    }

    /// How many units lie between where a count started and a position.
    fn distance(&self, start: usize, at: usize) -> usize {
        if self.backward {
            start - at
        } else {
            at - start
        }
    }

    /// Takes every thread at `at` one unit further, into `next`.
    fn advance(&mut self, at: usize) {
        let (unit, to) = if self.backward { (self.text.unit(at - 1), at - 1) } else { (self.text.unit(at), at + 1) };
        for index in 0..self.current.dense.len() {
            let pc = self.current.dense[index];
            match self.insts[pc as usize] {
                Inst::Unit(expected) if expected == unit => self.add(pc + 1, to),
                Inst::Class(class) if contains(class, unit) => self.add(pc + 1, to),
                Inst::Run { class, min, max } => {
                    // Every count takes this unit or ends, except those that start at `to`
                    // (added while this step runs), which are the newest.
                    let takes = contains(class, unit);
                    while let Some(&start) = self.runs[pc as usize].front() {
                        if start == to || (takes && self.distance(start, to) <= max as usize) {
                            break;
                        }
                        self.runs[pc as usize].pop_front();
                    }
                    if let Some(&oldest) = self.runs[pc as usize].front() {
                        self.next.insert(pc);
                        if oldest != to && self.distance(oldest, to) >= min as usize {
                            self.add(pc + 1, to);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Adds the thread at `pc` to `next`, with every thread its epsilon moves reach at `at`.
    fn add(&mut self, pc: u32, at: usize) {
        // Most threads stop at an instruction that consumes a unit: no epsilon moves to follow.
        if let Inst::Unit(_) | Inst::Class(_) = self.insts[pc as usize] {
            self.next.insert(pc);
            return;
        }
        self.stack.push(pc);
        while let Some(pc) = self.stack.pop() {
            let inst = self.insts[pc as usize];
            if let Inst::Run { min, .. } = inst {
                // A count starts here, once per position, even when the run is already live.
                let counts = &mut self.runs[pc as usize];
                if counts.back() != Some(&at) {
                    counts.push_back(at);
                    if min == 0 {
                        self.stack.push(pc + 1);
                    }
                }
                self.next.insert(pc);
                continue;
            }
            if !self.next.insert(pc) {
                continue;
            }
            match inst {
                Inst::Split(a, b) => {
                    self.stack.push(b);
                    self.stack.push(a);
                }
                Inst::Jump(a) => self.stack.push(a),
                Inst::Assert(assert) => {
                    if holds(assert, self.text, self.looks, at) {
                        self.stack.push(pc + 1);
                    }
                }
                Inst::Match => self.matched = true,
                Inst::Unit(_) | Inst::Class(_) | Inst::Run { .. } => {}
            }
        }
    }
}

/// Whether the assertion holds at `at`, given the look-arounds' answers.
fn holds<T: Text>(assert: Assert<'_>, text: &T, looks: &[Vec<bool>], at: usize) -> bool {
    let n = text.len();
    match assert {
        Assert::Start => at == 0,
        Assert::End => at == n,
        Assert::EndOrFinalTerminator => {
            let unit = |i: usize| text.unit(i);
            at == n
                || (at + 1 == n && is_terminator(unit(at)) && !(unit(at) == 0x0a && at > 0 && unit(at - 1) == 0x0d))
                || (at + 2 == n && unit(at) == 0x0d && unit(at + 1) == 0x0a)
        }
        Assert::Boundary { word, negate } => {
            let before = at > 0 && contains(word, text.unit(at - 1));
            let after = at < n && contains(word, text.unit(at));
            (before != after) != negate
        }
        Assert::Look { index, negate } => looks[index as usize][at] != negate,
    }
}
