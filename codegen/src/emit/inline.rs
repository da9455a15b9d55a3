//! Every function of a service's modules that is not generic is marked `#[inline]`, for what
//! the attribute does besides inlining: an `#[inline]` function is compiled in the crates that
//! call it, for what they call, instead of in its own crate whether it is called or not (as a
//! generic function is, which needs no mark). A crate generated for every operation of a
//! service costs a program that calls two of them only those two operations' code, as generic
//! code would (the figures are in `docs/benchmarks.md`, "Lazy code generation"). The runtime's
//! modules are written by hand and keep their own attributes.
//!
//! This is one pass over the emitted items rather than an attribute in each emitter's
//! `quote!`s, so that no function can be left out and the policy is stated once.

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

/// The items with `#[inline]` before each function item among them, at any depth (an `impl`'s
/// methods, a function's local functions).
pub fn functions(items: Vec<TokenStream>) -> Vec<TokenStream> {
    items.into_iter().map(|item| mark(item).0).collect()
}

/// The stream with its functions marked, and whether it has `impl` at its top level (for a
/// parameter list: whether the function takes an `impl Trait`).
fn mark(stream: TokenStream) -> (TokenStream, bool) {
    let mut tokens = stream.into_iter().peekable();
    let mut out: Vec<TokenTree> = Vec::with_capacity(tokens.size_hint().0 + 2);
    let mut has_impl = false;
    // Where the attribute goes for the function whose name was just read, once its parameters
    // show that it is not generic (a generic function is compiled where it is used already).
    let mut pending: Option<usize> = None;
    while let Some(token) = tokens.next() {
        has_impl |= is_ident(Some(&token), "impl");
        let after_name = pending.take();
        // `fn name`: a function item (a function pointer type is `fn(`). The attribute goes
        // before its qualifiers.
        if is_ident(Some(&token), "fn") && matches!(tokens.peek(), Some(TokenTree::Ident(_))) {
            pending = Some(qualifiers_start(&out));
            out.push(token);
            out.extend(tokens.next());
            continue;
        }
        // A macro's arguments are the macro's to expand, not items: kept as they are.
        if matches!(&token, TokenTree::Punct(p) if p.as_char() == '!')
            && matches!(out.last(), Some(TokenTree::Ident(_)))
            && matches!(tokens.peek(), Some(TokenTree::Group(_)))
        {
            out.push(token);
            out.extend(tokens.next());
            continue;
        }
        // An attribute holds no item: kept as it is, not taken apart (most are doc lines).
        if matches!(&token, TokenTree::Punct(p) if p.as_char() == '#') {
            out.push(token);
            if matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                out.extend(tokens.next());
            }
            if matches!(tokens.peek(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket) {
                out.extend(tokens.next());
            }
            continue;
        }
        let token = match token {
            TokenTree::Group(group) => {
                let (delimiter, span, inner) = (group.delimiter(), group.span(), group.stream());
                // Dropped first, so that the inner stream is not shared and is taken apart
                // rather than copied.
                drop(group);
                let (inner, takes_impl) = mark(inner);
                // Parameters right after the name: no `<...>` came first.
                if let Some(start) = after_name.filter(|_| delimiter == Delimiter::Parenthesis && !takes_impl) {
                    out.splice(start..start, inline_attribute());
                }
                let mut marked = Group::new(delimiter, inner);
                marked.set_span(span);
                TokenTree::Group(marked)
            }
            other => other,
        };
        out.push(token);
    }
    (out.into_iter().collect(), has_impl)
}

/// Where the qualifiers at the end of `tokens` begin: `pub`, `pub(crate)`, `const`, `async`,
/// `unsafe`, `extern "C"`.
fn qualifiers_start(tokens: &[TokenTree]) -> usize {
    let mut at = tokens.len();
    while at > 0 {
        let before = tokens.get(at.wrapping_sub(2));
        at -= match &tokens[at - 1] {
            TokenTree::Ident(ident) if ["pub", "const", "async", "unsafe", "extern"].iter().any(|q| ident == q) => 1,
            // `(crate)` after `pub`, `"C"` after `extern`.
            TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis && is_ident(before, "pub") => 2,
            TokenTree::Literal(_) if is_ident(before, "extern") => 2,
            _ => break,
        };
    }
    at
}

fn is_ident(token: Option<&TokenTree>, name: &str) -> bool {
    matches!(token, Some(TokenTree::Ident(ident)) if ident == name)
}

/// `#[inline]`.
fn inline_attribute() -> [TokenTree; 2] {
    let body = TokenStream::from(TokenTree::Ident(Ident::new("inline", Span::call_site())));
    [TokenTree::Punct(Punct::new('#', Spacing::Alone)), TokenTree::Group(Group::new(Delimiter::Bracket, body))]
}

#[cfg(test)]
mod tests {
    use quote::quote;

    fn marked(items: proc_macro2::TokenStream) -> String {
        super::functions(vec![items]).remove(0).to_string()
    }

    #[test]
    fn every_function_item_that_is_not_generic_is_marked_before_its_qualifiers() {
        let text = marked(quote! {
            /// Docs.
            pub(crate) fn a(read: fn(&mut R) -> u8) -> impl Fn() { || () }
            pub fn generic<T: Into<u8>>(value: T) {}
            pub fn set(mut self, value: impl Into<String>) -> Self { self }
            impl X {
                pub async fn b(&self) { fn local() {} }
                const fn c() {}
                pub extern "C" fn d() {}
            }
            impl fmt::Display for Y { fn fmt(&self) {} }
            struct Z { f: fn(u8) }
        });
        assert_eq!(
            text,
            quote! {
                /// Docs.
                #[inline] pub(crate) fn a(read: fn(&mut R) -> u8) -> impl Fn() { || () }
                pub fn generic<T: Into<u8>>(value: T) {}
                pub fn set(mut self, value: impl Into<String>) -> Self { self }
                impl X {
                    #[inline] pub async fn b(&self) { #[inline] fn local() {} }
                    #[inline] const fn c() {}
                    #[inline] pub extern "C" fn d() {}
                }
                impl fmt::Display for Y { #[inline] fn fmt(&self) {} }
                struct Z { f: fn(u8) }
            }
            .to_string()
        );
    }
}
