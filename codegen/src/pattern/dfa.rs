//! Pattern stage: turns a program into a deterministic automaton where one is small, so that the
//! runtime answers with one table lookup per unit of the text instead of running the program.
//!
//! The automaton is built by the subset construction over the program's positions: an
//! instruction that consumes a unit, a counted run with its count so far, an `End` assertion
//! waiting for the end of the text, or a step of Java's `$` (which also holds before a final line
//! terminator). The search is unanchored unless the program starts with `^`: every step adds the
//! program's start again. A state that has reached `Match` is final (a match was found), so the
//! runtime stops there. Programs with look-arounds or word boundaries, and any program whose
//! automaton would be large, keep their instructions.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use super::compile::{Assert, Inst, Unit};
use super::set::Set;

/// The state that can no longer match.
pub const DEAD: u8 = 0;
/// The state that has matched, whatever follows.
pub const MATCHED: u8 = 1;
/// The state at the start of the text.
pub const START: u8 = 2;

/// States are one byte each in the tables.
const MAX_STATES: usize = 256;
/// Classes of units the automaton tells apart.
const MAX_CLASSES: usize = 64;
/// Ranges of non-ASCII units with a class of their own: beyond this the program's classes are
/// large Unicode ones, which the instructions test by binary search anyway.
const MAX_WIDE: usize = 16;
/// Positions visited while building, so that a pattern costs the generator bounded time.
const MAX_WORK: usize = 1 << 20;

/// A deterministic automaton over a program's units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dfa {
    /// How many classes of units it tells apart: the length of a row of `next`.
    pub classes: usize,
    /// The class of each ASCII unit.
    pub ascii: [u8; 128],
    /// The classes of the units from 128 up: each range's first unit and its class, in order,
    /// the first at 128.
    pub wide: Vec<(u32, u8)>,
    /// The next state, by state then class.
    pub next: Vec<u8>,
    /// Per state, 1 if the text matches when it ends there, else 0.
    pub ends: Vec<u8>,
}

/// Where a program can be between two units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Pos {
    /// At an instruction that consumes one unit.
    At(u32),
    /// In a counted run, with the units it has taken (at most its minimum when it has no maximum).
    Run(u32, u32),
    /// At an `End` assertion: what follows is tried when the text ends.
    End(u32),
    /// At Java's `$` followed by `Match`, in one of its steps.
    Final(Final),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Final {
    /// The assertion was reached; the unit before was not `\r`.
    Reached,
    /// The assertion was reached just after a `\r` (so a `\n` now is not a final terminator).
    ReachedAfterCr,
    /// A `\r` followed, which a `\n` may complete.
    Cr,
    /// A final terminator followed: only the end of the text may come.
    Terminated,
}

const CR: u32 = 0x0d;
const LF: u32 = 0x0a;

/// Java's line terminators other than `\r` and `\n`.
fn other_terminator(unit: u32) -> bool {
    matches!(unit, 0x85 | 0x2028 | 0x2029)
}

/// The automaton of a program, or `None` when the program has constructs the automaton does not
/// express or the automaton would be too large.
pub fn build(insts: &[Inst], unit: Unit) -> Option<Dfa> {
    let mut eoft = false;
    for (pc, inst) in insts.iter().enumerate() {
        match inst {
            Inst::Assert(Assert::Boundary { .. } | Assert::Look { .. }) => return None,
            Inst::Assert(Assert::EndOrFinalTerminator) => {
                if insts.get(pc + 1) != Some(&Inst::Match) {
                    return None;
                }
                eoft = true;
            }
            _ => {}
        }
    }
    let max_unit = match unit {
        Unit::Utf16 => 0xffff,
        Unit::CodePoint => 0x10_ffff,
    };
    let alphabet = Alphabet::new(insts, eoft, max_unit)?;
    let anchored = insts.first() == Some(&Inst::Assert(Assert::Start));
    let mut builder = Builder { insts, anchored, work: 0, seen: vec![0; insts.len()], walk: 0, stack: Vec::new() };

    // The states' positions, in the order of their numbers from `START`. The start state is
    // never looked up, so it stays its own even when its positions recur: `^` holds only there.
    let mut keys: Vec<Vec<Pos>> = Vec::new();
    let mut index: BTreeMap<Vec<Pos>, u8> = BTreeMap::new();
    let mut rows: Vec<Vec<u8>> = vec![vec![DEAD; alphabet.classes()], vec![MATCHED; alphabet.classes()]];
    let mut ends = vec![false, true];
    let (matched, start) = builder.closure(&[0], true, false)?;
    if matched {
        rows.push(vec![MATCHED; alphabet.classes()]);
        ends.push(true);
        return Some(alphabet.into_dfa(rows, ends));
    }
    keys.push(start);
    let mut done = 0;
    while done < keys.len() {
        let positions = keys[done].clone();
        ends.push(builder.ends(&positions, done == 0)?);
        done += 1;
        let mut row = Vec::with_capacity(alphabet.classes());
        for &unit in &alphabet.representatives {
            let (matched, next) = builder.step(&positions, unit)?;
            let state = if matched {
                MATCHED
            } else if next.is_empty() {
                DEAD
            } else {
                match index.entry(next) {
                    Entry::Occupied(known) => *known.get(),
                    Entry::Vacant(new) => {
                        let state = START as usize + keys.len();
                        if state >= MAX_STATES {
                            return None;
                        }
                        keys.push(new.key().clone());
                        *new.insert(state as u8)
                    }
                }
            };
            row.push(state);
        }
        rows.push(row);
    }
    Some(alphabet.into_dfa(rows, ends))
}

struct Builder<'a> {
    insts: &'a [Inst],
    /// Whether the program starts with `^`, so that a match can start only at the text's start.
    anchored: bool,
    work: usize,
    /// The walk (see [`Builder::start_walk`]) that last visited each instruction: a walk's
    /// visited set without clearing one per walk.
    seen: Vec<u32>,
    walk: u32,
    /// The instructions a walk has yet to visit, kept between walks for its allocation.
    stack: Vec<u32>,
}

impl Builder<'_> {
    /// Starts a walk over the instructions from `pcs` (the first popped first): no instruction
    /// is visited yet.
    fn start_walk(&mut self, pcs: impl DoubleEndedIterator<Item = u32>) -> Vec<u32> {
        self.walk += 1;
        if self.walk == u32::MAX {
            self.seen.fill(0);
            self.walk = 1;
        }
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.extend(pcs.rev());
        stack
    }

    /// Counts a step of work (`None` past the budget) and says whether `pc` is seen for the
    /// first time in this walk.
    fn first_visit(&mut self, pc: u32) -> Option<bool> {
        self.work += 1;
        if self.work > MAX_WORK {
            return None;
        }
        Some(std::mem::replace(&mut self.seen[pc as usize], self.walk) != self.walk)
    }

    /// The positions the instructions at `pcs` lead to without consuming, and whether one of them
    /// is `Match`. `at_start` says whether `^` holds, `after_cr` whether the last unit was `\r`.
    fn closure(&mut self, pcs: &[u32], at_start: bool, after_cr: bool) -> Option<(bool, Vec<Pos>)> {
        let mut out = Vec::new();
        let mut stack = self.start_walk(pcs.iter().copied());
        let mut matched = false;
        while let Some(pc) = stack.pop() {
            if !self.first_visit(pc)? {
                continue;
            }
            match &self.insts[pc as usize] {
                Inst::Unit(_) | Inst::Class(_) => out.push(Pos::At(pc)),
                Inst::Run { min, .. } => {
                    out.push(Pos::Run(pc, 0));
                    if *min == 0 {
                        stack.push(pc + 1);
                    }
                }
                Inst::Split(a, b) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Inst::Jump(a) => stack.push(*a),
                Inst::Assert(Assert::Start) => {
                    if at_start {
                        stack.push(pc + 1);
                    }
                }
                Inst::Assert(Assert::End) => out.push(Pos::End(pc)),
                Inst::Assert(Assert::EndOrFinalTerminator) => {
                    out.push(Pos::Final(if after_cr { Final::ReachedAfterCr } else { Final::Reached }));
                }
                Inst::Assert(Assert::Boundary { .. } | Assert::Look { .. }) => return None,
                Inst::Match => matched = true,
            }
        }
        self.stack = stack;
        Some((matched, out))
    }

    /// The positions after consuming `unit` from `positions`, and whether `Match` was reached.
    fn step(&mut self, positions: &[Pos], unit: u32) -> Option<(bool, Vec<Pos>)> {
        let mut next: Vec<Pos> = Vec::new();
        let mut enter: Vec<u32> = Vec::new();
        for &pos in positions {
            self.work += 1;
            match pos {
                Pos::At(pc) => {
                    let takes = match &self.insts[pc as usize] {
                        Inst::Unit(expected) => *expected == unit,
                        Inst::Class(set) => set.contains(unit),
                        _ => false,
                    };
                    if takes {
                        enter.push(pc + 1);
                    }
                }
                Pos::Run(pc, count) => {
                    let Inst::Run { class, min, max } = &self.insts[pc as usize] else { continue };
                    if count >= *max || !class.contains(unit) {
                        continue;
                    }
                    let taken = count + 1;
                    if *max == u32::MAX {
                        // Past its minimum an unbounded run is the same whatever its count.
                        next.push(Pos::Run(pc, taken.min(*min)));
                    } else if taken < *max {
                        next.push(Pos::Run(pc, taken));
                    }
                    if taken >= *min {
                        enter.push(pc + 1);
                    }
                }
                Pos::End(_) => {}
                Pos::Final(state) => {
                    let after = match state {
                        Final::Reached if unit == LF || other_terminator(unit) => Some(Final::Terminated),
                        Final::ReachedAfterCr if other_terminator(unit) => Some(Final::Terminated),
                        Final::Reached | Final::ReachedAfterCr if unit == CR => Some(Final::Cr),
                        Final::Cr if unit == LF => Some(Final::Terminated),
                        _ => None,
                    };
                    next.extend(after.map(Pos::Final));
                }
            }
        }
        if !self.anchored {
            enter.push(0);
        }
        let (matched, entered) = self.closure(&enter, false, unit == CR)?;
        next.extend(entered);
        next.sort_unstable();
        next.dedup();
        Some((matched, next))
    }

    /// Whether the text matches if it ends at these positions.
    fn ends(&mut self, positions: &[Pos], at_start: bool) -> Option<bool> {
        for &pos in positions {
            match pos {
                Pos::Final(_) => return Some(true),
                Pos::End(pc) => {
                    if self.reaches_match_at_end(pc + 1, at_start)? {
                        return Some(true);
                    }
                }
                Pos::At(_) | Pos::Run(..) => {}
            }
        }
        Some(false)
    }

    /// Whether `Match` is reachable from `pc` without consuming, at the end of the text.
    fn reaches_match_at_end(&mut self, pc: u32, at_start: bool) -> Option<bool> {
        let mut stack = self.start_walk(std::iter::once(pc));
        while let Some(pc) = stack.pop() {
            if !self.first_visit(pc)? {
                continue;
            }
            match &self.insts[pc as usize] {
                Inst::Match => {
                    self.stack = stack;
                    return Some(true);
                }
                Inst::Split(a, b) => stack.extend([*a, *b]),
                Inst::Jump(a) => stack.push(*a),
                Inst::Run { min: 0, .. } => stack.push(pc + 1),
                Inst::Assert(Assert::Start) if at_start => stack.push(pc + 1),
                Inst::Assert(Assert::End | Assert::EndOrFinalTerminator) => stack.push(pc + 1),
                _ => {}
            }
        }
        self.stack = stack;
        Some(false)
    }
}

/// The units a program tells apart, grouped into classes: units that every instruction treats
/// alike share one.
struct Alphabet {
    /// Each class's smallest unit.
    representatives: Vec<u32>,
    /// The first unit of each range of units and its class, in order from 0.
    ranges: Vec<(u32, u8)>,
}

impl Alphabet {
    fn new(insts: &[Inst], eoft: bool, max_unit: u32) -> Option<Alphabet> {
        let mut tests: Vec<Set> = Vec::new();
        for inst in insts {
            match inst {
                Inst::Unit(unit) => tests.push(Set::unit(*unit)),
                Inst::Class(set) | Inst::Run { class: set, .. } => tests.push(set.clone()),
                _ => {}
            }
        }
        if eoft {
            tests.extend([Set::unit(CR), Set::unit(LF), Set::from_units(&[0x85, 0x2028, 0x2029])]);
        }
        tests.sort();
        tests.dedup();
        let mut starts: Vec<u32> = vec![0];
        for set in &tests {
            for &(low, high) in set.ranges() {
                starts.push(low);
                starts.push(high.saturating_add(1));
            }
        }
        starts.retain(|&unit| unit <= max_unit);
        starts.sort_unstable();
        starts.dedup();
        let mut classes: BTreeMap<Vec<bool>, u8> = BTreeMap::new();
        let mut representatives = Vec::new();
        let mut ranges: Vec<(u32, u8)> = Vec::new();
        for &start in &starts {
            let signature: Vec<bool> = tests.iter().map(|set| set.contains(start)).collect();
            let class = match classes.get(&signature) {
                Some(&class) => class,
                None => {
                    if representatives.len() >= MAX_CLASSES {
                        return None;
                    }
                    let class = representatives.len() as u8;
                    classes.insert(signature, class);
                    representatives.push(start);
                    class
                }
            };
            if ranges.last().map(|&(_, last)| last) != Some(class) {
                ranges.push((start, class));
            }
        }
        let alphabet = Alphabet { representatives, ranges };
        (alphabet.wide().len() <= MAX_WIDE).then_some(alphabet)
    }

    fn classes(&self) -> usize {
        self.representatives.len()
    }

    fn class_of(&self, unit: u32) -> u8 {
        let after = self.ranges.partition_point(|&(start, _)| start <= unit);
        self.ranges[after - 1].1
    }

    /// The ranges from 128 up, the first starting at 128.
    fn wide(&self) -> Vec<(u32, u8)> {
        let mut wide = vec![(128, self.class_of(128))];
        wide.extend(self.ranges.iter().copied().filter(|&(start, _)| start > 128));
        wide
    }

    fn into_dfa(self, rows: Vec<Vec<u8>>, ends: Vec<bool>) -> Dfa {
        let mut ascii = [0u8; 128];
        for (unit, class) in ascii.iter_mut().enumerate() {
            *class = self.class_of(unit as u32);
        }
        Dfa { classes: self.classes(), ascii, wide: self.wide(), next: rows.concat(), ends: ends.into_iter().map(u8::from).collect() }
    }
}
