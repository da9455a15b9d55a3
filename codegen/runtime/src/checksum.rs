//! `@httpChecksumRequired`: the request carries a `Content-MD5` header, the base64 of the MD5
//! digest of its body, so the service can tell a damaged body from a good one. This module, and
//! the `md-5` dependency, are in the crate only because a model operation asks for it.

use md5::{Digest, Md5};

use crate::http::Request;

/// Sets `Content-MD5` for the request's body as it will be sent (after any compression).
#[allow(dead_code)] // Called by the generated operations that need it.
pub(crate) fn content_md5(request: &mut Request) {
    let digest = Md5::digest(&request.body);
    request.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("Content-MD5"));
    request.headers.push(("Content-MD5".into(), crate::base64::encode(&digest).into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_of_the_body() {
        let mut request = Request::new("POST", "/");
        digest_into(&mut request, b"");
        assert_eq!(request.header("Content-MD5"), Some("1B2M2Y8AsgTpgAmY7PhCfg=="), "RFC 1321's empty digest");
        digest_into(&mut request, b"The quick brown fox jumps over the lazy dog");
        assert_eq!(request.header("Content-MD5"), Some("nhB9nTcrtoJr2B01QqQZ1g=="));
    }

    fn digest_into(request: &mut Request, body: &[u8]) {
        request.body = body.to_vec();
        content_md5(request);
    }
}
