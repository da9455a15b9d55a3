//! Pattern stage: parses a `@pattern` as one of the two regular-expression dialects that read
//! it: ECMA-262 without flags, with the web compatibility grammar of its Annex B (what the
//! Smithy specification says and what JavaScript engines run), or Java's `java.util.regex`
//! (what the AWS services run). Each gives the tree of its reading, in units of its own (UTF-16
//! code units or code points), with every escape, class and flag already resolved.

use super::set::{self, Set};
use super::unicode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    EcmaScript,
    Java,
}

impl Dialect {
    /// The largest unit of the dialect's text.
    pub fn max_unit(self) -> u32 {
        match self {
            Dialect::EcmaScript => 0xffff,
            Dialect::Java => 0x10_ffff,
        }
    }
}

/// A parsed reading of a pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Empty,
    /// One unit of the set.
    Set(Set),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat { node: Box<Node>, min: u32, max: Option<u32>, possessive: bool },
    /// A group; `index` is set for a capturing one (which a back reference may name).
    Group { node: Box<Node>, index: Option<u32>, atomic: bool },
    Assert(Assertion),
    Look { behind: bool, negate: bool, node: Box<Node> },
    BackReference(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assertion {
    Start,
    End,
    /// Java's `$`: the end, or before a line terminator that ends the text.
    EndOrFinalTerminator,
    /// `\b`, or with `negate` `\B`.
    WordBoundary { negate: bool },
}

/// Why a pattern has no reading in a dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The dialect's engine refuses the pattern.
    Invalid(String),
    /// The pattern is valid, but its meaning cannot be checked here.
    Unsupported(String),
}

type Result<T> = std::result::Result<T, Failure>;

fn invalid<T>(message: impl Into<String>) -> Result<T> {
    Err(Failure::Invalid(message.into()))
}

fn unsupported<T>(message: impl Into<String>) -> Result<T> {
    Err(Failure::Unsupported(message.into()))
}

/// Nesting deeper than this is refused, so a hostile pattern cannot exhaust the stack.
const MAX_NESTING: usize = 200;

/// Java's inline flags.
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    case_insensitive: bool,
    unicode_case: bool,
    dot_all: bool,
}

pub fn parse(pattern: &str, dialect: Dialect) -> Result<Node> {
    let chars: Vec<u32> = match dialect {
        Dialect::EcmaScript => pattern.encode_utf16().map(u32::from).collect(),
        Dialect::Java => pattern.chars().map(u32::from).collect(),
    };
    let groups = count_groups(&chars);
    let mut parser = Parser { chars, pos: 0, dialect, flags: Flags::default(), groups, next_group: 0, depth: 0 };
    let node = parser.disjunction()?;
    if parser.pos < parser.chars.len() {
        // Only an unbalanced `)` stops a disjunction early.
        return invalid("unmatched `)`");
    }
    Ok(node)
}

/// The number of capturing groups, which decides whether ECMA-262's `\1` is a back reference.
fn count_groups(chars: &[u32]) -> u32 {
    let (mut count, mut in_class, mut i) = (0, false, 0);
    while i < chars.len() {
        match char::from_u32(chars[i]) {
            Some('\\') => i += 1,
            Some('[') => in_class = true,
            Some(']') => in_class = false,
            Some('(') if !in_class => {
                let next = chars.get(i + 1).copied().and_then(char::from_u32);
                let after = chars.get(i + 2).copied().and_then(char::from_u32);
                let named = next == Some('?') && after == Some('<') && !matches!(chars.get(i + 3).copied().and_then(char::from_u32), Some('=' | '!'));
                if next != Some('?') || named {
                    count += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    count
}

struct Parser {
    chars: Vec<u32>,
    pos: usize,
    dialect: Dialect,
    flags: Flags,
    groups: u32,
    next_group: u32,
    depth: usize,
}

fn is(c: Option<u32>, expected: char) -> bool {
    c == Some(expected as u32)
}

fn digit(c: Option<u32>) -> Option<u32> {
    c.and_then(char::from_u32).and_then(|c| c.to_digit(10))
}

fn hex(c: Option<u32>) -> Option<u32> {
    c.and_then(char::from_u32).and_then(|c| c.to_digit(16))
}

/// A class atom: one unit, or a set (`\d`, `\p{L}`) that cannot end a range.
enum ClassAtom {
    Unit(u32),
    Set(Set),
}

impl Parser {
    fn java(&self) -> bool {
        self.dialect == Dialect::Java
    }

    fn peek(&self) -> Option<u32> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u32> {
        self.chars.get(self.pos + offset).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if is(self.peek(), c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn looking_at(&self, text: &str) -> bool {
        text.chars().enumerate().all(|(i, c)| is(self.peek_at(i), c))
    }

    fn disjunction(&mut self) -> Result<Node> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return unsupported(format!("groups are nested more than {MAX_NESTING} deep"));
        }
        let saved = self.flags;
        let mut alternatives = vec![self.alternative()?];
        while self.eat('|') {
            alternatives.push(self.alternative()?);
        }
        // A Java flag group without a body (`(?i)`) lasts to the end of the enclosing group.
        self.flags = saved;
        self.depth -= 1;
        Ok(if alternatives.len() == 1 { alternatives.pop().unwrap_or(Node::Empty) } else { Node::Alt(alternatives) })
    }

    fn alternative(&mut self) -> Result<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if is(Some(c), '|') || is(Some(c), ')') {
                break;
            }
            if let Some(term) = self.term()? {
                items.push(term);
            }
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// A term, or `None` for what matches nothing of its own (a Java flag group, `\Q\E`).
    fn term(&mut self) -> Result<Option<Node>> {
        let start = self.pos;
        let Some(atom) = self.atom()? else { return Ok(None) };
        let quantifiable = match &atom {
            Node::Assert(_) => self.java(),
            // Annex B lets look-aheads (not look-behinds) take a quantifier.
            Node::Look { behind, .. } => self.java() || !behind,
            _ => true,
        };
        let Some((min, max)) = self.quantifier()? else { return Ok(Some(atom)) };
        if !quantifiable {
            return invalid(format!("nothing to repeat at {start}"));
        }
        let lazy = self.eat('?');
        let possessive = !lazy && self.java() && self.eat('+');
        if let Some(max) = max {
            if min > max {
                return invalid("numbers out of order in a quantifier");
            }
        }
        let node = Node::Repeat { node: Box::new(atom), min, max, possessive };
        // A second quantifier (`a**`) repeats nothing.
        if self.peek().and_then(char::from_u32).is_some_and(|c| matches!(c, '*' | '+' | '?')) {
            return invalid("nothing to repeat");
        }
        Ok(Some(node))
    }

    /// `*`, `+`, `?` or a braced quantifier, as (min, max).
    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>> {
        let Some(c) = self.peek().and_then(char::from_u32) else { return Ok(None) };
        let quantifier = match c {
            '*' => (0, None),
            '+' => (1, None),
            '?' => (0, Some(1)),
            '{' => match self.braces() {
                Some((quantifier, end)) => {
                    self.pos = end;
                    return Ok(Some(quantifier));
                }
                // Annex B: a `{` that starts no quantifier is a literal; Java refuses it.
                None if self.java() => return invalid("illegal repetition"),
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        self.pos += 1;
        Ok(Some(quantifier))
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` at the position without moving: the bounds and where it
    /// ends. Bounds past `u32::MAX` saturate.
    fn braces(&self) -> Option<((u32, Option<u32>), usize)> {
        let mut i = self.pos + 1;
        let number = |i: &mut usize| -> Option<u32> {
            let start = *i;
            let mut value: u32 = 0;
            while let Some(d) = digit(self.chars.get(*i).copied()) {
                value = value.saturating_mul(10).saturating_add(d);
                *i += 1;
            }
            (*i > start).then_some(value)
        };
        let min = number(&mut i)?;
        let max = if is(self.chars.get(i).copied(), ',') {
            i += 1;
            if is(self.chars.get(i).copied(), '}') {
                None
            } else {
                Some(number(&mut i)?)
            }
        } else {
            Some(min)
        };
        is(self.chars.get(i).copied(), '}').then_some(((min, max), i + 1))
    }

    fn atom(&mut self) -> Result<Option<Node>> {
        let Some(c) = self.peek() else { return Ok(None) };
        let ch = char::from_u32(c).unwrap_or('\u{fffd}');
        match ch {
            '^' => {
                self.pos += 1;
                Ok(Some(Node::Assert(Assertion::Start)))
            }
            '$' => {
                self.pos += 1;
                Ok(Some(Node::Assert(if self.java() { Assertion::EndOrFinalTerminator } else { Assertion::End })))
            }
            '.' => {
                self.pos += 1;
                Ok(Some(Node::Set(self.dot())))
            }
            '(' => self.group(),
            '[' => {
                self.pos += 1;
                Ok(Some(Node::Set(self.class()?)))
            }
            '\\' => {
                self.pos += 1;
                self.escape()
            }
            '*' | '+' | '?' => invalid(format!("nothing to repeat at {}", self.pos)),
            '{' if self.java() => {
                // Java reads a counted quantifier where an atom should be (at the start, or
                // after another quantifier) as repeating the empty text.
                if self.braces().is_none() {
                    return invalid("illegal repetition");
                }
                Ok(Some(Node::Empty))
            }
            '{' => {
                if self.braces().is_some() {
                    return invalid(format!("nothing to repeat at {}", self.pos));
                }
                self.pos += 1;
                Ok(Some(self.literal(c)))
            }
            _ => {
                self.pos += 1;
                Ok(Some(self.literal(c)))
            }
        }
    }

    fn literal(&self, unit: u32) -> Node {
        Node::Set(self.fold(Set::unit(unit)))
    }

    /// What `.` matches.
    fn dot(&self) -> Set {
        let all = Set::range(0, self.dialect.max_unit());
        match self.dialect {
            Dialect::EcmaScript => all.minus(&Set::from_units(&[0x0a, 0x0d, 0x2028, 0x2029])),
            Dialect::Java if self.flags.dot_all => all,
            Dialect::Java => all.minus(&Set::from_units(&[0x0a, 0x0d, 0x85, 0x2028, 0x2029])),
        }
    }

    /// A set with the case variants a Java `(?i)` adds.
    fn fold(&self, set: Set) -> Set {
        if !(self.java() && self.flags.case_insensitive) {
            return set;
        }
        if self.flags.unicode_case {
            unicode::case_fold(&set)
        } else {
            set::ascii_case_fold(&set)
        }
    }

    fn group(&mut self) -> Result<Option<Node>> {
        self.pos += 1; // `(`
        let look = |behind: bool, negate: bool, skip: usize| (behind, negate, skip);
        let kind = if self.looking_at("?=") {
            Some(look(false, false, 2))
        } else if self.looking_at("?!") {
            Some(look(false, true, 2))
        } else if self.looking_at("?<=") {
            Some(look(true, false, 3))
        } else if self.looking_at("?<!") {
            Some(look(true, true, 3))
        } else {
            None
        };
        if let Some((behind, negate, skip)) = kind {
            self.pos += skip;
            let node = self.disjunction()?;
            self.close()?;
            if behind && self.java() && max_length(&node).is_none() {
                return invalid("a look-behind group needs an obvious maximum length");
            }
            return Ok(Some(Node::Look { behind, negate, node: Box::new(node) }));
        }
        if self.looking_at("?:") {
            self.pos += 2;
            let node = self.disjunction()?;
            self.close()?;
            return Ok(Some(Node::Group { node: Box::new(node), index: None, atomic: false }));
        }
        if self.looking_at("?<") {
            self.pos += 2;
            let start = self.pos;
            while self.peek().and_then(char::from_u32).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
                self.pos += 1;
            }
            if self.pos == start || !self.eat('>') {
                return invalid("invalid group name");
            }
            return self.capture();
        }
        if self.java() && self.looking_at("?>") {
            self.pos += 2;
            let node = self.disjunction()?;
            self.close()?;
            return Ok(Some(Node::Group { node: Box::new(node), index: None, atomic: true }));
        }
        if self.eat('?') {
            if !self.java() {
                return invalid("invalid group");
            }
            return self.flag_group();
        }
        self.capture()
    }

    fn capture(&mut self) -> Result<Option<Node>> {
        self.next_group += 1;
        let index = self.next_group;
        let node = self.disjunction()?;
        self.close()?;
        Ok(Some(Node::Group { node: Box::new(node), index: Some(index), atomic: false }))
    }

    fn close(&mut self) -> Result<()> {
        if self.eat(')') {
            Ok(())
        } else {
            invalid("unterminated group")
        }
    }

    /// Java's `(?i)` (for the rest of the enclosing group) or `(?i-s:X)` (for `X`).
    fn flag_group(&mut self) -> Result<Option<Node>> {
        let mut flags = self.flags;
        let mut on = true;
        loop {
            let Some(c) = self.peek().and_then(char::from_u32) else { return invalid("unterminated flag group") };
            self.pos += 1;
            match c {
                '-' if on => on = false,
                'i' => flags.case_insensitive = on,
                'u' => flags.unicode_case = on,
                's' => flags.dot_all = on,
                // Without `$`, `^` and `.` in the pattern these change nothing; with them the
                // reading would differ, which this parser does not model.
                'm' | 'd' | 'x' | 'U' => return unsupported(format!("the inline flag `{c}`")),
                ')' => {
                    self.flags = flags;
                    return Ok(None);
                }
                ':' => {
                    let saved = self.flags;
                    self.flags = flags;
                    let node = self.disjunction();
                    self.flags = saved;
                    let node = node?;
                    self.close()?;
                    return Ok(Some(Node::Group { node: Box::new(node), index: None, atomic: false }));
                }
                _ => return invalid(format!("unknown inline flag `{c}`")),
            }
        }
    }

    /// After `\` outside a class.
    fn escape(&mut self) -> Result<Option<Node>> {
        let Some(c) = self.peek() else { return invalid("`\\` at end of pattern") };
        let ch = char::from_u32(c).unwrap_or('\u{fffd}');
        match ch {
            'b' | 'B' => {
                self.pos += 1;
                return Ok(Some(Node::Assert(Assertion::WordBoundary { negate: ch == 'B' })));
            }
            '1'..='9' => {
                if let Some(node) = self.back_reference()? {
                    return Ok(Some(node));
                }
            }
            _ => {}
        }
        if self.java() {
            match ch {
                'A' => {
                    self.pos += 1;
                    return Ok(Some(Node::Assert(Assertion::Start)));
                }
                'z' => {
                    self.pos += 1;
                    return Ok(Some(Node::Assert(Assertion::End)));
                }
                'Z' => {
                    self.pos += 1;
                    return Ok(Some(Node::Assert(Assertion::EndOrFinalTerminator)));
                }
                'Q' => {
                    self.pos += 1;
                    let units = self.quoted();
                    let items: Vec<Node> = units.into_iter().map(|u| self.literal(u)).collect();
                    return Ok(match items.len() {
                        0 => None,
                        _ => Some(Node::Concat(items)),
                    });
                }
                'G' | 'X' | 'R' | 'N' | 'k' => return unsupported(format!("the escape `\\{ch}`")),
                _ => {}
            }
        } else if ch == 'k' && self.groups > 0 && is(self.peek_at(1), '<') {
            return unsupported("named back references");
        }
        match self.class_escape(false)? {
            ClassAtom::Unit(unit) => Ok(Some(self.literal(unit))),
            ClassAtom::Set(set) => Ok(Some(Node::Set(self.fold(set)))),
        }
    }

    /// `\N` with a decimal `N`: a back reference where the dialect reads one, else `None` (an
    /// ECMA-262 legacy octal or identity escape follows).
    fn back_reference(&mut self) -> Result<Option<Node>> {
        let start = self.pos;
        let mut value: u32 = 0;
        while let Some(d) = digit(self.peek()) {
            value = value.saturating_mul(10).saturating_add(d);
            self.pos += 1;
            // Java takes more digits only while they still name a group.
            if self.java() && digit(self.peek()).is_some_and(|d| value.saturating_mul(10).saturating_add(d) > self.groups) {
                break;
            }
        }
        if value <= self.groups {
            return Ok(Some(Node::BackReference(value)));
        }
        if self.java() {
            // A reference to a group that does not exist matches nothing.
            return Ok(Some(Node::Set(Set::empty())));
        }
        self.pos = start;
        Ok(None)
    }

    /// The text of `\Q...\E` (after `\Q`), up to `\E` or the end.
    fn quoted(&mut self) -> Vec<u32> {
        let mut units = Vec::new();
        while let Some(c) = self.peek() {
            if is(Some(c), '\\') && is(self.peek_at(1), 'E') {
                self.pos += 2;
                break;
            }
            units.push(c);
            self.pos += 1;
        }
        units
    }

    /// After `\`, in a class (`in_class`) or outside one (where `\b` and back references were
    /// handled already).
    fn class_escape(&mut self, in_class: bool) -> Result<ClassAtom> {
        let Some(c) = self.peek() else { return invalid("`\\` at end of pattern") };
        let ch = char::from_u32(c).unwrap_or('\u{fffd}');
        self.pos += 1;
        let unit = |u: u32| Ok(ClassAtom::Unit(u));
        let set = |s: Set| Ok(ClassAtom::Set(s));
        match ch {
            'd' => set(set::digit()),
            'D' => set(set::digit().complement(self.dialect.max_unit())),
            'w' => set(set::word()),
            'W' => set(set::word().complement(self.dialect.max_unit())),
            's' => set(self.space()),
            'S' => set(self.space().complement(self.dialect.max_unit())),
            'f' => unit(0x0c),
            'n' => unit(0x0a),
            'r' => unit(0x0d),
            't' => unit(0x09),
            'b' if in_class => unit(0x08),
            'c' => {
                let letter = self.peek().and_then(char::from_u32);
                let allowed = letter.is_some_and(|l| l.is_ascii_alphabetic() || (in_class && !self.java() && (l.is_ascii_digit() || l == '_')));
                if let (true, Some(l)) = (allowed, letter) {
                    self.pos += 1;
                    return unit(u32::from(l) % 32);
                }
                if self.java() {
                    return match self.peek() {
                        Some(other) => {
                            self.pos += 1;
                            unit(other ^ 64)
                        }
                        None => invalid("illegal control escape"),
                    };
                }
                // Annex B: `\c` without a control letter is a `\` and a `c`.
                self.pos -= 1;
                unit(u32::from('\\'))
            }
            'x' => self.hex_escape(),
            'u' => self.unicode_escape(),
            '0' if self.java() => {
                let mut value = 0;
                let mut count = 0;
                while let Some(d) = digit(self.peek()).filter(|d| *d < 8) {
                    if count == 3 || (count == 2 && value > 0o37) {
                        break;
                    }
                    value = value * 8 + d;
                    self.pos += 1;
                    count += 1;
                }
                if count == 0 {
                    return invalid("illegal octal escape");
                }
                unit(value)
            }
            '0'..='7' if !self.java() => {
                // Legacy octal: up to three digits, at most 0o377.
                let mut value = u32::from(ch) - u32::from('0');
                for _ in 0..2 {
                    match digit(self.peek()).filter(|d| *d < 8) {
                        Some(d) if value * 8 + d <= 0o377 => {
                            value = value * 8 + d;
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                unit(value)
            }
            'p' | 'P' if self.java() => {
                let negate = ch == 'P';
                let name = if self.eat('{') {
                    let start = self.pos;
                    while self.peek().is_some_and(|c| !is(Some(c), '}')) {
                        self.pos += 1;
                    }
                    let name: String = self.chars[start..self.pos].iter().filter_map(|&c| char::from_u32(c)).collect();
                    if !self.eat('}') {
                        return invalid("unclosed character family");
                    }
                    name
                } else {
                    match self.peek().and_then(char::from_u32) {
                        Some(letter) => {
                            self.pos += 1;
                            letter.to_string()
                        }
                        None => return invalid("illegal character family"),
                    }
                };
                let property = unicode::java_property(&name)?;
                set(if negate { property.complement(self.dialect.max_unit()) } else { property })
            }
            'h' | 'H' | 'v' | 'V' if self.java() => {
                let horizontal = Set::from_units(&[0x20, 0x09, 0xa0, 0x1680, 0x180e, 0x202f, 0x205f, 0x3000]).union(&Set::range(0x2000, 0x200a));
                let vertical = Set::from_units(&[0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);
                let base = if matches!(ch, 'h' | 'H') { horizontal } else { vertical };
                set(if ch.is_ascii_uppercase() { base.complement(self.dialect.max_unit()) } else { base })
            }
            'v' => unit(0x0b),
            'a' if self.java() => unit(0x07),
            'e' if self.java() => unit(0x1b),
            _ if self.java() && ch.is_ascii_alphanumeric() => invalid(format!("illegal escape `\\{ch}`")),
            _ => unit(c),
        }
    }

    fn space(&self) -> Set {
        match self.dialect {
            Dialect::EcmaScript => set::ecma_space(),
            Dialect::Java => Set::from_units(&[0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]),
        }
    }

    /// After `\x`.
    fn hex_escape(&mut self) -> Result<ClassAtom> {
        if self.java() && self.eat('{') {
            let mut value: u32 = 0;
            let start = self.pos;
            while let Some(d) = hex(self.peek()) {
                value = value.saturating_mul(16).saturating_add(d);
                self.pos += 1;
            }
            if self.pos == start || !self.eat('}') || value > 0x10_ffff {
                return invalid("illegal hexadecimal escape");
            }
            return Ok(ClassAtom::Unit(value));
        }
        match (hex(self.peek()), hex(self.peek_at(1))) {
            (Some(a), Some(b)) => {
                self.pos += 2;
                Ok(ClassAtom::Unit(a * 16 + b))
            }
            _ if self.java() => invalid("illegal hexadecimal escape"),
            _ => Ok(ClassAtom::Unit(u32::from('x'))),
        }
    }

    /// After `\u`: four hex digits. Java joins an escaped surrogate pair into one code point.
    fn unicode_escape(&mut self) -> Result<ClassAtom> {
        let four = |p: &Self, at: usize| -> Option<u32> {
            (0..4).try_fold(0, |value, i| hex(p.chars.get(at + i).copied()).map(|d| value * 16 + d))
        };
        let Some(value) = four(self, self.pos) else {
            return if self.java() { invalid("illegal unicode escape") } else { Ok(ClassAtom::Unit(u32::from('u'))) };
        };
        self.pos += 4;
        if self.java() && (0xd800..0xdc00).contains(&value) && self.looking_at("\\u") {
            if let Some(low) = four(self, self.pos + 2).filter(|low| (0xdc00..0xe000).contains(low)) {
                self.pos += 6;
                return Ok(ClassAtom::Unit(0x10000 + ((value - 0xd800) << 10) + (low - 0xdc00)));
            }
        }
        Ok(ClassAtom::Unit(value))
    }

    /// After `[`: the class up to its `]`, each part case-folded (for `(?i)`) before any negation.
    fn class(&mut self) -> Result<Set> {
        let negate = self.eat('^');
        let (set, _) = self.class_items(true)?;
        Ok(if negate { set.complement(self.dialect.max_unit()) } else { set })
    }

    /// The items of a class up to its `]` (consumed), and whether there was any. In Java, a `]`
    /// first in a class is literal, `[` opens a nested class (a union), and `&&` intersects
    /// what comes before with the rest of the class, ignoring an empty side.
    fn class_items(&mut self, mut first: bool) -> Result<(Set, bool)> {
        let mut set = Set::empty();
        let mut any = false;
        loop {
            let Some(c) = self.peek() else { return invalid("unterminated character class") };
            if is(Some(c), ']') && !(first && self.java()) {
                self.pos += 1;
                return Ok((set, any));
            }
            first = false;
            if self.java() {
                if is(Some(c), '[') {
                    self.pos += 1;
                    set = set.union(&self.class()?);
                    any = true;
                    continue;
                }
                if self.looking_at("&&") {
                    self.pos += 2;
                    let (right, right_any) = self.class_items(false)?;
                    let set = match (any, right_any) {
                        (false, _) => right,
                        (true, false) => set,
                        (true, true) => set.intersect(&right),
                    };
                    return Ok((set, true));
                }
            }
            any = true;
            let start = self.class_atom()?;
            if is(self.peek(), '-') && !is(self.peek_at(1), ']') && self.peek_at(1).is_some() && !(self.java() && is(self.peek_at(1), '[')) {
                self.pos += 1;
                let end = self.class_atom()?;
                match (start, end) {
                    (ClassAtom::Unit(low), ClassAtom::Unit(high)) => {
                        if low > high {
                            return invalid("character class range out of order");
                        }
                        set = set.union(&self.fold(Set::range(low, high)));
                    }
                    (start, end) => {
                        if self.java() && matches!(start, ClassAtom::Unit(_)) {
                            return invalid("illegal character range");
                        }
                        // A range with a class escape on its left (in Java; either side in
                        // Annex B) is its parts and a literal `-`.
                        let parts = atom_set(start).union(&Set::unit(u32::from('-'))).union(&atom_set(end));
                        set = set.union(&self.fold(parts));
                    }
                }
            } else {
                set = set.union(&self.fold(atom_set(start)));
            }
        }
    }

    fn class_atom(&mut self) -> Result<ClassAtom> {
        let Some(c) = self.peek() else { return invalid("unterminated character class") };
        self.pos += 1;
        if !is(Some(c), '\\') {
            return Ok(ClassAtom::Unit(c));
        }
        if self.java() && is(self.peek(), 'Q') {
            self.pos += 1;
            let units = self.quoted();
            return Ok(ClassAtom::Set(Set::from_units(&units)));
        }
        if !self.java() && digit(self.peek()).is_some_and(|d| d >= 8) {
            // `\8` and `\9` are identity escapes in a class.
            let d = self.peek().unwrap_or(0);
            self.pos += 1;
            return Ok(ClassAtom::Unit(d));
        }
        if self.java() && digit(self.peek()).is_some_and(|d| d > 0) {
            return invalid("a back reference in a character class");
        }
        self.class_escape(true)
    }
}

fn atom_set(atom: ClassAtom) -> Set {
    match atom {
        ClassAtom::Unit(unit) => Set::unit(unit),
        ClassAtom::Set(set) => set,
    }
}

/// The longest text a node can match, if it is bounded (Java needs this of look-behinds).
pub fn max_length(node: &Node) -> Option<u64> {
    Some(match node {
        Node::Empty | Node::Assert(_) | Node::Look { .. } => 0,
        Node::Set(_) => 1,
        Node::Concat(items) => items.iter().map(max_length).try_fold(0u64, |sum, len| Some(sum.saturating_add(len?)))?,
        Node::Alt(items) => items.iter().map(max_length).try_fold(0u64, |most, len| Some(most.max(len?)))?,
        Node::Repeat { node, max, .. } => max_length(node)?.saturating_mul(u64::from((*max)?)),
        Node::Group { node, .. } => max_length(node)?,
        Node::BackReference(_) => return None,
    })
}
