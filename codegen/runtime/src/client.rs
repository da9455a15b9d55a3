//! What each service's `Client` runs on: the [`Config`] (region, credentials, endpoint settings,
//! retries, timeouts), the [`Http`] stack that sends, and [`Core`], which resolves the endpoint,
//! signs with SigV4, sends and retries.
//!
//! ```no_run
//! let config = aws_lean_sdk::client::Config::from_env();
//! # let _ = config;
//! ```
//!
//! Retries follow the AWS SDKs' standard mode: up to 3 attempts, exponential backoff with full
//! jitter (a random wait up to 1 s, 2 s, 4 s... capped at 20 s) and a retry quota shared by the
//! config's clients (500 tokens; a retry takes 5, a timeout 10; a success gives 1 back), so that
//! an outage does not multiply the load. Retried: throttling errors (by error code), the
//! transient statuses 500, 502, 503 and 504, transient error codes, and failures to connect or to
//! get an answer. As in the SDKs, this applies to every operation: AWS operations are safe to
//! send again after those errors.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::credentials::{Cached, CredentialsError, DefaultChain, ProvideCredentials};
use crate::endpoint::{Endpoint, EndpointError, EndpointParams};
use crate::http::{Request, RequestError, Response};
use crate::sigv4::{Credentials, Signer, SigningParams};

/// What clients are made from: where to send (region, FIPS, dual-stack, a custom endpoint), as
/// whom (the credentials), how hard to try (retries, timeouts), and the user agent. Cheap to
/// clone: clones share the credentials cache, the signing key and the retry quota.
#[derive(Clone)]
pub struct Config {
    pub region: Option<String>,
    pub use_fips: bool,
    pub use_dual_stack: bool,
    /// Every request goes here instead of the endpoint the rules give for the region.
    pub endpoint_url: Option<String>,
    pub retry: Retry,
    pub timeouts: Timeouts,
    pub user_agent: String,
    credentials: Arc<Cached<Box<dyn ProvideCredentials>>>,
    signer: Arc<Signer>,
    quota: Arc<Mutex<u32>>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("endpoint_url", &self.endpoint_url)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("credentials", self.credentials.provider())
            .finish()
    }
}

/// How many attempts, and the longest backoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all, the first included (3). 1 turns retries off.
    pub max_attempts: u32,
    /// The first retry waits up to this (1 s), each next one twice as long...
    pub initial_backoff: Duration,
    /// ...up to this (20 s).
    pub max_backoff: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry { max_attempts: 3, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20) }
    }
}

/// How long to wait to connect, and for each attempt's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub attempt: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { connect: Duration::from_secs(3), attempt: Duration::from_secs(30) }
    }
}

const QUOTA: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_COST: u32 = 10;

impl Config {
    /// The region and credentials as the AWS SDKs find them (see [`crate::credentials`]);
    /// credentials are looked up at the first call, not now.
    pub fn from_env() -> Config {
        let chain = DefaultChain::new();
        let region = chain.region().ok().flatten();
        Config::with_provider(region, chain)
    }

    /// A config with this region and credentials provider.
    pub fn with_provider(region: Option<String>, provider: impl ProvideCredentials + 'static) -> Config {
        Config {
            region,
            use_fips: false,
            use_dual_stack: false,
            endpoint_url: None,
            retry: Retry::default(),
            timeouts: Timeouts::default(),
            user_agent: format!("smithy-lean/{} rust", env!("CARGO_PKG_VERSION")),
            credentials: Arc::new(Cached::new(Box::new(provider))),
            signer: Arc::new(Signer::new()),
            quota: Arc::new(Mutex::new(QUOTA)),
        }
    }

    /// A config with this region and these credentials.
    pub fn new(region: impl Into<String>, credentials: Credentials) -> Config {
        Config::with_provider(Some(region.into()), crate::credentials::Static(credentials))
    }

    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    pub fn use_fips(mut self, on: bool) -> Self {
        self.use_fips = on;
        self
    }

    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.use_dual_stack = on;
        self
    }

    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The credentials, from the cache or fetched.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.credentials.credentials()
    }

    fn take_quota(&self, cost: u32) -> bool {
        let mut quota = self.quota.lock().unwrap_or_else(|e| e.into_inner());
        if *quota < cost {
            return false;
        }
        *quota -= cost;
        true
    }

    fn give_quota(&self, amount: u32) {
        let mut quota = self.quota.lock().unwrap_or_else(|e| e.into_inner());
        *quota = (*quota + amount).min(QUOTA);
    }
}

/// Why a call failed: the service's answer (the operation's error enum, with its request id), or
/// what stopped the request before an answer.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The service answered with an error.
    Service(E),
    /// The endpoint rules refused the settings (or no region was set).
    Endpoint(EndpointError),
    Credentials(CredentialsError),
    /// The input could not be encoded (it breaks the model's constraints, say).
    Request(RequestError),
    /// No answer: the connection failed or timed out, on every attempt.
    Transport(HttpError),
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Service(e) => write!(f, "the service answered with an error: {e}"),
            SdkError::Endpoint(e) => write!(f, "no endpoint: {e}"),
            SdkError::Credentials(e) => write!(f, "no credentials: {e}"),
            SdkError::Request(e) => write!(f, "the request was not sent: {e}"),
            SdkError::Transport(e) => write!(f, "no answer: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Service(e) => Some(e),
            SdkError::Endpoint(e) => Some(e),
            SdkError::Credentials(e) => Some(e),
            SdkError::Request(e) => Some(e),
            SdkError::Transport(e) => Some(e),
        }
    }
}

/// A failure to get an answer: whether it was a timeout (which costs the retry quota more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    pub message: String,
    pub timeout: bool,
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HttpError {}

/// An HTTP stack that sends a request to a full URL and gives back the whole answer, any
/// status. [`Ureq`] (feature `blocking`) is the crate's; implement it to bring another (what a
/// transport must keep: the `http` module's docs).
pub trait Http {
    fn send(&self, url: &str, request: &Request, timeouts: &Timeouts) -> Result<Response, HttpError>;
}

/// How a service signs (its SigV4 signing name, the `aws.auth#sigv4` trait's, used when the
/// endpoint's auth scheme names none), and which of its errors are retried.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    pub signing_name: &'static str,
    /// The codes of the service's errors that its model marks `@retryable`.
    pub retryable: &'static [&'static str],
}

/// What a service's `Client` holds: the config and the HTTP stack.
#[derive(Debug, Clone)]
pub struct Core<H> {
    pub config: Config,
    pub http: H,
    pub service: ServiceInfo,
}

impl<H: Http> Core<H> {
    /// Resolves, encodes, signs (unless `signed` is false), sends with retries, and decodes.
    pub fn call<O: EndpointParams>(&self, params: &O::Params, input: &O::Input, signed: bool) -> Result<O::Output, SdkError<O::Error>> {
        let endpoint = self.endpoint::<O>(params, input).map_err(SdkError::Endpoint)?;
        let request = O::request(input).map_err(SdkError::Request)?;
        let response = self.dispatch(request, &endpoint, signed)?;
        O::response(&response).map_err(SdkError::Service)
    }

    /// Signs and sends an encoded request to `endpoint`, retrying as the config says: the last
    /// answer, whatever its status.
    pub fn dispatch<E>(&self, request: Request, endpoint: &Endpoint, signed: bool) -> Result<Response, SdkError<E>> {
        let plan = Plan::new(&self.config, &self.service, request, endpoint, signed);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request = plan.request(&self.config).map_err(SdkError::Credentials)?;
            match plan.judge(&self.config, self.http.send(&plan.url, &request, &self.config.timeouts), attempt) {
                Next::Done(outcome) => return outcome.map_err(SdkError::Transport),
                Next::Retry(wait) => std::thread::sleep(wait),
            }
        }
    }
}

impl<H: AsyncHttp> Core<H> {
    /// [`Core::call`] over an async HTTP stack.
    pub async fn call_async<O: EndpointParams>(&self, params: &O::Params, input: &O::Input, signed: bool) -> Result<O::Output, SdkError<O::Error>> {
        let endpoint = self.endpoint::<O>(params, input).map_err(SdkError::Endpoint)?;
        let request = O::request(input).map_err(SdkError::Request)?;
        let response = self.dispatch_async(request, &endpoint, signed).await?;
        O::response(&response).map_err(SdkError::Service)
    }

    /// [`Core::dispatch`] over an async HTTP stack; the backoff waits with the stack's timer.
    pub async fn dispatch_async<E>(&self, request: Request, endpoint: &Endpoint, signed: bool) -> Result<Response, SdkError<E>> {
        let plan = Plan::new(&self.config, &self.service, request, endpoint, signed);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request = plan.request(&self.config).map_err(SdkError::Credentials)?;
            let outcome = self.http.send(&plan.url, &request, &self.config.timeouts).await;
            match plan.judge(&self.config, outcome, attempt) {
                Next::Done(outcome) => return outcome.map_err(SdkError::Transport),
                Next::Retry(wait) => self.http.sleep(wait).await,
            }
        }
    }
}

/// An HTTP stack for async code: it sends, and it waits (the backoff between attempts, with its
/// runtime's timer).
pub trait AsyncHttp {
    fn send(&self, url: &str, request: &Request, timeouts: &Timeouts) -> impl std::future::Future<Output = Result<Response, HttpError>> + Send;
    fn sleep(&self, duration: Duration) -> impl std::future::Future<Output = ()> + Send;
}

/// What every attempt at one request shares: where it goes and how it is signed.
struct Plan {
    url: String,
    host: String,
    region: String,
    service: String,
    double_encode: bool,
    signed: bool,
    base: Request,
    retryable: &'static [&'static str],
}

/// After an attempt: what to give back, or how long to wait before the next.
enum Next {
    Done(Result<Response, HttpError>),
    Retry(Duration),
}

impl Plan {
    /// The endpoint's URL and headers, and its auth scheme's signing name and region (else the
    /// service's name and the config's region).
    fn new(config: &Config, info: &ServiceInfo, mut base: Request, endpoint: &Endpoint, signed: bool) -> Plan {
        let url = endpoint.url_for(&base);
        let host = host_of(&url).to_owned();
        let scheme = endpoint.auth_schemes().into_iter().find(|s| s.name == "sigv4");
        let region = scheme.as_ref().and_then(|s| s.signing_region.clone()).or_else(|| config.region.clone()).unwrap_or_default();
        let service = scheme.as_ref().and_then(|s| s.signing_name.clone()).unwrap_or_else(|| info.signing_name.to_owned());
        let double_encode = !scheme.as_ref().is_some_and(|s| s.disable_double_encoding);
        for (name, values) in &endpoint.headers {
            for value in values {
                base.headers.push((name.clone().into(), value.clone().into()));
            }
        }
        base.headers.push(("User-Agent".into(), config.user_agent.clone().into()));
        Plan { url, host, region, service, double_encode, signed, base, retryable: info.retryable }
    }

    /// One attempt's request, signed now with the current credentials.
    fn request(&self, config: &Config) -> Result<Request, CredentialsError> {
        let mut request = self.base.clone();
        if self.signed {
            let credentials = config.credentials()?;
            let params = SigningParams {
                credentials: &credentials,
                region: &self.region,
                service: &self.service,
                time: crate::credentials::now(),
                double_encode: self.double_encode,
            };
            config.signer.sign(&mut request, &self.host, &params);
        }
        Ok(request)
    }

    /// Whether to try again: a retryable answer or failure, attempts left, and quota to pay.
    fn judge(&self, config: &Config, outcome: Result<Response, HttpError>, attempt: u32) -> Next {
        let cost = match &outcome {
            Ok(response) if !retryable(response, self.retryable) => {
                if attempt == 1 {
                    config.give_quota(1);
                }
                return Next::Done(outcome);
            }
            Ok(_) => RETRY_COST,
            Err(e) if e.timeout => TIMEOUT_COST,
            Err(_) => RETRY_COST,
        };
        if attempt >= config.retry.max_attempts.max(1) || !config.take_quota(cost) {
            return Next::Done(outcome);
        }
        Next::Retry(backoff(&config.retry, attempt))
    }
}

/// Sends each page of a paginator through a client, to the endpoint resolved for the first
/// input: `Op::paginate(input.clone()).items(&client.pager::<Op>(&input)?)`. It is the
/// paginator's transport (`paginate::Transport`) when the crate has paginated operations.
#[derive(Debug)]
pub struct Pager<'c, H> {
    core: &'c Core<H>,
    endpoint: Endpoint,
}

impl<H: Http> Core<H> {
    /// A [`Pager`] for an operation's pages, its endpoint resolved for `input`.
    pub fn pager<O: EndpointParams>(&self, params: &O::Params, input: &O::Input) -> Result<Pager<'_, H>, EndpointError> {
        Ok(Pager { core: self, endpoint: self.endpoint::<O>(params, input)? })
    }
}

impl<H> Core<H> {
    /// The operation's endpoint. The region goes into host names, so it must be a host label:
    /// a region such as `us-east-1.example.com/` would otherwise send the request, signed, to
    /// another host.
    fn endpoint<O: EndpointParams>(&self, params: &O::Params, input: &O::Input) -> Result<Endpoint, EndpointError> {
        if let Some(region) = &self.config.region {
            if !crate::endpoint::is_valid_host_label(region, false) {
                return Err(EndpointError::new(format!("the region `{}` is not a valid host label (letters, digits and `-`)", region.escape_debug())));
            }
        }
        O::endpoint(input, params)
    }
}

impl<H: Http> Pager<'_, H> {
    /// Signs and sends one page's request.
    pub fn send(&self, request: Request) -> Result<Response, SdkError<std::convert::Infallible>> {
        self.core.dispatch(request, &self.endpoint, true)
    }
}

/// The host (and port) of a URL.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

/// Error codes the AWS SDKs treat as throttling, or as transient.
const RETRYABLE_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "IDPCommunicationError",
];

/// Whether an answer is one to try again: a transient status, a throttling or transient error
/// code, or one of `modeled`, the codes of the service's `@retryable` errors.
pub fn retryable(response: &Response, modeled: &[&str]) -> bool {
    if response.status < 400 {
        return false;
    }
    if matches!(response.status, 500 | 502 | 503 | 504) {
        return true;
    }
    crate::http::error_info(response).code.is_some_and(|code| RETRYABLE_CODES.contains(&code.as_str()) || modeled.contains(&code.as_str()))
}

/// Full jitter: a random wait up to `initial * 2^(attempt - 1)`, capped.
pub fn backoff(retry: &Retry, attempt: u32) -> Duration {
    let ceiling = retry.initial_backoff.saturating_mul(1 << attempt.saturating_sub(1).min(16)).min(retry.max_backoff);
    ceiling.mul_f64(random_unit())
}

/// A number in [0, 1) from std's per-process random hash keys and a counter: jitter, not secrets.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The headers an HTTP stack sends: all but `Content-Length`, which the stack sets from the body.
#[cfg(any(feature = "blocking", feature = "async"))]
fn sent_headers(request: &Request) -> impl Iterator<Item = (&str, &str)> {
    request.headers.iter().filter(|(name, _)| !name.eq_ignore_ascii_case("content-length")).map(|(name, value)| (name.as_ref(), value.as_ref()))
}

/// An answer's headers as a [`Response`] keeps them.
#[cfg(any(feature = "blocking", feature = "async"))]
fn answer_headers<'h>(headers: impl Iterator<Item = (&'h str, &'h [u8])>) -> Vec<(String, String)> {
    headers.map(|(name, value)| (name.to_owned(), String::from_utf8_lossy(value).into_owned())).collect()
}

/// The longest answer body read (256 MiB): a bound on memory whatever a server sends.
#[cfg(feature = "blocking")]
const MAX_BODY: u64 = 256 << 20;

/// The blocking HTTP stack: `ureq` with rustls (feature `blocking`). One agent, so that
/// connections are kept and reused between calls; its timeouts are set when it is made.
#[cfg(feature = "blocking")]
#[derive(Debug, Clone)]
pub struct Ureq {
    agent: ureq::Agent,
}

#[cfg(feature = "blocking")]
impl Default for Ureq {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(feature = "blocking")]
impl Ureq {
    /// A stack with the default timeouts.
    pub fn new() -> Self {
        Self::with_timeouts(&Timeouts::default())
    }

    /// A stack with these connect and per-attempt timeouts (a client's come from its config).
    pub fn with_timeouts(timeouts: &Timeouts) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(timeouts.connect))
            .timeout_global(Some(timeouts.attempt))
            .build()
            .into();
        Ureq { agent }
    }
}

#[cfg(feature = "blocking")]
impl Http for Ureq {
    /// Sends with the agent's timeouts (see [`Ureq::with_timeouts`]).
    fn send(&self, url: &str, request: &Request, _timeouts: &Timeouts) -> Result<Response, HttpError> {
        let mut builder = ureq::http::Request::builder().method(request.method).uri(url);
        for (name, value) in sent_headers(request) {
            builder = builder.header(name, value);
        }
        let http_request = builder.body(request.body.clone()).map_err(|e| HttpError { message: e.to_string(), timeout: false })?;
        let mut answer = self.agent.run(http_request).map_err(|e| HttpError { timeout: matches!(e, ureq::Error::Timeout(_)), message: e.to_string() })?;
        let status = answer.status().as_u16();
        let headers = answer_headers(answer.headers().iter().map(|(name, value)| (name.as_str(), value.as_bytes())));
        let body = answer
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| HttpError { timeout: matches!(e, ureq::Error::Timeout(_)), message: e.to_string() })?;
        let mut response = Response::new(status, body);
        response.headers = headers;
        Ok(response)
    }
}

/// The async HTTP stack: hyper with rustls, on tokio (feature `async`). Chosen over reqwest for
/// its build: reqwest adds `url` and, through it, the ICU tables of `idna`, about thirty crates.
#[cfg(feature = "async")]
#[derive(Clone)]
pub struct Hyper {
    client: hyper_util::client::legacy::Client<
        hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
        http_body_util::Full<bytes::Bytes>,
    >,
}

#[cfg(feature = "async")]
impl fmt::Debug for Hyper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hyper").finish_non_exhaustive()
    }
}

#[cfg(feature = "async")]
impl Default for Hyper {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(feature = "async")]
impl Hyper {
    /// A stack with the default connect timeout (3 s); each attempt's timeout is the config's.
    pub fn new() -> Self {
        Self::with_connect_timeout(Timeouts::default().connect)
    }

    pub fn with_connect_timeout(timeout: Duration) -> Self {
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.set_connect_timeout(Some(timeout));
        http.enforce_http(false);
        let https = hyper_rustls::HttpsConnectorBuilder::new().with_webpki_roots().https_or_http().enable_http1().wrap_connector(http);
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(https);
        Hyper { client }
    }
}

#[cfg(feature = "async")]
impl AsyncHttp for Hyper {
    fn send(&self, url: &str, request: &Request, timeouts: &Timeouts) -> impl std::future::Future<Output = Result<Response, HttpError>> + Send {
        let failed = |message: String| HttpError { message, timeout: false };
        let mut builder = hyper::Request::builder().method(request.method).uri(url);
        for (name, value) in sent_headers(request) {
            builder = builder.header(name, value);
        }
        let built = builder.body(http_body_util::Full::new(bytes::Bytes::from(request.body.clone()))).map_err(|e| failed(e.to_string()));
        let (client, attempt) = (self.client.clone(), timeouts.attempt);
        async move {
            let exchange = async {
                let answer = client.request(built?).await.map_err(|e| failed(e.to_string()))?;
                let status = answer.status().as_u16();
                let headers = answer_headers(answer.headers().iter().map(|(name, value)| (name.as_str(), value.as_bytes())));
                let body = http_body_util::BodyExt::collect(http_body_util::Limited::new(answer.into_body(), ASYNC_MAX_BODY))
                    .await
                    .map_err(|e| failed(e.to_string()))?
                    .to_bytes();
                let mut response = Response::new(status, body.to_vec());
                response.headers = headers;
                Ok(response)
            };
            match tokio::time::timeout(attempt, exchange).await {
                Ok(outcome) => outcome,
                Err(_) => Err(HttpError { message: format!("no answer within {attempt:?}"), timeout: true }),
            }
        }
    }

    fn sleep(&self, duration: Duration) -> impl std::future::Future<Output = ()> + Send {
        tokio::time::sleep(duration)
    }
}

/// The longest answer body read (256 MiB).
#[cfg(feature = "async")]
const ASYNC_MAX_BODY: usize = 256 << 20;
