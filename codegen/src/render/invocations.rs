//! Item macro invocations laid out straight from their tokens.
//!
//! An invocation of one of the runtime's argument-list macros ([`super::TIDIED_MACROS`]) is
//! only tokens to syn and prettyplease: prettyplease prints them spaced by fixed rules, and
//! [`super::tidy_macros`] then closes them up and lays them out again. So such an invocation
//! that is an item of its own skips both: [`Invocations::take`] spaces its tokens as
//! prettyplease would on one line (the rules of its `macro_rules_tokens`, for the tokens an
//! emitter writes), closes them up and lays them out as the tidying would, and hands the
//! formatter a one-line placeholder item instead, which [`Invocations::restore`] replaces. The
//! text is the same as the long way's; the tests below compare the two. (The tidying still lays
//! out an invocation that is not an item of its own, after attributes or inside a body.)

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};

use crate::error::{Error, Result};

/// The invocations set aside while a file is rendered, by placeholder number.
pub(super) struct Invocations {
    /// The placeholder macro's name: lowercase letters only, so that the spacing of items sees
    /// an item macro's invocation (see `super::item_macro_name`), and a random part, so that no
    /// text from a model can look like it.
    name: String,
    texts: Vec<String>,
}

impl Invocations {
    pub(super) fn new() -> Self {
        let letters: String = format!("{:016x}", super::split::nonce()).bytes().map(|b| char::from(b'a' + (b as char).to_digit(16).unwrap_or(0) as u8)).collect();
        Invocations { name: format!("smithy_lean_laid_out_{letters}"), texts: Vec::new() }
    }

    /// The pieces to format in place of `item`, in order: a placeholder (`Ok`, its invocation's
    /// laid-out text kept) for each invocation of one of the tidied macros that is an item of
    /// its own among the item's (after another item or at the start, ending with `;`), and the
    /// tokens of the items around them (`Err`). An item holds no invocation mostly, and comes
    /// back whole.
    pub(super) fn take(&mut self, item: TokenStream) -> Vec<Result<String, TokenStream>> {
        // An item's own tokens are few (its groups hold the rest): moved out and back in, not
        // copied.
        let tokens: Vec<TokenTree> = item.into_iter().collect();
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut at = 0;
        while at < tokens.len() {
            let begins_item = at == 0 || ends_item(&tokens[at - 1]);
            let Some((path, arguments, end)) = begins_item.then(|| invocation(&tokens[at..])).flatten() else {
                at += 1;
                continue;
            };
            let mut spaced = String::new();
            if space(arguments.stream(), &mut spaced).is_none() {
                at += end;
                continue;
            }
            let mut laid_out = String::new();
            super::lay_out_invocation(&mut laid_out, "", &format!("{path}!("), &super::close_generics(&spaced), ");");
            self.texts.push(laid_out);
            if start < at {
                pieces.push(Err(tokens[start..at].iter().cloned().collect()));
            }
            pieces.push(Ok(format!("{}!({});", self.name, self.texts.len() - 1)));
            at += end;
            start = at;
        }
        if start == 0 {
            return vec![Err(tokens.into_iter().collect())];
        }
        if start < tokens.len() {
            pieces.push(Err(tokens[start..].iter().cloned().collect()));
        }
        pieces
    }

    /// The formatted text of `path` with each placeholder's line replaced by its invocation's
    /// text. A placeholder left over (the formatter printed it otherwise) is an internal error.
    pub(super) fn restore(&self, path: &str, text: String) -> Result<String> {
        if self.texts.is_empty() {
            return Ok(text);
        }
        let mut out = String::with_capacity(text.len() + self.texts.iter().map(String::len).sum::<usize>());
        let mut rest = text.as_str();
        let open = format!("\n{}!(", self.name);
        let mut restored = 0;
        while let Some(at) = rest.find(&open) {
            let after = &rest[at + open.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let invocation = after[..digits].parse::<usize>().ok().and_then(|index| self.texts.get(index));
            let (Some(invocation), Some(next)) = (invocation, after[digits..].strip_prefix(");\n")) else { break };
            out.push_str(&rest[..=at]);
            out.push_str(invocation);
            rest = next;
            restored += 1;
        }
        if restored != self.texts.len() {
            return Err(Error::new(format!("internal error: a macro invocation of {path} was not laid out")));
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Whether a token ends an item, so that an item may start after it: a `;`, or a `{ .. }`
/// body (a structure's, an `impl`'s).
fn ends_item(token: &TokenTree) -> bool {
    match token {
        TokenTree::Punct(p) => p.as_char() == ';',
        TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
        _ => false,
    }
}

/// The path, the arguments and the length in tokens of an invocation of a tidied macro that
/// `tokens` start with (`path!(...);`).
fn invocation(tokens: &[TokenTree]) -> Option<(String, &Group, usize)> {
    let mut name = String::new();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) => name.push_str(&ident.to_string()),
            TokenTree::Punct(p) if p.as_char() == ':' => name.push(':'),
            TokenTree::Punct(bang) if bang.as_char() == '!' && at > 0 => {
                let (Some(TokenTree::Group(arguments)), Some(TokenTree::Punct(semicolon))) = (tokens.get(at + 1), tokens.get(at + 2)) else {
                    return None;
                };
                let invoked = arguments.delimiter() == Delimiter::Parenthesis && semicolon.as_char() == ';' && super::is_tidied_path(&name);
                return invoked.then_some((name, arguments, at + 3));
            }
            _ => return None,
        }
    }
    None
}

/// Where the last token leaves the spacing (prettyplease's states, those a generated
/// invocation reaches).
#[derive(Clone, Copy, PartialEq)]
enum After {
    Start,
    Dot,
    Colon,
    PathSeparator,
    Ident,
    IdentBang,
    Delimited,
    Other,
}

/// Appends the tokens spaced as prettyplease spaces a macro's tokens on one line; `None` for a
/// token it treats apart (`$`, `#`, an invisible group).
fn space(stream: TokenStream, out: &mut String) -> Option<()> {
    let mut after = After::Start;
    let mut joint = true;
    // An identifier's or a literal's text.
    let mut text = String::new();
    for token in stream {
        let (spaced, next) = match &token {
            TokenTree::Group(group) => match group.delimiter() {
                Delimiter::Parenthesis | Delimiter::Bracket => match after {
                    After::Ident => (false, After::Delimited),
                    After::IdentBang => (false, After::Other),
                    _ => (true, After::Delimited),
                },
                Delimiter::Brace => (true, After::Other),
                Delimiter::None => return None,
            },
            TokenTree::Punct(p) => match (p.as_char(), p.spacing()) {
                ('$' | '#', _) => return None,
                ('!', Spacing::Alone) if after == After::Ident => (false, After::IdentBang),
                (':', _) if after == After::Colon => (false, After::PathSeparator),
                (',' | ';', _) => (false, After::Other),
                ('.', _) => (after != After::Ident && after != After::Delimited, After::Dot),
                (':', Spacing::Joint) => (after != After::Ident, After::Colon),
                _ => (true, After::Other),
            },
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                text = token.to_string();
                match &token {
                    TokenTree::Ident(_) if is_keyword(&text) => (true, After::Other),
                    TokenTree::Ident(_) => (after != After::Dot && after != After::PathSeparator, After::Ident),
                    _ if text.ends_with('.') => (after != After::Dot, After::Other),
                    _ => (after != After::Dot, After::Ident),
                }
            }
        };
        if !joint && spaced {
            out.push(' ');
        }
        joint = matches!(&token, TokenTree::Punct(p) if p.spacing() == Spacing::Joint);
        match token {
            TokenTree::Group(group) => {
                let brace = group.delimiter() == Delimiter::Brace;
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ('(', ')'),
                    Delimiter::Bracket => ('[', ']'),
                    _ => ('{', '}'),
                };
                // The group dropped first, so that its tokens are taken apart rather than copied.
                let inner = group.stream();
                drop(group);
                out.push(open);
                if brace && !inner.is_empty() {
                    out.push(' ');
                    space(inner, out)?;
                    out.push(' ');
                } else {
                    space(inner, out)?;
                }
                out.push(close);
            }
            TokenTree::Punct(p) => out.push(p.as_char()),
            _ => out.push_str(&text),
        }
        after = next;
    }
    Some(())
}

/// The keywords prettyplease spaces as punctuation rather than as identifiers.
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
    )
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::Invocations;

    /// Each invocation laid out from its tokens reads as syn, prettyplease and the tidying make
    /// it: closures, paths, generics, references, negations, literals holding `<` and `,`, an
    /// or-pattern of keys, groups of members, lines too long for the margin.
    #[test]
    fn invocations_laid_out_from_tokens_read_as_the_long_way_makes_them() {
        let items = [
            quote!(builder_struct!(ABuilder(types::A); tags, set_tags: Vec<String> = "tags");),
            quote!(builder_struct!(BBuilder(types::B); parts, set_parts: BTreeMap<String, Vec<Option<i32>>> = "parts"; a_rather_long_member_name, set_a_rather_long_member_name: Vec<types::SomeLongStructureName> = "aRatherLongMemberName");),
            quote!(paginated!(List, "List", types::In, item: (), token: String, next_token: |output| output.a.as_ref()?.b.clone().filter(|token| !token.is_empty()), set_token: |input, token| input.t = token, token_key: |token| token.as_bytes().to_vec(), page_size: none);),
            quote!(read_structure!(read_a -> types::A with meta; "message" | "Message" => message: Reader::owned_string; "tags" => tags?: list(string) = unwrap_or_default(); "n" => n: |r| r.list(Reader::owned_string));),
            quote!(string_enum!(Comparison, Below = "a < b", Listed = "a, b", Quoted = "say \"hi, there\"", Spelled = "LESS_THAN_OR_EQUAL_TO", Other = "x");),
            quote!(write_structure!(write_x(types::X); "key" => field?: string; "when" => when: date_time; "n" => n: integer);),
            quote!(crate::primitives::string_enum!(Suit, Hearts = "HEARTS");),
            quote!(validate_structure!(validate_x(types::X); "name" => name?: length_and_pattern(Some(1), Some(127), &PATTERN_6); "size" => size!: range(Some((-1f64, "-1")), Some((10.5f64, "10.5")), true); "tags" => tags?: length(Some(1), Some(50), "entries"), entries([length_and_pattern(Some(1), Some(128), &PATTERN_1)], [chars(Some(0), Some(256))]));),
            quote!(error_structure!(types::Oops, "Oops", |e| e.message.as_deref());),
            quote!(int_enum!(Level, Low = 1, High = 2);),
            quote!(builder_struct!(CBuilder => types::C; redacted secret, set_secret: String = "secret"; value as with_value, set_value: f64 = "value");),
        ];
        for item in items {
            let long = super::super::tidy_macros(&super::super::format_source("t.rs", &item.to_string()).unwrap()).into_owned();
            let mut invocations = Invocations::new();
            let pieces = invocations.take(item);
            let [Ok(placeholder)] = pieces.as_slice() else { panic!("not one placeholder: {pieces:?}") };
            assert!(placeholder.starts_with(&invocations.name), "{placeholder}");
            assert_eq!(invocations.texts[0], long);
        }
    }

    /// Anything else is left to the formatter: other macros, an invocation with attributes or
    /// without its `;`, or with tokens the spacing does not know.
    #[test]
    fn other_items_are_given_back_whole() {
        let items = [
            quote!(response_meta!(types::A);),
            quote!(#[cfg(test)] builder_struct!(ABuilder(types::A); tags, set_tags: Vec<String> = "tags");),
            quote!(builder_struct!(ABuilder(types::A)) ),
            quote!(builder_struct!(ABuilder(types::A); #[doc = "x"] tags, set_tags: String = "tags");),
            quote!(pub struct A { x: u8 }),
        ];
        for item in items {
            let mut invocations = Invocations::new();
            let text = item.to_string();
            let pieces: Vec<_> = invocations.take(item).into_iter().map(|piece| piece.map_err(|item| item.to_string())).collect();
            assert_eq!(pieces, [Err(text)]);
        }
    }

    /// An item of several items (a type and its macro, a macro and an `impl`) gives the
    /// invocations among them as placeholders, in place, and the rest as tokens.
    #[test]
    fn invocations_among_items_are_taken_in_place() {
        let mut invocations = Invocations::new();
        let item = quote! {
            pub enum Suit { Hearts, Unknown(String) }
            string_enum!(Suit, Hearts = "HEARTS");
            builder_struct!(ABuilder => types::A; x, set_x: u8 = "x");
            impl ABuilder { pub fn build(self) -> types::A { types::A { x: self.x } } }
            const N: u8 = int_enum!(N, One = 1);
        };
        let pieces: Vec<String> = invocations.take(item).into_iter().map(|piece| piece.unwrap_or_else(|item| item.to_string())).collect();
        let name = &invocations.name;
        assert_eq!(
            pieces,
            [
                "pub enum Suit { Hearts , Unknown (String) }".to_owned(),
                format!("{name}!(0);"),
                format!("{name}!(1);"),
                "impl ABuilder { pub fn build (self) -> types :: A { types :: A { x : self . x } } } const N : u8 = int_enum ! (N , One = 1) ;".to_owned(),
            ]
        );
        assert_eq!(invocations.texts, ["string_enum!(Suit, Hearts = \"HEARTS\");\n", "builder_struct!(ABuilder => types::A; x, set_x: u8 = \"x\");\n"]);
    }

    /// A placeholder the formatted text does not hold as a line of its own is an internal
    /// error, not a file that names an unknown macro.
    #[test]
    fn a_placeholder_left_over_is_an_internal_error() {
        let mut invocations = Invocations::new();
        let placeholder = invocations.take(quote!(int_enum!(Level, Low = 1);)).remove(0).unwrap();
        let restored = invocations.restore("t.rs", format!("// header\n{placeholder}\n")).unwrap();
        assert_eq!(restored, "// header\nint_enum!(Level, Low = 1);\n");
        for text in ["// header\n".to_owned(), format!("// header\n    {placeholder}\n"), format!("// header\n{placeholder} // x\n")] {
            let error = invocations.restore("t.rs", text.clone()).unwrap_err().to_string();
            assert!(error.contains("t.rs"), "{text:?}: {error}");
        }
    }

    /// In a file, an invocation is where its placeholder was, spaced from its neighbours as
    /// the formatter's text of it would be (an attached `response_meta!` stays glued to it).
    #[test]
    fn a_file_holds_the_invocations_in_place() {
        let items = vec![
            quote!(pub struct A { x: u8 }),
            quote!(builder_struct!(ABuilder(types::A); x, set_x: u8 = "x");),
            quote!(response_meta!(ABuilder);),
            quote!(string_enum!(Suit, Hearts = "HEARTS", Spades = "SPADES", Clubs = "CLUBS", Diamonds = "DIAMONDS", Jokers = "JOKERS");),
            quote!(fn f() {}),
        ];
        let text = super::super::rust_file("t.rs", proc_macro2::TokenStream::new(), items).unwrap();
        let body = text.split_once('\n').unwrap().1;
        assert_eq!(
            body,
            "pub struct A {\n    x: u8,\n}\n\nbuilder_struct!(ABuilder(types::A); x, set_x: u8 = \"x\");\nresponse_meta!(ABuilder);\n\nstring_enum!(\n    Suit, Hearts = \"HEARTS\", Spades = \"SPADES\", Clubs = \"CLUBS\", Diamonds = \"DIAMONDS\",\n    Jokers = \"JOKERS\"\n);\n\nfn f() {}\n"
        );
    }
}
