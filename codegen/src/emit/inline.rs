//! Every function of a service's modules is marked `#[inline]`, for what the attribute does
//! besides inlining: an `#[inline]` function is compiled in the crates that call it, for what
//! they call, instead of in its own crate whether it is called or not. A crate generated for
//! every operation of a service costs a program that calls two of them only those two
//! operations' code, as generic code would (the figures are in `docs/benchmarks.md`, "Lazy
//! code generation"). The runtime's modules are written by hand and keep their own attributes.
//!
//! This is one pass over the emitted items rather than an attribute in each emitter's
//! `quote!`s, so that no function can be left out and the policy is stated once.

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

/// The items with `#[inline]` before each function item among them, at any depth (an `impl`'s
/// methods, a function's local functions).
pub fn functions(items: Vec<TokenStream>) -> Vec<TokenStream> {
    items.into_iter().map(mark).collect()
}

fn mark(stream: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(tokens.len() + 4);
    // Where the qualifiers before a possible `fn` began in `out` (`pub`, `pub(crate)`, `const`,
    // `async`, `unsafe`, `extern "C"`): the attribute goes before them.
    let mut qualifiers: Option<usize> = None;
    for (index, token) in tokens.iter().enumerate() {
        let is_qualifier = match token {
            TokenTree::Ident(ident) => matches!(ident.to_string().as_str(), "pub" | "const" | "async" | "unsafe" | "extern"),
            // `(crate)` after `pub`, `"C"` after `extern`.
            TokenTree::Group(group) => group.delimiter() == Delimiter::Parenthesis && qualifiers.is_some() && is_ident(out.last(), "pub"),
            TokenTree::Literal(_) => qualifiers.is_some() && is_ident(out.last(), "extern"),
            TokenTree::Punct(_) => false,
        };
        // `fn name`: a function item (a function pointer type is `fn(`).
        if is_ident(Some(token), "fn") && matches!(tokens.get(index + 1), Some(TokenTree::Ident(_))) {
            let at = qualifiers.unwrap_or(out.len());
            out.splice(at..at, inline_attribute());
        }
        if is_qualifier {
            qualifiers.get_or_insert(out.len());
        } else if !is_ident(Some(token), "fn") {
            qualifiers = None;
        }
        out.push(match token {
            TokenTree::Group(group) => {
                let mut marked = Group::new(group.delimiter(), mark(group.stream()));
                marked.set_span(group.span());
                TokenTree::Group(marked)
            }
            other => other.clone(),
        });
    }
    out.into_iter().collect()
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
    fn every_function_item_is_marked_before_its_qualifiers() {
        let text = marked(quote! {
            /// Docs.
            pub(crate) fn a(read: fn(&mut R) -> u8) -> impl Fn() { || () }
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
