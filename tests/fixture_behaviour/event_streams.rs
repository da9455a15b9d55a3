//! Event streams in the crate generated for `tests/fixtures/event_streams.json`: frames built
//! here (events, an exception, a service error, a bad CRC, a cut-off frame, an unknown event)
//! decoded through the whole response, through a blocking reader and through an async stream.
//! Copied into the fixture's crate and run there by `tests/fixtures_compile.rs`.

use fixture_event_streams::chat::operations::Converse;
use fixture_event_streams::chat::types::{Chunk, ConverseOutput, ConverseStream, Delta, Throttled};
use fixture_event_streams::eventstream::{EventStream, EventStreamError, Message};
use fixture_event_streams::http::{Operation, Response};
use fixture_event_streams::shards::operations::{PutStream, SubscribeToShard, WatchShard};
use fixture_event_streams::shards::types::{
    Part, PartStream, PutStreamInput, Record, ResourceNotFoundException, ShardEvents, ShardTicks, SubscribeOutput, WatchOutput,
};

fn record(sequence: i64) -> ShardEvents {
    ShardEvents::Record(Record::builder().data(b"hi".to_vec()).sequence(sequence).build())
}

#[test]
fn rpc_output_round_trips_with_its_initial_response() {
    let output = SubscribeOutput::builder()
        .continuation("c1")
        .events(EventStream::from_events(&[record(1), record(2)]))
        .build()
        .unwrap();
    let response = SubscribeToShard::output_response(&output);
    assert_eq!(response.header("Content-Type"), Some("application/vnd.amazon.eventstream"));
    let decoded = SubscribeToShard::response(&response).unwrap();
    assert_eq!(decoded.continuation.as_deref(), Some("c1"), "from the initial-response message");
    let events: Vec<ShardEvents> = decoded.events.events().collect::<Result<_, _>>().unwrap();
    assert_eq!(events, [record(1), record(2)]);
    // Read as it arrives, the initial response is skipped.
    let events: Vec<ShardEvents> = SubscribeToShard::events(&response.body[..]).collect::<Result<_, _>>().unwrap();
    assert_eq!(events, [record(1), record(2)]);
}

#[test]
fn a_stream_without_modeled_exceptions_reads_events_and_ends_on_any_exception() {
    let tick = ShardTicks::Record(Record::builder().sequence(7).build());
    let output = WatchOutput::builder().events(EventStream::from_events(std::slice::from_ref(&tick))).build();
    let decoded = WatchShard::response(&WatchShard::output_response(&output)).unwrap();
    // The stream is optional in the model, and always there in a response: it is the body.
    let stream = decoded.events.expect("the body's stream");
    assert_eq!(stream.events().collect::<Result<Vec<_>, _>>().unwrap(), [tick]);
    // A fake's response without one is the initial response alone.
    let empty = WatchShard::response(&WatchShard::output_response(&WatchOutput::builder().build())).unwrap();
    assert_eq!(empty.events.expect("the body's stream").events().count(), 0);
    let exception = Message::default().with_header(":message-type", "exception").with_header(":exception-type", "Throttled");
    let results: Vec<_> = WatchShard::events(&exception.encode()[..]).collect();
    assert!(matches!(&results[0], Err(EventStreamError::Service { code: Some(c), .. }) if c == "Throttled"), "{results:?}");
}

#[test]
fn an_input_only_stream_writes_and_reads_its_events() {
    // Sending it needs signing (refused for now), but its events encode and decode.
    let part = PartStream::Part(Part::builder().data(b"abc".to_vec()).last(true).build());
    let stream = EventStream::from_events(std::slice::from_ref(&part));
    assert_eq!(stream.events().collect::<Result<Vec<_>, _>>().unwrap(), [part]);
}

#[test]
fn exceptions_errors_and_broken_frames_end_the_stream() {
    let missing = ShardEvents::ResourceNotFoundException(ResourceNotFoundException::builder().message("gone").build());
    let mut body = EventStream::from_events(&[record(1), missing.clone(), record(2)]).as_bytes().to_vec();
    let results: Vec<_> = SubscribeToShard::events(&body[..]).collect();
    assert_eq!(results.len(), 2, "the exception ends the stream");
    assert!(matches!(&results[1], Err(EventStreamError::Exception(e)) if *e == missing));

    let error = Message::default().with_header(":message-type", "error").with_header(":error-code", "InternalFailure").with_header(":error-message", "oops");
    let results: Vec<_> = SubscribeToShard::events(&error.encode()[..]).collect();
    assert_eq!(results[0].as_ref().unwrap_err().to_string(), "the service ended the stream with InternalFailure: oops");

    let unknown_exception = Message::default().with_header(":message-type", "exception").with_header(":exception-type", "NewFault");
    let results: Vec<_> = SubscribeToShard::events(&unknown_exception.encode()[..]).collect();
    assert!(matches!(&results[0], Err(EventStreamError::Service { code: Some(c), .. }) if c == "NewFault"));

    // A flipped byte in the payload fails the message's CRC; in the prelude, the prelude's.
    let good = record(1).to_frame();
    let mut bad = good.clone();
    let last = bad.len() - 5;
    bad[last] ^= 1;
    let results: Vec<_> = SubscribeToShard::events(&bad[..]).collect();
    assert_eq!(results[0].as_ref().unwrap_err().to_string(), "invalid event-stream frame: the message's CRC does not match");
    let mut bad = good.clone();
    bad[2] ^= 1;
    assert!(SubscribeToShard::events(&bad[..]).next().unwrap().unwrap_err().to_string().contains("prelude's CRC"));
    // A body that ends inside a message.
    let results: Vec<_> = SubscribeToShard::events(&good[..good.len() - 3]).collect();
    assert_eq!(results[0].as_ref().unwrap_err().to_string(), "invalid event-stream frame: the body ended inside a message");
    // A frame that claims to be huge is refused before it is buffered.
    body.clear();
    body.extend_from_slice(&u32::MAX.to_be_bytes());
    body.extend_from_slice(&0u32.to_be_bytes());
    let crc = crc_of(&body);
    body.extend_from_slice(&crc.to_be_bytes());
    assert!(SubscribeToShard::events(&body[..]).next().unwrap().unwrap_err().to_string().contains("larger than 16 MiB"));
}

/// CRC32 (IEEE) of bytes, written out here so the test does not use the crate's own.
fn crc_of(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

trait ToFrame {
    fn to_frame(&self) -> Vec<u8>;
}

impl ToFrame for ShardEvents {
    fn to_frame(&self) -> Vec<u8> {
        use fixture_event_streams::eventstream::Event;
        self.to_message().encode()
    }
}

#[test]
fn frames_built_by_hand_decode() {
    // `:event-type` record, `:content-type` JSON, built without the crate's encoder.
    let mut headers = Vec::new();
    for (name, value) in [(":message-type", "event"), (":event-type", "record"), (":content-type", "application/json")] {
        headers.push(name.len() as u8);
        headers.extend_from_slice(name.as_bytes());
        headers.push(7);
        headers.extend_from_slice(&(value.len() as u16).to_be_bytes());
        headers.extend_from_slice(value.as_bytes());
    }
    let payload = br#"{"data":"aGk=","sequence":7}"#;
    let total = 12 + headers.len() + payload.len() + 4;
    let mut frame = Vec::new();
    frame.extend_from_slice(&(total as u32).to_be_bytes());
    frame.extend_from_slice(&(headers.len() as u32).to_be_bytes());
    let prelude = crc_of(&frame);
    frame.extend_from_slice(&prelude.to_be_bytes());
    frame.extend_from_slice(&headers);
    frame.extend_from_slice(payload);
    let crc = crc_of(&frame);
    frame.extend_from_slice(&crc.to_be_bytes());
    assert_eq!(frame, record(7).to_frame(), "the crate encodes the same bytes");
    let events: Vec<ShardEvents> = SubscribeToShard::events(&frame[..]).collect::<Result<_, _>>().unwrap();
    assert_eq!(events, [record(7)]);
}

#[test]
fn rest_output_payload_with_headers_and_raw_payload_events() {
    let chunk = ConverseStream::Chunk(Chunk::builder().bytes(b"\x00raw".to_vec()).part(3).label("first").build());
    let delta = ConverseStream::Delta(Delta::builder().text("Hel").index(0).build());
    let output = ConverseOutput::builder().model("m1").stream(EventStream::from_events(&[delta.clone(), chunk.clone()])).build();
    let response = Converse::output_response(&output);
    let decoded = Converse::response(&response).unwrap();
    assert_eq!(decoded.model.as_deref(), Some("m1"));
    let events: Vec<ConverseStream> = decoded.stream.unwrap().events().collect::<Result<_, _>>().unwrap();
    assert_eq!(events, [delta.clone(), chunk.clone()]);

    // The chunk's members travel as headers and as the raw payload.
    use fixture_event_streams::eventstream::Event;
    let message = chunk.to_message();
    assert_eq!(message.payload, b"\x00raw");
    assert_eq!(message.header_str("label"), Some("first"));

    // An event this model does not know is kept, not an error; a modeled exception ends it.
    let unknown = Message::default().with_header(":message-type", "event").with_header(":event-type", "brandNew").encode();
    let throttled = ConverseStream::Throttled(Throttled::builder().message("slow down").build());
    let mut body = unknown;
    body.extend(throttled.to_message().encode());
    let results: Vec<_> = Converse::events(&body[..]).collect();
    assert!(matches!(&results[0], Ok(ConverseStream::Unknown(u)) if u.name() == "brandNew"));
    assert!(matches!(&results[1], Err(EventStreamError::Exception(e)) if *e == throttled));
    let _ = Response::new(200, Vec::new());
}

#[test]
fn an_async_body_arriving_in_pieces() {
    let body = EventStream::from_events(&[record(1), record(2), record(3)]).as_bytes().to_vec();
    // Chunks of 5 bytes cut every frame apart.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = body.chunks(5).map(|c| Ok(c.to_vec())).collect();
    let stream = SubscribeToShard::events_stream(futures::stream::iter(chunks));
    let events: Vec<_> = futures::executor::block_on(futures::StreamExt::collect::<Vec<_>>(stream));
    let events: Vec<ShardEvents> = events.into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(events, [record(1), record(2), record(3)]);
}

#[test]
fn input_event_streams_are_refused_clearly() {
    let error = PutStream::request(&PutStreamInput::builder().events(EventStream::from_events(&[record(1)])).build()).unwrap_err();
    assert_eq!(error.to_string(), "cannot encode the request: `PutStream` sends an event stream, which this crate cannot sign and send yet");
}
