//! The paginator's walk, with an operation defined here.

use crate::http::{Operation, Request, RequestError, Response};
use crate::paginate::{MemoryTransport, PaginationError, Paginated, Paginator};

/// A fake operation: the input is the token asked for, the output a page `items;next`.
struct Pages;

#[derive(Debug)]
struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("never")
    }
}

impl std::error::Error for Never {}

impl Operation for Pages {
    type Input = Option<String>;
    type Output = (Vec<String>, Option<String>);
    type Error = Never;
    const NAME: &'static str = "Pages";

    fn request(input: &Self::Input) -> Result<Request, RequestError> {
        Ok(Request::new("GET", format!("/?token={}", input.clone().unwrap_or_default())))
    }

    fn response(response: &Response) -> Result<Self::Output, Self::Error> {
        let text = String::from_utf8_lossy(&response.body).into_owned();
        let (items, next) = text.split_once(';').unwrap_or((&text, ""));
        let items = items.split(',').filter(|i| !i.is_empty()).map(str::to_owned).collect();
        Ok((items, Some(next.to_owned()).filter(|n| !n.is_empty())))
    }

    fn output_response(output: &Self::Output) -> Response {
        Response::new(200, format!("{};{}", output.0.join(","), output.1.clone().unwrap_or_default()))
    }
}

impl Paginated for Pages {
    type Item = String;
    type Token = String;

    fn next_token(output: &Self::Output) -> Option<String> {
        output.1.clone()
    }

    fn input_token(input: &Self::Input) -> Option<String> {
        input.clone()
    }

    fn set_token(input: &mut Self::Input, token: Option<String>) {
        *input = token;
    }

    fn token_key(token: &String) -> Vec<u8> {
        token.as_bytes().to_vec()
    }

    fn set_page_size(_: &mut Self::Input, _: i32) {}

    fn items(output: Self::Output) -> Vec<String> {
        output.0
    }
}

fn service(pages: &[&str]) -> MemoryTransport {
    pages.iter().fold(MemoryTransport::new(), |t, page| t.respond(Response::new(200, page.to_string())))
}

#[test]
fn walks_until_no_token_or_a_token_seen_before() {
    let transport = service(&["a,b;t1", "c;t2", "d;"]);
    let items: Vec<String> = Paginator::<Pages>::new(None).items(&transport).collect::<Result<_, _>>().unwrap();
    assert_eq!(items, ["a", "b", "c", "d"]);
    let transport = service(&["a;A", "b;B", "c;A", "never;"]);
    assert_eq!(Paginator::<Pages>::new(None).pages(&transport).count(), 3);
    let transport = service(&["a;A", "b;A", "c;"]);
    assert_eq!(Paginator::<Pages>::new(None).stop_on_duplicate_token(false).pages(&transport).count(), 3);
}

#[test]
fn limits() {
    let transport = service(&["a;1", "b;2", "c;3", "d;4"]);
    let pages: Vec<_> = Paginator::<Pages>::new(None).page_limit(2).pages(&transport).collect();
    assert_eq!(pages.len(), 3);
    assert!(matches!(pages[2], Err(PaginationError::PageLimit(2))));
    let transport = service(&["a,b;1", "c;"]);
    assert_eq!(Paginator::<Pages>::new(None).max_items(1).items(&transport).count(), 1);
    let transport = service(&["a;1", "b;2"]);
    let failed: Vec<_> = Paginator::<Pages>::new(None).pages(&transport.fail("down")).collect();
    assert!(matches!(failed.last(), Some(Err(PaginationError::Transport(_)))));
}
