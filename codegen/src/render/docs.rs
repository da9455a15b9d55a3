//! Doc text carried beside the tokens rather than through them.
//!
//! A doc comment's text never changes how prettyplease lays out the code around it: it prints
//! `#[doc = " text"]` as `/// text` on a line of its own, with the text as it is (its trailing
//! spaces trimmed). Yet escaping each line into a string literal, printing it, and having syn
//! re-read and unescape it (one attribute per line) cost about a sixth of the generator's
//! instructions. So, while a job emits and renders a file inside [`carrying`], [`literals`]
//! keeps each doc comment's lines in a table of the job's thread and gives the tokens one short
//! placeholder attribute for all of them (`"\u{1}17"`: no doc line holds a control character,
//! since `emit::doc_lines` escapes them), and [`restore`] puts the lines back into the formatted
//! text, each at the placeholder's indentation. Outside [`carrying`] (a unit test's tokens) each
//! doc line is an ordinary string literal.

use std::cell::RefCell;

use proc_macro2::Literal;

use crate::error::{Error, Result};

thread_local! {
    /// The doc comments of the job running on this thread (each its lines), by placeholder
    /// number.
    static TABLE: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// Starts a placeholder, in the literal and in the formatted text.
const MARK: char = '\u{1}';

/// A comment this short (one line) is cheaper to carry through the tokens than to set aside.
const SHORTEST_CARRIED: usize = 16;

/// Runs `job` (the emitting and rendering of files) with a table for the doc comments it emits.
pub fn carrying<T>(job: impl FnOnce() -> T) -> T {
    let outer = TABLE.with(|table| table.replace(Some(Vec::new())));
    let result = job();
    TABLE.with(|table| table.replace(outer));
    result
}

/// The string literals of the doc attributes for a doc comment's lines: one per line, or
/// inside [`carrying`] one placeholder for them all.
pub fn literals(lines: Vec<String>) -> Vec<Literal> {
    TABLE.with(|table| match &mut *table.borrow_mut() {
        Some(comments) if lines.len() > 1 || lines.first().is_some_and(|line| line.len() >= SHORTEST_CARRIED) => {
            comments.push(lines);
            vec![Literal::string(&format!("{MARK}{}", comments.len() - 1))]
        }
        _ => lines.iter().map(|line| Literal::string(line)).collect(),
    })
}

/// The formatted text of `path` with the doc comments in place of their placeholders: the
/// first line where the placeholder is, the others below it at its indentation, each line as
/// prettyplease prints one (trailing spaces trimmed). A placeholder anywhere but right after
/// `///` or `//!`, or one that names no comment, is an internal error: some doc attribute was
/// not printed as a comment.
pub fn restore(path: &str, text: String) -> Result<String> {
    if !text.contains(MARK) {
        return Ok(text);
    }
    let misplaced = || Error::new(format!("internal error: a doc comment of {path} was not printed as one"));
    TABLE.with(|table| {
        let table = table.borrow();
        let comments = table.as_deref().ok_or_else(misplaced)?;
        let mut out = String::with_capacity(text.len() + comments.iter().flatten().map(|line| line.len() + 8).sum::<usize>());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(MARK) {
            let (before, after) = rest.split_at(at);
            // The placeholder's line up to it: its indentation, then `///` or `//!`.
            let prefix = &before[before.rfind('\n').map_or(0, |newline| newline + 1)..];
            let marker = prefix.trim_start_matches(' ');
            if marker != "///" && marker != "//!" {
                return Err(misplaced());
            }
            let after = &after[MARK.len_utf8()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let lines = after[..digits].parse::<usize>().ok().and_then(|index| comments.get(index)).ok_or_else(misplaced)?;
            if !after[digits..].starts_with('\n') {
                return Err(misplaced());
            }
            out.push_str(before);
            for (index, line) in lines.iter().enumerate() {
                if index > 0 {
                    out.push('\n');
                    out.push_str(prefix);
                }
                out.push_str(line.trim_end_matches(' '));
            }
            rest = &after[digits..];
        }
        out.push_str(rest);
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_comments_set_aside_come_back_as_prettyplease_prints_them() {
        let lines = || vec![" A comment long enough to be set aside.  ".to_owned(), String::new(), " Second paragraph.".to_owned()];
        let (placeholders, restored) = carrying(|| {
            let placeholders = literals(lines()).iter().map(ToString::to_string).collect::<Vec<_>>();
            let text = "    ///\u{1}0\n    /// short\n    fn f() {}\n".to_owned();
            (placeholders, restore("f.rs", text))
        });
        assert_eq!(placeholders, ["\"\\u{1}0\""]);
        assert_eq!(restored.unwrap(), "    /// A comment long enough to be set aside.\n    ///\n    /// Second paragraph.\n    /// short\n    fn f() {}\n");
        // Outside a job, each line is its own literal; a short line is one inside a job too.
        assert_eq!(literals(lines()).len(), 3);
        assert_eq!(carrying(|| literals(vec![" short".to_owned()])[0].to_string()), "\" short\"");
    }

    #[test]
    fn a_placeholder_that_is_not_a_doc_comment_is_an_internal_error() {
        carrying(|| {
            literals(vec![" A comment long enough to be set aside.".to_owned()]);
            for text in ["#[doc = \"\u{1}0\"]\n", "///\u{1}7\n", "///\u{1}0 trailing\n", "///\u{1}\n", "x ///\u{1}0\n"] {
                let error = restore("f.rs", text.to_owned()).unwrap_err().to_string();
                assert!(error.contains("f.rs"), "{text:?}: {error}");
            }
        });
        assert!(restore("f.rs", "///\u{1}0\n".to_owned()).is_err());
    }
}
