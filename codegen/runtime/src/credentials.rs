//! Where credentials and the region come from, as the AWS SDKs find them.
//!
//! [`DefaultChain`] tries, in this order, and takes the first that has credentials:
//! 1. the environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`;
//! 2. the shared files: the profile `AWS_PROFILE` (else `default`) of `~/.aws/credentials`
//!    (`AWS_SHARED_CREDENTIALS_FILE`) and `~/.aws/config` (`AWS_CONFIG_FILE`, where its section is
//!    `[profile name]`): static keys, or `credential_process` (a command whose standard output is
//!    the JSON `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}`);
//! 3. the container endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (under
//!    `http://169.254.170.2`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the token of
//!    `AWS_CONTAINER_AUTHORIZATION_TOKEN` or the file `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`;
//! 4. EC2 instance metadata, IMDSv2 (a session token first), unless
//!    `AWS_EC2_METADATA_DISABLED=true`; `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it.
//!
//! A profile that asks for what this crate does not do yet (`role_arn`, `sso_session` or
//! `sso_start_url`, `web_identity_token_file`) is an error naming the profile and the key, not
//! skipped. Temporary credentials are kept by [`Cached`] and fetched again five minutes before
//! they expire, by one caller while the others wait.
//!
//! The container and instance metadata endpoints are plain HTTP on a local address; they are
//! read with a small HTTP/1.1 client over `std::net`, with a one-second connect timeout, so this
//! module adds no dependency.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use crate::primitives::DateTime;
pub use crate::sigv4::Credentials;

/// Why no credentials: what was tried or what was wrong, never a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError { message: message.into() }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// A source of credentials.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials; `Ok(None)` when this source has none (the chain goes on).
    fn provide(&self) -> Result<Option<Credentials>, CredentialsError>;
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Box<P> {
    fn provide(&self) -> Result<Option<Credentials>, CredentialsError> {
        (**self).provide()
    }
}

/// Credentials given in code.
#[derive(Debug, Clone)]
pub struct Static(pub Credentials);

impl ProvideCredentials for Static {
    fn provide(&self) -> Result<Option<Credentials>, CredentialsError> {
        Ok(Some(self.0.clone()))
    }
}

/// What the chain reads besides files and endpoints: the environment, as a function so that
/// tests can give their own.
pub type Env = std::sync::Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

fn process_env() -> Env {
    std::sync::Arc::new(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
}

/// The SDKs' default chain: environment, shared files, container endpoint, instance metadata.
#[derive(Clone)]
pub struct DefaultChain {
    env: Env,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain").finish_non_exhaustive()
    }
}

impl Default for DefaultChain {
    fn default() -> Self {
        DefaultChain { env: process_env() }
    }
}

impl DefaultChain {
    pub fn new() -> Self {
        Self::default()
    }

    /// The chain over another environment than the process's.
    pub fn with_env(env: Env) -> Self {
        DefaultChain { env }
    }

    /// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region`.
    pub fn region(&self) -> Result<Option<String>, CredentialsError> {
        if let Some(region) = (self.env)("AWS_REGION").or_else(|| (self.env)("AWS_DEFAULT_REGION")) {
            return Ok(Some(region));
        }
        Ok(self.profile()?.and_then(|(_, keys)| keys.get("region").cloned()))
    }

    fn var(&self, name: &str) -> Option<String> {
        (self.env)(name)
    }

    fn environment(&self) -> Result<Option<Credentials>, CredentialsError> {
        match (self.var("AWS_ACCESS_KEY_ID"), self.var("AWS_SECRET_ACCESS_KEY")) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials::new(id, secret);
                Ok(Some(match self.var("AWS_SESSION_TOKEN") {
                    Some(token) => credentials.with_session_token(token),
                    None => credentials,
                }))
            }
            (Some(_), None) => Err(CredentialsError::new("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")),
            _ => Ok(None),
        }
    }

    fn home(&self) -> Option<PathBuf> {
        self.var("HOME").or_else(|| self.var("USERPROFILE")).map(PathBuf::from)
    }

    /// The selected profile's keys, the credentials file's over the config file's.
    fn profile(&self) -> Result<Option<Profile>, CredentialsError> {
        let name = self.var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
        let config = self.var("AWS_CONFIG_FILE").map(PathBuf::from).or_else(|| self.home().map(|h| h.join(".aws").join("config")));
        let credentials = self.var("AWS_SHARED_CREDENTIALS_FILE").map(PathBuf::from).or_else(|| self.home().map(|h| h.join(".aws").join("credentials")));
        let mut keys = BTreeMap::new();
        let mut found = false;
        for (path, is_config) in [(config, true), (credentials, false)] {
            let Some(path) = path else { continue };
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(CredentialsError::new(format!("{}: {e}", path.display()))),
            };
            let sections = parse_ini(&text).map_err(|e| CredentialsError::new(format!("{}: {e}", path.display())))?;
            let wanted = if is_config && name != "default" { format!("profile {name}") } else { name.clone() };
            for (section, entries) in sections {
                let matches = section == wanted || (is_config && name == "default" && section == "profile default");
                if matches {
                    found = true;
                    keys.extend(entries);
                }
            }
        }
        if !found && self.var("AWS_PROFILE").is_some() {
            return Err(CredentialsError::new(format!("the profile `{name}` (AWS_PROFILE) is in neither the config nor the credentials file")));
        }
        Ok(found.then_some((name, keys)))
    }

    fn shared_files(&self) -> Result<Option<Credentials>, CredentialsError> {
        let Some((name, keys)) = self.profile()? else { return Ok(None) };
        if let (Some(id), Some(secret)) = (keys.get("aws_access_key_id"), keys.get("aws_secret_access_key")) {
            let credentials = Credentials::new(id, secret);
            return Ok(Some(match keys.get("aws_session_token") {
                Some(token) => credentials.with_session_token(token),
                None => credentials,
            }));
        }
        if let Some(command) = keys.get("credential_process") {
            return credential_process(&name, command).map(Some);
        }
        for key in ["role_arn", "sso_session", "sso_start_url", "web_identity_token_file", "source_profile"] {
            if keys.contains_key(key) {
                return Err(CredentialsError::new(format!(
                    "the profile `{name}` uses `{key}`, which this crate does not support yet: use static keys, credential_process, or the environment"
                )));
            }
        }
        if keys.contains_key("aws_access_key_id") {
            return Err(CredentialsError::new(format!("the profile `{name}` has aws_access_key_id but no aws_secret_access_key")));
        }
        Ok(None)
    }

    fn container(&self) -> Result<Option<Credentials>, CredentialsError> {
        let url = match (self.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"), self.var("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            (Some(relative), _) => format!("http://169.254.170.2{relative}"),
            (None, Some(full)) if container_host(&full) => full,
            (None, Some(full)) => {
                return Err(CredentialsError::new(format!(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}` is not on a loopback address or the ECS/EKS credential endpoints; its token is not sent elsewhere"
                )))
            }
            (None, None) => return Ok(None),
        };
        let token = match (self.var("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"), self.var("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
            (Some(file), _) => Some(
                std::fs::read_to_string(&file)
                    .map_err(|e| CredentialsError::new(format!("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {file}: {e}")))?
                    .trim()
                    .to_owned(),
            ),
            (None, token) => token,
        };
        let headers: Vec<(&str, &str)> = token.as_deref().map(|t| ("Authorization", t)).into_iter().collect();
        let (status, body) = http_call("GET", &url, &headers).map_err(|e| CredentialsError::new(format!("the container credentials endpoint: {e}")))?;
        if status != 200 {
            return Err(CredentialsError::new(format!("the container credentials endpoint answered {status}")));
        }
        parse_credentials(&body, "the container credentials endpoint").map(Some)
    }

    fn instance_metadata(&self) -> Result<Option<Credentials>, CredentialsError> {
        if self.var("AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            return Ok(None);
        }
        let base = self.var("AWS_EC2_METADATA_SERVICE_ENDPOINT").unwrap_or_else(|| "http://169.254.169.254".to_owned());
        let base = base.trim_end_matches('/');
        // Not on EC2: nothing answers, and the chain ends without credentials.
        let Ok((status, token)) = http_call("PUT", &format!("{base}/latest/api/token"), &[("x-aws-ec2-metadata-token-ttl-seconds", "21600")]) else {
            return Ok(None);
        };
        if status != 200 {
            return Err(CredentialsError::new(format!("instance metadata: the token request answered {status}")));
        }
        let token = String::from_utf8_lossy(&token).trim().to_owned();
        let headers = [("x-aws-ec2-metadata-token", token.as_str())];
        let path = format!("{base}/latest/meta-data/iam/security-credentials/");
        let (status, roles) = http_call("GET", &path, &headers).map_err(|e| CredentialsError::new(format!("instance metadata: {e}")))?;
        if status == 404 {
            return Ok(None);
        }
        let roles = String::from_utf8_lossy(&roles);
        let Some(role) = roles.lines().map(str::trim).find(|l| !l.is_empty()) else { return Ok(None) };
        let (status, body) = http_call("GET", &format!("{path}{role}"), &headers).map_err(|e| CredentialsError::new(format!("instance metadata: {e}")))?;
        if status != 200 {
            return Err(CredentialsError::new(format!("instance metadata: the credentials of role `{role}` answered {status}")));
        }
        parse_credentials(&body, "instance metadata").map(Some)
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> Result<Option<Credentials>, CredentialsError> {
        if let Some(credentials) = self.environment()? {
            return Ok(Some(credentials));
        }
        if let Some(credentials) = self.shared_files()? {
            return Ok(Some(credentials));
        }
        if let Some(credentials) = self.container()? {
            return Ok(Some(credentials));
        }
        self.instance_metadata()
    }
}

/// A section of a shared file, or a profile: its name and keys.
type Profile = (String, BTreeMap<String, String>);

/// Keeps what a provider gave until five minutes before it expires; then one caller fetches
/// new credentials while the others wait for them.
#[derive(Debug)]
pub struct Cached<P> {
    provider: P,
    current: Mutex<Option<Credentials>>,
}

impl<P: ProvideCredentials> Cached<P> {
    pub fn new(provider: P) -> Self {
        Cached { provider, current: Mutex::new(None) }
    }

    /// The provider it keeps the credentials of.
    pub fn provider(&self) -> &P {
        &self.provider
    }

    /// Credentials that are good for at least five more minutes.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let now = now();
        if let Some(credentials) = current.as_ref() {
            if credentials.expires().is_none_or(|e| e.secs() - now.secs() > 300) {
                return Ok(credentials.clone());
            }
        }
        let fresh = self.provider.provide()?.ok_or_else(|| {
            CredentialsError::new(
                "no credentials: none in the environment (AWS_ACCESS_KEY_ID), the shared files (~/.aws/credentials, ~/.aws/config), the container endpoint or instance metadata",
            )
        })?;
        if fresh.expires().is_some_and(|e| e.secs() <= now.secs()) {
            return Err(CredentialsError::new(format!("the credentials of `{}` expired already", fresh.access_key_id())));
        }
        *current = Some(fresh.clone());
        Ok(fresh)
    }
}

/// Whether a full container-credentials URI is on a host the SDKs send the token to: loopback,
/// or the ECS and EKS credential endpoints.
fn container_host(url: &str) -> bool {
    let rest = url.strip_prefix("http://").unwrap_or("");
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(host, _)| host),
    };
    let ip = host.parse::<std::net::IpAddr>();
    host == "localhost"
        || ip.as_ref().is_ok_and(|ip| ip.is_loopback())
        || matches!(host, "169.254.170.2" | "169.254.170.23")
        || ip.is_ok_and(|ip| ip == std::net::Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23))
}

/// The time now.
pub fn now() -> DateTime {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    DateTime::from_secs_and_nanos(i64::try_from(since.as_secs()).unwrap_or(i64::MAX), since.subsec_nanos())
}

/// `[section]` headers and `key = value` lines; `#` and `;` start comments.
fn parse_ini(text: &str) -> Result<Vec<Profile>, String> {
    let mut sections: Vec<Profile> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[') {
            let name = name.strip_suffix(']').ok_or_else(|| format!("line {}: a section header must end with `]`", n + 1))?;
            sections.push((name.split_whitespace().collect::<Vec<_>>().join(" "), BTreeMap::new()));
            continue;
        }
        let (key, value) = line.split_once('=').ok_or_else(|| format!("line {}: expected `key = value`", n + 1))?;
        let Some((_, entries)) = sections.last_mut() else {
            return Err(format!("line {}: a key before any `[section]`", n + 1));
        };
        entries.insert(key.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    Ok(sections)
}

/// Runs a profile's `credential_process` and reads its JSON.
fn credential_process(profile: &str, command: &str) -> Result<Credentials, CredentialsError> {
    let what = format!("the credential_process of profile `{profile}`");
    let output = if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", command]).output()
    } else {
        std::process::Command::new("sh").args(["-c", command]).output()
    }
    .map_err(|e| CredentialsError::new(format!("{what} did not start: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or("").chars().take(200).collect::<String>();
        return Err(CredentialsError::new(format!("{what} failed ({}): {first}", output.status)));
    }
    parse_credentials(&output.stdout, &what)
}

/// The credentials JSON of `credential_process`, the container endpoint and instance metadata:
/// `AccessKeyId`, `SecretAccessKey`, `SessionToken` or `Token`, `Expiration` (RFC 3339).
fn parse_credentials(body: &[u8], source: &str) -> Result<Credentials, CredentialsError> {
    let fields = (|| -> crate::json::Result<BTreeMap<String, String>> {
        let mut reader = crate::json::Reader::from_bytes(body)?.with_budget(1 << 20);
        let mut fields = BTreeMap::new();
        reader.begin_object()?;
        while let Some(key) = reader.next_key()? {
            let key = key.into_owned();
            if reader.null()? {
                continue;
            }
            match key.as_str() {
                "AccessKeyId" | "SecretAccessKey" | "SessionToken" | "Token" | "Expiration" | "Code" | "Message" => {
                    fields.insert(key, reader.string()?.into_owned());
                }
                _ => reader.skip()?,
            }
        }
        reader.end()?;
        Ok(fields)
    })()
    .map_err(|e| CredentialsError::new(format!("{source} gave no credentials JSON: {e}")))?;
    if let Some(code) = fields.get("Code").filter(|c| *c != "Success") {
        let message = fields.get("Message").map(String::as_str).unwrap_or("");
        return Err(CredentialsError::new(format!("{source}: {code} {message}")));
    }
    let (Some(id), Some(secret)) = (fields.get("AccessKeyId"), fields.get("SecretAccessKey")) else {
        return Err(CredentialsError::new(format!("{source} gave no AccessKeyId and SecretAccessKey")));
    };
    let mut credentials = Credentials::new(id, secret);
    if let Some(token) = fields.get("SessionToken").or_else(|| fields.get("Token")) {
        credentials = credentials.with_session_token(token);
    }
    if let Some(expiration) = fields.get("Expiration") {
        let expires = DateTime::from_date_time_str(expiration)
            .map_err(|_| CredentialsError::new(format!("{source} gave an Expiration that is not an RFC 3339 time: `{expiration}`")))?;
        credentials = credentials.with_expiry(expires);
    }
    Ok(credentials)
}

/// The longest answer a credentials endpoint may give.
const MAX_ANSWER: u64 = 1 << 20;

/// One plain-HTTP request to a local endpoint: the status and the body.
fn http_call(method: &str, url: &str, headers: &[(&str, &str)]) -> Result<(u16, Vec<u8>), String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("`{url}` is not an http:// URL"))?;
    let (authority, path) = rest.split_once('/').map_or((rest, "/".to_owned()), |(a, p)| (a, format!("/{p}")));
    let address = if authority.contains(':') { authority.to_owned() } else { format!("{authority}:80") };
    let target = address.to_socket_addrs().map_err(|e| format!("{authority}: {e}"))?.next().ok_or_else(|| format!("{authority}: no address"))?;
    let mut stream = TcpStream::connect_timeout(&target, Duration::from_secs(1)).map_err(|e| format!("{authority}: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: 0\r\n");
    for (name, value) in headers {
        if value.contains(['\r', '\n']) {
            return Err(format!("the {name} header holds a line break"));
        }
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).map_err(|e| format!("{authority}: {e}"))?;
    // The head, then as much body as it announces (a server may keep the connection open).
    let mut reader = std::io::BufReader::new(stream.take(MAX_ANSWER));
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if std::io::BufRead::read_line(&mut reader, &mut line).map_err(|e| format!("{authority}: {e}"))? == 0 {
            return Err(format!("{authority}: the connection closed before the response's head ended"));
        }
        if line == "\r\n" || line == "\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("{authority}: not an HTTP response"))?;
    let header = |name: &str| {
        head.lines().find_map(|l| l.split_once(':').filter(|(n, _)| n.trim().eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_ascii_lowercase()))
    };
    let mut body = Vec::new();
    if let Some(length) = header("content-length") {
        let length: u64 = length.parse().map_err(|_| format!("{authority}: a bad Content-Length"))?;
        reader.take(length).read_to_end(&mut body).map_err(|e| format!("{authority}: {e}"))?;
    } else {
        reader.read_to_end(&mut body).map_err(|e| format!("{authority}: {e}"))?;
        if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            body = dechunk(&body).ok_or_else(|| format!("{authority}: a broken chunked body"))?;
        }
    }
    Ok((status, body))
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&body[..line_end]).ok()?.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}
