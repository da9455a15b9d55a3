//! Paginators: every page, or every item, of a paginated operation, over a transport you plug
//! in. [`Paginator`] starts from your input (its starting token and page size are honoured) and
//! gives an [`Iterator`] over a blocking [`Transport`] or a [`futures_core::Stream`] over an
//! [`AsyncTransport`], so `StreamExt` combinators work on it.
//!
//! Iteration stops when the service sends no next token or an empty one, and (unless turned
//! off with [`Paginator::stop_on_duplicate_token`]) when it sends a token it sent before in this
//! walk (the one just given, or any earlier one: a service alternating `A, B, A, B` would loop
//! forever otherwise). A walk asks for at most [`DEFAULT_PAGE_LIMIT`] pages unless you raise the
//! limit with [`Paginator::page_limit`]; a service still sending tokens then ends the walk with
//! [`PaginationError::PageLimit`], so a service handing out fresh tokens with empty pages forever
//! cannot hang it. An error (encoding, transport, service or the limit) is yielded once and ends
//! the iteration.
//!
//! A transport sends a [`Request`] and returns the [`Response`]: with the `client` feature, a
//! service's `Client::pager` is one (endpoint, signing, retries); [`MemoryTransport`] answers
//! from a script, for tests; any other wraps an HTTP stack as the `http` module's docs show,
//! keeping every header of the answer:
//!
//! ```
//! use aws_lean_sdk::http::{Request, Response};
//! use aws_lean_sdk::paginate::Transport;
//!
//! struct MyStack { endpoint: String }
//!
//! impl Transport for MyStack {
//!     type Error = std::io::Error;
//!
//!     fn send(&self, request: Request) -> Result<Response, std::io::Error> {
//!         let url = format!("{}{}", self.endpoint, request.uri);
//!         // Sign, then send `request.method` to `url` with every header and the body.
//!         let (status, headers, body) = (200, vec![("x-amzn-RequestId".to_owned(), url)], b"{}".to_vec());
//!         Ok(Response::new(status, body).with_headers(headers))
//!     }
//! }
//!
//! let stack = MyStack { endpoint: "https://swf.us-east-1.amazonaws.com".to_owned() };
//! let response = stack.send(Request::new("POST", "/")).unwrap();
//! assert_eq!(response.header("x-amzn-requestid"), Some("https://swf.us-east-1.amazonaws.com/"));
//! ```

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use crate::http::{Operation, Request, RequestError, Response};

/// Sends requests and waits for their responses.
pub trait Transport {
    type Error: std::error::Error;

    fn send(&self, request: Request) -> Result<Response, Self::Error>;
}

/// Sends requests; the response arrives later.
pub trait AsyncTransport {
    type Error: std::error::Error;

    fn send(&self, request: Request) -> impl Future<Output = Result<Response, Self::Error>> + Send;
}

/// An operation whose output comes in pages; implemented by the generated operations that
/// have `@paginated`.
pub trait Paginated: Operation<Input: Clone> {
    /// One element of a page's items (a pair for a map of items).
    type Item;

    /// The token that asks for a page: usually a string, sometimes a structure or a map
    /// (DynamoDB's `LastEvaluatedKey`).
    type Token: Clone;

    /// The token of the next page in an output, if any (an empty one is none).
    fn next_token(output: &Self::Output) -> Option<Self::Token>;

    /// The token an input asks for, if any.
    fn input_token(input: &Self::Input) -> Option<Self::Token>;

    /// Sets the token of the page to ask for.
    fn set_token(input: &mut Self::Input, token: Option<Self::Token>);

    /// What tells tokens apart, to notice one seen before: its text, or its JSON.
    fn token_key(token: &Self::Token) -> Vec<u8>;

    /// Sets the page size, when the operation has one.
    fn set_page_size(input: &mut Self::Input, size: i32);

    /// The items of a page.
    fn items(output: Self::Output) -> Vec<Self::Item>;
}

/// An operation's [`Paginated`] and its `paginate()`, from the pagination's facts, each an
/// expression of the closure-like arguments' names: where the output's next token is, the
/// input's token and how to set it, the token's bytes (to notice one seen before), where the
/// output's items are, and how to set the page size (`none` without one). The generated
/// `operations` modules invoke it once per paginated operation:
///
/// ```text
/// paginated!(
///     ListThings, "ListThings", types::ListThingsInput, item: types::Thing, token: String,
///     next_token: |output| output.next_token.clone(), input_token: |input| input.next_token.clone(),
///     set_token: |input, token| input.next_token = token, token_key: |token| token.as_bytes().to_vec(),
///     items: |output| output.things.unwrap_or_default(), page_size: |input, size| input.max_results = Some(size)
/// );
/// ```
#[allow(unused_macros)] // Invoked by the generated `operations` modules.
macro_rules! paginated {
    (
        $op:ident, $name:literal, $input:ty, item: $item:ty, token: $token:ty,
        next_token: |$output:ident| $next_token:expr,
        input_token: |$input_ref:ident| $input_token:expr,
        set_token: |$input_mut:ident, $token_value:ident| $set_token:expr,
        token_key: |$token_ref:ident| $token_key:expr,
        items: |$output_value:ident| $items:expr,
        page_size: $($page_size:tt)*
    ) => {
        impl $crate::paginate::Paginated for $op {
            type Item = $item;
            type Token = $token;

            #[inline]
            fn next_token($output: &Self::Output) -> ::core::option::Option<Self::Token> {
                $next_token
            }

            #[inline]
            fn input_token($input_ref: &Self::Input) -> ::core::option::Option<Self::Token> {
                $input_token
            }

            #[inline]
            fn set_token($input_mut: &mut Self::Input, $token_value: ::core::option::Option<Self::Token>) {
                $set_token;
            }

            #[inline]
            fn token_key($token_ref: &Self::Token) -> ::std::vec::Vec<u8> {
                $token_key
            }

            #[inline]
            fn items($output_value: Self::Output) -> ::std::vec::Vec<Self::Item> {
                $items
            }

            $crate::paginate::paginated!(@page_size $($page_size)*);
        }

        impl $op {
            #[doc = ::core::concat!("Pages through `", $name, "`: every output, or every item, starting from `input`.")]
            #[inline]
            pub fn paginate(input: $input) -> $crate::paginate::Paginator<Self> {
                $crate::paginate::Paginator::new(input)
            }
        }
    };
    (@page_size none $(,)?) => {
        #[inline]
        fn set_page_size(_: &mut Self::Input, _: i32) {}
    };
    (@page_size |$input:ident, $size:ident| $set:expr $(,)?) => {
        #[inline]
        fn set_page_size($input: &mut Self::Input, $size: i32) {
            $set;
        }
    };
}
#[allow(unused_imports)] // Used by the generated `operations` modules.
pub(crate) use paginated;

/// What can end a paginated iteration early.
#[derive(Debug)]
pub enum PaginationError<E, T> {
    /// The input could not be encoded as a request.
    Request(RequestError),
    /// The transport failed.
    Transport(T),
    /// The service answered with an error, or a response that does not decode.
    Service(E),
    /// The walk asked for this many pages (the paginator's page limit) and the service still
    /// sent a next token.
    PageLimit(usize),
}

impl<E: fmt::Display, T: fmt::Display> fmt::Display for PaginationError<E, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationError::Request(e) => e.fmt(f),
            PaginationError::Transport(e) => write!(f, "transport error: {e}"),
            PaginationError::Service(e) => e.fmt(f),
            PaginationError::PageLimit(limit) => {
                write!(f, "the service still sent a next token after {limit} pages, the paginator's limit (raise it with `page_limit`)")
            }
        }
    }
}

impl<E: fmt::Debug + fmt::Display, T: fmt::Debug + fmt::Display> std::error::Error for PaginationError<E, T> {}

/// A page or the error that ended the iteration.
pub type PageResult<O, T> = Result<<O as Operation>::Output, PaginationError<<O as Operation>::Error, T>>;

/// An item or the error that ended the iteration.
pub type ItemResult<O, T> = Result<<O as Paginated>::Item, PaginationError<<O as Operation>::Error, T>>;

/// Where a paginated iteration starts, and when it stops.
#[derive(Debug, Clone)]
pub struct Paginator<O: Paginated> {
    input: O::Input,
    page_size: Option<i32>,
    max_pages: Option<usize>,
    max_items: Option<usize>,
    page_limit: usize,
    stop_on_duplicate_token: bool,
}

/// How many pages a walk asks for at most, unless [`Paginator::page_limit`] says otherwise.
pub const DEFAULT_PAGE_LIMIT: usize = 10_000;

impl<O: Paginated> Paginator<O> {
    /// Starts from `input`, with its starting token and page size if it has them.
    pub fn new(input: O::Input) -> Self {
        Paginator { input, page_size: None, max_pages: None, max_items: None, page_limit: DEFAULT_PAGE_LIMIT, stop_on_duplicate_token: true }
    }

    /// The most pages a walk may ask for ([`DEFAULT_PAGE_LIMIT`] unless set): past it, a service
    /// that still sends a next token ends the walk with [`PaginationError::PageLimit`]. Unlike
    /// [`max_pages`](Self::max_pages), which stops quietly, this is a guard against a service that
    /// never stops.
    pub fn page_limit(mut self, pages: usize) -> Self {
        self.page_limit = pages;
        self
    }

    /// Asks for pages of this size, whatever the input says.
    pub fn page_size(mut self, size: i32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Stops after this many pages.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Stops after this many items (item iteration only).
    pub fn max_items(mut self, items: usize) -> Self {
        self.max_items = Some(items);
        self
    }

    /// Whether to stop when the service sends a token it sent before in this walk (on by
    /// default). Turn it off for services that legitimately repeat a token, such as CloudWatch
    /// Logs' `GetLogEvents` at the end of a stream; the page limit still applies.
    pub fn stop_on_duplicate_token(mut self, stop: bool) -> Self {
        self.stop_on_duplicate_token = stop;
        self
    }

    fn into_state(mut self) -> State<O> {
        if let Some(size) = self.page_size {
            O::set_page_size(&mut self.input, size);
        }
        State {
            next: Some(self.input),
            seen: HashSet::new(),
            pages: 0,
            max_pages: self.max_pages,
            page_limit: self.page_limit,
            limit_reached: false,
            stop_on_duplicate_token: self.stop_on_duplicate_token,
        }
    }

    /// Every page, over a blocking transport.
    pub fn pages<T: Transport>(self, transport: &T) -> Pages<'_, O, T> {
        Pages { transport, state: self.into_state() }
    }

    /// Every item of every page, over a blocking transport.
    pub fn items<T: Transport>(self, transport: &T) -> Items<'_, O, T> {
        let max_items = self.max_items;
        Items { pages: self.pages(transport), buffer: VecDeque::new(), left: max_items }
    }

    /// Every page, as a stream over an async transport.
    pub fn pages_stream<T: AsyncTransport>(self, transport: &T) -> PagesStream<'_, O, T> {
        PagesStream { transport, state: self.into_state(), waiting: None }
    }

    /// Every item of every page, as a stream over an async transport.
    pub fn items_stream<T: AsyncTransport>(self, transport: &T) -> ItemsStream<'_, O, T> {
        let max_items = self.max_items;
        ItemsStream { pages: self.pages_stream(transport), buffer: VecDeque::new(), left: max_items }
    }
}

/// What the blocking and the async iteration share: the next input, and when to stop.
struct State<O: Paginated> {
    /// The input of the next page; `None` once iteration is over.
    next: Option<O::Input>,
    /// The keys of every token this walk has asked with, the starting one included.
    seen: HashSet<Vec<u8>>,
    pages: usize,
    max_pages: Option<usize>,
    page_limit: usize,
    /// The page limit was reached with a next token: the walk ends with an error.
    limit_reached: bool,
    stop_on_duplicate_token: bool,
}

impl<O: Paginated> State<O> {
    /// The request of the next page, if there is one.
    fn start<T>(&mut self) -> Option<Result<Request, PaginationError<O::Error, T>>> {
        if self.max_pages.is_some_and(|max| self.pages >= max) {
            self.next = None;
        }
        if self.limit_reached {
            self.limit_reached = false;
            self.next = None;
            return Some(Err(PaginationError::PageLimit(self.page_limit)));
        }
        let input = self.next.take()?;
        if let Some(token) = O::input_token(&input) {
            self.seen.insert(O::token_key(&token));
        }
        let request = O::request(&input);
        // Kept to ask for the page after this one.
        self.next = Some(input);
        Some(request.map_err(|e| {
            self.next = None;
            PaginationError::Request(e)
        }))
    }

    /// Takes a response and decides whether there is a next page.
    fn finish<T>(&mut self, response: Result<Response, T>) -> Result<O::Output, PaginationError<O::Error, T>> {
        self.pages += 1;
        let output = match response {
            Ok(response) => O::response(&response).map_err(PaginationError::Service),
            Err(e) => Err(PaginationError::Transport(e)),
        };
        let Ok(output) = output else {
            self.next = None;
            return output;
        };
        let token = O::next_token(&output);
        let repeated = self.stop_on_duplicate_token && token.as_ref().is_some_and(|t| self.seen.contains(&O::token_key(t)));
        match (token, self.next.as_mut()) {
            (Some(token), Some(input)) if !repeated => {
                O::set_token(input, Some(token));
                let stopping = self.max_pages.is_some_and(|max| self.pages >= max);
                if self.pages >= self.page_limit && !stopping {
                    self.limit_reached = true;
                }
            }
            _ => self.next = None,
        }
        Ok(output)
    }
}

/// The pages of a paginated operation over a blocking transport.
pub struct Pages<'a, O: Paginated, T: Transport> {
    transport: &'a T,
    state: State<O>,
}

impl<O: Paginated, T: Transport> Iterator for Pages<'_, O, T> {
    type Item = PageResult<O, T::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let request = match self.state.start()? {
            Ok(request) => request,
            Err(e) => return Some(Err(e)),
        };
        Some(self.state.finish(self.transport.send(request)))
    }
}

/// The items of a paginated operation over a blocking transport.
pub struct Items<'a, O: Paginated, T: Transport> {
    pages: Pages<'a, O, T>,
    buffer: VecDeque<O::Item>,
    left: Option<usize>,
}

impl<O: Paginated, T: Transport> Iterator for Items<'_, O, T> {
    type Item = ItemResult<O, T::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == Some(0) {
            return None;
        }
        loop {
            if let Some(item) = self.buffer.pop_front() {
                self.left = self.left.map(|n| n - 1);
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.buffer.extend(O::items(page)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

type Waiting<'a, E> = Pin<Box<dyn Future<Output = Result<Response, E>> + Send + 'a>>;

/// The pages of a paginated operation over an async transport: a [`futures_core::Stream`].
pub struct PagesStream<'a, O: Paginated, T: AsyncTransport> {
    transport: &'a T,
    state: State<O>,
    waiting: Option<Waiting<'a, T::Error>>,
}

impl<O: Paginated, T: AsyncTransport> futures_core::Stream for PagesStream<'_, O, T>
where
    O::Input: Unpin,
{
    type Item = PageResult<O, T::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.waiting.is_none() {
            match this.state.start() {
                None => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                Some(Ok(request)) => this.waiting = Some(Box::pin(this.transport.send(request))),
            }
        }
        let Some(waiting) = this.waiting.as_mut() else { return Poll::Ready(None) };
        match waiting.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(response) => {
                this.waiting = None;
                Poll::Ready(Some(this.state.finish(response)))
            }
        }
    }
}

/// The items of a paginated operation over an async transport: a [`futures_core::Stream`].
pub struct ItemsStream<'a, O: Paginated, T: AsyncTransport> {
    pages: PagesStream<'a, O, T>,
    buffer: VecDeque<O::Item>,
    left: Option<usize>,
}

impl<O: Paginated, T: AsyncTransport> futures_core::Stream for ItemsStream<'_, O, T>
where
    O::Input: Unpin,
    O::Item: Unpin,
{
    type Item = ItemResult<O, T::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.left == Some(0) {
            return Poll::Ready(None);
        }
        loop {
            if let Some(item) = this.buffer.pop_front() {
                this.left = this.left.map(|n| n - 1);
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffer.extend(O::items(page)),
            }
        }
    }
}

/// A transport that answers from a script, for tests: each request gets the next scripted
/// response (or transport error), and every request is kept for inspection. It is both a
/// [`Transport`] and an [`AsyncTransport`] (whose responses are ready at once).
#[derive(Debug, Default)]
pub struct MemoryTransport {
    script: Mutex<VecDeque<Result<Response, MemoryTransportError>>>,
    requests: Mutex<Vec<Request>>,
}

/// The error a [`MemoryTransport`] gives when scripted to, or when its script has run out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryTransportError(pub String);

impl fmt::Display for MemoryTransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MemoryTransportError {}

impl MemoryTransport {
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers the next request with `response`.
    pub fn respond(self, response: Response) -> Self {
        self.lock_script().push_back(Ok(response));
        self
    }

    /// Fails the next request with a transport error.
    pub fn fail(self, message: &str) -> Self {
        self.lock_script().push_back(Err(MemoryTransportError(message.to_owned())));
        self
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    fn lock_script(&self) -> std::sync::MutexGuard<'_, VecDeque<Result<Response, MemoryTransportError>>> {
        self.script.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn answer(&self, request: Request) -> Result<Response, MemoryTransportError> {
        self.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(request);
        self.lock_script().pop_front().unwrap_or_else(|| Err(MemoryTransportError("no scripted response left".to_owned())))
    }
}

impl Transport for MemoryTransport {
    type Error = MemoryTransportError;

    fn send(&self, request: Request) -> Result<Response, Self::Error> {
        self.answer(request)
    }
}

impl AsyncTransport for MemoryTransport {
    type Error = MemoryTransportError;

    fn send(&self, request: Request) -> impl Future<Output = Result<Response, Self::Error>> + Send {
        std::future::ready(self.answer(request))
    }
}
