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

use std::collections::BTreeMap;

use fixture_paginated::pages::operations::{ListUsage, ScanItems};
use fixture_paginated::pages::types::{ListUsageInput, ListUsageOutput, ScanItemsInput, ScanItemsOutput, Value};

fn key(id: &str) -> BTreeMap<String, Value> {
    BTreeMap::from([("id".to_owned(), Value::S(id.to_owned())), ("n".to_owned(), Value::N(1))])
}

fn scan_page(things: &[&str], last: Option<BTreeMap<String, Value>>) -> fixture_paginated::http::Response {
    let things: Vec<Option<String>> = things.iter().map(|t| Some((*t).to_owned())).collect();
    ScanItems::output_response(&ScanItemsOutput::builder().items(things).set_last_key(last).build())
}

#[test]
fn a_map_as_the_token() {
    let transport = MemoryTransport::new()
        .respond(scan_page(&["a"], Some(key("k1"))))
        .respond(scan_page(&["b"], Some(key("k2"))))
        // The first key again: a token seen before ends the walk, whatever its type.
        .respond(scan_page(&["c"], Some(key("k1"))))
        .respond(scan_page(&["never"], None));
    let items: Vec<Option<String>> =
        ScanItems::paginate(ScanItemsInput::default()).page_size(7).items(&transport).collect::<Result<_, _>>().unwrap();
    assert_eq!(items, [Some("a".to_owned()), Some("b".to_owned()), Some("c".to_owned())]);
    let bodies: Vec<String> = transport.requests().iter().map(|r| String::from_utf8(r.body.clone()).unwrap()).collect();
    assert_eq!(
        bodies,
        [
            r#"{"limit":"7"}"#,
            r#"{"startKey":{"id":{"s":"k1"},"n":{"n":1}},"limit":"7"}"#,
            r#"{"startKey":{"id":{"s":"k2"},"n":{"n":1}},"limit":"7"}"#,
        ]
    );
    // An empty map is no token: the walk ends.
    let transport = MemoryTransport::new().respond(scan_page(&["a"], Some(BTreeMap::new()))).respond(scan_page(&["never"], None));
    assert_eq!(ScanItems::paginate(ScanItemsInput::default()).pages(&transport).count(), 1);
}

#[test]
fn a_map_of_items() {
    let page = |usage: &[(&str, i32)], next: Option<&str>| {
        let usage: BTreeMap<String, i32> = usage.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
        ListUsage::output_response(&ListUsageOutput::builder().usage(usage).set_next(next.map(str::to_owned)).build())
    };
    let transport = MemoryTransport::new().respond(page(&[("a", 1), ("b", 2)], Some("n"))).respond(page(&[("c", 3)], None));
    let items: Vec<(String, i32)> = ListUsage::paginate(ListUsageInput::default()).items(&transport).collect::<Result<_, _>>().unwrap();
    assert_eq!(items, [("a".to_owned(), 1), ("b".to_owned(), 2), ("c".to_owned(), 3)]);
}
