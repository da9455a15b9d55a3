//! JSON as the AWS JSON protocols write it: a reader that borrows from the body and keeps number
//! text exact, and a writer with the protocols' escaping. The generated serializers and
//! parsers of each service are built on these two.
//!
//! This is the crate's document codec: generated code reaches it only through what every codec
//! module offers (`Writer`, `Reader`, `Result`, `from_body`, `from_response`, `EMPTY_OBJECT`,
//! and the writer's and reader's methods by value kind: `blob`, `epoch_seconds`, `date_time`,
//! `http_date`, `string`, `integer`, `begin_object`, `key`, ...), so how a value is spelled in
//! the document (a blob as base64 text, a timestamp as a number or a string) is decided here.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use crate::primitives::{DateTime, Document, Number};

/// The document of an object without members.
pub const EMPTY_OBJECT: &[u8] = b"{}";

/// Nesting deeper than this is rejected, so a hostile body cannot exhaust the stack of the
/// (recursive) generated parsers.
pub const MAX_DEPTH: u32 = 128;

/// A body that is not the JSON a parser expected, with the byte offset where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    offset: usize,
    message: Cow<'static, str>,
}

impl Error {
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn new(offset: usize, message: impl Into<Cow<'static, str>>) -> Self {
        Error { offset, message: message.into() }
    }

    /// The byte offset in the body.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// A pull reader over one JSON document.
pub struct Reader<'a> {
    /// The document, checked as UTF-8 once, so strings are slices of it.
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
    /// Whether the next item of the innermost array or object needs a comma before it.
    after_item: bool,
    /// How many more bytes of memory the values read may take (see [`charge`](Self::charge)).
    budget: usize,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader { text, bytes: text.as_bytes(), pos: 0, depth: 0, after_item: false, budget: usize::MAX }
    }

    /// Limits the memory the values read may take, in bytes.
    pub fn with_budget(mut self, bytes: usize) -> Self {
        self.budget = bytes;
        self
    }

    /// Accounts for `bytes` of memory a value read takes (each list item, map entry and
    /// document value is charged its size): fails once the budget is spent, so a small body
    /// cannot become a huge value (three million `{}` items, each filled to a whole structure).
    pub fn charge(&mut self, bytes: usize) -> Result<()> {
        match self.budget.checked_sub(bytes) {
            Some(left) => {
                self.budget = left;
                Ok(())
            }
            None => self.error("the decoded value would take more memory than the response's decode limit allows"),
        }
    }

    /// A reader over a body, which must be UTF-8 (as JSON is).
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self> {
        std::str::from_utf8(bytes).map(Reader::new).map_err(|e| Error::new(e.valid_up_to(), "invalid UTF-8"))
    }

    /// A reader of a response body within `limit` bytes of decoded values; a body of only
    /// white space reads as `{}`.
    #[inline(never)]
    fn for_body(body: &'a [u8], limit: usize) -> Result<Self> {
        let body: &'a [u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
        Ok(Reader::from_bytes(body)?.with_budget(limit))
    }

    fn error<T>(&self, message: impl Into<Cow<'static, str>>) -> Result<T> {
        Err(Error::new(self.pos, message))
    }

    /// An error at the current position, for what the generated parsers check themselves.
    pub fn fail(&self, message: &'static str) -> Error {
        Error::new(self.pos, message)
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    fn expect_byte(&mut self, byte: u8, what: &'static str) -> Result<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.error(what)
        }
    }

    fn literal(&mut self, text: &'static str) -> Result<()> {
        if self.bytes[self.pos..].starts_with(text.as_bytes()) {
            self.pos += text.len();
            Ok(())
        } else {
            self.error("invalid literal")
        }
    }

    /// Consumes a `null` if one comes next and says so; the protocols read `null` as absent.
    #[inline]
    pub fn null(&mut self) -> Result<bool> {
        // Nearly always the value comes right away and is not `null`.
        match self.bytes.get(self.pos) {
            Some(b'n' | b' ' | b'\n' | b'\r' | b'\t') => self.spaced_null(),
            _ => Ok(false),
        }
    }

    /// [`null`](Self::null) past white space, or when a value starts with `n`.
    #[inline(never)]
    fn spaced_null(&mut self) -> Result<bool> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            self.done();
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn enter(&mut self, open: u8, what: &'static str) -> Result<()> {
        self.expect_byte(open, what)?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error("nested too deeply");
        }
        self.after_item = false;
        Ok(())
    }

    /// Starts reading an object; then call [`next_key`](Self::next_key) until it gives `None`.
    pub fn begin_object(&mut self) -> Result<()> {
        self.enter(b'{', "expected an object")
    }

    /// The next key of the current object, or `None` at its end. Read or skip its value next.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>> {
        if !self.key_follows()? {
            return Ok(None);
        }
        let key = self.string_body()?;
        self.colon()?;
        Ok(Some(key))
    }

    /// The next member of a structure: as [`next_key`](Self::next_key), but `guess` (a key's
    /// index, and its text with the closing quote and the colon, `name":`, where the key holds
    /// nothing JSON would escape) is compared with the body's bytes first, so the key a
    /// structure's reader expects costs one comparison, not a scan and a `match`.
    #[inline(always)]
    pub fn next_member(&mut self, guess: Option<(usize, &str)>) -> Result<Member<'a>> {
        // Compact JSON, as services write it: the key right after the comma (or the brace).
        if let Some((index, key)) = guess {
            let quote = self.pos + usize::from(self.after_item);
            let start = quote + 1;
            if (!self.after_item || self.bytes.get(self.pos) == Some(&b','))
                && self.bytes.get(quote) == Some(&b'"')
                && self.bytes.get(start..start + key.len()).is_some_and(|text| same_bytes(text, key.as_bytes()))
            {
                self.pos = start + key.len();
                self.after_item = false;
                return Ok(Member::Guessed(index));
            }
        }
        self.spaced_member(guess)
    }

    /// [`next_member`](Self::next_member) past white space, or where the guess was wrong.
    #[inline(never)]
    fn spaced_member(&mut self, guess: Option<(usize, &str)>) -> Result<Member<'a>> {
        if !self.key_follows()? {
            return Ok(Member::End);
        }
        if let Some((index, key)) = guess {
            let start = self.pos + 1;
            if self.bytes.get(start..start + key.len()).is_some_and(|text| same_bytes(text, key.as_bytes())) {
                self.pos = start + key.len();
                self.after_item = false;
                return Ok(Member::Guessed(index));
            }
        }
        let key = self.string_body()?;
        self.colon()?;
        Ok(Member::Key(key))
    }

    /// Past the comma before an object's next key, at the key's opening quote: false (past the
    /// closing brace) at the object's end.
    #[inline]
    fn key_follows(&mut self) -> Result<bool> {
        let mut next = self.peek();
        match next {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                self.after_item = true;
                return Ok(false);
            }
            Some(b',') if self.after_item => {
                self.pos += 1;
                next = self.peek();
            }
            _ if self.after_item => return self.error("expected `,` or `}`"),
            _ => {}
        }
        if next != Some(b'"') {
            return self.error("expected a key");
        }
        Ok(true)
    }

    /// The colon after a key.
    #[inline]
    fn colon(&mut self) -> Result<()> {
        // The colon nearly always follows the key directly.
        if self.bytes.get(self.pos) == Some(&b':') {
            self.pos += 1;
        } else {
            self.expect_byte(b':', "expected `:`")?;
        }
        self.after_item = false;
        Ok(())
    }

    /// Starts reading an array; then call [`next_item`](Self::next_item) until it gives false.
    pub fn begin_array(&mut self) -> Result<()> {
        self.enter(b'[', "expected an array")
    }

    /// Whether another item follows in the current array; read or skip it next.
    pub fn next_item(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.depth -= 1;
                self.after_item = true;
                Ok(false)
            }
            Some(b',') if self.after_item => {
                self.pos += 1;
                self.after_item = false;
                Ok(true)
            }
            _ if self.after_item => self.error("expected `,` or `]`"),
            None => self.error("unexpected end of input"),
            _ => Ok(true),
        }
    }

    /// Marks the value just read as an item, so the next one needs a comma.
    fn done(&mut self) {
        self.after_item = true;
    }

    /// An optional string member's value into `slot`: the string, or nothing for `null`.
    /// Always inlined: it stands for the `if` the generated readers would otherwise spell out.
    #[inline(always)]
    pub fn optional_string(&mut self, slot: &mut Option<String>) -> Result<()> {
        match self.plain_string() {
            Some(text) => {
                *slot = Some(text.to_owned());
                Ok(())
            }
            None => self.spaced_optional_string(slot),
        }
    }

    /// [`optional_string`](Self::optional_string) for `null`, or past white space, or with escapes.
    #[inline(never)]
    fn spaced_optional_string(&mut self, slot: &mut Option<String>) -> Result<()> {
        if !self.null()? {
            *slot = Some(self.string()?.into_owned());
        }
        Ok(())
    }

    /// An optional member's value into `slot`: read by `quick` when it is in the form services
    /// write it in (compact, plain: see [`quick_integer`](Self::quick_integer) and the like),
    /// else by `read`, out of line, with `null` as absence. Always inlined, as
    /// [`Reader::optional_string`].
    #[inline(always)]
    pub fn optional_quick<T>(
        &mut self,
        slot: &mut Option<T>,
        quick: impl FnOnce(&mut Self) -> Option<T>,
        read: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<()> {
        match quick(self) {
            Some(value) => {
                *slot = Some(value);
                Ok(())
            }
            None => self.spaced_optional(slot, read),
        }
    }

    /// [`optional_quick`](Self::optional_quick) when the quick reading does not apply.
    #[inline(never)]
    fn spaced_optional<T>(&mut self, slot: &mut Option<T>, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<()> {
        self.optional(slot, read)
    }

    /// An integer that fits in `T`, as [`plain_integer`](Self::plain_integer) reads it; `None`,
    /// the reader unmoved, for anything else (which [`integer`](Self::integer) reads or rejects).
    #[inline]
    pub fn quick_integer<T: TryFrom<i64>>(&mut self) -> Option<T> {
        let (pos, after_item) = (self.pos, self.after_item);
        let value = T::try_from(self.plain_integer()?).ok();
        if value.is_none() {
            (self.pos, self.after_item) = (pos, after_item);
        }
        value
    }

    /// A string enum's value from a string without escapes right at the reader's position.
    #[inline]
    pub fn quick_enum_value<T: for<'s> From<&'s str>>(&mut self) -> Option<T> {
        self.plain_string().map(T::from)
    }

    /// `true` or `false` right at the reader's position.
    #[inline]
    pub fn quick_boolean(&mut self) -> Option<bool> {
        let rest = self.bytes.get(self.pos..)?;
        let (value, len) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return None;
        };
        self.pos += len;
        self.done();
        Some(value)
    }

    /// An optional member's value into `slot`, read by `read` (a structure's reader,
    /// `Reader::boolean`, `|r| r.list(..)`): the value, or nothing for `null`. Always inlined, as
    /// [`Reader::optional_string`].
    #[inline(always)]
    pub fn optional<T>(&mut self, slot: &mut Option<T>, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<()> {
        if !self.null()? {
            *slot = Some(read(self)?);
        }
        Ok(())
    }

    /// A list, each item read by `read` and charged its size against the decode budget; a
    /// `null` item is left out.
    #[inline]
    pub fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        let mut items = Vec::new();
        self.begin_array()?;
        while self.next_item()? {
            if self.null()? {
                continue;
            }
            self.charge(std::mem::size_of::<T>())?;
            items.push(read(self)?);
        }
        Ok(items)
    }

    /// A sparse list (`@sparse`): as [`Reader::list`], but a `null` item is kept as `None`.
    #[inline]
    pub fn sparse_list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<Option<T>>> {
        let mut items = Vec::new();
        self.begin_array()?;
        while self.next_item()? {
            let null = self.null()?;
            self.charge(std::mem::size_of::<Option<T>>())?;
            items.push(if null { None } else { Some(read(self)?) });
        }
        Ok(items)
    }

    /// A map: each key (a string, or a string enum's value) with its value read by `read`, the
    /// entry charged its size against the decode budget; a `null` value is left out.
    #[inline]
    pub fn map<K: Ord + for<'s> From<&'s str>, V>(&mut self, mut read: impl FnMut(&mut Self) -> Result<V>) -> Result<BTreeMap<K, V>> {
        let mut map = BTreeMap::new();
        self.begin_object()?;
        while let Some(key) = self.next_key()? {
            if self.null()? {
                continue;
            }
            self.charge(std::mem::size_of::<(K, V)>())?;
            map.insert(K::from(key.as_ref()), read(self)?);
        }
        Ok(map)
    }

    /// A sparse map (`@sparse`): as [`Reader::map`], but a `null` value is kept as `None`.
    #[inline]
    pub fn sparse_map<K: Ord + for<'s> From<&'s str>, V>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<V>,
    ) -> Result<BTreeMap<K, Option<V>>> {
        let mut map = BTreeMap::new();
        self.begin_object()?;
        while let Some(key) = self.next_key()? {
            let null = self.null()?;
            self.charge(std::mem::size_of::<(K, Option<V>)>())?;
            map.insert(K::from(key.as_ref()), if null { None } else { Some(read(self)?) });
        }
        Ok(map)
    }

    /// A string enum's value: the variant its string names, or its unknown-value variant.
    #[inline]
    pub fn enum_value<T: for<'s> From<&'s str>>(&mut self) -> Result<T> {
        Ok(T::from(self.string()?.as_ref()))
    }

    /// An intEnum's value: the variant its integer names, or its unknown-value variant.
    #[inline]
    pub fn int_enum_value<T: From<i32>>(&mut self) -> Result<T> {
        Ok(T::from(self.integer::<i32>()?))
    }

    /// A string value, owned.
    #[inline]
    pub fn owned_string(&mut self) -> Result<String> {
        Ok(self.string()?.into_owned())
    }

    /// A float member's value (`f32`).
    #[inline]
    pub fn float32(&mut self) -> Result<f32> {
        Ok(self.float()? as f32)
    }

    /// A `BigInteger` or `BigDecimal`: the number's text, parsed.
    #[inline]
    pub fn big_number<T: std::str::FromStr>(&mut self) -> Result<T> {
        self.number_text()?.parse().map_err(|_| self.fail("not a number of this type"))
    }

    /// A string value, borrowed from the body unless it holds escapes.
    #[inline]
    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        match self.plain_string() {
            Some(text) => Ok(Cow::Borrowed(text)),
            None => self.spaced_string(),
        }
    }

    /// A string right at the reader's position (in compact JSON, as services write it) without
    /// escapes, the reader moved past it; `None`, the reader unmoved, for anything else.
    #[inline(always)]
    fn plain_string(&mut self) -> Option<&'a str> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        let start = self.pos + 1;
        let end = start + plain_run(&self.bytes[start..]);
        if self.bytes.get(end) != Some(&b'"') {
            return None;
        }
        let text = self.text.get(start..end)?;
        self.pos = end + 1;
        self.done();
        Some(text)
    }

    /// [`string`](Self::string) past white space, or with escapes.
    #[inline(never)]
    fn spaced_string(&mut self) -> Result<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return self.error("expected a string");
        }
        let value = self.string_body()?;
        self.done();
        Ok(value)
    }

    /// A string, from its opening quote. Most strings (and nearly every key) are one plain run
    /// and a closing quote: that path is small and may be inlined, the rest is
    /// [`Reader::string_rest`], out of line.
    #[inline]
    fn string_body(&mut self) -> Result<Cow<'a, str>> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        self.pos = start + plain_run(&self.bytes[start..]);
        if self.bytes.get(self.pos) == Some(&b'"') {
            let text = self.utf8(start, self.pos)?;
            self.pos += 1;
            return Ok(Cow::Borrowed(text));
        }
        self.string_rest(start)
    }

    /// The rest of a string that starts at `start` and whose first plain run ends at an escape
    /// (or at a byte that is an error).
    #[inline(never)]
    fn string_rest(&mut self, start: usize) -> Result<Cow<'a, str>> {
        match self.bytes.get(self.pos) {
            Some(b'\\') => {}
            Some(_) => return self.error("control character in a string"),
            None => return self.error("unterminated string"),
        }
        let mut owned = String::from(self.utf8(start, self.pos)?);
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut owned)?;
                }
                Some(0..=0x1f) => return self.error("control character in a string"),
                Some(_) => {
                    let run = self.pos;
                    self.pos = run + plain_run(&self.bytes[run..]);
                    owned.push_str(self.utf8(run, self.pos)?);
                }
                None => return self.error("unterminated string"),
            }
        }
    }

    /// A slice of the document; JSON's delimiters are ASCII, so it always falls on characters.
    fn utf8(&self, start: usize, end: usize) -> Result<&'a str> {
        self.text.get(start..end).ok_or_else(|| Error::new(start, "invalid UTF-8"))
    }

    fn escape(&mut self, out: &mut String) -> Result<()> {
        let Some(&byte) = self.bytes.get(self.pos) else { return self.error("unterminated escape") };
        self.pos += 1;
        let c = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                if (0xd800..0xdc00).contains(&first) {
                    // A surrogate pair; a lone surrogate becomes U+FFFD, as in JavaScript's
                    // TextDecoder.
                    if self.bytes[self.pos..].starts_with(b"\\u") {
                        self.pos += 2;
                        let second = self.hex4()?;
                        if (0xdc00..0xe000).contains(&second) {
                            let code = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        } else {
                            out.push('\u{fffd}');
                            char::from_u32(second).unwrap_or('\u{fffd}')
                        }
                    } else {
                        '\u{fffd}'
                    }
                } else {
                    char::from_u32(first).unwrap_or('\u{fffd}')
                }
            }
            _ => return self.error("invalid escape"),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| Error::new(self.pos, "short \\u escape"))?;
        let text = std::str::from_utf8(digits).map_err(|_| Error::new(self.pos, "invalid \\u escape"))?;
        let value = u32::from_str_radix(text, 16).map_err(|_| Error::new(self.pos, "invalid \\u escape"))?;
        self.pos += 4;
        Ok(value)
    }

    /// A blob: a base64 string.
    #[inline]
    pub fn blob(&mut self) -> Result<Vec<u8>> {
        let text = self.string()?;
        crate::base64::decode(&text).map_err(|_| self.fail("invalid base64"))
    }

    /// A timestamp written as seconds since the epoch (a number, read exactly).
    #[inline]
    pub fn epoch_seconds(&mut self) -> Result<DateTime> {
        if let Some(value) = self.quick_epoch_seconds() {
            return Ok(value);
        }
        let text = self.number_text()?;
        DateTime::from_epoch_seconds_str(text).map_err(|_| self.fail("invalid timestamp"))
    }

    /// Epoch seconds as services write them (`1326585031.619`: up to 18 digits, up to 9
    /// decimals, no sign, no exponent) read in one pass, the reader moved past them; `None`,
    /// the reader unmoved, for any other text (which [`epoch_seconds`](Self::epoch_seconds)
    /// then reads, or rejects, as a number).
    #[inline]
    pub fn quick_epoch_seconds(&mut self) -> Option<DateTime> {
        // Nanoseconds per unit of the last decimal, by the count of decimals.
        const SCALE: [u32; 10] = [0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];
        let bytes = self.bytes.get(self.pos..)?;
        let digit = |at: usize| bytes.get(at).filter(|b| b.is_ascii_digit()).map(|b| b - b'0');
        let (secs, mut at) = leading_whole::<true>(bytes)?;
        let mut nanos: u32 = 0;
        if bytes.get(at) == Some(&b'.') {
            let point = at;
            at += 1;
            while let Some(d) = digit(at).filter(|_| at - point <= 9) {
                nanos = nanos * 10 + u32::from(d);
                at += 1;
            }
            let decimals = at - point - 1;
            if decimals == 0 || digit(at).is_some() {
                return None;
            }
            nanos *= SCALE[decimals];
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            return None;
        }
        self.pos += at;
        self.done();
        Some(DateTime::from_secs_and_nanos(secs, nanos))
    }

    /// An integer as services write it (up to 18 digits, maybe a minus, no fraction or
    /// exponent) read in one pass, the reader moved past it; `None`, the reader unmoved, for
    /// any other text.
    #[inline]
    fn plain_integer(&mut self) -> Option<i64> {
        let bytes = self.bytes.get(self.pos..)?;
        let negative = bytes.first() == Some(&b'-');
        let sign = usize::from(negative);
        let (value, digits) = leading_whole::<false>(&bytes[sign..])?;
        if let Some(b'.' | b'e' | b'E') = bytes.get(sign + digits) {
            return None;
        }
        self.pos += sign + digits;
        self.done();
        Some(if negative { -value } else { value })
    }

    /// A timestamp written as RFC 3339 text (`date-time`).
    #[inline]
    pub fn date_time(&mut self) -> Result<DateTime> {
        let text = self.string()?;
        DateTime::from_date_time_str(&text).map_err(|_| self.fail("invalid date-time"))
    }

    /// A timestamp written as IMF-fixdate text (`http-date`).
    #[inline]
    pub fn http_date(&mut self) -> Result<DateTime> {
        let text = self.string()?;
        DateTime::from_http_date_str(&text).map_err(|_| self.fail("invalid http-date"))
    }

    /// The text of a number value, exactly as written.
    pub fn number_text(&mut self) -> Result<&'a str> {
        self.skip_whitespace();
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.bytes.get(r.pos).is_some_and(u8::is_ascii_digit) {
                r.pos += 1;
            }
            r.pos > from
        };
        let int_start = self.pos;
        if !digits(self) {
            self.pos = start;
            return self.error("expected a number");
        }
        if self.pos - int_start > 1 && self.bytes[int_start] == b'0' {
            return Err(Error::new(int_start, "a number with a leading zero is not JSON"));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return self.error("expected digits after `.`");
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return self.error("expected exponent digits");
            }
        }
        self.done();
        self.utf8(start, self.pos)
    }

    /// An integer that must fit in `T`. A number written with a fraction or an exponent is read
    /// when its value is whole (`3.0`, `1e2`), as other JSON readers do; `3.5` is an error.
    #[inline]
    pub fn integer<T: TryFrom<i64>>(&mut self) -> Result<T> {
        let start = self.pos;
        if let Some(value) = self.plain_integer() {
            return T::try_from(value).map_err(|_| Error::new(start, "integer out of range"));
        }
        self.skip_whitespace();
        let start = self.pos;
        let text = self.number_text()?;
        let value = match text.parse::<i64>() {
            Ok(value) => value,
            Err(_) => whole_number(text).map_err(|message| Error::new(start, message))?,
        };
        T::try_from(value).map_err(|_| Error::new(start, "integer out of range"))
    }

    /// A float: a number, or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn float(&mut self) -> Result<f64> {
        if self.peek() == Some(b'"') {
            let start = self.pos;
            return match self.string()?.as_ref() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                _ => Err(Error::new(start, "expected a number")),
            };
        }
        let start = self.pos;
        self.number_text()?.parse().map_err(|_| Error::new(start, "invalid number"))
    }

    pub fn boolean(&mut self) -> Result<bool> {
        let value = match self.peek() {
            Some(b't') => self.literal("true").map(|_| true)?,
            Some(b'f') => self.literal("false").map(|_| false)?,
            _ => return self.error("expected a boolean"),
        };
        self.done();
        Ok(value)
    }

    /// Skips any value, however nested (up to [`MAX_DEPTH`]).
    pub fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                while self.next_key()?.is_some() {
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'[') => {
                self.begin_array()?;
                while self.next_item()? {
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'"') => self.string().map(drop),
            Some(b't' | b'f') => self.boolean().map(drop),
            Some(b'n') => {
                self.literal("null")?;
                self.done();
                Ok(())
            }
            Some(_) => self.number_text().map(drop),
            None => self.error("unexpected end of input"),
        }
    }

    /// Any value as an untyped [`Document`].
    pub fn document(&mut self) -> Result<Document> {
        self.charge(std::mem::size_of::<Document>())?;
        Ok(match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                let mut object = BTreeMap::new();
                while let Some(key) = self.next_key()? {
                    let value = self.document()?;
                    object.insert(key.into_owned(), value);
                }
                Document::Object(object)
            }
            Some(b'[') => {
                self.begin_array()?;
                let mut items = Vec::new();
                while self.next_item()? {
                    items.push(self.document()?);
                }
                Document::Array(items)
            }
            Some(b'"') => Document::String(self.string()?.into_owned()),
            Some(b't' | b'f') => Document::Bool(self.boolean()?),
            Some(b'n') => {
                self.literal("null")?;
                self.done();
                Document::Null
            }
            Some(_) => {
                let start = self.pos;
                let text = self.number_text()?;
                Document::Number(parse_number(text).ok_or_else(|| Error::new(start, "invalid number"))?)
            }
            None => return self.error("unexpected end of input"),
        })
    }

    /// Fails unless only whitespace is left.
    pub fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.error("unexpected data after the value"),
        }
    }
}

/// What [`Reader::next_member`] found.
pub enum Member<'a> {
    /// The object's end.
    End,
    /// The key guessed, by its index.
    Guessed(usize),
    /// Another key (the guessed one too, if the body escapes a character of it).
    Key(Cow<'a, str>),
}

/// The order in which a structure's keys come in the bodies read so far, for
/// [`Reader::next_member`] to guess each next key: the key that followed each key last time
/// (the last slot, for the first key). Services write a structure's members in one order (the
/// model's, or sorted), so after the first object of a list every key is guessed right; a wrong
/// guess costs one comparison and is learned. It is a hint shared by all threads (relaxed
/// atomics): what is read never depends on it.
pub struct KeyOrder<const N: usize> {
    next: [AtomicU32; N],
}

impl<const N: usize> KeyOrder<N> {
    /// For `N - 1` keys, first guessed in the order given.
    #[allow(clippy::new_without_default)] // One per structure's reader, in a `static`.
    pub const fn new() -> Self {
        assert!(N > 0 && N <= u32::MAX as usize, "a structure of more members than the key order holds");
        let mut next = [const { AtomicU32::new(0) }; N];
        let mut i = 0;
        while i + 1 < N {
            next[i] = AtomicU32::new((i + 1) as u32);
            i += 1;
        }
        KeyOrder { next }
    }

    /// The key to guess after the key at index `last` (`keys.len()` at an object's start), or
    /// none if `keys` hold one that JSON would escape (then the bytes could not be compared).
    #[inline]
    pub fn guess(&self, keys: &[&'static str], plain: bool, last: usize) -> Option<(usize, &'static str)> {
        if !plain {
            return None;
        }
        let index = self.next[last].load(Relaxed) as usize;
        keys.get(index).map(|key| (index, *key))
    }

    /// Remembers that the key at `index` followed the one at `last`.
    #[inline]
    pub fn learn(&self, last: usize, index: usize) {
        self.next[last].store(index as u32, Relaxed);
    }
}

/// Whether no key (each followed by `":`, as [`Reader::next_member`] guesses them) holds a
/// character JSON escapes (a quote, a backslash, a control character), so each key's text is
/// its bytes in a body.
pub const fn plain_keys(keys: &[&str]) -> bool {
    let mut k = 0;
    while k < keys.len() {
        let bytes = keys[k].as_bytes();
        let mut i = 0;
        while i + 2 < bytes.len() {
            if bytes[i] == b'"' || bytes[i] == b'\\' || bytes[i] < 0x20 {
                return false;
            }
            i += 1;
        }
        k += 1;
    }
    true
}

/// The value of a JSON number with a fraction or an exponent, when it is a whole number that fits
/// in `i64`: exactly, from its digits (no float in between).
fn whole_number(text: &str) -> std::result::Result<i64, &'static str> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i64>().map_err(|_| "integer out of range")?),
        None => (unsigned, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).map(|b| b - b'0').collect();
    // The value is `digits` times ten to the power `scale`.
    let mut scale = exponent.saturating_sub(frac_part.len() as i64);
    let mut end = digits.len();
    while end > 0 && digits[end - 1] == 0 && scale < 0 {
        end -= 1;
        scale += 1;
    }
    let significant = &digits[..end];
    if significant.iter().all(|d| *d == 0) {
        return Ok(0);
    }
    if scale < 0 {
        return Err("a number with a fraction is not an integer");
    }
    let mut value: i128 = 0;
    for d in significant {
        value = value.checked_mul(10).and_then(|v| v.checked_add(i128::from(*d))).ok_or("integer out of range")?;
    }
    for _ in 0..scale.min(40) {
        value = value.checked_mul(10).ok_or("integer out of range")?;
    }
    if scale > 40 {
        return Err("integer out of range");
    }
    let value = if negative { -value } else { value };
    i64::try_from(value).map_err(|_| "integer out of range")
}

fn parse_number(text: &str) -> Option<Number> {
    if let Ok(u) = text.parse::<u64>() {
        Some(Number::PosInt(u))
    } else if let Ok(i) = text.parse::<i64>() {
        Some(Number::NegInt(i))
    } else {
        text.parse::<f64>().ok().map(Number::Float)
    }
}

/// Writes compact JSON into a byte buffer.
#[derive(Default)]
pub struct Writer {
    out: Vec<u8>,
    /// Whether a comma must come before the next key or item.
    after_item: bool,
    /// Where the last key's text is in `out`, to name it in an error.
    last_key: (usize, usize),
    /// The first value that could not be written.
    error: Option<WriteError>,
}

/// A value the JSON of a request cannot hold: a timestamp outside what its format can write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    key: String,
    error: crate::primitives::FormatDateTimeError,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.key, self.error)
    }
}

impl std::error::Error for WriteError {}

impl Writer {
    /// A writer whose buffer starts at 256 bytes, which most request bodies fit in, instead of
    /// growing from empty through four reallocations.
    pub fn new() -> Self {
        Writer { out: Vec::with_capacity(256), ..Writer::default() }
    }

    /// The JSON text, or the first value that could not be written.
    pub fn finish(self) -> std::result::Result<Vec<u8>, WriteError> {
        match self.error {
            None => Ok(self.out),
            Some(error) => Err(error),
        }
    }

    /// A blob, as a base64 string.
    #[inline]
    pub fn blob(&mut self, value: &[u8]) {
        self.string(&crate::base64::encode(value));
    }

    /// A timestamp as seconds since the epoch (a number, written exactly).
    #[inline]
    pub fn epoch_seconds(&mut self, value: &DateTime) {
        self.raw(value.epoch_seconds_text(&mut [0; crate::primitives::EPOCH_SECONDS_MAX]));
    }

    /// A timestamp as RFC 3339 text (`date-time`).
    pub fn date_time(&mut self, value: &crate::primitives::DateTime) {
        let text = value.to_date_time_string();
        self.formatted(text);
    }

    /// A timestamp as IMF-fixdate text (`http-date`).
    pub fn http_date(&mut self, value: &crate::primitives::DateTime) {
        let text = value.to_http_date_string();
        self.formatted(text);
    }

    fn formatted(&mut self, text: std::result::Result<String, crate::primitives::FormatDateTimeError>) {
        match text {
            Ok(text) => self.string(&text),
            Err(error) => {
                if self.error.is_none() {
                    let key = String::from_utf8_lossy(&self.out[self.last_key.0..self.last_key.1]).into_owned();
                    self.error = Some(WriteError { key, error });
                }
                self.null();
            }
        }
    }

    #[inline]
    fn separate(&mut self) {
        if self.after_item {
            self.out.push(b',');
        }
        self.after_item = false;
    }

    #[inline]
    pub fn begin_object(&mut self) {
        self.separate();
        self.out.push(b'{');
    }

    #[inline]
    pub fn end_object(&mut self) {
        self.out.push(b'}');
        self.after_item = true;
    }

    #[inline]
    pub fn begin_array(&mut self) {
        self.separate();
        self.out.push(b'[');
    }

    #[inline]
    pub fn end_array(&mut self) {
        self.out.push(b']');
        self.after_item = true;
    }

    /// Writes a key; its value comes next.
    pub fn key(&mut self, key: &str) {
        self.separate();
        let start = self.out.len() + 1;
        self.escaped(key);
        self.last_key = (start, self.out.len() - 1);
        self.out.push(b':');
    }

    /// A list, each item written by `write`.
    #[inline]
    pub fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.begin_array();
        for item in items {
            write(self, item);
        }
        self.end_array();
    }

    /// A sparse list (`@sparse`): as [`Writer::list`], with `null` for a `None` item.
    #[inline]
    pub fn sparse_list<T>(&mut self, items: &[Option<T>], mut write: impl FnMut(&mut Self, &T)) {
        self.begin_array();
        for item in items {
            match item {
                Some(item) => write(self, item),
                None => self.null(),
            }
        }
        self.end_array();
    }

    /// A map: each key (a string, or a string enum's value) and its value, written by `write`.
    #[inline]
    pub fn map<K: AsRef<str>, V>(&mut self, entries: &BTreeMap<K, V>, mut write: impl FnMut(&mut Self, &V)) {
        self.begin_object();
        for (key, value) in entries {
            self.key(key.as_ref());
            write(self, value);
        }
        self.end_object();
    }

    /// A sparse map (`@sparse`): as [`Writer::map`], with `null` for a `None` value.
    #[inline]
    pub fn sparse_map<K: AsRef<str>, V>(&mut self, entries: &BTreeMap<K, Option<V>>, mut write: impl FnMut(&mut Self, &V)) {
        self.begin_object();
        for (key, value) in entries {
            self.key(key.as_ref());
            match value {
                Some(value) => write(self, value),
                None => self.null(),
            }
        }
        self.end_object();
    }

    /// A member's key that needs no escape (no `"`, `\` or control character: the generator
    /// checks the model's names and writes the others with [`Writer::key`]), copied as it is.
    #[inline]
    pub fn member(&mut self, key: &str) {
        debug_assert_eq!(plain_run(key.as_bytes()), key.len(), "`{key}` needs escapes");
        self.separate();
        self.out.reserve(key.len() + 3);
        self.out.push(b'"');
        let start = self.out.len();
        self.out.extend_from_slice(key.as_bytes());
        self.last_key = (start, self.out.len());
        self.out.extend_from_slice(b"\":");
    }

    /// `text` as a JSON string: plain runs copied whole (found eight bytes at a time), then the
    /// one character that needs an escape.
    fn escaped(&mut self, text: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push(b'"');
        let mut bytes = text.as_bytes();
        loop {
            let run = plain_run(bytes);
            self.out.extend_from_slice(&bytes[..run]);
            let Some(&b) = bytes.get(run) else { break };
            match b {
                b'"' => self.out.extend_from_slice(b"\\\""),
                b'\\' => self.out.extend_from_slice(b"\\\\"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                b'\t' => self.out.extend_from_slice(b"\\t"),
                0x08 => self.out.extend_from_slice(b"\\b"),
                0x0c => self.out.extend_from_slice(b"\\f"),
                _ => self.out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]),
            }
            bytes = &bytes[run + 1..];
        }
        self.out.push(b'"');
    }

    /// An optional member: its key (which needs no escape, as for [`Writer::member`]) and its
    /// value, written by `write` (a structure's writer, `Writer::epoch_seconds`,
    /// `|w, v| w.list(v, ..)`), when it is present; nothing when it is absent. Always inlined, as
    /// [`Writer::optional_string`].
    #[inline(always)]
    pub fn optional<T>(&mut self, key: &str, value: &Option<T>, write: impl FnOnce(&mut Self, &T)) {
        if let Some(value) = value {
            self.member(key);
            write(self, value);
        }
    }

    /// An optional string member: its key (which needs no escape, as for [`Writer::member`])
    /// and value when it is present, nothing when it is absent. Always inlined: it stands for
    /// the `if let` the generated writers would otherwise spell out (measured slower as a call).
    #[inline(always)]
    pub fn optional_string(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.member(key);
            self.string(value);
        }
    }

    #[inline]
    pub fn string(&mut self, value: &str) {
        self.separate();
        self.escaped(value);
        self.after_item = true;
    }

    pub fn boolean(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    pub fn null(&mut self) {
        self.raw("null");
    }

    /// A number or literal written as it is.
    pub fn raw(&mut self, text: &str) {
        self.separate();
        self.out.extend_from_slice(text.as_bytes());
        self.after_item = true;
    }

    pub fn integer(&mut self, value: impl Into<i64>) {
        let mut buffer = [0u8; 20];
        let digits = format_integer(value.into(), &mut buffer);
        self.separate();
        self.out.extend_from_slice(digits);
        self.after_item = true;
    }

    /// A float; NaN and the infinities as the strings the protocols use.
    pub fn float(&mut self, value: f64) {
        if value.is_nan() {
            self.string("NaN");
        } else if value.is_infinite() {
            self.string(if value > 0.0 { "Infinity" } else { "-Infinity" });
        } else {
            self.raw(&value.to_string());
        }
    }

    /// A float that was an `f32`, written with `f32`'s shortest text (`0.1`, not `0.10000000149`).
    pub fn float32(&mut self, value: f32) {
        if value.is_finite() {
            self.raw(&value.to_string());
        } else {
            self.float(f64::from(value));
        }
    }

    pub fn document(&mut self, value: &Document) {
        match value {
            Document::Null => self.null(),
            Document::Bool(b) => self.boolean(*b),
            Document::Number(Number::PosInt(u)) => self.raw(&u.to_string()),
            Document::Number(Number::NegInt(i)) => self.integer(*i),
            Document::Number(Number::Float(f)) => self.float(*f),
            Document::String(s) => self.string(s),
            Document::Array(items) => {
                self.begin_array();
                for item in items {
                    self.document(item);
                }
                self.end_array();
            }
            Document::Object(entries) => {
                self.begin_object();
                for (key, value) in entries {
                    self.key(key);
                    self.document(value);
                }
                self.end_object();
            }
        }
    }
}

/// The decimal text of `value`, as bytes at the end of `buffer`.
fn format_integer(value: i64, buffer: &mut [u8; 20]) -> &[u8] {
    let end = buffer.len();
    let mut at = crate::primitives::digits_before(value.unsigned_abs(), buffer, end);
    if value < 0 {
        at -= 1;
        buffer[at] = b'-';
    }
    &buffer[at..]
}

/// Reads a whole body with `read`, whose values may take at most `limit` bytes of memory; an
/// empty body reads as `{}` (the JSON protocols may send nothing for an output with no members
/// set).
pub fn from_body<'a, T>(body: &'a [u8], limit: usize, read: impl FnOnce(&mut Reader<'a>) -> Result<T>) -> Result<T> {
    // The generic part is as small as it can be: one copy of it is compiled per type read.
    let mut reader = Reader::for_body(body, limit)?;
    let value = read(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// How many bytes at the start of `bytes` are plain string text: up to the first `"`, `\\` or
/// control character (or all of them). Strings are most of a response body, so this looks at
/// eight bytes at a time: a byte equal to `c` is a zero byte of `word ^ (c * ONES)`, and
/// `(x - ONES * n) & !x & HIGHS` flags the bytes of `x` below `n` (a borrow can flag a byte
/// above a flagged one, never below, so the lowest flag is exact).
#[inline]
pub(crate) fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let word = u64::from_le_bytes(eight);
        let found = below(word ^ (ONES * u64::from(b'"')), 1) | below(word ^ (ONES * u64::from(b'\\')), 1) | below(word, 0x20);
        if found != 0 {
            return offset + (found.trailing_zeros() / 8) as usize;
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    offset + rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(rest.len())
}

/// The whole number `bytes` start with, of up to 18 digits and no leading zero (as JSON writes
/// it), with its count of digits; `None` if they start otherwise or with more digits. `LONG`
/// when the numbers read are mostly of eight digits or more.
#[inline(always)]
fn leading_whole<const LONG: bool>(bytes: &[u8]) -> Option<(i64, usize)> {
    let digit = |at: usize| bytes.get(at).filter(|b| b.is_ascii_digit()).map(|b| b - b'0');
    let mut at = 0;
    let mut value: i64 = 0;
    // Eight digits at once, where numbers are long (an epoch timestamp's seconds have ten).
    if let Some(eight) = bytes.first_chunk::<8>().map(|eight| u64::from_le_bytes(*eight)).filter(|&eight| LONG && eight_digits(eight)) {
        value = digits_value(eight) as i64;
        at = 8;
    }
    while let Some(d) = digit(at).filter(|_| at < 18) {
        value = value * 10 + i64::from(d);
        at += 1;
    }
    if at == 0 || (at > 1 && bytes[0] == b'0') || digit(at).is_some() {
        return None;
    }
    Some((value, at))
}

/// Whether the eight bytes of `word` are all ASCII digits: each byte's high half is 3, and stays 3
/// when 6 is added to the low half (which carries into it from `:` up).
#[inline(always)]
fn eight_digits(word: u64) -> bool {
    const HIGH_HALVES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const THREES: u64 = 0x3030_3030_3030_3030;
    word & HIGH_HALVES == THREES && word.wrapping_add(0x0606_0606_0606_0606) & HIGH_HALVES == THREES
}

/// The value of eight ASCII digits read as a little-endian word (the first digit in the low
/// byte): pairs, then fours, then the eight are combined with one multiplication each.
#[inline(always)]
fn digits_value(word: u64) -> u64 {
    let word = word - 0x3030_3030_3030_3030;
    let word = (word & 0x000F_000F_000F_000F) * 10 + ((word >> 8) & 0x000F_000F_000F_000F);
    let word = (word & 0x0000_00FF_0000_00FF) * 100 + ((word >> 16) & 0x0000_00FF_0000_00FF);
    (word & 0x0000_0000_0000_FFFF) * 10_000 + ((word >> 32) & 0x0000_0000_0000_FFFF)
}

/// Whether two slices of one length hold the same bytes: compared eight (or four, two, one) at a
/// time inline, as the keys compared are short and a call to `memcmp` would cost more.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    fn word<const W: usize>(bytes: &[u8], at: usize) -> u64 {
        let mut word = [0u8; 8];
        word[..W].copy_from_slice(&bytes[at..at + W]);
        u64::from_ne_bytes(word)
    }
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // Whole words, then the last (overlapping) word; shorter slices by two narrower words.
    let last = match n {
        8.. => n - 8,
        4..=7 => return word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        2..=3 => return word::<2>(a, 0) == word::<2>(b, 0) && word::<2>(a, n - 2) == word::<2>(b, n - 2),
        1 => return a[0] == b[0],
        0 => return true,
    };
    let mut at = 0;
    while at < last {
        if word::<8>(a, at) != word::<8>(b, at) {
            return false;
        }
        at += 8;
    }
    word::<8>(a, last) == word::<8>(b, last)
}

/// Reads a response's whole body with `read`, within the response's decode limit (see
/// [`Response::decode_limit`](crate::http::Response::decode_limit)).
pub fn from_response<'a, T>(response: &'a crate::http::Response, read: impl FnOnce(&mut Reader<'a>) -> Result<T>) -> Result<T> {
    from_body(&response.body, response.decode_limit(), read)
}

/// The document `write` writes, as bytes: empty when a value cannot be written (a pagination
/// token's bytes, to notice one seen before).
#[allow(dead_code)] // Used by the operations of some models only.
#[inline]
pub(crate) fn to_document(write: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut writer = Writer::new();
    write(&mut writer);
    writer.finish().unwrap_or_default()
}

/// An output or error structure read from a response's whole body with `read` (the JSON
/// protocols' operations): what does not decode is a
/// [`ResponseError`](crate::http::ResponseError) with the response's status, and the value keeps
/// the response's [`ResponseMeta`](crate::http::ResponseMeta) (its status, headers and request id).
#[allow(dead_code)] // Used by the operations of some models only.
#[inline]
pub(crate) fn decode_response<'a, T: crate::http::WithMeta>(
    response: &'a crate::http::Response,
    read: impl FnOnce(&mut Reader<'a>) -> Result<T>,
) -> std::result::Result<T, crate::http::ResponseError> {
    from_response(response, read)
        .map_err(|e| crate::http::ResponseError::new(response.status, e))
        .map(|value| value.with_meta(crate::http::ResponseMeta::new(response)))
}

/// The writer of a structure, as the generated `serde` modules write it: an object of the
/// members that follow, in order, each `"key" => field: kind` (required: always written) or
/// `"key" => field?: kind` (optional: written when present). Keys need no escape.
///
/// A kind names how a value is written and read: `boolean`, `integer`, `float32` (`f32`),
/// `float` (`f64`), `big_number`, `string`, `blob`, `epoch_seconds`, `date_time`, `http_date`,
/// `document`, `string_enum`, `int_enum`; `list(kind)`, `sparse_list(kind)`, `map(kind)` and
/// `sparse_map(kind)` of values of a kind (a map's keys are strings); otherwise the service's
/// function for its type (`write_ami` here, `read_ami` in [`read_structure!`]).
///
/// `write_structure!(write_ami(types::Ami); "region" => region?: string; "count" => count: integer)`
#[allow(unused_macros)] // Invoked by the generated `serde` modules.
macro_rules! write_structure {
    (
        $name:ident($ty:ty)
        $(; $key:literal => $field:ident $(? $($optional:ident)*)?: $kind:ident $(($($element:tt)*))?)+ $(;)?
    ) => {
        #[inline]
        pub(crate) fn $name(w: &mut $crate::json::Writer, value: &$ty) {
            w.begin_object();
            $($crate::json::write_structure!(
                @member w, value, $key, $field, [$(optional $($optional)*)?], $kind $(($($element)*))?
            );)+
            w.end_object();
        }
    };
    (@member $w:ident, $value:ident, $key:literal, $field:ident, [optional], $($kind:tt)+) => {
        $w.optional($key, &$value.$field, |w, v| $crate::json::write_structure!(@value w, v, $($kind)+))
    };
    (@member $w:ident, $value:ident, $key:literal, $field:ident, [], $($kind:tt)+) => {{
        $w.member($key);
        $crate::json::write_structure!(@value $w, &$value.$field, $($kind)+)
    }};
    (@value $w:ident, $v:expr, boolean) => { $w.boolean(*$v) };
    (@value $w:ident, $v:expr, integer) => { $w.integer(*$v) };
    (@value $w:ident, $v:expr, float32) => { $w.float32(*$v) };
    (@value $w:ident, $v:expr, float) => { $w.float(*$v) };
    (@value $w:ident, $v:expr, big_number) => { $w.raw($v.as_str()) };
    (@value $w:ident, $v:expr, string) => { $w.string($v) };
    (@value $w:ident, $v:expr, blob) => { $w.blob($v) };
    (@value $w:ident, $v:expr, epoch_seconds) => { $w.epoch_seconds($v) };
    (@value $w:ident, $v:expr, date_time) => { $w.date_time($v) };
    (@value $w:ident, $v:expr, http_date) => { $w.http_date($v) };
    (@value $w:ident, $v:expr, document) => { $w.document($v) };
    (@value $w:ident, $v:expr, string_enum) => { $w.string($v.as_str()) };
    (@value $w:ident, $v:expr, int_enum) => { $w.integer($v.value()) };
    (@value $w:ident, $v:expr, list($($element:tt)+)) => {
        $w.list($v, |w, v| $crate::json::write_structure!(@value w, v, $($element)+))
    };
    (@value $w:ident, $v:expr, sparse_list($($element:tt)+)) => {
        $w.sparse_list($v, |w, v| $crate::json::write_structure!(@value w, v, $($element)+))
    };
    (@value $w:ident, $v:expr, map($($element:tt)+)) => {
        $w.map($v, |w, v| $crate::json::write_structure!(@value w, v, $($element)+))
    };
    (@value $w:ident, $v:expr, sparse_map($($element:tt)+)) => {
        $w.sparse_map($v, |w, v| $crate::json::write_structure!(@value w, v, $($element)+))
    };
    (@value $w:ident, $v:expr, $write:ident) => { $write($w, $v) };
}
#[allow(unused_imports)] // Used by the generated `serde` modules.
pub(crate) use write_structure;

/// The reader of a structure, as the generated `serde` modules write it: an object whose keys
/// fill the members that follow, each `"key" => field?: kind` (optional) or
/// `"key" => field: kind` (required), read by its kind (see [`write_structure!`]); a key with
/// aliases is `"name" | "Name" => ..`. Any other key is skipped, and `null` is absence.
///
/// - `read_structure!(read_ami -> types::Ami in place; "region" => region?: string)`: every
///   member is optional and unboxed, read into a default value in place;
/// - `read_structure!(read_task -> types::Task; "id" => id: string; "n" => n?: integer)`: each
///   member is read into a local and the value built at the end. A member absent from the
///   object is then filled by the method call after its `=` (`= unwrap_or(5)`,
///   `= map(Box::new)`), else by its type's default when it is required; `with meta` after the
///   type defaults the response metadata field `meta`.
///
/// Either way the reader guesses each next key from the order the keys came in before (see
/// [`KeyOrder`]) and reads strings, integers, epoch seconds, booleans and enum values by their
/// quick paths first ([`Reader::optional_quick`]): what it reads is what a `match` on each key
/// and the general readers would read.
#[allow(unused_macros)] // Invoked by the generated `serde` modules.
macro_rules! read_structure {
    (
        $name:ident -> $module:ident :: $ty:ident in place
        $(; $key:literal $(| $alias:literal)* => $field:ident ?: $kind:ident $(($($element:tt)*))?)+ $(;)?
    ) => {
        #[inline]
        pub(crate) fn $name(r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<$module::$ty> {
            let mut value: $module::$ty = ::core::default::Default::default();
            $crate::json::read_structure!(@members r; $($key $(| $alias)* => $field)+; field => match field {
                $(Field::$field => $crate::json::read_structure!(@member r, &mut value.$field, $kind $(($($element)*))?)?,)+
            });
            ::core::result::Result::Ok(value)
        }
    };
    (
        $name:ident -> $module:ident :: $ty:ident $(with $meta:ident)?
        $(; $key:literal $(| $alias:literal)* => $field:ident $(? $($optional:ident)*)?: $kind:ident
            $(($($element:tt)*))? $(= $fill:ident($($argument:tt)*))?)+ $(;)?
    ) => {
        #[inline]
        pub(crate) fn $name(r: &mut $crate::json::Reader<'_>) -> $crate::json::Result<$module::$ty> {
            $(let mut $field = ::core::option::Option::None;)+
            $crate::json::read_structure!(@members r; $($key $(| $alias)* => $field)+; field => match field {
                $(Field::$field => $crate::json::read_structure!(@member r, &mut $field, $kind $(($($element)*))?)?,)+
            });
            ::core::result::Result::Ok($module::$ty {
                $($field: $crate::json::read_structure!(
                    @fill $field, [$(optional $($optional)*)?], [$($fill($($argument)*))?]
                ),)+
                $($meta: ::core::default::Default::default(),)?
            })
        }
    };
    // The object's members, each key matched to its field (an enum `Field` of one variant per
    // field, named as the field) and handed to `$read`; the key each member's key followed last
    // time is guessed first (see `KeyOrder`).
    (@members $r:ident; $($key:literal $(| $alias:literal)* => $field:ident)+; $each:ident => $read:expr) => {
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        enum Field {
            $($field,)+
        }
        const KEYS: &[&str] = &[$(::core::concat!($key, "\":")),+];
        const FIELDS: &[Field] = &[$(Field::$field),+];
        const PLAIN: bool = $crate::json::plain_keys(KEYS);
        static ORDER: $crate::json::KeyOrder<{ KEYS.len() + 1 }> = $crate::json::KeyOrder::new();
        $r.begin_object()?;
        let mut last = KEYS.len();
        loop {
            let $each = match $r.next_member(ORDER.guess(KEYS, PLAIN, last))? {
                $crate::json::Member::End => break,
                $crate::json::Member::Guessed(index) => FIELDS[index],
                $crate::json::Member::Key(key) => {
                    let field = match key.as_ref() {
                        $($key $(| $alias)* => Field::$field,)+
                        _ => {
                            $r.skip()?;
                            continue;
                        }
                    };
                    ORDER.learn(last, field as usize);
                    field
                }
            };
            last = $each as usize;
            $read
        }
    };
    (@fill $local:ident, [$($optional:ident)?], [$fill:ident($($argument:tt)*)]) => { $local.$fill($($argument)*) };
    (@fill $local:ident, [optional], []) => { $local };
    (@fill $local:ident, [], []) => { $local.unwrap_or_default() };
    (@member $r:ident, $place:expr, string) => { $r.optional_string($place) };
    (@member $r:ident, $place:expr, integer) => {
        $r.optional_quick($place, $crate::json::Reader::quick_integer, $crate::json::Reader::integer)
    };
    (@member $r:ident, $place:expr, epoch_seconds) => {
        $r.optional_quick($place, $crate::json::Reader::quick_epoch_seconds, $crate::json::Reader::epoch_seconds)
    };
    (@member $r:ident, $place:expr, string_enum) => {
        $r.optional_quick($place, $crate::json::Reader::quick_enum_value, $crate::json::Reader::enum_value)
    };
    (@member $r:ident, $place:expr, boolean) => {
        $r.optional_quick($place, $crate::json::Reader::quick_boolean, $crate::json::Reader::boolean)
    };
    (@member $r:ident, $place:expr, $($kind:tt)+) => { $r.optional($place, $crate::json::read_structure!(@read $($kind)+)) };
    (@read boolean) => { $crate::json::Reader::boolean };
    (@read integer) => { $crate::json::Reader::integer };
    (@read float32) => { $crate::json::Reader::float32 };
    (@read float) => { $crate::json::Reader::float };
    (@read big_number) => { $crate::json::Reader::big_number };
    (@read string) => { $crate::json::Reader::owned_string };
    (@read blob) => { $crate::json::Reader::blob };
    (@read epoch_seconds) => { $crate::json::Reader::epoch_seconds };
    (@read date_time) => { $crate::json::Reader::date_time };
    (@read http_date) => { $crate::json::Reader::http_date };
    (@read document) => { $crate::json::Reader::document };
    (@read string_enum) => { $crate::json::Reader::enum_value };
    (@read int_enum) => { $crate::json::Reader::int_enum_value };
    (@read list($($element:tt)+)) => { |r| r.list($crate::json::read_structure!(@read $($element)+)) };
    (@read sparse_list($($element:tt)+)) => { |r| r.sparse_list($crate::json::read_structure!(@read $($element)+)) };
    (@read map($($element:tt)+)) => { |r| r.map($crate::json::read_structure!(@read $($element)+)) };
    (@read sparse_map($($element:tt)+)) => { |r| r.sparse_map($crate::json::read_structure!(@read $($element)+)) };
    (@read $read:ident) => { $read };
}
#[allow(unused_imports)] // Used by the generated `serde` modules.
pub(crate) use read_structure;
