//! AWS Signature Version 4 on headers: what makes a request one AWS accepts.
//!
//! [`sign`] adds `X-Amz-Date`, `X-Amz-Security-Token` (for session credentials) and
//! `Authorization` to a [`Request`] going to a host; [`signature`] computes
//! the canonical request, the string to sign and the `Authorization` value from the parts of any
//! request, for transports of your own. The signing key is derived once per day, region and
//! service and kept by the [`Signer`].
//!
//! How the canonical request is built:
//! - the path is normalised (`.` and `..` segments resolved, empty segments dropped) and each
//!   byte outside RFC 3986's unreserved set percent-encoded, so a path the request already
//!   encoded is encoded twice, as every AWS service but S3 expects; [`SigningParams::s3`] encodes
//!   once and leaves the path as it is (S3 keys may hold `.` and `//`);
//! - query parameters are decoded, encoded again the same strict way and sorted by name, then
//!   value;
//! - header names are lower-cased and sorted; values are trimmed, runs of spaces folded into one,
//!   and repeated headers joined with `,` in their order.
//!
//! HMAC-SHA256 and SHA-256 come from the RustCrypto crates `hmac` and `sha2`, pure Rust with no
//! build script: they compile in a few seconds, where `ring` and `aws-lc-rs` compile C and
//! assembly (and aws-lc-rs needs CMake) for speed that signing a few hundred bytes does not need.

use std::fmt;
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::http::Request;
use crate::primitives::DateTime;

/// An AWS access key, its secret and, for temporary credentials, the session token and when
/// they expire. `Debug` shows the access key id only.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expires: Option<DateTime>,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Credentials { access_key_id: access_key_id.into(), secret_access_key: secret_access_key.into(), session_token: None, expires: None }
    }

    /// With a session token (temporary credentials).
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into());
        self
    }

    /// With the time they stop working.
    pub fn with_expiry(mut self, expires: DateTime) -> Self {
        self.expires = Some(expires);
        self
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret key. Keep it out of logs: nothing in this crate prints it.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials expire; `None` for long-term ones.
    pub fn expires(&self) -> Option<DateTime> {
        self.expires
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** hidden **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** hidden **"))
            .field("expires", &self.expires.map(|e| e.to_epoch_seconds_string()))
            .finish()
    }
}

/// What a signature is for: the credentials, the region and service it is scoped to, the time.
#[derive(Debug, Clone)]
pub struct SigningParams<'a> {
    pub credentials: &'a Credentials,
    pub region: &'a str,
    /// The signing name (`swf`, `imagebuilder`: the service's `aws.auth#sigv4` name, or the
    /// endpoint's auth scheme's `signingName`).
    pub service: &'a str,
    pub time: DateTime,
    /// Encode the path a second time and normalise it: every service but S3.
    pub double_encode: bool,
}

impl<'a> SigningParams<'a> {
    /// For every service but S3.
    pub fn new(credentials: &'a Credentials, region: &'a str, service: &'a str, time: DateTime) -> Self {
        SigningParams { credentials, region, service, time, double_encode: true }
    }

    /// For S3 and services like it: the path encoded once, not normalised (the endpoint's auth
    /// scheme says `disableDoubleEncoding`).
    pub fn s3(mut self) -> Self {
        self.double_encode = false;
        self
    }
}

/// A signature and the texts it was computed from.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    pub canonical_request: String,
    pub string_to_sign: String,
    /// The `Authorization` header's value.
    pub authorization: String,
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The canonical request holds the session token, when it is signed.
        f.debug_struct("Signature").field("authorization", &self.authorization).finish_non_exhaustive()
    }
}

/// Signs requests, keeping the last signing key (one per day, region and service).
#[derive(Default)]
pub struct Signer {
    /// The scope and secret the key is for, and the key.
    key: Mutex<Option<(String, String, [u8; 32])>>,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer").finish_non_exhaustive()
    }
}

/// Headers never signed: the transport or a proxy may change them.
const UNSIGNED: &[&str] = &["authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection"];

impl Signer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Signs `request`, which goes to `host`: adds `X-Amz-Date`, `X-Amz-Security-Token` for
    /// session credentials (signed) and `Authorization`. `Host` is signed as given and not added:
    /// the transport sends it.
    pub fn sign(&self, request: &mut Request, host: &str, params: &SigningParams<'_>) -> Signature {
        request.headers.retain(|(name, _)| {
            !name.eq_ignore_ascii_case("authorization") && !name.eq_ignore_ascii_case("x-amz-date") && !name.eq_ignore_ascii_case("x-amz-security-token")
        });
        request.headers.push(("X-Amz-Date".into(), amz_date(params.time).into()));
        if let Some(token) = params.credentials.session_token() {
            request.headers.push(("X-Amz-Security-Token".into(), token.to_owned().into()));
        }
        let (path, query) = request.uri.split_once('?').unwrap_or((&request.uri, ""));
        let mut headers: Vec<(&str, &str)> = vec![("host", host)];
        headers.extend(request.headers.iter().filter(|(name, _)| !name.eq_ignore_ascii_case("host")).map(|(n, v)| (n.as_ref(), v.as_ref())));
        let signature = self.signature(request.method, path, query, &headers, &request.body, params);
        request.headers.push(("Authorization".into(), signature.authorization.clone().into()));
        signature
    }

    /// The signature of a request given by its parts: `path` and `query` as sent (percent-encoded),
    /// every header that is sent (including `Host` and `X-Amz-Date`) in order.
    pub fn signature(&self, method: &str, path: &str, query: &str, headers: &[(&str, &str)], body: &[u8], params: &SigningParams<'_>) -> Signature {
        let (canonical_headers, signed_headers) = canonical_headers(headers);
        let canonical_request = format!(
            "{method}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{}",
            canonical_path(path, params.double_encode),
            canonical_query(query),
            hex(&Sha256::digest(body))
        );
        let date = amz_date(params.time);
        let day = &date[..8];
        let scope = format!("{day}/{}/{}/aws4_request", params.region, params.service);
        let string_to_sign = format!("AWS4-HMAC-SHA256\n{date}\n{scope}\n{}", hex(&Sha256::digest(canonical_request.as_bytes())));
        let key = self.signing_key(params, day);
        let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
            params.credentials.access_key_id()
        );
        Signature { canonical_request, string_to_sign, authorization }
    }

    fn signing_key(&self, params: &SigningParams<'_>, day: &str) -> [u8; 32] {
        let scope = format!("{day}/{}/{}", params.region, params.service);
        let secret = params.credentials.secret_access_key();
        let mut cached = self.key.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((cached_scope, cached_secret, key)) = cached.as_ref() {
            if *cached_scope == scope && cached_secret == secret {
                return *key;
            }
        }
        let key = derive_key(secret, day, params.region, params.service);
        *cached = Some((scope, secret.to_owned(), key));
        key
    }
}

/// Signs with a one-off [`Signer`]: see [`Signer::sign`].
pub fn sign(request: &mut Request, host: &str, params: &SigningParams<'_>) -> Signature {
    Signer::new().sign(request, host, params)
}

/// The signature of a request's parts with a one-off [`Signer`]: see [`Signer::signature`].
pub fn signature(method: &str, path: &str, query: &str, headers: &[(&str, &str)], body: &[u8], params: &SigningParams<'_>) -> Signature {
    Signer::new().signature(method, path, query, headers, body, params)
}

/// `20150830T123600Z`.
fn amz_date(time: DateTime) -> String {
    let text = time.to_date_time_string().unwrap_or_default();
    // `2015-08-30T12:36:00Z`, maybe with fractional seconds: keep the date and whole seconds.
    let (date, rest) = text.split_once('T').unwrap_or((&text, ""));
    let clock: String = rest.chars().take(8).filter(|c| *c != ':').collect();
    format!("{}T{clock}Z", date.replace('-', ""))
}

/// The signing key: the secret, HMAC'd with the day, the region, the service and `aws4_request`.
pub fn derive_key(secret: &str, day: &str, region: &str, service: &str) -> [u8; 32] {
    let key = hmac(format!("AWS4{secret}").as_bytes(), day.as_bytes());
    let key = hmac(&key, region.as_bytes());
    let key = hmac(&key, service.as_bytes());
    hmac(&key, b"aws4_request")
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [char::from(HEX[usize::from(b >> 4)]), char::from(HEX[usize::from(b & 0xf)])]).collect()
}

/// Every byte but RFC 3986's unreserved ones percent-encoded (`/` kept when asked).
fn encode(text: &str, keep_slash: bool) -> String {
    crate::http::percent_encode(text, keep_slash)
}

/// `%XX` sequences decoded; anything else kept as it is.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn canonical_path(path: &str, double_encode: bool) -> String {
    let path = if path.is_empty() { "/" } else { path };
    if !double_encode {
        return path.to_owned();
    }
    // Resolve `.` and `..`, drop empty segments, keep a trailing slash.
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    let mut normal = format!("/{}", segments.join("/"));
    if path.ends_with('/') && normal != "/" {
        normal.push('/');
    }
    encode(&normal, true)
}

fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (encode(&decode(name), false), encode(&decode(value), false))
        })
        .collect();
    pairs.sort();
    pairs.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&")
}

/// The canonical headers (`name:value\n` each) and the signed headers' names (`a;b`).
fn canonical_headers(headers: &[(&str, &str)]) -> (String, String) {
    let mut merged: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        if UNSIGNED.contains(&name.as_str()) {
            continue;
        }
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        match merged.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            None => merged.push((name, value)),
        }
    }
    merged.sort_by(|a, b| a.0.cmp(&b.0));
    let canonical = merged.iter().map(|(name, value)| format!("{name}:{value}\n")).collect();
    let signed = merged.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(";");
    (canonical, signed)
}
