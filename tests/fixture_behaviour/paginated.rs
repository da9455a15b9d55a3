//! Behaviour of the code generated for `tests/fixtures/paginated.json`: `@paginated` merged
//! with the service's defaults, with nested token and items paths. Copied into the fixture's
//! crate and run there by `tests/fixtures_compile.rs`.

use fixture_paginated::http::Operation;
use fixture_paginated::pages::operations::ListThings;
use fixture_paginated::pages::types::{ListThingsInput, ListThingsOutput, Result as Page};
use fixture_paginated::paginate::MemoryTransport;

fn page(things: Vec<Option<String>>, next: Option<&str>) -> fixture_paginated::http::Response {
    let result = Page::builder().things(things).set_next(next.map(str::to_owned)).build().unwrap();
    ListThings::output_response(&ListThingsOutput::builder().result(result).build())
}

#[test]
fn nested_paths_and_service_defaults() {
    let transport = MemoryTransport::new()
        .respond(page(vec![Some("a".into()), None], Some("n1")))
        .respond(ListThings::output_response(&ListThingsOutput::builder().build()))
        .respond(page(vec![Some("never".into())], None));
    let items: Vec<Option<String>> = ListThings::paginate(ListThingsInput::default()).page_size(5).items(&transport).collect::<Result<_, _>>().unwrap();
    assert_eq!(items, [Some("a".to_owned()), None], "a page without `result` has no items and no token: the end");
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(String::from_utf8(requests[0].body.clone()).unwrap(), r#"{"limit":5}"#);
    assert_eq!(String::from_utf8(requests[1].body.clone()).unwrap(), r#"{"after":"n1","limit":5}"#);
    assert_eq!(requests[0].header("X-Amz-Target"), Some("Pages.ListThings"));
    assert_eq!(requests[0].header("Content-Type"), Some("application/x-amz-json-1.1"));
}
