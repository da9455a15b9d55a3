//! JSON, base64, timestamps, validation helpers and the event-stream framing.

use crate::base64;
use crate::eventstream::{Decoder, HeaderValue, Message};
use crate::json::{from_body, plain_run, same_bytes, Reader, Writer};
use crate::primitives::{DateTime, Document, Number};
use crate::validation::{Constraint, Path, Violations};

#[test]
fn json_reads_what_it_writes() {
    let mut w = Writer::new();
    w.begin_object();
    w.key("s\"q");
    w.string("a\u{1}\n\u{2028}é");
    w.key("n");
    w.integer(-42i64);
    w.key("f");
    w.float(f64::NAN);
    w.key("l");
    w.begin_array();
    w.boolean(true);
    w.null();
    w.end_array();
    w.end_object();
    let bytes = w.finish().unwrap();
    assert_eq!(std::str::from_utf8(&bytes).unwrap(), "{\"s\\\"q\":\"a\\u0001\\n\u{2028}é\",\"n\":-42,\"f\":\"NaN\",\"l\":[true,null]}");
    let document = from_body(&bytes, usize::MAX, |r| r.document()).unwrap();
    let Document::Object(map) = document else { panic!() };
    assert_eq!(map["s\"q"], Document::String("a\u{1}\n\u{2028}é".into()));
    assert_eq!(map["n"], Document::Number(Number::NegInt(-42)));
}

#[test]
fn json_rejects_what_is_not_json() {
    for bad in ["{\"a\":01}", "[1,]", "{\"a\" 1}", "\"\u{1}\"", "{\"a\":1}x", "[", "nul", "\"\\x\""] {
        assert!(from_body(bad.as_bytes(), usize::MAX, |r| r.document()).is_err(), "{bad}");
    }
    let deep = "[".repeat(200) + &"]".repeat(200);
    let error = from_body(deep.as_bytes(), usize::MAX, |r| r.document()).unwrap_err();
    assert!(error.to_string().contains("nested too deeply"), "{error}");
}

#[test]
fn json_integers_from_any_whole_number() {
    let read = |text: &str| Reader::new(text).integer::<i32>().map_err(|e| e.to_string());
    assert_eq!(read("7"), Ok(7));
    assert_eq!(read("7.000"), Ok(7));
    assert_eq!(read("7e0"), Ok(7));
    assert_eq!(read("-0.5e1"), Ok(-5));
    assert_eq!(read("1.5E+3"), Ok(1500));
    assert_eq!(read("0.0"), Ok(0));
    assert!(read("7.5").unwrap_err().contains("fraction"));
    assert!(read("3e9").unwrap_err().contains("out of range"));
    assert!(read("1e99999999999").unwrap_err().contains("out of range"));
}

/// Where what follows a value starts (past white space), if anything does.
fn stop(r: &mut Reader<'_>) -> Option<usize> {
    r.end().err().map(|e| e.offset())
}

/// The quick path for plain integers reads what the number's text reads, and stops where it does.
#[test]
fn json_plain_integers_read_as_number_text_does() {
    let general = |text: &str| {
        let mut r = Reader::new(text);
        let value = r.number_text().ok().and_then(|number| number.parse::<i64>().ok());
        value.map(|value| (value, stop(&mut r)))
    };
    let quick = |text: &str| {
        let mut r = Reader::new(text);
        r.integer::<i64>().ok().map(|value| (value, stop(&mut r)))
    };
    let texts = ["0", "-0", "7", "-7", "42", "123456789012345678", "-123456789012345678", "999999999999999999", "9223372036854775807"];
    // Eight digits and more, with a byte just past `9` or before `0` among them.
    let eights = ["12345678", "87654321", "99999999", "10000000", "00000000", "1234567:", "1234567/", "123456789", "9876543210", "1:345678", "/2345678"];
    for text in texts.into_iter().chain(eights).chain(["-9223372036854775808", "007", "-", "-a", "", "01", "9223372036854775808", "12345678901234567890"]) {
        for after in ["", ",", "]", " "] {
            let body = format!("{text}{after}");
            assert_eq!(quick(&body), general(&body), "{body:?}");
        }
    }
    // A fraction or an exponent goes the general way.
    let read = |text: &str| Reader::new(text).integer::<i64>().map_err(|e| e.to_string());
    assert_eq!((read("10.0"), read("1E1"), read("-2e0")), (Ok(10), Ok(10), Ok(-2)));
    let mut r = Reader::new("[12,-3]");
    r.begin_array().unwrap();
    assert!(r.next_item().unwrap());
    assert_eq!(r.integer::<i8>().unwrap(), 12);
    assert!(r.next_item().unwrap());
    let error = r.integer::<u8>().unwrap_err();
    assert_eq!((error.offset(), error.to_string().contains("out of range")), (4, true), "{error}");
}

#[test]
fn json_decode_budget() {
    let body = br#"[1,2,3,4]"#;
    let read = |budget: usize| {
        from_body(body, budget, |r| {
            r.begin_array()?;
            let mut n = 0;
            while r.next_item()? {
                r.charge(8)?;
                r.skip()?;
                n += 1;
            }
            Ok(n)
        })
    };
    assert_eq!(read(32).unwrap(), 4);
    assert!(read(31).unwrap_err().to_string().contains("decode limit"));
}

#[test]
fn writer_reports_the_first_timestamp_it_cannot_write() {
    let mut w = Writer::new();
    w.begin_object();
    w.key("ok");
    w.date_time(&DateTime::from_secs(0));
    w.key("far");
    w.date_time(&DateTime::from_secs(i64::MAX));
    w.end_object();
    let error = w.finish().unwrap_err();
    assert_eq!(error.to_string(), "`far`: the timestamp is outside the years 0000 to 9999 that date-time can write");
}

#[test]
fn base64_both_ways() {
    for (plain, encoded) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg==")] {
        assert_eq!(base64::encode(plain.as_bytes()), encoded);
        assert_eq!(base64::decode(encoded).unwrap(), plain.as_bytes());
    }
    assert!(base64::decode("Zm9v!").is_err());
    assert!(base64::decode("Z").is_err());
}

#[test]
fn timestamps_in_every_format() {
    let t = DateTime::from_epoch_seconds_str("1326585031.619").unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (1_326_585_031, 619_000_000));
    assert_eq!(t.to_epoch_seconds_string(), "1326585031.619");
    assert_eq!(t.to_date_time_string().unwrap(), "2012-01-14T23:50:31.619Z");
    assert_eq!(t.to_http_date_string().unwrap(), "Sat, 14 Jan 2012 23:50:31 GMT");
    assert_eq!(DateTime::from_date_time_str("2012-01-15T00:50:31.619+01:00").unwrap(), t);
    assert_eq!(DateTime::from_http_date_str("Sat, 14 Jan 2012 23:50:31 GMT").unwrap().secs(), t.secs());
    assert_eq!(DateTime::from_epoch_seconds_str("-1.5").unwrap(), DateTime::from_secs_and_nanos(-2, 500_000_000));
    // The extremes of epoch seconds read back; four-digit years bound the text formats.
    for secs in [i64::MIN, i64::MAX] {
        let t = DateTime::from_secs(secs);
        assert_eq!(DateTime::from_epoch_seconds_str(&t.to_epoch_seconds_string()).unwrap(), t);
        assert!(t.to_date_time_string().is_err() && t.to_http_date_string().is_err());
    }
    assert_eq!(DateTime::from_secs(253_402_300_799).to_date_time_string().unwrap(), "9999-12-31T23:59:59Z");
    assert_eq!(DateTime::from_secs(-62_167_219_200).to_date_time_string().unwrap(), "0000-01-01T00:00:00Z");
    assert!(DateTime::from_epoch_seconds_str("9223372036854775808").is_err());
    assert!(DateTime::from_date_time_str("2012-02-30T00:00:00Z").is_err());
}

#[test]
fn json_blobs_and_timestamps_by_kind() {
    let t = DateTime::from_epoch_seconds_str("1326585031.619").unwrap();
    let mut w = Writer::new();
    w.begin_array();
    w.blob(b"\x00hi\xff");
    w.epoch_seconds(&t);
    w.date_time(&t);
    w.http_date(&DateTime::from_secs(t.secs()));
    w.end_array();
    let bytes = w.finish().unwrap();
    assert_eq!(
        std::str::from_utf8(&bytes).unwrap(),
        "[\"AGhp/w==\",1326585031.619,\"2012-01-14T23:50:31.619Z\",\"Sat, 14 Jan 2012 23:50:31 GMT\"]"
    );
    let read = from_body(&bytes, usize::MAX, |r| {
        r.begin_array()?;
        let mut values = Vec::new();
        assert!(r.next_item()?);
        let blob = r.blob()?;
        for read in [Reader::epoch_seconds, Reader::date_time, Reader::http_date] {
            assert!(r.next_item()?);
            values.push(read(r)?);
        }
        assert!(!r.next_item()?);
        Ok((blob, values))
    })
    .unwrap();
    assert_eq!(read, (b"\x00hi\xff".to_vec(), vec![t, t, DateTime::from_secs(t.secs())]));
    // What does not read names the kind of value expected.
    type Read = fn(&mut Reader<'_>) -> crate::json::Result<()>;
    let cases: [(&str, Read, &str); 5] = [
        ("\"a\"", |r| r.blob().map(drop), "invalid base64"),
        ("1e400000", |r| r.epoch_seconds().map(drop), "invalid timestamp"),
        ("\"2012-02-30T00:00:00Z\"", |r| r.date_time().map(drop), "invalid date-time"),
        ("\"Sat, 14 Jan 2012\"", |r| r.http_date().map(drop), "invalid http-date"),
        ("true", |r| r.blob().map(drop), "expected a string"),
    ];
    for (body, read, message) in cases {
        let error = from_body(body.as_bytes(), usize::MAX, read).unwrap_err();
        assert!(error.to_string().contains(message), "{body}: {error}");
    }
}

#[test]
fn epoch_seconds_text_as_formatting_writes_it() {
    // What `to_epoch_seconds_string` wrote when it was built with `format!`.
    fn formatted(t: DateTime) -> String {
        let (negative, secs, nanos) =
            if t.secs() < 0 && t.subsec_nanos() > 0 { (true, (-(t.secs() + 1)) as u64, 1_000_000_000 - t.subsec_nanos()) } else { (t.secs() < 0, t.secs().unsigned_abs(), t.subsec_nanos()) };
        let sign = if negative { "-" } else { "" };
        if nanos == 0 {
            return format!("{sign}{secs}");
        }
        format!("{sign}{secs}.{}", format!("{nanos:09}").trim_end_matches('0'))
    }
    for secs in [0, 1, -1, 9, 10, 1_326_585_031, -1_326_585_031, i64::MAX, i64::MIN, i64::MIN + 1] {
        for nanos in [0, 1, 10, 5_000_000, 619_000_000, 999_999_999, 100_000_000, 120_000_000] {
            let t = DateTime::from_secs_and_nanos(secs, nanos);
            assert_eq!(t.to_epoch_seconds_string(), formatted(t), "{secs} s {nanos} ns");
            let mut w = Writer::new();
            w.epoch_seconds(&t);
            assert_eq!(w.finish().unwrap(), formatted(t).into_bytes());
        }
    }
}

#[test]
fn integers_written_as_display_writes_them() {
    for n in [0, 7, -7, 10, -10, 1_234_567_890, i64::MAX, i64::MIN, i64::MIN + 1] {
        let mut w = Writer::new();
        w.integer(n);
        assert_eq!(w.finish().unwrap(), n.to_string().into_bytes());
    }
}

#[test]
fn member_keys_are_written_as_keys_are() {
    let t = DateTime::from_secs(i64::MAX);
    let (mut a, mut b) = (Writer::new(), Writer::new());
    for (w, member) in [(&mut a, true), (&mut b, false)] {
        w.begin_object();
        for key in ["one", "two", "longer key with spaces"] {
            if member {
                w.member(key);
            } else {
                w.key(key);
            }
            w.integer(1);
        }
        // The key an unwritable timestamp's error names.
        if member {
            w.member("when");
        } else {
            w.key("when");
        }
        w.date_time(&t);
        w.end_object();
    }
    let (a, b) = (a.finish().unwrap_err(), b.finish().unwrap_err());
    assert_eq!(a, b);
    assert!(a.to_string().starts_with("`when`:"), "{a}");
    let mut w = Writer::new();
    w.begin_object();
    w.member("a");
    w.boolean(true);
    w.member("b");
    w.null();
    w.end_object();
    assert_eq!(w.finish().unwrap(), b"{\"a\":true,\"b\":null}");
}

#[test]
fn lengths_in_characters_with_and_without_counting() {
    let root = Path::Root;
    let path = root.member("s");
    // (text, min, max, within): bytes alone settle the first ones, the count the others.
    for (text, min, max, within) in [
        ("abcd", Some(1), Some(4), true),
        ("abcd", Some(5), None, false),
        ("abcde", None, Some(4), false),
        ("ééé", Some(1), Some(3), true),
        ("ééé", None, Some(5), true),
        ("ééé", Some(4), None, false),
        ("😀😀", Some(2), Some(2), true),
        ("😀😀", Some(3), None, false),
        ("", Some(1), None, false),
        ("", None, Some(0), true),
    ] {
        let mut violations = Violations::default();
        assert_eq!(violations.chars(&path, text, min, max), within, "{text:?} {min:?} {max:?}");
        assert_eq!(violations.finish().is_ok(), within, "{text:?}");
    }
}

#[test]
fn violations_and_paths() {
    let mut out = Violations::default();
    let root = Path::Root;
    let tags = root.member("tags");
    let key = tags.key("k");
    assert!(!out.length(&key, 5, Some(1), Some(3), "characters"));
    out.unique_by(&root.member("ids"), &["a", "b", "a", "c", "b"], |s| *s);
    out.add(&Path::SensitiveKey(&tags), Constraint::Required);
    let error = out.finish().unwrap_err();
    let lines: Vec<String> = error.violations().iter().map(|v| v.to_string()).collect();
    assert_eq!(
        lines,
        [
            "`tags[\"k\"]` has 5 characters; it must have between 1 and 3 characters",
            "`ids[2]` repeats an earlier item; items must be unique",
            "`tags[*** Sensitive Data Redacted ***]` is required but not set",
        ]
    );
}

#[test]
fn event_stream_frames_in_pieces() {
    let message = Message {
        headers: vec![
            (":message-type".into(), HeaderValue::String("event".into())),
            ("n".into(), HeaderValue::Long(-3)),
            ("b".into(), HeaderValue::Bool(false)),
            ("t".into(), HeaderValue::Timestamp(DateTime::from_millis(1_500))),
            ("u".into(), HeaderValue::Uuid([7; 16])),
        ],
        payload: b"{}".to_vec(),
    };
    let frame = message.encode();
    let mut decoder = Decoder::new();
    for byte in &frame[..frame.len() - 1] {
        decoder.feed(std::slice::from_ref(byte));
        assert_eq!(decoder.next_message().unwrap(), None);
    }
    decoder.feed(&frame[frame.len() - 1..]);
    assert_eq!(decoder.next_message().unwrap(), Some(message));
    assert!(!decoder.has_partial_message());
    let mut broken = frame.clone();
    broken[14] ^= 0x40;
    let mut decoder = Decoder::new();
    decoder.feed(&broken);
    assert!(decoder.next_message().is_err());
}

/// The word-at-a-time scan finds the same first stop as a byte loop, at every offset and length.
#[test]
fn plain_runs_stop_where_a_byte_loop_does() {
    let naive = |bytes: &[u8]| bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(bytes.len());
    let stops = [b'"', b'\\', 0x00, 0x1f, b'\n'];
    let fillers = [b'a', b' ', b'!', 0x21, 0x7f, 0x80, 0xe6, 0xff, b'#', b'[', b']'];
    for len in 0..40 {
        for &filler in &fillers {
            let plain = vec![filler; len];
            assert_eq!(plain_run(&plain), naive(&plain), "{filler:#x} x {len}");
            for at in 0..len {
                for &stop in &stops {
                    let mut bytes = plain.clone();
                    bytes[at] = stop;
                    // A second stop later, and bytes around the first that are near the stops.
                    if at + 3 < len {
                        bytes[at + 3] = b'"';
                    }
                    if at > 0 {
                        bytes[at - 1] = 0x20;
                    }
                    assert_eq!(plain_run(&bytes), naive(&bytes), "{bytes:?}");
                }
            }
        }
    }
}

/// The word-at-a-time comparison agrees with `==`, at every length and wherever the slices differ.
#[test]
fn same_bytes_compares_as_slices_do() {
    for len in 0..40 {
        let a: Vec<u8> = (0..len as u8).map(|i| i.wrapping_mul(37)).collect();
        assert!(same_bytes(&a, &a.clone()), "{len}");
        for at in 0..len {
            let mut b = a.clone();
            b[at] ^= 0x80;
            assert!(!same_bytes(&a, &b), "{len} {at}");
        }
        assert!(!same_bytes(&a, &a[..len.saturating_sub(1)]) || len == 0);
    }
}

/// The quick path for plain epoch seconds reads what the general one reads.
#[test]
fn plain_epoch_seconds_read_as_every_form_does() {
    for text in ["0", "1", "1.", "1326585031.619", "1326585031.000000001", "999999999999999999", "999999999999999999.999999999", "12.5", "007.070"] {
        assert_eq!(DateTime::from_epoch_seconds_str(text).unwrap(), DateTime::from_any_epoch_seconds(text).unwrap(), "{text}");
    }
    for text in ["", ".", ".5", "1.2.3", "1e3", "-1", "+1", "1.0000000001", "9999999999999999999", "1a", "1.a"] {
        assert_eq!(
            DateTime::from_epoch_seconds_str(text).map_err(|e| e.to_string()),
            DateTime::from_any_epoch_seconds(text).map_err(|e| e.to_string()),
            "{text}"
        );
    }
}

/// The reader's one-pass epoch seconds read what the number's text reads as a timestamp, and
/// leave the reader where the number ends.
#[test]
fn json_epoch_seconds_read_in_one_pass_as_from_the_text() {
    let texts = [
        "0", "1", "1326585031.619", "1326585031.000000001", "999999999999999999", "999999999999999999.999999999", "12.5", "-1.5", "1e3",
        "1.5E-1", "0.5", "1.0000000001", "9999999999999999999", "1234567890123456789.5", "007", "00", "0.", "1.", ".5", "-", "1e", "12.50",
        // Around the eight digits read at once.
        "12345678", "87654321.5", "99999999", "10000000.25", "00000000", "1234567:", "1234567/", "123456789", "9876543210.001", "1:345678", "/2345678",
    ];
    for text in texts {
        for after in ["", ",", "}", " ", "0"] {
            let body = format!("{text}{after}");
            let mut r = Reader::new(&body);
            let general = r.number_text().ok().and_then(|number| DateTime::from_any_epoch_seconds(number).ok()).map(|value| (value, stop(&mut r)));
            let mut r = Reader::new(&body);
            let quick = r.epoch_seconds().ok().map(|value| (value, stop(&mut r)));
            assert_eq!(quick, general, "{body:?}");
        }
    }
}

mod types {
    #[derive(Debug, Default, PartialEq)]
    pub(crate) struct Filled {
        pub name: Option<String>,
        pub count: Option<i32>,
        pub tags: Option<Vec<String>>,
    }

    #[derive(Debug, PartialEq)]
    pub(crate) struct Built {
        pub id: String,
        pub level: i8,
        pub ratio: f64,
        pub inner: Box<Filled>,
        pub when: Option<crate::primitives::DateTime>,
        pub grid: std::collections::BTreeMap<String, Vec<Option<bool>>>,
        pub meta: u8,
    }
}

crate::json::read_structure!(
    read_filled -> types::Filled in place;
    "name" | "Name" => name?: string;
    "count" => count?: integer;
    "tags" => tags?: list(string)
);

crate::json::write_structure!(
    write_filled(types::Filled);
    "name" => name?: string;
    "count" => count?: integer;
    "tags" => tags?: list(string)
);

fn zero_filled() -> Box<types::Filled> {
    Box::new(types::Filled { count: Some(-1), ..Default::default() })
}

crate::json::read_structure!(
    read_built -> types::Built with meta;
    "id" => id: string;
    "level" => level: integer = unwrap_or(7);
    "ratio" => ratio: float;
    "inner" => inner: read_boxed_filled = unwrap_or_else(zero_filled);
    "when" => when?: epoch_seconds;
    "grid" => grid: map(sparse_list(boolean))
);

fn read_boxed_filled(r: &mut Reader<'_>) -> crate::json::Result<Box<types::Filled>> {
    read_filled(r).map(Box::new)
}

crate::json::write_structure!(
    write_built(types::Built);
    "id" => id: string;
    "level" => level: integer;
    "ratio" => ratio: float;
    "inner" => inner: write_filled;
    "when" => when?: epoch_seconds;
    "grid" => grid: map(sparse_list(boolean))
);

#[test]
fn read_structure_fills_members_in_place_or_builds_the_value() {
    let read = |text: &str| from_body(text.as_bytes(), usize::MAX, read_filled);
    let filled = read(r#"{"Name":"a","count":3,"other":{"x":[1]},"tags":["t",null]}"#).unwrap();
    assert_eq!(filled, types::Filled { name: Some("a".into()), count: Some(3), tags: Some(vec!["t".into()]) });
    assert_eq!(read(r#"{"name":null,"count":null}"#).unwrap(), types::Filled::default());
    assert!(read(r#"{"count":"3"}"#).is_err());
    assert!(read("[]").is_err());

    let read = |text: &str| from_body(text.as_bytes(), usize::MAX, read_built);
    let built = read(r#"{"id":"x","ratio":0.5,"when":1,"grid":{"g":[true,null]},"inner":{"count":2}}"#).unwrap();
    assert_eq!((built.id.as_str(), built.level, built.ratio, built.inner.count), ("x", 7, 0.5, Some(2)));
    assert_eq!((built.when, built.meta), (Some(crate::primitives::DateTime::from_secs(1)), 0));
    assert_eq!(built.grid["g"], vec![Some(true), None]);
    // Absent required members take their fill, or their type's default.
    let empty = read("{}").unwrap();
    assert_eq!((empty.id.as_str(), empty.level, empty.inner.count, empty.grid.len()), ("", 7, Some(-1), 0));
    assert!(read(r#"{"level":300}"#).is_err());

    let mut w = Writer::new();
    write_built(&mut w, &built);
    let written = String::from_utf8(w.finish().unwrap()).unwrap();
    assert_eq!(written, r#"{"id":"x","level":7,"ratio":0.5,"inner":{"count":2},"when":1,"grid":{"g":[true,null]}}"#);
}

mod kinds {
    #[derive(Debug, Default, PartialEq)]
    pub(crate) struct Kinds {
        pub small: Option<i8>,
        pub when: Option<crate::primitives::DateTime>,
        pub flag: Option<bool>,
        pub kind: Option<Kind>,
    }

    #[derive(Debug, PartialEq)]
    pub(crate) enum Kind {
        Known,
        Other(String),
    }

    impl From<&str> for Kind {
        fn from(value: &str) -> Self {
            if value == "KNOWN" {
                Kind::Known
            } else {
                Kind::Other(value.to_owned())
            }
        }
    }
}

crate::json::read_structure!(
    read_kinds -> kinds::Kinds in place;
    "small" => small?: integer;
    "when" => when?: epoch_seconds;
    "flag" => flag?: boolean;
    "kind" => kind?: string_enum
);

/// [`read_kinds`] without the quick paths: each member by its general reader.
fn read_kinds_generally(r: &mut Reader<'_>) -> crate::json::Result<kinds::Kinds> {
    let mut value = kinds::Kinds::default();
    r.begin_object()?;
    while let Some(key) = r.next_key()? {
        match key.as_ref() {
            "small" => r.optional(&mut value.small, Reader::integer)?,
            "when" => r.optional(&mut value.when, Reader::epoch_seconds)?,
            "flag" => r.optional(&mut value.flag, Reader::boolean)?,
            "kind" => r.optional(&mut value.kind, Reader::enum_value)?,
            _ => r.skip()?,
        }
    }
    Ok(value)
}

/// Integers, epoch seconds, booleans and enums are read by a quick path first: whatever the
/// value's form (quick, spaced, `null`, out of range, not of the kind), the member reads as its
/// general reader reads it, or fails at the same offset with the same message.
#[test]
fn quick_member_readers_read_as_the_general_ones() {
    let values: &[(&str, &[&str])] = &[
        ("small", &["7", "-128", "127", "128", "-129", "300", "12.0", "1e1", "07", "-", "\"7\"", "null", " 5", "true"]),
        ("when", &["1326585031.619", "0", "1.", "1e3", "-1.5", "12345678901234567890", "\"1\"", "null", " 3.25", "007"]),
        ("flag", &["true", "false", "tru", "falsey", "1", "null", " true", "\"true\""]),
        ("kind", &["\"KNOWN\"", "\"other\"", "\"K\\u004eOWN\"", "KNOWN", "null", " \"KNOWN\"", "1", "\"\""]),
    ];
    let outcome = |result: crate::json::Result<kinds::Kinds>| result.map_err(|e| (e.offset(), e.to_string()));
    for (key, forms) in values {
        for form in *forms {
            for body in [format!(r#"{{"{key}":{form}}}"#), format!(r#"{{"{key}":{form},"flag":false}}"#), format!(r#"[{{"{key}":{form}}}]"#)] {
                let quick = from_body(body.as_bytes(), usize::MAX, |r| if body.starts_with('[') { r.list(read_kinds).map(|mut v| v.remove(0)) } else { read_kinds(r) });
                let general =
                    from_body(body.as_bytes(), usize::MAX, |r| if body.starts_with('[') { r.list(read_kinds_generally).map(|mut v| v.remove(0)) } else { read_kinds_generally(r) });
                assert_eq!(outcome(quick), outcome(general), "{body}");
            }
        }
    }
    let read = from_body(br#"{"small":-5,"when":1.5,"flag":true,"kind":"KNOWN"}"#, usize::MAX, read_kinds).unwrap();
    assert_eq!(read, kinds::Kinds { small: Some(-5), when: Some(DateTime::from_secs_and_nanos(1, 500_000_000)), flag: Some(true), kind: Some(kinds::Kind::Known) });
}

// A key JSON would escape: never guessed, always matched by its text.
crate::json::read_structure!(
    read_odd -> types::Filled in place;
    "q\"k" => name?: string;
    "count" => count?: integer
);

/// The key each member's key followed last time is guessed first: whatever the order, spacing,
/// escaping or repetition of the keys, what is read is what a `match` on each key reads.
#[test]
fn read_structure_reads_keys_in_any_order_whatever_it_guesses() {
    let read = |text: &str| from_body(text.as_bytes(), usize::MAX, |r| r.list(read_filled));
    let filled = |name: &str, count: i32| types::Filled { name: Some(name.into()), count: Some(count), tags: None };
    // The model's order, sorted order, then each again (the guesses learned from the one before).
    let body = r#"[{"name":"a","count":1},{"count":2,"name":"b"},{"name":"c","count":3},{"count":4,"name":"d"},{"count":5,"name":"e"}]"#;
    let expected = vec![filled("a", 1), filled("b", 2), filled("c", 3), filled("d", 4), filled("e", 5)];
    for _ in 0..2 {
        assert_eq!(read(body).unwrap(), expected);
    }
    // Spaces around the tokens, an escaped key, an alias, a key that starts as a member's key
    // does, unknown keys, and a member given twice (the last one counts).
    let body = r#"[ { "name" : "a" , "count" : 1 } , {"\u006eame":"b","count":2}, {"Name":"c","count":3},
        {"names":"x","name":"d","nam":"y","count":4}, {"count":0,"other":{"name":"z"},"count":5,"name":"e"} ]"#;
    assert_eq!(read(body).unwrap(), expected);
    // A key the guess would match must still be a whole key, closed by its quote and a colon.
    assert!(read(r#"[{"name":"a"},{"name"}]"#).is_err());
    assert!(read(r#"[{"name":"a"},{"name""#).is_err());
    assert!(read(r#"[{"name":"a","count":1},{"name":"b" "count":2}]"#).is_err());

    // Every order of the keys after every other (each pair of objects teaches the guesses
    // something else), with members left out.
    let members = [r#""name":"n""#, r#""count":7"#, r#""tags":["t"]"#];
    let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0], [1, 1, 1], [2, 2, 2]];
    for first in orders {
        for second in orders {
            for left_out in 0..4 {
                let object = |order: [usize; 3]| {
                    let present: Vec<&str> = order.iter().filter(|&&m| m != left_out).map(|&m| members[m]).collect();
                    format!("{{{}}}", present.join(","))
                };
                let body = format!("[{},{},{}]", object(first), object(second), object(first));
                let value = |order: [usize; 3]| types::Filled {
                    name: (order.contains(&0) && left_out != 0).then(|| "n".to_owned()),
                    count: (order.contains(&1) && left_out != 1).then_some(7),
                    tags: (order.contains(&2) && left_out != 2).then(|| vec!["t".to_owned()]),
                };
                assert_eq!(read(&body).unwrap(), vec![value(first), value(second), value(first)], "{body}");
            }
        }
    }

    assert!(crate::json::plain_keys(&["name\":", "count\":"]));
    for odd in ["q\"k\":", "back\\slash\":", "tab\t\":"] {
        assert!(!crate::json::plain_keys(&["name\":", odd]), "{odd:?}");
    }
    let odd = from_body(br#"{"count":1,"q\"k":"a"}"#, usize::MAX, read_odd).unwrap();
    assert_eq!(odd, filled("a", 1));
}

#[test]
fn writer_optional_writes_a_present_member_only() {
    let mut w = Writer::new();
    w.begin_object();
    w.optional("a", &Some(vec![1i64, 2]), |w, v| w.list(v, |w, v| w.integer(*v)));
    w.optional("b", &None::<bool>, |w, v| w.boolean(*v));
    w.optional("c", &Some(true), |w, v| w.boolean(*v));
    w.end_object();
    assert_eq!(std::str::from_utf8(&w.finish().unwrap()).unwrap(), r#"{"a":[1,2],"c":true}"#);
}
