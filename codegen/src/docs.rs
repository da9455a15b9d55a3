//! Documentation text: Smithy `@documentation` (HTML in AWS models, CommonMark elsewhere) turned
//! into Markdown that rustdoc renders cleanly: no stray HTML, no accidental intra-doc links, no
//! bare URLs, no code blocks that would run as doctests.

/// Converts a documentation string to Markdown.
pub fn to_markdown(doc: &str) -> String {
    if looks_like_html(doc) {
        Html::convert(doc)
    } else {
        plain(doc)
    }
}

fn looks_like_html(doc: &str) -> bool {
    let bytes = doc.as_bytes();
    bytes.windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'))
}

/// CommonMark documentation is kept, except brackets that rustdoc would read as intra-doc links
/// and bare URLs it would warn about.
fn plain(doc: &str) -> String {
    let mut out = String::new();
    let is_item = |line: &str| {
        let line = line.trim_start();
        line.starts_with("- ") || line.starts_with("* ") || line.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut previous = "";
    for (index, line) in doc.trim().lines().enumerate() {
        if index > 0 {
            out.push('\n');
            // A paragraph right after a list item would continue it lazily: end the list.
            if is_item(previous) && !line.trim().is_empty() && !is_item(line) && !line.starts_with(' ') {
                out.push('\n');
            }
        }
        previous = line;
        let mut rest = line.trim_end();
        let mut in_code = false;
        while !rest.is_empty() {
            let link_target = out.ends_with("](") || out.ends_with('<');
            if let Some(len) = url_len(rest).filter(|_| !in_code && !link_target) {
                out.push('<');
                out.push_str(&rest[..len]);
                out.push('>');
                rest = &rest[len..];
                continue;
            }
            let c = rest.chars().next().expect("rest is not empty");
            let link = c == '[' && rest.find("](").is_some_and(|close| !rest[1..close].contains('['));
            let link_end = c == ']' && rest.starts_with("](");
            match c {
                '`' => {
                    in_code = !in_code;
                    out.push(c);
                }
                '[' | ']' if !link && !link_end && !in_code => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The length of an `http://` or `https://` URL at the start of `text`, without trailing
/// punctuation.
fn url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')).unwrap_or(text.len());
    let trimmed = text[..end].trim_end_matches(['.', ',', ';', ':', ')', '(', '\'', '!', '?']);
    (trimmed.len() > "https://".len()).then_some(trimmed.len())
}

#[derive(Clone, Copy, PartialEq)]
enum BlockKind {
    Paragraph,
    ListItem,
    Code,
}

/// An open inline element: where its text starts in the current line, and how to close it.
enum Inline {
    Emphasis { start: usize, marker: &'static str },
    Code { start: usize },
    Link { start: usize, href: Option<String> },
}

#[derive(Default)]
struct Html {
    blocks: Vec<(BlockKind, String)>,
    line: String,
    /// The prefix of the list item the current line belongs to (`"  - "`), if any.
    item: Option<String>,
    lists: Vec<bool>,
    inlines: Vec<Inline>,
    code_depth: usize,
}

impl Html {
    fn convert(doc: &str) -> String {
        let mut html = Html::default();
        let mut rest = doc;
        while !rest.is_empty() {
            match rest.find('<') {
                Some(0) => rest = html.tag(rest),
                Some(at) => {
                    html.text(&rest[..at]);
                    rest = &rest[at..];
                }
                None => {
                    html.text(rest);
                    rest = "";
                }
            }
        }
        html.finish_line();
        html.render()
    }

    /// Handles the tag at the start of `rest` and returns what follows it.
    fn tag<'a>(&mut self, rest: &'a str) -> &'a str {
        if let Some(comment) = rest.strip_prefix("<!--") {
            return comment.find("-->").map_or("", |end| &comment[end + 3..]);
        }
        let Some(end) = rest.find('>') else {
            // A lone `<` is text.
            self.text("<");
            return &rest[1..];
        };
        let inner = &rest[1..end];
        let after = &rest[end + 1..];
        let closing = inner.starts_with('/');
        let body = inner.trim_start_matches('/').trim_end_matches('/');
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.text(&rest[..=end]);
            return after;
        }
        let attributes = &body[name_end..];
        match (name.as_str(), closing) {
            ("pre", false) => {
                let close = find_ci(after, "</pre>");
                let (code, tail) = match close {
                    Some(at) => (&after[..at], &after[at + 6..]),
                    None => (after, ""),
                };
                self.finish_line();
                let text = decode_entities(&strip_tags(code));
                self.blocks.push((BlockKind::Code, text.trim_matches('\n').to_owned()));
                return tail;
            }
            ("p" | "div" | "note" | "important" | "fullname" | "dt" | "dd" | "dl" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "br" | "hr" | "table" | "tr", _) => {
                if self.item.is_some() && !matches!(name.as_str(), "dl" | "table") {
                    // Inside a list item, paragraphs run on within the item's line.
                    self.space();
                } else {
                    self.finish_line();
                }
            }
            ("ul" | "ol", false) => {
                self.finish_line();
                self.lists.push(name == "ol");
            }
            ("ul" | "ol", true) => {
                self.finish_line();
                self.lists.pop();
            }
            ("li", false) => {
                self.finish_line();
                // A nested item is indented by the width of its parents' markers.
                let parents = &self.lists[..self.lists.len().saturating_sub(1)];
                let indent: usize = parents.iter().map(|ordered| if *ordered { 3 } else { 2 }).sum();
                let bullet = if self.lists.last() == Some(&true) { "1. " } else { "- " };
                self.item = Some(format!("{}{bullet}", " ".repeat(indent)));
            }
            ("li", true) => self.finish_line(),
            ("code" | "tt" | "samp" | "kbd", false) => {
                if self.code_depth == 0 {
                    self.inlines.push(Inline::Code { start: self.line.len() });
                }
                self.code_depth += 1;
            }
            ("code" | "tt" | "samp" | "kbd", true) => {
                self.code_depth = self.code_depth.saturating_sub(1);
                if self.code_depth == 0 {
                    self.close(|i| matches!(i, Inline::Code { .. }));
                }
            }
            ("i" | "em" | "b" | "strong", false) if self.code_depth == 0 => {
                let marker = if name == "i" || name == "em" { "*" } else { "**" };
                self.inlines.push(Inline::Emphasis { start: self.line.len(), marker });
            }
            ("i" | "em" | "b" | "strong", true) if self.code_depth == 0 => {
                self.close(|i| matches!(i, Inline::Emphasis { .. }));
            }
            ("a", false) if self.code_depth == 0 => {
                let href = attribute(attributes, "href").map(|h| decode_entities(&h));
                self.inlines.push(Inline::Link { start: self.line.len(), href });
            }
            ("a", true) if self.code_depth == 0 => self.close(|i| matches!(i, Inline::Link { .. })),
            _ => {}
        }
        after
    }

    fn space(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
    }

    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        let mut collapsed = String::with_capacity(decoded.len());
        for (index, word) in decoded.split_ascii_whitespace().enumerate() {
            if index > 0 {
                collapsed.push(' ');
            }
            collapsed.push_str(word);
        }
        if decoded.starts_with(|c: char| c.is_ascii_whitespace()) {
            self.space();
        }
        if self.code_depth > 0 {
            self.line.push_str(&collapsed);
        } else {
            let in_link = self.inlines.iter().any(|i| matches!(i, Inline::Link { .. }));
            escape_markdown(&collapsed, !in_link, &mut self.line);
        }
        if decoded.ends_with(|c: char| c.is_ascii_whitespace()) && !collapsed.is_empty() {
            self.space();
        }
    }

    /// Closes the innermost open inline element that `is_kind` accepts, wrapping its text.
    fn close(&mut self, is_kind: impl Fn(&Inline) -> bool) {
        let Some(position) = self.inlines.iter().rposition(is_kind) else { return };
        let inline = self.inlines.remove(position);
        let start = match &inline {
            Inline::Emphasis { start, .. } | Inline::Code { start } | Inline::Link { start, .. } => *start,
        };
        let start = start.min(self.line.len());
        let content = self.line.split_off(start);
        let trimmed = content.trim();
        let lead = if content.starts_with(' ') && !self.line.ends_with(' ') && !self.line.is_empty() { " " } else { "" };
        let trail = if content.ends_with(' ') { " " } else { "" };
        self.line.push_str(lead);
        match inline {
            _ if trimmed.is_empty() => {}
            Inline::Emphasis { marker, .. } => {
                self.line.push_str(marker);
                self.line.push_str(trimmed);
                self.line.push_str(marker);
            }
            Inline::Code { .. } => {
                let fence = if trimmed.contains('`') { "``" } else { "`" };
                let pad = if trimmed.contains('`') { " " } else { "" };
                self.line.push_str(&format!("{fence}{pad}{trimmed}{pad}{fence}"));
            }
            Inline::Link { href: Some(href), .. } if is_link_target(&href) => {
                self.line.push_str(&format!("[{trimmed}]({})", href.trim()));
            }
            Inline::Link { .. } => self.line.push_str(trimmed),
        }
        self.line.push_str(trail);
    }

    fn finish_line(&mut self) {
        // Elements left open at a block's end lose their markup but keep their text.
        self.inlines.clear();
        self.code_depth = 0;
        let text = self.line.trim().to_owned();
        self.line.clear();
        if text.is_empty() {
            return;
        }
        match self.item.take() {
            Some(prefix) => self.blocks.push((BlockKind::ListItem, format!("{prefix}{text}"))),
            None => self.blocks.push((BlockKind::Paragraph, escape_line_start(&text))),
        }
    }

    fn render(self) -> String {
        let mut out = String::new();
        let mut previous = None;
        for (kind, text) in self.blocks {
            if let Some(previous) = previous {
                let tight = previous == BlockKind::ListItem && kind == BlockKind::ListItem;
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            if kind == BlockKind::Code {
                // `text`, so rustdoc shows the block instead of compiling it as a doctest.
                out.push_str("```text\n");
                out.push_str(&text.replace("```", "'''"));
                out.push_str("\n```");
            } else {
                out.push_str(&text);
            }
            previous = Some(kind);
        }
        out
    }
}

/// Links whose target rustdoc can show: absolute URLs and mail addresses. Relative links in AWS
/// docs point into pages that do not exist beside the generated crate.
fn is_link_target(href: &str) -> bool {
    let href = href.trim();
    (href.starts_with("http://") || href.starts_with("https://") || href.starts_with("mailto:"))
        && !href.contains(char::is_whitespace)
        && !href.contains(['(', ')', '<', '>'])
}

/// Escapes the characters Markdown would read as markup in text that came from HTML.
fn escape_markdown(text: &str, link_urls: bool, out: &mut String) {
    let mut rest = text;
    let mut previous: Option<char> = out.chars().last();
    while let Some(c) = rest.chars().next() {
        if link_urls {
            if let Some(len) = url_len(rest) {
                out.push('<');
                out.push_str(&rest[..len]);
                out.push('>');
                previous = Some('>');
                rest = &rest[len..];
                continue;
            }
        }
        let next = rest[c.len_utf8()..].chars().next();
        match c {
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // An underscore inside a word (`next_token`) is not emphasis; one at a word's edge may be.
            '_' if !(previous.is_some_and(|p| p.is_alphanumeric()) && next.is_some_and(|n| n.is_alphanumeric())) => {
                out.push_str("\\_");
            }
            _ => out.push(c),
        }
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
}

/// A paragraph that starts like a heading, quote or list item is escaped so it stays a paragraph.
fn escape_line_start(text: &str) -> String {
    let starts_block = text.starts_with(['#', '>', '-', '+', '=', '~'])
        || text.split_once(['.', ')']).is_some_and(|(n, _)| !n.is_empty() && n.len() < 10 && n.bytes().all(|b| b.is_ascii_digit()));
    if starts_block {
        format!("\\{text}")
    } else {
        text.to_owned()
    }
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn attribute(attributes: &str, name: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower[search..].find(name) {
        let at = search + found;
        search = at + name.len();
        let boundary = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attributes[at + name.len()..].trim_start();
        if !boundary || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_owned(),
            _ => value.split(char::is_whitespace).next().unwrap_or("").to_owned(),
        });
    }
    None
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| Some((entity(&rest[1..end])?, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "ndash" => Some('\u{2013}'),
        "mdash" => Some('\u{2014}'),
        "hellip" => Some('\u{2026}'),
        "rsquo" => Some('\u{2019}'),
        "lsquo" => Some('\u{2018}'),
        "rdquo" => Some('\u{201d}'),
        "ldquo" => Some('\u{201c}'),
        "copy" => Some('\u{a9}'),
        "reg" => Some('\u{ae}'),
        "trade" => Some('\u{2122}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_code_and_links() {
        let html = "<p>Returns the <code>nextPageToken</code> of <a href=\"https://docs.aws.amazon.com/x\">the guide</a>.</p>\n<p>Second &amp; last.</p>";
        assert_eq!(to_markdown(html), "Returns the `nextPageToken` of [the guide](https://docs.aws.amazon.com/x).\n\nSecond & last.");
    }

    #[test]
    fn lists_nest() {
        let html = "<p>Either:</p><ul><li><p>one <i>thing</i></p></li><li>two<ul><li>deep</li></ul></li></ul><p>End</p>";
        assert_eq!(to_markdown(html), "Either:\n\n- one *thing*\n- two\n  - deep\n\nEnd");
    }

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        let html = "<p>A list&lt;String&gt; [max 5] and *stars* _x_ with next_token, see https://example.com/a.</p>";
        assert_eq!(
            to_markdown(html),
            "A list&lt;String&gt; \\[max 5\\] and \\*stars\\* \\_x\\_ with next_token, see <https://example.com/a>."
        );
    }

    #[test]
    fn bold_with_spaces_and_unclosed_tags() {
        assert_eq!(to_markdown("<p>a<b> bold </b>b</p><p>open <code>x"), "a **bold** b\n\nopen x");
    }

    #[test]
    fn pre_blocks_are_text_fences() {
        assert_eq!(to_markdown("<p>Example:</p><pre><code>{\"a\": 1}</code></pre>"), "Example:\n\n```text\n{\"a\": 1}\n```");
    }

    #[test]
    fn relative_links_keep_only_their_text() {
        assert_eq!(to_markdown("<p>See <a href=\"../guide\">guide</a>.</p>"), "See guide.");
    }

    #[test]
    fn plain_text_keeps_markdown() {
        assert_eq!(to_markdown("Use `x` or [y](https://y.dev) [not a link]"), "Use `x` or [y](https://y.dev) \\[not a link\\]");
    }

    #[test]
    fn numbered_start_stays_a_paragraph() {
        assert_eq!(to_markdown("<p>2. not a list</p>"), "\\2. not a list");
    }
}
