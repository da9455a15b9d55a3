//! `@requestCompression`: request bodies of at least [`MIN_COMPRESSION_SIZE`] bytes are sent
//! gzip-compressed, with `gzip` appended to `Content-Encoding` (after any encoding the input set
//! through a header member). Smaller bodies gain too little to be worth the work. This module,
//! and the `flate2` dependency, are in the crate only because a model operation asks for it.

use std::io::Write;

use crate::http::Request;

/// The smallest body that is compressed: the AWS SDKs' default
/// (`requestMinCompressionSizeBytes`), 10 KiB.
pub const MIN_COMPRESSION_SIZE: usize = 10_240;

/// Compresses the request's body with gzip when it is large enough.
#[allow(dead_code)] // Called by the generated operations that need it.
pub(crate) fn gzip(request: &mut Request) {
    if request.body.len() < MIN_COMPRESSION_SIZE {
        return;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a `Vec` does not fail; if it ever did, the body goes out uncompressed.
    let Ok(body) = encoder.write_all(&request.body).and_then(|()| encoder.finish()) else { return };
    let encoding = match request.headers.iter().position(|(name, _)| name.eq_ignore_ascii_case("Content-Encoding")) {
        Some(at) => format!("{}, gzip", request.headers.remove(at).1),
        None => "gzip".to_owned(),
    };
    request.headers.push(("Content-Encoding".into(), encoding.into()));
    request.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("Content-Length"));
    request.headers.push(("Content-Length".into(), body.len().to_string().into()));
    request.body = body;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_bodies_are_gzipped_and_small_ones_left_alone() {
        let mut small = Request::new("POST", "/");
        small.body = vec![b'a'; MIN_COMPRESSION_SIZE - 1];
        gzip(&mut small);
        assert_eq!(small.body.len(), MIN_COMPRESSION_SIZE - 1);
        assert_eq!(small.header("Content-Encoding"), None);

        let mut large = Request::new("POST", "/");
        large.headers.push(("content-encoding".into(), "custom".into()));
        large.body = vec![b'a'; MIN_COMPRESSION_SIZE];
        gzip(&mut large);
        assert_eq!(large.header("Content-Encoding"), Some("custom, gzip"));
        assert_eq!(&large.body[..2], &[0x1f, 0x8b], "the gzip magic number");
        assert_eq!(large.header("Content-Length"), Some(large.body.len().to_string().as_str()));
    }
}
