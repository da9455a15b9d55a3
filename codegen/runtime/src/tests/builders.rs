//! The builders' `setters!` and `builder_struct!`, in each of their forms.

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

mod types {
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Ami {
        pub region: Option<String>,
        pub build: Option<Vec<u8>>,
    }

    #[derive(Debug, Clone, PartialEq)]
    pub struct Task {
        pub id: String,
        pub r#type: Option<u8>,
    }
}

crate::error::builder_struct!(
    AmiBuilder(types::Ami);
    region, set_region: String = "region";
    build as build_value, set_build: Vec<u8> = "build"
);

crate::error::builder_struct!(TaskBuilder => types::Task; id, set_id: String = "id"; r#type, set_type: u8 = "type");

impl TaskBuilder {
    fn build(self) -> Result<types::Task, crate::error::BuildError> {
        let id = self.id.ok_or_else(|| crate::error::BuildError::missing("Task", "id"))?;
        Ok(types::Task { id, r#type: self.r#type })
    }
}

crate::error::builder_struct!(redacted SecretBuilder => types::Task; id, set_id: String = "id");

impl std::fmt::Debug for SecretBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBuilder(***)")
    }
}

crate::error::builder_struct!(EmptyBuilder(types::Ami));

#[test]
fn builder_struct_holds_the_value_or_a_field_per_member() {
    let ami = AmiBuilder::default().region("us-east-1").build_value(vec![1]).set_region(None).build();
    assert_eq!(AmiBuilder::default().build_value(vec![2]).set_build(None).build(), types::Ami::default());
    assert_eq!(ami, types::Ami { region: None, build: Some(vec![1]) });
    assert_eq!(EmptyBuilder::default().build(), types::Ami::default());
    assert_eq!(format!("{:?}", AmiBuilder::default().region("r")), r#"AmiBuilder(Ami { region: Some("r"), build: None })"#);

    let task = TaskBuilder::default().r#type(3).id("t-1").build();
    assert_eq!(task, Ok(types::Task { id: "t-1".to_owned(), r#type: Some(3) }));
    assert_eq!(TaskBuilder::default().id("t-1").set_id(None).set_type(Some(3)).build().unwrap_err().member(), "id");
    assert_eq!(format!("{:?}", TaskBuilder::default().id("x")), r#"TaskBuilder { id: Some("x"), type: None }"#);

    let secret = SecretBuilder::default().set_id(Some("shown".to_owned())).id("hidden");
    assert_eq!(format!("{secret:?}"), "SecretBuilder(***)");
    assert_eq!(secret.id.as_deref(), Some("hidden"));
}
