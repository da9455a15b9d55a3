//! Doc text carried beside the tokens rather than through them.
//!
//! A doc comment's text never changes how prettyplease lays out the code around it: it prints
//! `#[doc = " text"]` as `/// text` on a line of its own, with the text as it is (its trailing
//! spaces trimmed). Yet escaping each line into a string literal, printing it, and having syn
//! re-read and unescape it cost about a sixth of the generator's instructions. So, while a job
//! emits and renders a file inside [`carrying`], [`literal`] keeps each doc line in a table of
//! the job's thread and gives the tokens a short placeholder instead (`"\u{1}17"`: no doc line
//! holds a control character, since `emit::doc_lines` escapes them), and [`restore`] puts the
//! lines back into the formatted text. Outside [`carrying`] (a unit test's tokens) a doc line is
//! an ordinary string literal.

use std::cell::RefCell;

use proc_macro2::Literal;

use crate::error::{Error, Result};

thread_local! {
    /// The doc lines of the job running on this thread, by placeholder number.
    static TABLE: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Starts a placeholder, in the literal and in the formatted text.
const MARK: char = '\u{1}';

/// A line this short is cheaper to carry through the tokens than to set aside.
const SHORTEST_CARRIED: usize = 16;

/// Runs `job` (the emitting and rendering of files) with a table for the doc lines it emits.
pub fn carrying<T>(job: impl FnOnce() -> T) -> T {
    let outer = TABLE.with(|table| table.replace(Some(Vec::new())));
    let result = job();
    TABLE.with(|table| table.replace(outer));
    result
}

/// The string literal of a doc attribute for one line of doc text: the line itself, or a
/// placeholder for it inside [`carrying`].
pub fn literal(line: String) -> Literal {
    TABLE.with(|table| match &mut *table.borrow_mut() {
        Some(lines) if line.len() >= SHORTEST_CARRIED => {
            lines.push(line);
            Literal::string(&format!("{MARK}{}", lines.len() - 1))
        }
        _ => Literal::string(&line),
    })
}

/// The formatted text of `path` with the doc lines in place of their placeholders. A
/// placeholder anywhere but right after `///` or `//!`, or one that names no line, is an
/// internal error: some doc attribute was not printed as a comment.
pub fn restore(path: &str, text: String) -> Result<String> {
    if !text.contains(MARK) {
        return Ok(text);
    }
    let misplaced = || Error::new(format!("internal error: a doc comment of {path} was not printed as one"));
    TABLE.with(|table| {
        let table = table.borrow();
        let lines = table.as_deref().ok_or_else(misplaced)?;
        let mut out = String::with_capacity(text.len() + lines.iter().map(String::len).sum::<usize>());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(MARK) {
            let (before, after) = rest.split_at(at);
            if !(before.ends_with("///") || before.ends_with("//!")) {
                return Err(misplaced());
            }
            let after = &after[MARK.len_utf8()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let line = after[..digits].parse::<usize>().ok().and_then(|index| lines.get(index)).ok_or_else(misplaced)?;
            if !after[digits..].starts_with('\n') {
                return Err(misplaced());
            }
            out.push_str(before);
            // As prettyplease prints a doc line.
            out.push_str(line.trim_end_matches(' '));
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
    fn doc_lines_set_aside_come_back_as_prettyplease_prints_them() {
        let (placeholder, restored) = carrying(|| {
            let placeholder = literal(" A line long enough to be set aside.  ".to_owned()).to_string();
            let text = format!("{}\n/// short\nfn f() {{}}\n", "///\u{1}0");
            (placeholder, restore("f.rs", text))
        });
        assert_eq!(placeholder, "\"\\u{1}0\"");
        assert_eq!(restored.unwrap(), "/// A line long enough to be set aside.\n/// short\nfn f() {}\n");
        // Outside a job, a line is its own literal.
        assert_eq!(literal(" A line long enough to be set aside.".to_owned()).to_string(), "\" A line long enough to be set aside.\"");
    }

    #[test]
    fn a_placeholder_that_is_not_a_doc_comment_is_an_internal_error() {
        carrying(|| {
            literal(" A line long enough to be set aside.".to_owned());
            for text in ["#[doc = \"\u{1}0\"]\n", "///\u{1}7\n", "///\u{1}0 trailing\n", "///\u{1}\n"] {
                let error = restore("f.rs", text.to_owned()).unwrap_err().to_string();
                assert!(error.contains("f.rs"), "{text:?}: {error}");
            }
        });
        assert!(restore("f.rs", "///\u{1}0\n".to_owned()).is_err());
    }
}
