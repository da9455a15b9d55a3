//! The error structures' `error_structure!` and the error enums' `operation_error!`, in each of
//! their forms.

use crate::http::{error_structure, operation_error, ErrorParts, ModeledError, Response, ResponseError, ResponseMeta, UnhandledError};

#[derive(Debug, Default)]
struct Throttled {
    message: Option<String>,
    meta: ResponseMeta,
}

impl Throttled {
    fn meta(&self) -> &ResponseMeta {
        &self.meta
    }
}

#[derive(Debug)]
struct Denied {
    reason: String,
}

#[derive(Debug)]
struct Bare;

error_structure!(Throttled, "Throttled", |e| e.message.as_deref());
error_structure!(Denied, "Denied", |e| Some(e.reason.as_str()), hidden, no_meta);
error_structure!(Bare, "Bare", |e| None, no_meta);

#[test]
fn error_structures_show_their_code_and_a_message_that_is_not_hidden() {
    let throttled = Throttled { message: Some("slow down".into()), meta: ResponseMeta::default() };
    assert_eq!(throttled.to_string(), "Throttled: slow down");
    assert_eq!((throttled.code(), throttled.message()), (Some("Throttled"), Some("slow down")));
    let denied = Denied { reason: "the secret reason".into() };
    assert_eq!(denied.to_string(), "Denied");
    assert_eq!(denied.message(), Some("the secret reason"));
    assert_eq!(denied.request_id(), None);
    assert_eq!((Bare.to_string(), Bare.message()), ("Bare".to_owned(), None));
}

impl ModeledError for Throttled {
    const CODE: &'static str = "Throttled";

    fn decode(response: &Response) -> Result<Self, ResponseError> {
        let message = String::from_utf8(response.body.clone()).ok();
        Ok(Throttled { message, meta: ResponseMeta::new(response) })
    }
}

#[derive(Debug)]
enum PingError {
    Throttled(Throttled),
    Unhandled(UnhandledError),
    #[allow(dead_code)]
    InvalidResponse(ResponseError),
}

operation_error!(PingError, Throttled);

#[test]
fn operation_errors_decode_the_error_a_response_names() {
    let named = Response::new(400, b"slow down".to_vec()).with_header("X-Amzn-ErrorType", "Throttled");
    let PingError::Throttled(error) = PingError::from_error_response(&named) else { panic!("not decoded as Throttled") };
    assert_eq!(error.message.as_deref(), Some("slow down"));
    let other = Response::new(500, b"{}".to_vec()).with_header("X-Amzn-ErrorType", "Broken");
    let error = PingError::from_error_response(&other);
    assert!(matches!(error, PingError::Unhandled(_)), "{error:?}");
    assert_eq!((error.code(), error.message(), error.request_id()), (Some("Broken"), None, None));
}
