//! The builders' `setters!`, in both of its forms.

use crate::error::setters;
use std::collections::BTreeMap;

#[derive(Debug, Default, PartialEq)]
struct Value {
    region: Option<String>,
    build: Option<BTreeMap<String, i32>>,
}

#[derive(Default)]
struct ValueBuilder(Value);

impl ValueBuilder {
    setters!(value.region, set_region, String, "region");
    setters!(value.build as build_value, set_build, BTreeMap<String, i32>, "build");
}

#[derive(Default)]
struct FieldsBuilder {
    r#type: Option<u8>,
    build: Option<String>,
}

impl FieldsBuilder {
    setters!(r#type, set_type, u8, "type");
    setters!(build as build_value, set_build, String, "build");
}

#[test]
fn setters_set_and_clear_the_field_they_name() {
    let built = ValueBuilder::default()
        .region("us-east-1")
        .build_value(BTreeMap::from([("a".to_owned(), 1)]))
        .set_region(None);
    assert_eq!(built.0, Value { region: None, build: Some(BTreeMap::from([("a".to_owned(), 1)])) });
    let built = ValueBuilder::default().set_region(Some("eu-west-1".to_owned())).set_build(None);
    assert_eq!(built.0, Value { region: Some("eu-west-1".to_owned()), build: None });

    let fields = FieldsBuilder::default().r#type(7).build_value("x");
    assert_eq!((fields.r#type, fields.build.as_deref()), (Some(7), Some("x")));
    let fields = fields.set_type(None).set_build(Some("y".to_owned()));
    assert_eq!((fields.r#type, fields.build.as_deref()), (None, Some("y")));
}
