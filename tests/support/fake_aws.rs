//! A fake AWS service on 127.0.0.1 for the client's tests: every request is recorded, its SigV4
//! signature checked with this file's own implementation (written apart from the crate's), and
//! answered by the test's function. Shared by `tests/client.rs` and `tests/async-client/`.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// One request as the fake service saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What the fake service records, shared with the test.
pub type Log<T> = Arc<Mutex<Vec<T>>>;

pub type Answer = Box<dyn Fn(&Seen, usize) -> (u16, Vec<(String, String)>, String) + Send + Sync>;

/// A fake AWS on 127.0.0.1: every request is recorded, checked against `secrets` (access key id
/// to secret) and answered by `answer` (given the request and how many came before).
pub fn fake_aws(secrets: HashMap<String, String>, answer: Answer) -> (String, Log<Seen>, Log<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let bad = Arc::new(Mutex::new(Vec::new()));
    let (log, problems) = (seen.clone(), bad.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let mut parts = line.split_whitespace();
                let (method, target) = (parts.next().unwrap_or("").to_owned(), parts.next().unwrap_or("").to_owned());
                let mut headers = Vec::new();
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    let (name, value) = header.split_once(':').unwrap();
                    headers.push((name.trim().to_owned(), value.trim().to_owned()));
                }
                let length: usize = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length")).map_or(0, |(_, v)| v.parse().unwrap());
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let request = Seen { method, target, headers, body };
                // Credential endpoints (the container's, instance metadata) are not signed.
                if !request.target.starts_with("/creds") && !request.target.starts_with("/latest/") {
                    if let Err(problem) = verify(&request, &secrets) {
                        problems.lock().unwrap().push(problem);
                    }
                }
                let count = {
                    let mut log = log.lock().unwrap();
                    log.push(request.clone());
                    log.len() - 1
                };
                let (status, headers, body) = answer(&request, count);
                let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                if stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).is_err() {
                    break;
                }
            }
        }
    });
    (url, seen, bad)
}

/// SigV4 checked from scratch: the canonical request from what arrived, the key, the signature.
fn verify(request: &Seen, secrets: &HashMap<String, String>) -> Result<(), String> {
    let authorization = request.header("authorization").ok_or("no Authorization")?;
    let rest = authorization.strip_prefix("AWS4-HMAC-SHA256 Credential=").ok_or("not SigV4")?;
    let (credential, rest) = rest.split_once(", SignedHeaders=").ok_or("no SignedHeaders")?;
    let (signed, signature) = rest.split_once(", Signature=").ok_or("no Signature")?;
    let mut scope = credential.splitn(2, '/');
    let (key_id, scope) = (scope.next().unwrap(), scope.next().ok_or("no scope")?);
    let secret = secrets.get(key_id).ok_or_else(|| format!("unknown key {key_id}"))?;
    let date = request.header("x-amz-date").ok_or("no X-Amz-Date")?;
    let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
    let encode = |s: &str| -> String {
        s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
    };
    let mut canonical = format!("{}\n{}\n{}\n", request.method, encode(path), query);
    for name in signed.split(';') {
        let values: Vec<&str> = request.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
        canonical.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let body_hash = hex(&Sha256::digest(&request.body));
    canonical.push_str(&format!("\n{signed}\n{body_hash}"));
    let to_sign = format!("AWS4-HMAC-SHA256\n{date}\n{scope}\n{}", hex(&Sha256::digest(canonical.as_bytes())));
    let parts: Vec<&str> = scope.split('/').collect();
    let mut key = format!("AWS4{secret}").into_bytes();
    for part in &parts[..4] {
        key = mac(&key, part.as_bytes());
    }
    let expected = hex(&mac(&key, to_sign.as_bytes()));
    if expected != signature {
        return Err(format!("bad signature for {}: canonical request\n{canonical}", request.target));
    }
    if !signed.split(';').any(|h| h == "host") || !signed.split(';').any(|h| h == "x-amz-date") {
        return Err(format!("host and x-amz-date must be signed: {signed}"));
    }
    Ok(())
}

fn mac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

