//! Emit stage: a service's `Client` (`src/<service>/client.rs`, feature `client`): a method per
//! operation that resolves the endpoint from the config, encodes, signs, sends with retries and
//! decodes, over the runtime's `client::Core`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::endpoint::Rules;
use crate::ir::Service;

/// The items of `src/<service>/client.rs`.
pub fn module(service: &Service, rules: &Rules, lib: &str) -> Vec<TokenStream> {
    let module = ident(&service.module);
    let title = service.traits.title.as_deref().unwrap_or(service.id.name());
    let signing_name = service.traits.sigv4_name.clone().or_else(|| service.traits.sdk_id.as_ref().map(|id| id.to_lowercase().replace(' ', ""))).unwrap_or_else(|| service.module.clone());
    let example = service.operations.iter().find(|op| op.input.as_ref().is_none_or(|id| builds_empty(service, id))).map(|op| {
        let method = &op.fn_name;
        let input = match &op.input {
            Some(id) => format!("{lib}::{}::types::{}::builder().build()", service.module, service.type_name(id)),
            None => "()".to_owned(),
        };
        let build = if op.input.as_ref().is_some_and(|id| !infallible(service, id)) { "?" } else { "" };
        format!(
            "\n\n```no_run\nlet config = {lib}::client::Config::from_env();\nlet client = {lib}::{}::Client::new(&config);\nlet output = client.{method}(&{input}{build})?;\n# Ok::<(), Box<dyn std::error::Error>>(())\n```",
            service.module
        )
    });
    let doc = doc_attrs(&format!(
        "A client of {title}: a method per operation, each of which resolves the endpoint for the \
         config's region and settings, signs with the config's credentials, sends, retries what \
         the AWS SDKs retry, and decodes the output or the operation's error.\n\n\
         [`Client::new`] uses the crate's blocking HTTP stack (feature `blocking`); \
         [`Client::with_http`] takes any [`Http`](crate::client::Http).{}",
        example.unwrap_or_default()
    ));
    let setters = endpoint_setters(rules);
    // The codes of the modeled errors marked `@retryable`, as error responses carry them.
    let mut retryable: Vec<&str> = service
        .operations
        .iter()
        .flat_map(crate::ir::Operation::error_shapes)
        .filter(|id| service.shape_traits.get(*id).is_some_and(|t| t.retryable))
        .map(|id| id.name())
        .collect();
    retryable.sort_unstable();
    retryable.dedup();
    let async_doc = doc_attrs(&format!(
        "The client of {title} for async code: the same methods as [`Client`], as `async fn`s.\n\n\
         [`AsyncClient::new`] uses the crate's async HTTP stack (feature `async`: hyper on tokio); \
         [`AsyncClient::with_http`] takes any [`AsyncHttp`](crate::client::AsyncHttp). The backoff \
         between attempts waits with the stack's timer; credentials are fetched (rarely: they are \
         kept until they near their expiry) with blocking IO."
    ));
    let calls: Vec<(TokenStream, TokenStream)> = service.operations.iter().filter(|op| op.input_stream.is_none()).map(|op| {
        let method = ident(&op.fn_name);
        let operation = ident(&op.type_name);
        let input = match &op.input {
            Some(id) => {
                let name = ident(service.type_name(id));
                quote!(types::#name)
            }
            None => quote!(()),
        };
        let output = match &op.output {
            Some(id) => {
                let name = ident(service.type_name(id));
                quote!(types::#name)
            }
            None => quote!(()),
        };
        let error = ident(&op.error_enum);
        let summary = op.doc.as_deref().and_then(|d| d.split("\n\n").next()).unwrap_or("");
        let doc = doc_attrs(format!("{summary}\n\nSends [`{0}`](operations::{0}).", op.type_name).trim_start());
        let signed = !op.traits.unsigned;
        let blocking = quote! {
            #doc
            pub fn #method(&self, input: &#input) -> Result<#output, SdkError<errors::#error>> {
                let params = endpoint_params(&self.core.config);
                self.core.call::<operations::#operation>(&params, input, #signed)
            }
        };
        let asynchronous = quote! {
            #doc
            pub async fn #method(&self, input: &#input) -> Result<#output, SdkError<errors::#error>> {
                let params = endpoint_params(&self.core.config);
                self.core.call_async::<operations::#operation>(&params, input, #signed).await
            }
        };
        (blocking, asynchronous)
    }).collect();
    let methods = calls.iter().map(|(blocking, _)| blocking);
    let async_methods = calls.iter().map(|(_, asynchronous)| asynchronous);
    let paginated = service.operations.iter().any(|op| op.pagination.is_some());
    let pager = paginated.then(|| {
        quote! {
            /// A transport for an operation's paginator that sends each page through this
            /// client, to the endpoint resolved for `input`:
            /// `Op::paginate(input.clone()).items(&client.pager::<Op>(&input)?)`.
            pub fn pager<O>(&self, input: &O::Input) -> Result<crate::client::Pager<'_, H>, crate::endpoint::EndpointError>
            where
                O: crate::endpoint::EndpointParams<Params = endpoint::Params>,
            {
                self.core.pager::<O>(&endpoint_params(&self.core.config), input)
            }
        }
    });
    vec![quote! {
        use crate::client::{AsyncHttp, Config, Core, Http, SdkError, ServiceInfo};
        use crate::#module::{endpoint, errors, operations, types};

        /// How the service signs when its endpoint names no signing name, and the codes of its
        /// errors marked `@retryable`.
        const SERVICE: ServiceInfo = ServiceInfo { signing_name: #signing_name, retryable: &[#(#retryable),*] };

        #doc
        #[derive(Debug, Clone)]
        pub struct Client<H> {
            core: Core<H>,
        }

        #[cfg(feature = "blocking")]
        impl Client<crate::client::Ureq> {
            /// A client over the crate's blocking HTTP stack (ureq with rustls).
            pub fn new(config: &Config) -> Self {
                Self::with_http(config, crate::client::Ureq::with_timeouts(&config.timeouts))
            }
        }

        // An operation's error holds its modeled errors by value, as the AWS SDKs' do; some
        // are large, and boxing them would cost every error an allocation.
        #[allow(clippy::result_large_err)]
        impl<H: Http> Client<H> {
            /// A client over an HTTP stack of your own.
            pub fn with_http(config: &Config, http: H) -> Self {
                Client { core: Core { config: config.clone(), http, service: SERVICE } }
            }

            /// The config the client was made from.
            pub fn config(&self) -> &Config {
                &self.core.config
            }

            /// The endpoint parameters the config sets (region, FIPS, dual-stack, a custom
            /// endpoint); each operation adds its own from its input.
            pub fn endpoint_params(&self) -> endpoint::Params {
                endpoint_params(&self.core.config)
            }

            #pager

            #(#methods)*
        }

        #async_doc
        #[derive(Debug, Clone)]
        pub struct AsyncClient<H> {
            core: Core<H>,
        }

        #[cfg(feature = "async")]
        impl AsyncClient<crate::client::Hyper> {
            /// A client over the crate's async HTTP stack (hyper with rustls, on tokio).
            pub fn new(config: &Config) -> Self {
                Self::with_http(config, crate::client::Hyper::with_connect_timeout(config.timeouts.connect))
            }
        }

        #[allow(clippy::result_large_err)]
        impl<H: AsyncHttp> AsyncClient<H> {
            /// A client over an async HTTP stack of your own.
            pub fn with_http(config: &Config, http: H) -> Self {
                AsyncClient { core: Core { config: config.clone(), http, service: SERVICE } }
            }

            /// The config the client was made from.
            pub fn config(&self) -> &Config {
                &self.core.config
            }

            /// The endpoint parameters the config sets; see [`Client::endpoint_params`].
            pub fn endpoint_params(&self) -> endpoint::Params {
                endpoint_params(&self.core.config)
            }

            #(#async_methods)*
        }

        /// The endpoint parameters a config sets (region, FIPS, dual-stack, a custom endpoint).
        fn endpoint_params(config: &Config) -> endpoint::Params {
            let mut params = endpoint::Params::new();
            #(#setters)*
            params
        }
    }]
}

/// Statements setting the parameters whose built-ins the config holds (a parameter with a
/// default is a plain field, one without an `Option`).
fn endpoint_setters(rules: &Rules) -> Vec<TokenStream> {
    let mut setters = Vec::new();
    for (built_in, value, flag) in [
        ("AWS::Region", quote!(config.region), false),
        ("AWS::UseFIPS", quote!(config.use_fips), true),
        ("AWS::UseDualStack", quote!(config.use_dual_stack), true),
        ("SDK::Endpoint", quote!(config.endpoint_url), false),
    ] {
        let Some(param) = rules.built_in(built_in) else { continue };
        let field = ident(&param.field);
        setters.push(match (flag, param.default.is_some()) {
            (true, true) => quote!(params.#field = #value;),
            (true, false) => quote!(params.#field = Some(#value);),
            (false, false) => quote!(params.#field.clone_from(&#value);),
            (false, true) => quote! {
                if let Some(value) = &#value {
                    params.#field.clone_from(value);
                }
            },
        });
    }
    setters
}

/// Whether a structure can be built with nothing set (for the doc example).
fn builds_empty(service: &Service, id: &crate::model::ShapeId) -> bool {
    matches!(service.types.get(id), Some(crate::ir::TypeDef::Structure(s)) if s.members.iter().all(|m| m.optional || m.default.is_some()))
}

fn infallible(service: &Service, id: &crate::model::ShapeId) -> bool {
    matches!(service.types.get(id), Some(crate::ir::TypeDef::Structure(s)) if s.infallible())
}
