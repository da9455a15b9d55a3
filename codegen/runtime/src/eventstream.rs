//! Event streams (`application/vnd.amazon.eventstream`): the framing AWS uses for operations
//! whose output is a stream of events (Kinesis `SubscribeToShard`, Bedrock `ConverseStream`).
//!
//! Each message is a frame: a prelude (total length, headers length, and a CRC32 of both), typed
//! headers (`:message-type`, `:event-type`, `:exception-type`, `:content-type`, ...), a payload,
//! and a CRC32 of the whole message. Frames are checked (both CRCs, the lengths, a size limit)
//! before anything in them is read.
//!
//! An operation's output holds its stream as an [`EventStream`] of the service's event union:
//! the frames of the body it was decoded from, turned into events by
//! [`events`](EventStream::events). To read events as they arrive instead, the operation has
//! `events(reader)` (an [`Iterator`] over a blocking body) and `events_stream(body)` (a
//! [`futures_core::Stream`] over an async one). Each item is an event, or the error that ends
//! the stream: a modeled exception (a variant of the union, as [`EventStreamError::Exception`]),
//! a service error, a broken frame or an event that does not decode.

use std::fmt;
use std::io::Read;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::primitives::DateTime;

/// The largest message read: a frame that says it is larger is refused before it is buffered.
pub const MAX_MESSAGE: usize = 16 << 20;

/// Bytes of the prelude (two lengths and their CRC) and of the trailing CRC.
const PRELUDE: usize = 12;
const TRAILER: usize = 4;

/// A header's value.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderValue {
    Bool(bool),
    Byte(i8),
    Short(i16),
    Int(i32),
    Long(i64),
    Bytes(Vec<u8>),
    String(String),
    Timestamp(DateTime),
    Uuid([u8; 16]),
}

/// One message of an event stream.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Message {
    pub headers: Vec<(String, HeaderValue)>,
    pub payload: Vec<u8>,
}

impl Message {
    /// A header's value, by name.
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// A string header's value, by name.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        match self.header(name) {
            Some(HeaderValue::String(s)) => Some(s),
            _ => None,
        }
    }

    /// Adds a string header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), HeaderValue::String(value.to_owned())));
        self
    }

    /// The message as a frame.
    pub fn encode(&self) -> Vec<u8> {
        let mut headers = Vec::new();
        for (name, value) in &self.headers {
            let name = &name.as_bytes()[..name.len().min(255)];
            headers.push(name.len() as u8);
            headers.extend_from_slice(name);
            match value {
                HeaderValue::Bool(true) => headers.push(0),
                HeaderValue::Bool(false) => headers.push(1),
                HeaderValue::Byte(v) => headers.extend_from_slice(&[2, *v as u8]),
                HeaderValue::Short(v) => {
                    headers.push(3);
                    headers.extend_from_slice(&v.to_be_bytes());
                }
                HeaderValue::Int(v) => {
                    headers.push(4);
                    headers.extend_from_slice(&v.to_be_bytes());
                }
                HeaderValue::Long(v) => {
                    headers.push(5);
                    headers.extend_from_slice(&v.to_be_bytes());
                }
                HeaderValue::Bytes(v) => {
                    let v = &v[..v.len().min(u16::MAX as usize)];
                    headers.push(6);
                    headers.extend_from_slice(&(v.len() as u16).to_be_bytes());
                    headers.extend_from_slice(v);
                }
                HeaderValue::String(v) => {
                    let v = &v.as_bytes()[..v.len().min(u16::MAX as usize)];
                    headers.push(7);
                    headers.extend_from_slice(&(v.len() as u16).to_be_bytes());
                    headers.extend_from_slice(v);
                }
                HeaderValue::Timestamp(v) => {
                    headers.push(8);
                    let millis = v.secs().saturating_mul(1000).saturating_add(i64::from(v.subsec_nanos() / 1_000_000));
                    headers.extend_from_slice(&millis.to_be_bytes());
                }
                HeaderValue::Uuid(v) => {
                    headers.push(9);
                    headers.extend_from_slice(v);
                }
            }
        }
        let total = PRELUDE + headers.len() + self.payload.len() + TRAILER;
        let mut frame = Vec::with_capacity(total);
        frame.extend_from_slice(&(total as u32).to_be_bytes());
        frame.extend_from_slice(&(headers.len() as u32).to_be_bytes());
        let prelude_crc = crc32fast::hash(&frame);
        frame.extend_from_slice(&prelude_crc.to_be_bytes());
        frame.extend_from_slice(&headers);
        frame.extend_from_slice(&self.payload);
        let crc = crc32fast::hash(&frame);
        frame.extend_from_slice(&crc.to_be_bytes());
        frame
    }
}

/// A frame that is not a valid event-stream message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameError(&'static str);

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid event-stream frame: {}", self.0)
    }
}

impl std::error::Error for FrameError {}

/// Reads messages out of bytes that arrive in pieces.
#[derive(Debug, Default)]
pub struct Decoder {
    buffer: Vec<u8>,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds bytes that arrived.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next whole message, if the bytes so far hold one.
    pub fn next_message(&mut self) -> Result<Option<Message>, FrameError> {
        if self.buffer.len() < PRELUDE {
            return Ok(None);
        }
        let total = u32::from_be_bytes([self.buffer[0], self.buffer[1], self.buffer[2], self.buffer[3]]) as usize;
        let headers_len = u32::from_be_bytes([self.buffer[4], self.buffer[5], self.buffer[6], self.buffer[7]]) as usize;
        let prelude_crc = u32::from_be_bytes([self.buffer[8], self.buffer[9], self.buffer[10], self.buffer[11]]);
        if crc32fast::hash(&self.buffer[..8]) != prelude_crc {
            return Err(FrameError("the prelude's CRC does not match"));
        }
        if total > MAX_MESSAGE {
            return Err(FrameError("the message is larger than 16 MiB"));
        }
        if total < PRELUDE + TRAILER || headers_len > total - PRELUDE - TRAILER {
            return Err(FrameError("the lengths do not add up"));
        }
        if self.buffer.len() < total {
            return Ok(None);
        }
        let frame: Vec<u8> = self.buffer.drain(..total).collect();
        let crc = u32::from_be_bytes([frame[total - 4], frame[total - 3], frame[total - 2], frame[total - 1]]);
        if crc32fast::hash(&frame[..total - TRAILER]) != crc {
            return Err(FrameError("the message's CRC does not match"));
        }
        let headers = read_headers(&frame[PRELUDE..PRELUDE + headers_len])?;
        Ok(Some(Message { headers, payload: frame[PRELUDE + headers_len..total - TRAILER].to_vec() }))
    }

    /// Whether bytes are left that begin a message not yet whole.
    pub fn has_partial_message(&self) -> bool {
        !self.buffer.is_empty()
    }
}

fn read_headers(mut bytes: &[u8]) -> Result<Vec<(String, HeaderValue)>, FrameError> {
    let truncated = FrameError("a header is cut short");
    let take = |n: usize, bytes: &mut &[u8]| -> Result<Vec<u8>, FrameError> {
        if bytes.len() < n {
            return Err(truncated.clone());
        }
        let (head, rest) = bytes.split_at(n);
        *bytes = rest;
        Ok(head.to_vec())
    };
    let mut headers = Vec::new();
    while !bytes.is_empty() {
        let name_len = take(1, &mut bytes)?[0] as usize;
        let name = String::from_utf8(take(name_len, &mut bytes)?).map_err(|_| FrameError("a header name is not UTF-8"))?;
        let kind = take(1, &mut bytes)?[0];
        let value = match kind {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(take(1, &mut bytes)?[0] as i8),
            3 => HeaderValue::Short(i16::from_be_bytes(take(2, &mut bytes)?.try_into().map_err(|_| FrameError("bad short"))?)),
            4 => HeaderValue::Int(i32::from_be_bytes(take(4, &mut bytes)?.try_into().map_err(|_| FrameError("bad int"))?)),
            5 => HeaderValue::Long(i64::from_be_bytes(take(8, &mut bytes)?.try_into().map_err(|_| FrameError("bad long"))?)),
            6 | 7 => {
                let len = u16::from_be_bytes(take(2, &mut bytes)?.try_into().map_err(|_| FrameError("bad length"))?) as usize;
                let value = take(len, &mut bytes)?;
                if kind == 6 {
                    HeaderValue::Bytes(value)
                } else {
                    HeaderValue::String(String::from_utf8(value).map_err(|_| FrameError("a string header is not UTF-8"))?)
                }
            }
            8 => {
                let millis = i64::from_be_bytes(take(8, &mut bytes)?.try_into().map_err(|_| FrameError("bad timestamp"))?);
                HeaderValue::Timestamp(DateTime::from_millis(millis))
            }
            9 => HeaderValue::Uuid(take(16, &mut bytes)?.try_into().map_err(|_| FrameError("bad uuid"))?),
            _ => return Err(FrameError("unknown header type")),
        };
        headers.push((name, value));
    }
    Ok(headers)
}

/// What ends an event stream early.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventStreamError<E> {
    /// A modeled exception, as the variant of the event union it is.
    Exception(E),
    /// An error the service sent that the model does not define.
    Service { code: Option<String>, message: Option<String> },
    /// A frame that is broken, or the body ended inside one.
    Frame(FrameError),
    /// An event whose payload does not decode as the model describes it.
    Decode(String),
    /// Reading the body failed.
    Transport(Box<dyn std::error::Error + Send + Sync>),
}

impl<E: fmt::Debug> fmt::Display for EventStreamError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::Exception(e) => write!(f, "the service ended the stream with {e:?}"),
            EventStreamError::Service { code, message } => {
                write!(f, "the service ended the stream with {}", code.as_deref().unwrap_or("an error"))?;
                match message {
                    Some(message) => write!(f, ": {message}"),
                    None => Ok(()),
                }
            }
            EventStreamError::Frame(e) => e.fmt(f),
            EventStreamError::Decode(message) => write!(f, "an event does not decode: {message}"),
            EventStreamError::Transport(e) => write!(f, "reading the event stream failed: {e}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for EventStreamError<E> {}

/// An event union of a service: how its events are read from messages and written to them.
/// Implemented by the generated unions that are event streams.
pub trait Event: Sized {
    /// The event a message holds; `None` for a message that carries no event (an RPC
    /// protocol's `initial-response`).
    fn from_message(message: &Message) -> Result<Option<Self>, EventStreamError<Self>>;

    /// The message that carries the event.
    fn to_message(&self) -> Message;
}

/// The events of a response: the frames of its body, read into events on demand.
pub struct EventStream<E> {
    frames: Vec<u8>,
    event: PhantomData<fn() -> E>,
}

impl<E> Default for EventStream<E> {
    fn default() -> Self {
        EventStream { frames: Vec::new(), event: PhantomData }
    }
}

impl<E> Clone for EventStream<E> {
    fn clone(&self) -> Self {
        EventStream { frames: self.frames.clone(), event: PhantomData }
    }
}

impl<E> PartialEq for EventStream<E> {
    fn eq(&self, other: &Self) -> bool {
        self.frames == other.frames
    }
}

impl<E> fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventStream(<{} bytes>)", self.frames.len())
    }
}

impl<E: Event> EventStream<E> {
    /// The events in these frames (a whole body).
    pub fn from_frames(frames: Vec<u8>) -> Self {
        EventStream { frames, event: PhantomData }
    }

    /// A stream of these events, for fakes and tests of code that reads one.
    pub fn from_events(events: &[E]) -> Self {
        Self::from_frames(events.iter().flat_map(|e| e.to_message().encode()).collect())
    }

    /// The frames.
    pub fn as_bytes(&self) -> &[u8] {
        &self.frames
    }

    /// Every event, in order; an error ends the iteration.
    pub fn events(&self) -> Events<E, &[u8]> {
        Events::new(&self.frames[..])
    }
}

/// The events of a blocking body, read as they arrive.
pub struct Events<E, R> {
    reader: R,
    decoder: Decoder,
    done: bool,
    event: PhantomData<fn() -> E>,
}

impl<E: Event, R: Read> Events<E, R> {
    pub fn new(reader: R) -> Self {
        Events { reader, decoder: Decoder::new(), done: false, event: PhantomData }
    }
}

impl<E: Event, R: Read> Iterator for Events<E, R> {
    type Item = Result<E, EventStreamError<E>>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut chunk = [0u8; 8192];
        while !self.done {
            match self.decoder.next_message() {
                Err(e) => return self.fail(EventStreamError::Frame(e)),
                Ok(Some(message)) => match E::from_message(&message) {
                    Ok(Some(event)) => return Some(Ok(event)),
                    Ok(None) => continue,
                    Err(e) => return self.fail(e),
                },
                Ok(None) => {}
            }
            match self.reader.read(&mut chunk) {
                Ok(0) if self.decoder.has_partial_message() => {
                    return self.fail(EventStreamError::Frame(FrameError("the body ended inside a message")));
                }
                Ok(0) => self.done = true,
                Ok(n) => self.decoder.feed(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return self.fail(EventStreamError::Transport(Box::new(e))),
            }
        }
        None
    }
}

impl<E, R> Events<E, R> {
    fn fail(&mut self, error: EventStreamError<E>) -> Option<Result<E, EventStreamError<E>>> {
        self.done = true;
        Some(Err(error))
    }
}

/// The events of an async body (a stream of byte chunks), as a [`futures_core::Stream`].
pub struct EventsStream<E, S> {
    body: S,
    decoder: Decoder,
    done: bool,
    event: PhantomData<fn() -> E>,
}

impl<E, S> EventsStream<E, S> {
    pub fn new(body: S) -> Self {
        EventsStream { body, decoder: Decoder::new(), done: false, event: PhantomData }
    }
}

impl<E, S, B, X> futures_core::Stream for EventsStream<E, S>
where
    E: Event,
    S: futures_core::Stream<Item = Result<B, X>> + Unpin,
    B: AsRef<[u8]>,
    X: std::error::Error + Send + Sync + 'static,
{
    type Item = Result<E, EventStreamError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        while !this.done {
            match this.decoder.next_message() {
                Err(e) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(EventStreamError::Frame(e))));
                }
                Ok(Some(message)) => match E::from_message(&message) {
                    Ok(Some(event)) => return Poll::Ready(Some(Ok(event))),
                    Ok(None) => continue,
                    Err(e) => {
                        this.done = true;
                        return Poll::Ready(Some(Err(e)));
                    }
                },
                Ok(None) => {}
            }
            match Pin::new(&mut this.body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(bytes))) => this.decoder.feed(bytes.as_ref()),
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(EventStreamError::Transport(Box::new(e)))));
                }
                Poll::Ready(None) => {
                    this.done = true;
                    if this.decoder.has_partial_message() {
                        return Poll::Ready(Some(Err(EventStreamError::Frame(FrameError("the body ended inside a message")))));
                    }
                }
            }
        }
        Poll::Ready(None)
    }
}

/// The error an `exception` or `error` message carries, when the model does not define it.
pub fn service_error<E>(message: &Message) -> EventStreamError<E> {
    let code = message.header_str(":exception-type").or_else(|| message.header_str(":error-code")).map(str::to_owned);
    let text = message.header_str(":error-message").map(str::to_owned).or_else(|| {
        crate::http::error_info(&crate::http::Response::new(200, message.payload.clone())).message
    });
    EventStreamError::Service { code, message: text }
}

/// The payload of an RPC protocol's `initial-response` message, which carries the output's
/// members other than the stream (`{}` when the stream does not start with one).
pub fn initial_response(frames: &[u8]) -> Result<Vec<u8>, FrameError> {
    let mut decoder = Decoder::new();
    decoder.feed(&frames[..frames.len().min(MAX_MESSAGE + PRELUDE)]);
    match decoder.next_message()? {
        Some(message) if message.header_str(":event-type") == Some("initial-response") => Ok(message.payload),
        _ => Ok(b"{}".to_vec()),
    }
}

/// The `initial-response` message for an output's other members (their JSON).
pub fn initial_response_message(payload: Vec<u8>) -> Message {
    Message { headers: Vec::new(), payload }.with_header(":message-type", "event").with_header(":event-type", "initial-response")
}
