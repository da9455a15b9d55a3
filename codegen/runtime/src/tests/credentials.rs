//! The credentials chain over temporary files, a made-up environment, and credential endpoints
//! served on 127.0.0.1 by the tests themselves.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::credentials::*;

fn env(vars: &[(&str, &str)]) -> Env {
    let map: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    Arc::new(move |name| map.get(name).cloned())
}

/// A folder of its own per test, removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("lean-credentials-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Serves `answers` (path -> status and body) on 127.0.0.1, recording each request's head.
fn serve(answers: Vec<(&'static str, u16, String)>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let path = head.split_whitespace().nth(1).unwrap_or("").to_owned();
            log.lock().unwrap().push(head.clone());
            let (status, body) =
                answers.iter().find(|(p, _, _)| *p == path).map(|(_, s, b)| (*s, b.clone())).unwrap_or((404, String::new()));
            let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: {}\r\n\r\n{body}", body.len());
        }
    });
    (address, seen)
}

const EXPIRING: &str = r#"{"AccessKeyId": "ASIAFROM", "SecretAccessKey": "s", "Token": "t", "Expiration": "2099-01-01T00:00:00Z"}"#;

#[test]
fn the_environment_comes_first() {
    let dir = Dir::new("env");
    let file = dir.file("credentials", "[default]\naws_access_key_id = FROMFILE\naws_secret_access_key = x\n");
    let chain = DefaultChain::with_env(env(&[
        ("AWS_ACCESS_KEY_ID", "FROMENV"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
        ("AWS_SESSION_TOKEN", "token"),
        ("AWS_SHARED_CREDENTIALS_FILE", &file),
    ]));
    let credentials = chain.provide().unwrap().unwrap();
    assert_eq!((credentials.access_key_id(), credentials.session_token()), ("FROMENV", Some("token")));
    let half = DefaultChain::with_env(env(&[("AWS_ACCESS_KEY_ID", "FROMENV")]));
    assert!(half.provide().unwrap_err().to_string().contains("AWS_SECRET_ACCESS_KEY"));
}

#[test]
fn profiles_from_both_files() {
    let dir = Dir::new("profiles");
    let config = dir.file("config", "[default]\nregion = eu-west-1\n\n[profile work]\nregion = us-west-2\naws_access_key_id = FROMCONFIG\naws_secret_access_key = c\n");
    let credentials = dir.file("credentials", "# keys\n[work]\naws_access_key_id = FROMCREDENTIALS\naws_secret_access_key = k\naws_session_token = tok\n");
    let vars = [("AWS_CONFIG_FILE", config.as_str()), ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str()), ("AWS_EC2_METADATA_DISABLED", "true")];
    let default = DefaultChain::with_env(env(&vars));
    assert_eq!(default.region().unwrap().as_deref(), Some("eu-west-1"));
    assert_eq!(default.provide().unwrap(), None);
    let mut with_profile = vars.to_vec();
    with_profile.push(("AWS_PROFILE", "work"));
    let work = DefaultChain::with_env(env(&with_profile));
    assert_eq!(work.region().unwrap().as_deref(), Some("us-west-2"));
    let got = work.provide().unwrap().unwrap();
    // The credentials file wins over the config file.
    assert_eq!((got.access_key_id(), got.session_token()), ("FROMCREDENTIALS", Some("tok")));
    let mut region_env = with_profile.clone();
    region_env.push(("AWS_REGION", "ap-south-1"));
    assert_eq!(DefaultChain::with_env(env(&region_env)).region().unwrap().as_deref(), Some("ap-south-1"));
    let mut missing = vars.to_vec();
    missing.push(("AWS_PROFILE", "nope"));
    assert!(DefaultChain::with_env(env(&missing)).provide().unwrap_err().to_string().contains("`nope`"));
}

#[test]
fn malformed_files_and_unsupported_keys_are_errors_naming_them() {
    let dir = Dir::new("malformed");
    let broken = dir.file("credentials", "[default\naws_access_key_id = X\n");
    let error = DefaultChain::with_env(env(&[("AWS_SHARED_CREDENTIALS_FILE", &broken)])).provide().unwrap_err().to_string();
    assert!(error.contains("line 1") && error.contains("credentials"), "{error}");
    let role = dir.file("config", "[profile admin]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n");
    let error =
        DefaultChain::with_env(env(&[("AWS_CONFIG_FILE", &role), ("AWS_PROFILE", "admin")])).provide().unwrap_err().to_string();
    assert!(error.contains("`admin`") && error.contains("`role_arn`"), "{error}");
}

#[cfg(unix)]
#[test]
fn credential_process_output_failure_and_expiry() {
    let dir = Dir::new("process");
    let config = dir.file(
        "config",
        &format!(
            "[profile ok]\ncredential_process = echo '{EXPIRING}'\n[profile fails]\ncredential_process = sh -c 'echo no access >&2; exit 3'\n[profile garbage]\ncredential_process = echo not json\n[profile old]\ncredential_process = echo '{{\"Version\": 1, \"AccessKeyId\": \"OLD\", \"SecretAccessKey\": \"s\", \"Expiration\": \"2001-01-01T00:00:00Z\"}}'\n"
        ),
    );
    let chain = |profile: &str| DefaultChain::with_env(env(&[("AWS_CONFIG_FILE", &config), ("AWS_PROFILE", profile)]));
    let got = chain("ok").provide().unwrap().unwrap();
    assert_eq!((got.access_key_id(), got.session_token()), ("ASIAFROM", Some("t")));
    assert_eq!(got.expires().unwrap().to_date_time_string().unwrap(), "2099-01-01T00:00:00Z");
    let error = chain("fails").provide().unwrap_err().to_string();
    assert!(error.contains("`fails`") && error.contains("no access"), "{error}");
    assert!(chain("garbage").provide().unwrap_err().to_string().contains("no credentials JSON"));
    let error = Cached::new(chain("old")).credentials().unwrap_err().to_string();
    assert!(error.contains("expired"), "{error}");
}

#[test]
fn the_container_endpoint_with_its_token() {
    let dir = Dir::new("container");
    let token = dir.file("token", "secret-token\n");
    let (address, seen) = serve(vec![("/creds", 200, EXPIRING.to_owned())]);
    let chain = DefaultChain::with_env(env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &format!("{address}/creds")),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &token),
        ("HOME", "/nonexistent"),
    ]));
    assert_eq!(chain.provide().unwrap().unwrap().access_key_id(), "ASIAFROM");
    assert!(seen.lock().unwrap()[0].contains("Authorization: secret-token"));
}

#[test]
fn instance_metadata_with_a_session_token() {
    let (address, seen) = serve(vec![
        ("/latest/api/token", 200, "imds-token".to_owned()),
        ("/latest/meta-data/iam/security-credentials/", 200, "my-role\n".to_owned()),
        ("/latest/meta-data/iam/security-credentials/my-role", 200, EXPIRING.replace("{", "{\"Code\": \"Success\", ")),
    ]);
    let chain = DefaultChain::with_env(env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &address), ("HOME", "/nonexistent")]));
    assert_eq!(chain.provide().unwrap().unwrap().access_key_id(), "ASIAFROM");
    let seen = seen.lock().unwrap();
    assert!(seen[0].starts_with("PUT /latest/api/token") && seen[0].contains("x-aws-ec2-metadata-token-ttl-seconds: 21600"));
    assert!(seen[1..].iter().all(|head| head.contains("x-aws-ec2-metadata-token: imds-token")));
}

#[derive(Debug)]
struct Counting {
    calls: Mutex<u32>,
    lifetime: i64,
}

impl ProvideCredentials for Counting {
    fn provide(&self) -> Result<Option<Credentials>, CredentialsError> {
        let mut calls = self.calls.lock().unwrap();
        *calls += 1;
        let expires = crate::primitives::DateTime::from_secs(now().secs() + self.lifetime);
        Ok(Some(Credentials::new(format!("KEY{calls}"), "s").with_expiry(expires)))
    }
}

#[test]
fn cached_credentials_refresh_once_before_they_expire() {
    let lasting = Arc::new(Cached::new(Counting { calls: Mutex::new(0), lifetime: 3600 }));
    let threads: Vec<_> = (0..8).map(|_| {
        let cached = lasting.clone();
        std::thread::spawn(move || cached.credentials().unwrap().access_key_id().to_owned())
    }).collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), "KEY1");
    }
    assert_eq!(*lasting.provider_calls(), 1);
    // Credentials with less than five minutes left are fetched again.
    let short = Cached::new(Counting { calls: Mutex::new(0), lifetime: 200 });
    assert_eq!(short.credentials().unwrap().access_key_id(), "KEY1");
    assert_eq!(short.credentials().unwrap().access_key_id(), "KEY2");
}

impl Cached<Counting> {
    fn provider_calls(&self) -> std::sync::MutexGuard<'_, u32> {
        self.provider().calls.lock().unwrap()
    }
}

#[test]
fn the_container_token_goes_only_to_local_and_aws_endpoints() {
    let chain = DefaultChain::with_env(env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://attacker.example.com/creds"),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "secret-token"),
        ("HOME", "/nonexistent"),
    ]));
    let error = chain.provide().unwrap_err().to_string();
    assert!(error.contains("not on a loopback address") && !error.contains("secret-token"), "{error}");
}
