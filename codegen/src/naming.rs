//! Every Rust name is decided here, once: word splitting of Smithy names, snake and camel case,
//! keyword escaping. heck alone splits `IPv4Address` into `i_pv4_address` and `ACLs` into
//! `ac_ls`, so words are split by rules of our own, checked against a table of real AWS names.

/// Words that are written with mixed case but are one word (`IPv4`, `MiB`). Matched
/// case-insensitively at a word start, when a word boundary follows them.
const WHOLE_WORDS: &[&str] = &["ipv4", "ipv6", "sigv4", "sigv4a", "kib", "mib", "gib", "tib", "pib", "kbps", "mbps", "gbps"];

/// Splits a Smithy name (`ListOpenWorkflowExecutions`, `CONTINUED_AS_NEW`, `m5.large`) into
/// its words, keeping the original case of each.
pub fn words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for run in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|r| !r.is_empty()) {
        split_run(run, &mut words);
    }
    words
}

fn split_run<'a>(run: &'a str, words: &mut Vec<&'a str>) {
    let bytes = run.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if i == start {
            if let Some(len) = whole_word_at(run, i) {
                i += len;
                words.push(&run[start..i]);
                start = i;
                continue;
            }
            i += 1;
            continue;
        }
        if is_boundary(bytes, start, i) {
            words.push(&run[start..i]);
            start = i;
            continue;
        }
        i += 1;
    }
    if start < bytes.len() {
        words.push(&run[start..]);
    }
}

fn whole_word_at(run: &str, at: usize) -> Option<usize> {
    let rest = &run.as_bytes()[at..];
    WHOLE_WORDS
        .iter()
        .filter(|w| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w.as_bytes()))
        .filter(|w| {
            // Only when the word ends there: `MiB` in `SizeInMiB`, not `Mib` in `Mibbles`.
            rest.get(w.len()).is_none_or(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || rest[w.len() - 1].is_ascii_digit())
        })
        .map(|w| w.len())
        .max()
}

/// Whether a new word starts at `i`, inside the word that began at `start`.
fn is_boundary(b: &[u8], start: usize, i: usize) -> bool {
    let (prev, cur) = (b[i - 1], b[i]);
    let next = b.get(i + 1).copied();
    let lower = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_lowercase());
    if whole_word_ahead(b, i) {
        return true;
    }
    if !cur.is_ascii_uppercase() {
        // `S3Key`, `Ec2Instance` keep digits with the word before them; `v2` after an acronym
        // (`DynamoDBv2`) is a word of its own.
        return cur == b'v'
            && prev.is_ascii_uppercase()
            && i - start >= 2
            && b[i - 2].is_ascii_uppercase()
            && next.is_some_and(|c| c.is_ascii_digit());
    }
    if prev.is_ascii_lowercase() || prev.is_ascii_digit() {
        return true; // `workflowType`, `S3Key`
    }
    // Inside a run of capitals, the last capital before a lowercase letter starts a new word
    // (`IAMUser`, `CNAMEPrefix`), except for a plural acronym's `s` (`ACLs`, `ARNsToDelete`).
    // A `v2` after the capitals is a version word of its own (`DynamoDBv2`), not their end.
    if lower(next) {
        let after = b.get(i + 2).copied();
        let plural = next == Some(b's') && !lower(after);
        let version = next == Some(b'v') && after.is_some_and(|c| c.is_ascii_digit());
        return !plural && !version;
    }
    false
}

fn whole_word_ahead(b: &[u8], i: usize) -> bool {
    let prev = b[i - 1];
    // Only at a case change, so `Mib` is not cut out of the middle of an ordinary word.
    (b[i].is_ascii_uppercase() && (prev.is_ascii_lowercase() || prev.is_ascii_digit()))
        && std::str::from_utf8(b).ok().and_then(|s| whole_word_at(s, i)).is_some()
}

/// `snake_case`, not yet checked against keywords.
pub fn snake(name: &str) -> String {
    words(name).iter().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_")
}

/// `UpperCamelCase`, not yet checked against keywords.
pub fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

/// Methods of std's operator traits that a builder's setter named the same (`fn add(self, value)
/// -> Self`) would look like an implementation of (clippy says so).
pub const TRAIT_METHODS: &[&str] = &["add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor"];

/// Rust's strict and reserved keywords (2021 and 2024 editions).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut",
    "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Makes a name usable as an identifier: `type` -> `r#type`, `self` -> `self_`, `2xlarge` ->
/// `_2xlarge` (for snake case) or `V2xlarge` (for camel case, where a leading underscore would
/// not be camel case).
fn escape(name: String, camel: bool) -> String {
    let name = match name.chars().next() {
        None => return if camel { "Unnamed".into() } else { "unnamed".into() },
        Some(c) if c.is_ascii_digit() => return if camel { format!("V{name}") } else { format!("_{name}") },
        Some(_) => name,
    };
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A field, method or module name for a Smithy name.
pub fn field(name: &str) -> String {
    escape(snake(name), false)
}

/// A module name from a service's `sdkId`, as the official SDKs name their crates: spaces and
/// dashes removed, lower case (`IoTSiteWise` -> `iotsitewise`, `ACM PCA` -> `acmpca`).
pub fn module_from_sdk_id(sdk_id: &str) -> String {
    let name: String = sdk_id
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    escape(name, false)
}

/// A type or variant name for a Smithy name.
pub fn type_name(name: &str) -> String {
    escape(upper_camel(name), true)
}

/// The functions the generated code has per structure or union, named `{prefix}_{type}` with
/// the type's name in snake case. Type names are unique in a service, and each kind lives in
/// one module, where nothing else starts with its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Helper {
    /// `write_x` (`serde`): writes the value into a JSON document.
    Write,
    /// `read_x` (`serde`): reads the value from a JSON document.
    Read,
    /// `zero_x` (`serde`): a structure's zero value, for a required member a response left out.
    Zero,
    /// `read_event_x` (`serde`): reads an event's structure from an event stream message.
    ReadEvent,
    /// `parse_x` (`operations`): reads an output or error from a whole HTTP response.
    Parse,
    /// `validate_x` (`validate`): checks the value's constraints.
    Validate,
}

impl Helper {
    /// What the helper's name starts with, before `_` and the type's name (`read`).
    pub fn prefix(self) -> &'static str {
        match self {
            Helper::Write => "write",
            Helper::Read => "read",
            Helper::Zero => "zero",
            Helper::ReadEvent => "read_event",
            Helper::Parse => "parse",
            Helper::Validate => "validate",
        }
    }
}

/// The name of a type's helper function of the given kind (`read_workflow_execution_info`).
pub fn helper(kind: Helper, type_name: &str) -> String {
    format!("{}_{}", kind.prefix(), snake(type_name))
}

/// The name of a structure's builder (`WorkflowExecutionInfoBuilder`), in the `builders` module
/// where every type name gets the same suffix.
pub fn builder(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// The variant of every operation error enum for an error the model does not define. The
/// runtime's `operation_error!` names this variant and the next one as these constants say.
pub const UNHANDLED: &str = "Unhandled";
/// The variant of every enum and union for a value the model does not list. The runtime's
/// `string_enum!` and `int_enum!` name it as this says.
pub const UNKNOWN: &str = "Unknown";
/// The variant of every operation error enum for a response that does not decode.
pub const INVALID_RESPONSE: &str = "InvalidResponse";

/// The identifier with any `r#` prefix removed, for building other names from it
/// (`set_type` from `r#type`).
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Gives every entry a distinct name: entries are taken in order, and an entry whose name is
/// taken already gets the first free `{name}{n}` (n = 2, 3, ...). `taken` holds names that are
/// reserved before any entry is placed.
pub fn deduplicate(names: &mut [String], taken: &[&str]) {
    let mut used: std::collections::HashSet<String> = taken.iter().map(|s| s.to_string()).collect();
    for name in names.iter_mut() {
        if used.insert(name.clone()) {
            continue;
        }
        let base = bare(name).to_owned();
        let free = (2..).map(|n| format!("{base}{n}")).find(|c| !used.contains(c)).expect("an unbounded range has a free name");
        used.insert(free.clone());
        *name = free;
    }
}

/// The candidate nearest to `name` (case-insensitive edit distance), when it is near enough to
/// be what was meant: at most a third of the name's length apart, or a case-insensitive match.
pub fn nearest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&name, &candidate.to_lowercase());
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.filter(|(d, _)| *d <= (name.chars().count() / 3).max(1)).map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb { previous } else { 1 + previous.min(row[j]).min(current) };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real names from published AWS models, and what they must become.
    #[test]
    fn snake_case_of_aws_names() {
        let table = [
            ("ListOpenWorkflowExecutions", "list_open_workflow_executions"),
            ("nextPageToken", "next_page_token"),
            ("IPv4Address", "ipv4_address"),
            ("Ipv6CidrBlock", "ipv6_cidr_block"),
            ("ACLs", "acls"),
            ("ARNs", "arns"),
            ("ARNsToDelete", "arns_to_delete"),
            ("DynamoDBv2", "dynamo_db_v2"),
            ("IAMUser", "iam_user"),
            ("CNAMEPrefix", "cname_prefix"),
            ("DBProxyTargets", "db_proxy_targets"),
            ("AWSAccountId", "aws_account_id"),
            ("S3Key", "s3_key"),
            ("EC2InstanceId", "ec2_instance_id"),
            ("Ec2InstanceId", "ec2_instance_id"),
            ("SizeInMiB", "size_in_mib"),
            ("VolumeSizeInGiB", "volume_size_in_gib"),
            ("MultiAZ", "multi_az"),
            ("KMSKeyId", "kms_key_id"),
            ("OSVersion", "os_version"),
            ("UUIDs", "uuids"),
            ("imageBuildVersionArn", "image_build_version_arn"),
            ("CONTINUED_AS_NEW", "continued_as_new"),
            ("ROLLBACK_IN_PROGRESS", "rollback_in_progress"),
            ("m5.large", "m5_large"),
            ("SigV4", "sigv4"),
            ("Base64Encoded", "base64_encoded"),
            ("HTTPSPort", "https_port"),
            ("totalStepsSucceeded", "total_steps_succeeded"),
            ("x-amz-target", "x_amz_target"),
            ("Mibbles", "mibbles"),
            ("Tags", "tags"),
            ("ID", "id"),
        ];
        for (input, expected) in table {
            assert_eq!(snake(input), expected, "snake({input})");
        }
    }

    #[test]
    fn camel_case_of_aws_names() {
        let table = [
            ("IPv4Address", "Ipv4Address"),
            ("ACLs", "Acls"),
            ("DynamoDBv2", "DynamoDbV2"),
            ("WorkflowExecutionInfo", "WorkflowExecutionInfo"),
            ("CONTINUED_AS_NEW", "ContinuedAsNew"),
            ("imagebuilder", "Imagebuilder"),
            ("t2.micro", "T2Micro"),
        ];
        for (input, expected) in table {
            assert_eq!(upper_camel(input), expected, "upper_camel({input})");
        }
    }

    #[test]
    fn modules_from_sdk_ids() {
        let table = [("SWF", "swf"), ("IoTSiteWise", "iotsitewise"), ("CloudWatch Logs", "cloudwatchlogs"), ("ACM PCA", "acmpca"), ("DynamoDB", "dynamodb"), ("SageMaker", "sagemaker"), ("Route 53", "route53"), ("ARC - Zonal Shift", "arczonalshift"), ("Type", "r#type"), ("1Up", "_1up")];
        for (sdk_id, module) in table {
            assert_eq!(module_from_sdk_id(sdk_id), module, "{sdk_id}");
        }
    }

    #[test]
    fn keywords_and_digits() {
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("Self"), "self_");
        assert_eq!(field("crate"), "crate_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("1"), "V1");
        assert_eq!(field("2xlarge"), "_2xlarge");
        assert_eq!(field("__"), "unnamed");
        assert_eq!(bare("r#type"), "type");
    }

    #[test]
    fn deduplicates_in_order() {
        let mut names = vec!["IpAddress".to_string(), "IpAddress".into(), "IpAddress2".into(), "Unknown".into()];
        deduplicate(&mut names, &["Unknown"]);
        assert_eq!(names, ["IpAddress", "IpAddress2", "IpAddress22", "Unknown2"]);
    }
}

