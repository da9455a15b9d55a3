//! Pattern stage: turns the tree of a reading into a program for the runtime's linear-time
//! matcher (`runtime/pattern.rs`). Constructs whose exact language a program cannot express
//! (back references, possessive quantifiers and atomic groups) are widened where a wider
//! language can only accept more, and narrowed inside negative look-arounds, where a narrower
//! language can only accept more: a check may accept a value the service rejects, never the
//! reverse.

use super::dfa::{self, Dfa};
use super::parse::{Assertion, Dialect, Failure, Node};
use super::set::{self, Set};
use super::unicode;

/// A program, owned: what the generator emits as the runtime's `Program`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub unit: Unit,
    pub insts: Vec<Inst>,
    pub looks: Vec<Look>,
    /// The same program as an automaton, where it has a small one: what the runtime runs then.
    pub dfa: Option<Dfa>,
}

impl Program {
    /// Every set the program's instructions and assertions use, look-arounds included.
    pub fn sets(&self) -> impl Iterator<Item = &Set> {
        let insts = self.insts.iter().chain(self.looks.iter().flat_map(|look| &look.insts));
        insts.filter_map(|inst| match inst {
            Inst::Class(set) | Inst::Run { class: set, .. } | Inst::Assert(Assert::Boundary { word: set, .. }) => Some(set),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Utf16,
    CodePoint,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    pub backward: bool,
    pub insts: Vec<Inst>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inst {
    Unit(u32),
    Class(Set),
    Split(u32, u32),
    Jump(u32),
    Assert(Assert),
    Run { class: Set, min: u32, max: u32 },
    Match,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assert {
    Start,
    End,
    EndOrFinalTerminator,
    Boundary { word: Set, negate: bool },
    Look { index: u32, negate: bool },
}

/// Programs larger than this are not emitted: matching costs text length times program size.
pub const MAX_INSTRUCTIONS: usize = 10_000;

pub fn compile(node: &Node, dialect: Dialect) -> Result<Program, Failure> {
    let mut compiler = Compiler { dialect, looks: Vec::new(), size: 0 };
    let mut insts = Vec::new();
    compiler.node(node, true, false, &mut insts)?;
    insts.push(Inst::Match);
    let unit = match dialect {
        Dialect::EcmaScript => Unit::Utf16,
        Dialect::Java => Unit::CodePoint,
    };
    let dfa = dfa::build(&insts, unit);
    Ok(Program { unit, insts, looks: compiler.looks, dfa })
}

struct Compiler {
    dialect: Dialect,
    looks: Vec<Look>,
    /// Instructions emitted so far, over all programs of the pattern.
    size: usize,
}

impl Compiler {
    fn push(&mut self, out: &mut Vec<Inst>, inst: Inst) -> Result<(), Failure> {
        self.size += 1;
        if self.size > MAX_INSTRUCTIONS {
            return Err(Failure::Unsupported(format!("it compiles to more than {MAX_INSTRUCTIONS} instructions")));
        }
        out.push(inst);
        Ok(())
    }

    /// What matches nothing.
    fn fail(&mut self, out: &mut Vec<Inst>) -> Result<(), Failure> {
        self.push(out, Inst::Class(Set::empty()))
    }

    /// Appends the code of `node` to `out`. `positive` says whether a wider language only
    /// accepts more (outside negative look-arounds), `backward` whether the program runs from
    /// the end of the text to its start.
    fn node(&mut self, node: &Node, positive: bool, backward: bool, out: &mut Vec<Inst>) -> Result<(), Failure> {
        match node {
            Node::Empty => Ok(()),
            Node::Set(set) => match set.ranges() {
                [(low, high)] if low == high => self.push(out, Inst::Unit(*low)),
                _ => self.push(out, Inst::Class(set.clone())),
            },
            Node::Concat(items) => {
                if backward {
                    items.iter().rev().try_for_each(|item| self.node(item, positive, backward, out))
                } else {
                    items.iter().try_for_each(|item| self.node(item, positive, backward, out))
                }
            }
            Node::Alt(items) => self.alternation(items, positive, backward, out),
            Node::Group { node, atomic, .. } => {
                if *atomic && !positive {
                    return self.fail(out);
                }
                self.node(node, positive, backward, out)
            }
            Node::Repeat { node, min, max, possessive } => {
                if *possessive && !positive {
                    return self.fail(out);
                }
                self.repeat(node, *min, *max, positive, backward, out)
            }
            Node::Assert(assertion) => self.assertion(*assertion, positive, out),
            Node::Look { behind, negate, node } => {
                let mut insts = Vec::new();
                // A look-ahead is answered by running its program backwards from the end.
                self.node(node, positive != *negate, !behind, &mut insts)?;
                self.push(&mut insts, Inst::Match)?;
                let index = self.looks.len() as u32;
                self.looks.push(Look { backward: !behind, insts });
                self.push(out, Inst::Assert(Assert::Look { index, negate: *negate }))
            }
            Node::BackReference(_) => {
                if positive {
                    // Any text at all: wider than what the group matched.
                    self.push(out, Inst::Run { class: Set::range(0, self.dialect.max_unit()), min: 0, max: u32::MAX })
                } else {
                    self.fail(out)
                }
            }
        }
    }

    fn alternation(&mut self, items: &[Node], positive: bool, backward: bool, out: &mut Vec<Inst>) -> Result<(), Failure> {
        let mut jumps = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let last = index + 1 == items.len();
            let split = out.len();
            if !last {
                self.push(out, Inst::Split(0, 0))?;
            }
            self.node(item, positive, backward, out)?;
            if !last {
                jumps.push(out.len());
                self.push(out, Inst::Jump(0))?;
                out[split] = Inst::Split(split as u32 + 1, out.len() as u32);
            }
        }
        let end = out.len() as u32;
        for jump in jumps {
            out[jump] = Inst::Jump(end);
        }
        Ok(())
    }

    fn repeat(&mut self, node: &Node, min: u32, max: Option<u32>, positive: bool, backward: bool, out: &mut Vec<Inst>) -> Result<(), Failure> {
        if let Node::Set(class) = node {
            return self.push(out, Inst::Run { class: class.clone(), min, max: max.unwrap_or(u32::MAX) });
        }
        if max == Some(0) {
            return Ok(());
        }
        for _ in 0..min {
            self.node(node, positive, backward, out)?;
        }
        match max {
            None => {
                // loop: Split(body, end); body; Jump(loop)
                let start = out.len();
                self.push(out, Inst::Split(0, 0))?;
                self.node(node, positive, backward, out)?;
                self.push(out, Inst::Jump(start as u32))?;
                out[start] = Inst::Split(start as u32 + 1, out.len() as u32);
            }
            Some(max) => {
                // Each optional copy may skip to the common end.
                let mut splits = Vec::new();
                for _ in min..max {
                    splits.push(out.len());
                    self.push(out, Inst::Split(0, 0))?;
                    self.node(node, positive, backward, out)?;
                }
                let end = out.len() as u32;
                for split in splits {
                    out[split] = Inst::Split(split as u32 + 1, end);
                }
            }
        }
        Ok(())
    }

    fn assertion(&mut self, assertion: Assertion, positive: bool, out: &mut Vec<Inst>) -> Result<(), Failure> {
        match assertion {
            Assertion::Start => self.push(out, Inst::Assert(Assert::Start)),
            Assertion::End => self.push(out, Inst::Assert(Assert::End)),
            Assertion::EndOrFinalTerminator => self.push(out, Inst::Assert(Assert::EndOrFinalTerminator)),
            Assertion::WordBoundary { negate } => match self.dialect {
                Dialect::EcmaScript => self.push(out, Inst::Assert(Assert::Boundary { word: set::word(), negate })),
                Dialect::Java => {
                    // Java's `\b` reads word characters as `\w` since JDK 19 and as letters,
                    // digits and `_` before; either reading holds where a wider language is
                    // safe, both where a narrower one is.
                    let letters = unicode::java_property("LD")?.union(&Set::unit(u32::from('_')));
                    let ascii = Inst::Assert(Assert::Boundary { word: set::word(), negate });
                    let unicode = Inst::Assert(Assert::Boundary { word: letters, negate });
                    if positive {
                        let split = out.len() as u32;
                        self.push(out, Inst::Split(split + 1, split + 3))?;
                        self.push(out, ascii)?;
                        self.push(out, Inst::Jump(split + 4))?;
                        self.push(out, unicode)
                    } else {
                        self.push(out, ascii)?;
                        self.push(out, unicode)
                    }
                }
            },
        }
    }
}
