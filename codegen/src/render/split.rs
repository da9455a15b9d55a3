//! Formatting a very large item in pieces.
//!
//! syn and prettyplease hold a whole item in memory several times over (tokens, the syntax tree,
//! the printer's buffers), and one item runs on one core: a structure of 100,000 members makes a
//! builder `impl` of 200,000 methods, which took gigabytes and tens of seconds formatted whole.
//! Here a large brace group (a block, an `impl` or `struct` body, a struct literal, the arms of a
//! `match`) is cut into chunks of its elements; each chunk is formatted inside a copy of its
//! context, in which every other large group keeps one element, and the chunks' lines are put
//! back in place of the group's. prettyplease lays out the elements of a broken group one after
//! the other at one indentation, so the pieces joined are the text of the item formatted whole
//! (`codegen/tests/render_split.rs` checks this on every generated file, cut everywhere).
//!
//! A chunk's place in its formatted context is marked by a doc attribute on its first element,
//! which prettyplease prints as a `///` line of its own at the elements' indentation: the
//! elements are the lines after it, down to the group's closing line. Whatever does not match
//! that shape (a chunk that does not parse, a marker that is not found once) makes the item
//! formatted whole, as before.

use std::fmt::Write as _;
use std::ops::Range;

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};

/// When a brace group is cut, and into how many elements a chunk.
#[derive(Debug, Clone, Copy)]
pub struct SplitLimits {
    /// An item whose printed tokens are shorter than this is formatted whole, unread.
    pub min_bytes: usize,
    /// A brace group of at least this many elements is formatted in chunks.
    pub min_elements: usize,
    /// The elements of one chunk.
    pub chunk_elements: usize,
}

impl SplitLimits {
    /// Large enough that ordinary items are formatted whole; small enough that a chunk's syntax
    /// tree is a few megabytes.
    pub const DEFAULT: SplitLimits = SplitLimits { min_bytes: 256 << 10, min_elements: 512, chunk_elements: 256 };
}

/// An item whose large brace groups are cut out: its text with a placeholder in place of each
/// outermost large group's elements, and every large group's elements as text (in which the
/// large groups nested in them are placeholders too).
pub(super) struct Plan {
    /// What the markers' doc text starts with (a random number in it).
    tag: String,
    /// What stands for a large group's elements in the texts: `__` and the tag, then the group.
    placeholder: String,
    skeleton: String,
    groups: Vec<Cut>,
}

struct Cut {
    elements: Vec<String>,
    /// The large group and element this group is in; `None` for one in the skeleton.
    parent: Option<(usize, usize)>,
}

/// What a placeholder is replaced with in a source to format.
enum Fill {
    /// Every element (the item as a whole).
    All,
    /// The marker, then one element (a group that is context for another).
    One(usize),
    /// The marker, then a chunk of elements.
    Chunk(Range<usize>),
}

/// The item as a plan, when it is large (`printed` is its text) and has a large group;
/// otherwise its text, to be formatted with the others.
pub(super) fn plan(item: TokenStream, printed: String, limits: SplitLimits) -> Result<Plan, String> {
    if printed.len() < limits.min_bytes {
        return Err(printed);
    }
    drop(printed);
    let mut groups = Vec::new();
    let tag = format!("smithy_lean_split_{:x}_", nonce());
    let placeholder = format!("__{tag}");
    let stream = cut(item.into_iter().collect(), None, &mut groups, limits, &placeholder);
    let skeleton = stream.to_string();
    if groups.is_empty() {
        return Err(skeleton);
    }
    Ok(Plan { tag, placeholder, skeleton, groups })
}

/// A random number, so that no text of a model can look like a placeholder or a marker.
pub(super) fn nonce() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new().build_hasher().finish()
}

/// The tokens again, with each large brace group's elements recorded in `groups` and replaced by
/// a placeholder.
fn cut(tokens: Vec<TokenTree>, parent: Option<(usize, usize)>, groups: &mut Vec<Cut>, limits: SplitLimits, placeholder: &str) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::with_capacity(tokens.len());
    for token in tokens {
        let TokenTree::Group(group) = token else {
            out.push(token);
            continue;
        };
        let kind = if group.delimiter() == Delimiter::Brace { classify(&out) } else { Kind::Opaque };
        if kind == Kind::Opaque && is_macro_body(&out) {
            // Macro input is tokens to syn and prettyplease: left as it is.
            out.push(TokenTree::Group(group));
            continue;
        }
        let delimiter = group.delimiter();
        let content: Vec<TokenTree> = {
            let stream = group.stream();
            drop(group);
            stream.into_iter().collect()
        };
        let ends = if kind == Kind::Opaque { Vec::new() } else { element_ends(&content, kind) };
        if ends.len() < limits.min_elements.max(1) {
            out.push(TokenTree::Group(Group::new(delimiter, cut(content, parent, groups, limits, placeholder))));
            continue;
        }
        let index = groups.len();
        groups.push(Cut { elements: Vec::with_capacity(ends.len()), parent });
        let mut content = content.into_iter();
        let mut start = 0;
        for end in ends {
            let element: Vec<TokenTree> = content.by_ref().take(end - start).collect();
            start = end;
            let text = cut(element, Some((index, groups[index].elements.len())), groups, limits, placeholder).to_string();
            groups[index].elements.push(text);
        }
        let ident = proc_macro2::Ident::new(&format!("{placeholder}{index}"), proc_macro2::Span::call_site());
        out.push(TokenTree::Group(Group::new(delimiter, TokenTree::Ident(ident).into())));
    }
    out.into_iter().collect()
}

/// What separates the elements of a brace group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Statements or items: they end with `;` or with a brace group that nothing continues.
    Block,
    /// `match` arms: they end with `,` or with a block body.
    Arms,
    /// Fields, variants or a struct literal's fields: they end with `,` outside `<...>`.
    Commas,
    /// Not cut.
    Opaque,
}

/// The kind of the brace group that follows `before` (the tokens before it at its level), read
/// from the nearest keyword that introduces it.
fn classify(before: &[TokenTree]) -> Kind {
    if is_macro_body(before) {
        return Kind::Opaque;
    }
    for token in before.iter().rev() {
        match token {
            TokenTree::Ident(ident) => {
                if one_of(ident, &["fn", "impl", "trait", "mod", "if", "else", "while", "for", "loop", "unsafe", "async", "move"]) {
                    return Kind::Block;
                } else if ident == "match" {
                    return Kind::Arms;
                } else if one_of(ident, &["struct", "enum", "union"]) {
                    return Kind::Commas;
                } else if ident == "macro_rules" {
                    return Kind::Opaque;
                }
            }
            TokenTree::Punct(punct) if matches!(punct.as_char(), ';' | ',') => break,
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => break,
            _ => {}
        }
    }
    // `Path { .. }` with no keyword before it is a struct literal (or pattern).
    match before.last() {
        Some(TokenTree::Ident(_)) => Kind::Commas,
        _ => Kind::Block,
    }
}

/// Whether a group after `before` is a macro's input (`name! ..`, `macro_rules! name ..`).
fn is_macro_body(before: &[TokenTree]) -> bool {
    match before {
        [.., TokenTree::Punct(bang)] => bang.as_char() == '!',
        [.., TokenTree::Ident(name), TokenTree::Punct(bang), TokenTree::Ident(_)] => bang.as_char() == '!' && name == "macro_rules",
        _ => false,
    }
}

/// The end (exclusive) of each element of a group's content, the last one included. Where the
/// reading is unsure, two elements stay one: a chunk boundary is only put where one surely is.
fn element_ends(content: &[TokenTree], kind: Kind) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut angles = 0usize;
    for (i, token) in content.iter().enumerate() {
        let ends_here = match token {
            TokenTree::Punct(punct) => match (punct.as_char(), kind) {
                (';', Kind::Block) => true,
                (',', Kind::Arms) => true,
                (',', Kind::Commas) => angles == 0,
                ('<', Kind::Commas) => {
                    angles += 1;
                    false
                }
                ('>', Kind::Commas) => {
                    let arrow = matches!(content.get(i.wrapping_sub(1)), Some(TokenTree::Punct(p)) if p.spacing() == Spacing::Joint && matches!(p.as_char(), '-' | '='));
                    if !arrow {
                        angles = angles.saturating_sub(1);
                    }
                    false
                }
                _ => false,
            },
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace && matches!(kind, Kind::Block | Kind::Arms) => {
                match content.get(i + 1) {
                    // A guard follows a pattern's braces in an arm: `Foo { .. } if x =>`.
                    Some(TokenTree::Ident(next)) => !(one_of(next, &["else", "as"]) || (kind == Kind::Arms && next == "if")),
                    Some(TokenTree::Literal(_)) => true,
                    Some(TokenTree::Punct(next)) => next.as_char() == '#',
                    _ => false,
                }
            }
            _ => false,
        };
        // The next element takes the marker attribute: a struct literal's `..rest` cannot.
        let rest_follows = matches!(content.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '.');
        if ends_here && !rest_follows {
            ends.push(i + 1);
        }
    }
    if ends.last().copied().unwrap_or(0) < content.len() {
        ends.push(content.len());
    }
    ends
}

impl Plan {
    /// The sources to format: the skeleton (each large group with its marker and one element),
    /// then each group's chunks in its context, in group order.
    pub(super) fn sources(&self, limits: SplitLimits) -> Vec<String> {
        let mut sources = vec![self.source(&|_| Fill::One(0))];
        for (index, group) in self.groups.iter().enumerate() {
            let ancestors = self.ancestors(index);
            let chunk = limits.chunk_elements.max(1);
            for start in (0..group.elements.len()).step_by(chunk) {
                let range = start..(start + chunk).min(group.elements.len());
                sources.push(self.source(&|g| {
                    if g == index {
                        Fill::Chunk(range.clone())
                    } else {
                        Fill::One(ancestors.iter().find(|(a, _)| *a == g).map_or(0, |(_, e)| *e))
                    }
                }));
            }
        }
        sources
    }

    /// The whole item's source, for formatting it in one piece.
    pub(super) fn whole(&self) -> String {
        self.source(&|_| Fill::All)
    }

    /// The large groups (and the element of each) that group `index` is inside.
    fn ancestors(&self, mut index: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        while let Some(parent) = self.groups[index].parent {
            out.push(parent);
            index = parent.0;
        }
        out
    }

    fn source(&self, fill: &dyn Fn(usize) -> Fill) -> String {
        let mut out = String::with_capacity(self.skeleton.len() * 2);
        self.expand(&self.skeleton, fill, &mut out);
        out
    }

    fn expand(&self, text: &str, fill: &dyn Fn(usize) -> Fill, out: &mut String) {
        let mut rest = text;
        while let Some(at) = rest.find(&self.placeholder) {
            out.push_str(&rest[..at]);
            let after = &rest[at + self.placeholder.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let index: usize = after[..digits].parse().unwrap_or(usize::MAX);
            rest = &after[digits..];
            let Some(group) = self.groups.get(index) else { continue };
            let (elements, next) = match fill(index) {
                Fill::All => (&group.elements[..], None),
                Fill::One(element) => {
                    self.marker(index, out);
                    (&group.elements[element..=element], None)
                }
                Fill::Chunk(range) => {
                    self.marker(index, out);
                    (&group.elements[range.clone()], group.elements.get(range.end))
                }
            };
            for element in elements {
                self.expand(element, fill, out);
                out.push(' ');
            }
            // The element after a chunk follows it, behind a marker of its own, so that the
            // chunk's last element is laid out as it is among the others (a last element gets
            // its trailing comma differently, which can change where its lines break).
            if let Some(next) = next {
                let _ = write!(out, "#[doc = \"{}end_{index}\"] ", self.tag);
                self.expand(next, &|_| Fill::One(0), out);
            }
        }
        out.push_str(rest);
    }

    fn marker(&self, index: usize, out: &mut String) {
        let _ = write!(out, "#[doc = \"{}{index}\"] ", self.tag);
    }

    /// The item's text from the formatted sources (in the order of [`Plan::sources`]), or
    /// `None` when a piece is not where it should be (then the item is formatted whole).
    pub(super) fn stitch(&self, formatted: &[String], limits: SplitLimits) -> Option<String> {
        let (skeleton, mut rest) = formatted.split_first()?;
        let mut chunks: Vec<&[String]> = Vec::with_capacity(self.groups.len());
        let chunk = limits.chunk_elements.max(1);
        for group in &self.groups {
            let count = group.elements.len().div_ceil(chunk);
            let (these, after) = rest.split_at_checked(count)?;
            chunks.push(these);
            rest = after;
        }
        let mut out = String::with_capacity(formatted.iter().map(String::len).sum());
        self.put(skeleton, &chunks, &mut out)?;
        Some(out)
    }

    /// Copies `text`, putting each group's elements, from its chunks, in place of its marker
    /// and the one element after it.
    fn put(&self, text: &str, chunks: &[&[String]], out: &mut String) -> Option<()> {
        let marker = format!("///{}", self.tag);
        let mut lines = text.split_inclusive('\n');
        while let Some(line) = lines.next() {
            let Some(index) = line.trim_start().strip_prefix(&marker).and_then(|n| n.trim_end().parse::<usize>().ok()) else {
                out.push_str(line);
                continue;
            };
            let indent = indentation(line);
            let closing = lines.by_ref().find(|l| !l.trim().is_empty() && indentation(l) < indent)?;
            if !closing.trim_start().starts_with('}') {
                return None;
            }
            for chunk in *chunks.get(index)? {
                self.put(self.elements_in(chunk, index)?, chunks, out)?;
            }
            out.push_str(closing);
        }
        Some(())
    }

    /// The lines of group `index`'s elements in a formatted chunk: after its marker, down to the
    /// marker of the element after the chunk or, in the last chunk, to the group's closing line.
    fn elements_in<'t>(&self, text: &'t str, index: usize) -> Option<&'t str> {
        let marker = format!("///{}{index}\n", self.tag);
        let at = text.find(&marker)?;
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let indent = at - line_start;
        if !text[line_start..at].bytes().all(|b| b == b' ') || text[at + marker.len()..].contains(&marker) {
            return None;
        }
        let next = format!("{}///{}end_{index}", " ".repeat(indent), self.tag);
        let start = at + marker.len();
        let mut end = start;
        for line in text[start..].split_inclusive('\n') {
            if line.trim_end() == next {
                return Some(&text[start..end]);
            }
            if !line.trim().is_empty() && indentation(line) < indent {
                return line.trim_start().starts_with('}').then_some(&text[start..end]);
            }
            end += line.len();
        }
        None
    }
}

/// Whether the identifier is one of the words (compared in place: no identifier is printed).
fn one_of(ident: &proc_macro2::Ident, words: &[&str]) -> bool {
    words.iter().any(|word| ident == word)
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<Kind> {
        let tokens: Vec<TokenTree> = source.parse::<TokenStream>().unwrap().into_iter().collect();
        let at = tokens.iter().rposition(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace)).unwrap();
        vec![classify(&tokens[..at])]
    }

    #[test]
    fn brace_groups_are_read_by_the_keyword_before_them() {
        assert_eq!(kinds("impl<T> Foo<T> for Bar where T: X {}"), [Kind::Block]);
        assert_eq!(kinds("pub fn build(self) -> Result<In, Error> {}"), [Kind::Block]);
        assert_eq!(kinds("match key.as_str() {}"), [Kind::Arms]);
        assert_eq!(kinds("pub struct In<'a> {}"), [Kind::Commas]);
        assert_eq!(kinds("let x = In {}"), [Kind::Commas]);
        assert_eq!(kinds("let x = if a == b {}"), [Kind::Block]);
        assert_eq!(kinds("x => {}"), [Kind::Block]);
        assert_eq!(kinds("thread_local! {}"), [Kind::Opaque]);
        assert_eq!(kinds("macro_rules! m {}"), [Kind::Opaque]);
    }

    fn ends(source: &str, kind: Kind) -> usize {
        let tokens: Vec<TokenTree> = source.parse::<TokenStream>().unwrap().into_iter().collect();
        element_ends(&tokens, kind).len()
    }

    #[test]
    fn elements_end_only_where_one_surely_does() {
        assert_eq!(ends("a: HashMap<String, Vec<u8>>, b: fn(u8) -> Option<u8>, c: u8", Kind::Commas), 3);
        assert_eq!(ends("a: 1, b: 2, ..rest", Kind::Commas), 2);
        assert_eq!(ends("let a = if x { 1 } else { 2 }; match y { _ => {} } z.f(); w", Kind::Block), 4);
        assert_eq!(ends("Foo { a } if a > 1 => {} \"x\" => 1, _ => { f() }", Kind::Arms), 3);
        assert_eq!(ends("fn a() {} #[doc = \"x\"] pub fn b() -> u8 { 1 } const C: u8 = 1;", Kind::Block), 3);
    }
}
