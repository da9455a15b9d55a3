//! Building values: the error of a builder whose required member was not set.

use std::fmt;

/// A builder's `build()` was called without a member that has no default and cannot be absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    member: &'static str,
}

impl BuildError {
    #[allow(dead_code)]
    pub(crate) fn missing(shape: &'static str, member: &'static str) -> Self {
        BuildError { shape, member }
    }

    /// The type whose builder failed.
    pub fn shape(&self) -> &str {
        self.shape
    }

    /// The member that was not set, as the model names it.
    pub fn member(&self) -> &str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build `{}`: `{}` is required and was not set", self.shape, self.member)
    }
}

impl std::error::Error for BuildError {}

/// A builder's two setters for one member, as the generated `builders` modules write them:
/// `region(value)` sets the member from anything that converts into its type, and
/// `set_region(option)` sets or clears it. The arguments are the member's field, its `set_`
/// setter, its type and its name in the model (for the docs):
///
/// - `setters!(region, set_region, String, "region")` for a builder with a field of its own
///   per member (`Option<String>`);
/// - `setters!(value.region, set_region, String, "region")` for a builder that holds the value
///   it builds (a structure whose members are all optional), whose field it sets;
/// - `region as region_value` names a setter other than the field (a member called `build`).
#[allow(unused_macros)] // Invoked by the generated `builders` modules.
macro_rules! setters {
    (value.$field:ident as $setter:ident, $($rest:tt)*) => {
        $crate::error::setters!(@ [0] $field, $setter, $($rest)*);
    };
    (value.$field:ident, $($rest:tt)*) => {
        $crate::error::setters!(@ [0] $field, $field, $($rest)*);
    };
    ($field:ident as $setter:ident, $($rest:tt)*) => {
        $crate::error::setters!(@ [] $field, $setter, $($rest)*);
    };
    ($field:ident, $($rest:tt)*) => {
        $crate::error::setters!(@ [] $field, $field, $($rest)*);
    };
    (@ [$($holder:tt)?] $field:ident, $setter:ident, $set:ident, $ty:ty, $name:literal) => {
        #[doc = ::core::concat!("Sets `", $name, "`.")]
        pub fn $setter(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$($holder.)?$field = ::core::option::Option::Some(value.into());
            self
        }

        #[doc = ::core::concat!("Sets or clears `", $name, "`.")]
        #[inline]
        pub fn $set(mut self, value: ::core::option::Option<$ty>) -> Self {
            self.$($holder.)?$field = value;
            self
        }
    };
}
#[allow(unused_imports)] // Used by the generated `builders` modules.
pub(crate) use setters;

/// A structure's `builder()`, as the generated `types` modules write it:
/// `builder!(Ami => builders::AmiBuilder);`. With `, Default` after the builder, the structure's
/// `Default` is also what an empty builder builds (for a structure whose builder cannot fail but
/// that has members with defaults of their own).
#[allow(unused_macros)] // Invoked by the generated `types` modules.
macro_rules! builder {
    ($ty:ident => $builder:path) => {
        impl $ty {
            #[doc = ::core::concat!("Creates a builder for [`", ::core::stringify!($ty), "`].")]
            #[inline]
            pub fn builder() -> $builder {
                ::core::default::Default::default()
            }
        }
    };
    ($ty:ident => $builder:path, Default) => {
        $crate::error::builder!($ty => $builder);

        impl ::core::default::Default for $ty {
            #[inline]
            fn default() -> Self {
                Self::builder().build()
            }
        }
    };
}
#[allow(unused_imports)] // Used by the generated `types` modules.
pub(crate) use builder;

/// A structure's builder, as the generated `builders` modules write it: the builder type and a
/// member's two setters (see [`setters!`]) per `; field, set_field: Type = "name"` that follows.
/// A member's setter is named after its field unless `field as setter` names another (a member
/// called `build`).
///
/// - `builder_struct!(AmiBuilder(types::Ami); region, set_region: String = "region")` holds the
///   value it builds (a structure whose members are all optional and unboxed) and writes its
///   `build()`;
/// - `builder_struct!(TaskBuilder => types::Task; id, set_id: String = "id")` has an `Option`
///   field per member; its `build()`, which checks required members and fills defaults, is the
///   generated module's. Prefixed `redacted`, it derives no `Debug` (the module writes one that
///   hides sensitive members).
#[allow(unused_macros)] // Invoked by the generated `builders` modules.
macro_rules! builder_struct {
    (
        $builder:ident($module:ident :: $target:ident)
        $(; $field:ident $(as $setter:ident)?, $set:ident: $ty:ty = $name:literal)* $(;)?
    ) => {
        #[doc = ::core::concat!(
            "A builder for [`", ::core::stringify!($target), "`](",
            ::core::stringify!($module), "::", ::core::stringify!($target), ")."
        )]
        #[derive(Debug, Clone, Default)]
        pub struct $builder($module::$target);

        impl $builder {
            $($crate::error::setters!(value.$field $(as $setter)?, $set, $ty, $name);)*

            /// Builds the value; members that were not set are absent.
            #[inline]
            pub fn build(self) -> $module::$target {
                self.0
            }
        }
    };
    (
        redacted $builder:ident => $module:ident :: $target:ident $($members:tt)*
    ) => {
        $crate::error::builder_struct!(@fields [Clone, Default] $builder => $module::$target $($members)*);
    };
    (
        $builder:ident => $module:ident :: $target:ident $($members:tt)*
    ) => {
        $crate::error::builder_struct!(@fields [Debug, Clone, Default] $builder => $module::$target $($members)*);
    };
    (
        @fields [$($derive:ident),*] $builder:ident => $module:ident :: $target:ident
        $(; $field:ident $(as $setter:ident)?, $set:ident: $ty:ty = $name:literal)* $(;)?
    ) => {
        #[doc = ::core::concat!(
            "A builder for [`", ::core::stringify!($target), "`](",
            ::core::stringify!($module), "::", ::core::stringify!($target), ")."
        )]
        #[derive($($derive),*)]
        pub struct $builder {
            $($field: ::core::option::Option<$ty>,)*
        }

        impl $builder {
            $($crate::error::setters!($field $(as $setter)?, $set, $ty, $name);)*
        }
    };
}
#[allow(unused_imports)] // Used by the generated `builders` modules.
pub(crate) use builder_struct;
