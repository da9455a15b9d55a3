//! SigV4 on cases of its own; the AWS suite runs in `tests/sigv4.rs` (from `../shared`).

use crate::http::Request;
use crate::primitives::DateTime;
use crate::sigv4::*;
use sha2::Digest;

/// The signing key of AWS's documentation example (the IAM `ListUsers` walk-through).
#[test]
fn derives_the_documented_signing_key() {
    let key = derive_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

fn params(credentials: &Credentials) -> SigningParams<'_> {
    SigningParams::new(credentials, "eu-west-3", "swf", DateTime::from_secs(1_440_938_160))
}

#[test]
fn signing_adds_the_date_token_and_authorization() {
    let credentials = Credentials::new("AKID", "secret").with_session_token("token");
    let mut request = Request::new("POST", "/".to_owned());
    request.headers.push(("X-Amz-Target".into(), "SimpleWorkflowService.ListDomains".into()));
    request.body = b"{}".to_vec();
    let signature = Signer::new().sign(&mut request, "swf.eu-west-3.amazonaws.com", &params(&credentials));
    assert_eq!(request.header("X-Amz-Date"), Some("20150830T123600Z"));
    assert_eq!(request.header("X-Amz-Security-Token"), Some("token"));
    let authorization = request.header("Authorization").unwrap();
    assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKID/20150830/eu-west-3/swf/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-target, Signature="), "{authorization}");
    assert_eq!(authorization, signature.authorization);
    assert!(signature.canonical_request.contains("\nhost:swf.eu-west-3.amazonaws.com\n"));
    // Signing again replaces the headers instead of adding a second set.
    Signer::new().sign(&mut request, "swf.eu-west-3.amazonaws.com", &params(&credentials));
    assert_eq!(request.headers.iter().filter(|(n, _)| n == "Authorization").count(), 1);
    assert_eq!(request.headers.iter().filter(|(n, _)| n == "X-Amz-Date").count(), 1);
}

#[test]
fn the_path_is_encoded_twice_except_for_s3() {
    let credentials = Credentials::new("AKID", "secret");
    let headers = [("host", "h")];
    let twice = signature("GET", "/a%20b/./c//d", "", &headers, b"", &params(&credentials));
    assert!(twice.canonical_request.starts_with("GET\n/a%2520b/c/d\n"), "{}", twice.canonical_request);
    let once = signature("GET", "/a%20b/./c//d", "", &headers, b"", &params(&credentials).s3());
    assert!(once.canonical_request.starts_with("GET\n/a%20b/./c//d\n"), "{}", once.canonical_request);
}

#[test]
fn query_parameters_are_decoded_encoded_and_sorted() {
    let credentials = Credentials::new("AKID", "secret");
    let s = signature("GET", "/", "b=2&a=x%2Fy&a=%41&c&d=a+b", &[("host", "h")], b"", &params(&credentials));
    assert_eq!(s.canonical_request.lines().nth(2), Some("a=A&a=x%2Fy&b=2&c=&d=a%2Bb"));
}

#[test]
fn the_signing_key_follows_the_secret() {
    let signer = Signer::new();
    let one = Credentials::new("AKID", "secret-one");
    let two = Credentials::new("AKID", "secret-two");
    let a = signer.signature("GET", "/", "", &[("host", "h")], b"", &params(&one));
    let b = signer.signature("GET", "/", "", &[("host", "h")], b"", &params(&two));
    assert_ne!(a.authorization, b.authorization);
    assert_eq!(a, signer.signature("GET", "/", "", &[("host", "h")], b"", &params(&one)));
}

#[test]
fn secrets_never_show_in_debug() {
    let credentials = Credentials::new("AKID", "very-secret").with_session_token("session-secret");
    let text = format!("{credentials:?} {:?}", signature("GET", "/", "", &[("host", "h")], b"", &params(&credentials)));
    assert!(!text.contains("very-secret") && !text.contains("session-secret"), "{text}");
    assert!(text.contains("AKID"));
}

/// Every case of the AWS SigV4 test suite (`../shared/sigv4-test-suite`, which CI has and a
/// fresh clone does not): the canonical request, the string to sign and the `Authorization`
/// header, each compared. Run with `cargo test -p smithy-lean-runtime -- --ignored sigv4_suite`.
#[test]
#[ignore = "reads the AWS suite from ../shared; CI runs it"]
fn sigv4_suite() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/sigv4-test-suite/aws-sig-v4-test-suite.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let suite: serde_json::Value = serde_json::from_str(&text).unwrap();
    let config = &suite["config"];
    let credentials = Credentials::new(config["accessKeyId"].as_str().unwrap(), config["secretAccessKey"].as_str().unwrap());
    let (region, service) = (config["region"].as_str().unwrap(), config["service"].as_str().unwrap());
    let time = DateTime::from_date_time_str("2015-08-30T12:36:00Z").unwrap();
    let mut failures = Vec::new();
    let mut inconsistent = Vec::new();
    let cases = suite["tests"]["all"].as_array().unwrap();
    assert_eq!(cases.len(), 28);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let request = &case["request"];
        let headers: Vec<(&str, &str)> =
            request["headers"].as_array().unwrap().iter().map(|h| (h[0].as_str().unwrap(), h[1].as_str().unwrap())).collect();
        let params = SigningParams::new(&credentials, region, service, time);
        let signed = signature(
            request["method"].as_str().unwrap(),
            request["path"].as_str().unwrap(),
            request["query"].as_str().unwrap(),
            &headers,
            request["body"].as_str().unwrap().as_bytes(),
            &params,
        );
        // Two cases of this file give a string to sign that is not the hash of their own
        // canonical request (it is the original suite's, for that request without its
        // `Content-Length` and with `charset=utf8`): for them the canonical request is compared,
        // and the string to sign must be the hash of the case's own canonical request.
        let (creq, sts) = (case["creq"].as_str().unwrap(), case["sts"].as_str().unwrap());
        let hash: String = sha2::Sha256::digest(creq.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let consistent = sts.ends_with(&hash);
        if !consistent {
            inconsistent.push(name);
            let own = format!("{}\n{hash}", sts.rsplit_once('\n').unwrap().0);
            if signed.string_to_sign != own {
                failures.push(format!("{name}: the string to sign is not the hash of the canonical request"));
            }
        }
        let mut checks = vec![("canonical request", &signed.canonical_request, creq)];
        if consistent {
            checks.push(("string to sign", &signed.string_to_sign, sts));
            checks.push(("Authorization", &signed.authorization, case["authz"].as_str().unwrap()));
        }
        for (what, got, want) in checks {
            if got != want {
                failures.push(format!("{name}: the {what} differs:\n{got}\n---- expected ----\n{want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n\n{}", failures.len(), failures.join("\n\n"));
    assert_eq!(inconsistent, ["post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters"]);
}
