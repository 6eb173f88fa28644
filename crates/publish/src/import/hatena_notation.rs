//! Hatena Blog's "Hatena notation" (はてな記法) to the Markdown fumi reads, for entries
//! exported from Hatena Blog in that mode. Pure text work, line by line: block rules
//! (headings, lists, tables, code, quotes) decide what a line is, inline rules (links,
//! footnotes, images, ids, TeX) rewrite what it says, and everything else is escaped
//! so that the reader sees the same characters Hatena showed.
//!
//! What cannot come over (raw HTML, link titles Hatena fetched, notations fumi has no
//! counterpart for) stays visible as text and is named in the notes.

/// What a converted body comes with: things that could not be converted and were kept as visible text, said for the import report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Converted {
    pub markdown: String,
    pub notes: Vec<String>,
}

/// Converts the body of one entry written in Hatena notation.
pub fn to_markdown(source: &str) -> Converted {
    let text = source.trim_start_matches('\u{feff}').replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut converter =
        Converter { lines: &lines, next: 0, footnotes: Vec::new(), notes: Vec::new(), tags: 0, comments: 0 };
    let blocks = converter.blocks(None);
    converter.finish(blocks)
}

/// A piece of converted inline text: Markdown, or an embed (`:embed`), which becomes
/// a bare-URL paragraph of its own where a paragraph can be split.
enum Run {
    Markdown(String),
    Embed(String),
}

struct Converter<'a> {
    lines: &'a [&'a str],
    /// Index of the next line to read.
    next: usize,
    /// Footnote texts (already Markdown), numbered in reading order.
    footnotes: Vec<String>,
    notes: Vec<String>,
    /// Inline HTML tags and comments removed, reported once as counts.
    tags: usize,
    comments: usize,
}

impl<'a> Converter<'a> {
    /// Reads blocks up to the end of the body, or up to the `<<` closing the quote
    /// opened at line `quote`.
    fn blocks(&mut self, quote: Option<usize>) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(&raw) = self.lines.get(self.next) {
            let line = raw.trim_end();
            let number = self.next + 1;
            if quote.is_some() && line == "<<" {
                self.next += 1;
                return out;
            }
            if let Some(lang) = super_pre_start(line) {
                self.next += 1;
                out.push(self.code_block(lang, number, |l| (l == "||<").then_some("")));
            } else if line == ">|" {
                self.next += 1;
                out.push(self.code_block("", number, |l| l.strip_suffix("|<")));
            } else if line == ">>" {
                self.next += 1;
                let inner = self.blocks(Some(number));
                out.extend(quoted(&inner, None));
            } else if let Some(cite) = quote_source(line) {
                self.next += 1;
                let source = self.cite(cite);
                let inner = self.blocks(Some(number));
                out.extend(quoted(&inner, Some(&source)));
            } else if line.starts_with("><") {
                out.extend(self.raw_html(number));
            } else if line == "====" || line == "=====" {
                // The "read more" separator: fumi shows the whole post.
                self.next += 1;
            } else if line.starts_with('*') {
                self.next += 1;
                out.extend(self.heading(line));
            } else if line.starts_with(['-', '+']) {
                out.extend(self.list());
            } else if is_table_row(line) {
                out.push(self.table());
            } else if line.trim().is_empty() {
                self.next += 1;
            } else if let Some((term, description)) = definition(line) {
                self.next += 1;
                out.extend(self.definition(term, description));
            } else {
                let text = self.paragraph_text();
                out.extend(self.paragraphs(&text));
            }
        }
        if let Some(number) = quote {
            self.notes.push(format!("quote opened at line {number} is not closed: it runs to the end of the entry"));
        }
        out
    }

    /// The fenced block of `>|lang|`…`||<` (or `>|`…`|<`); `close` says whether a line
    /// ends the block and what of it is still content.
    fn code_block(&mut self, lang: &str, number: usize, close: impl Fn(&str) -> Option<&str>) -> String {
        let mut code: Vec<&str> = Vec::new();
        let mut closed = false;
        while let Some(&line) = self.lines.get(self.next) {
            self.next += 1;
            if let Some(last) = close(line.trim_end()) {
                if !last.is_empty() {
                    code.push(last);
                }
                closed = true;
                break;
            }
            code.push(line);
        }
        if !closed {
            self.notes
                .push(format!("code block opened at line {number} is not closed: it runs to the end of the entry"));
            while code.last().is_some_and(|l| l.trim().is_empty()) {
                code.pop();
            }
        }
        fenced(lang, &code)
    }

    /// `><…><`: raw HTML, which fumi never passes through, kept as code to read. A
    /// block that is only an HTML comment was invisible on Hatena and is dropped.
    fn raw_html(&mut self, number: usize) -> Option<String> {
        let first = self.lines[self.next].trim_end();
        self.next += 1;
        let mut html: Vec<&str> = Vec::new();
        let mut closed = false;
        if first.len() > 2 && first.ends_with("><") {
            html.push(&first[1..first.len() - 1]);
            closed = true;
        } else if first != "><" {
            html.push(&first[1..]);
        }
        while !closed {
            let Some(&line) = self.lines.get(self.next) else { break };
            self.next += 1;
            let line = line.trim_end();
            if let Some(last) = line.strip_suffix('<').filter(|_| line.ends_with("><")) {
                if line != "><" {
                    html.push(last);
                }
                closed = true;
            } else {
                html.push(line);
            }
        }
        if !closed {
            self.notes
                .push(format!("raw HTML block opened at line {number} is not closed: it runs to the end of the entry"));
        }
        let joined = html.join("\n");
        let trimmed = joined.trim();
        if trimmed.starts_with("<!--") && trimmed.find("-->") == Some(trimmed.len() - 3) {
            self.notes.push(format!("hidden HTML comment block dropped (line {number})"));
            return None;
        }
        self.notes.push(format!("raw HTML block kept as code (line {number}): fumi shows no raw HTML"));
        Some(fenced("html", &html))
    }

    /// `*見出し` is `##`, one more `#` per `*`; a leading `name*` anchor is dropped.
    fn heading(&mut self, line: &str) -> Option<String> {
        let stars = line.bytes().take_while(|&b| b == b'*').count();
        let text = &line[stars..];
        let text = without_anchor(text).unwrap_or(text);
        let content = self.inline_flat(text.trim());
        if content.is_empty() {
            return None;
        }
        Some(format!("{} {}", "#".repeat((stars + 1).min(6)), guard_closing_hashes(content)))
    }

    /// Consecutive `-`/`+` lines: the number of marks is the depth, the last mark the
    /// kind. Each level is indented to its parent's content, so nesting survives any
    /// mix of kinds.
    fn list(&mut self) -> Option<String> {
        let mut lines: Vec<String> = Vec::new();
        // Width of the marker ("- " or "1. ") of the open item at each level.
        let mut widths: Vec<usize> = Vec::new();
        while let Some(line) = self.lines.get(self.next).map(|l| l.trim_end()) {
            if !line.starts_with(['-', '+']) {
                break;
            }
            self.next += 1;
            let marks = line.bytes().take_while(|&b| b == b'-' || b == b'+').count();
            let ordered = line.as_bytes()[marks - 1] == b'+';
            let content = self.inline_flat(line[marks..].trim());
            if content.is_empty() {
                continue;
            }
            // A level can only open inside the one above it.
            let level = marks.min(widths.len() + 1);
            widths.truncate(level - 1);
            let indent: usize = widths.iter().sum();
            let marker = if ordered { "1." } else { "-" };
            widths.push(marker.len() + 1);
            lines.push(format!("{}{marker} {}", " ".repeat(indent), guard_block_start(content)));
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// Consecutive `|a|b|` lines as a GFM table: the first row is the header; `*` marks
    /// a header cell, shown bold outside the first row.
    fn table(&mut self) -> String {
        let mut rows: Vec<Vec<String>> = Vec::new();
        while let Some(line) = self.lines.get(self.next).map(|l| l.trim_end()) {
            if !is_table_row(line) {
                break;
            }
            self.next += 1;
            let first = rows.is_empty();
            let cells = line[1..line.len() - 1].split('|');
            let row = cells
                .map(|cell| {
                    let cell = cell.trim();
                    let (header, text) = match cell.strip_prefix('*') {
                        Some(text) => (true, text.trim()),
                        None => (false, cell),
                    };
                    let content = self.inline_flat(text).replace('|', "\\|");
                    if header && !first && !content.is_empty() {
                        format!("**{content}**")
                    } else {
                        content
                    }
                })
                .collect();
            rows.push(row);
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(1);
        let line = |row: &[String]| {
            let mut out = String::from("|");
            for column in 0..columns {
                out.push(' ');
                out.push_str(row.get(column).map_or("", String::as_str));
                out.push_str(" |");
            }
            out
        };
        let mut out = vec![line(&rows[0]), format!("|{}", "---|".repeat(columns))];
        out.extend(rows[1..].iter().map(|row| line(row)));
        out.join("\n")
    }

    /// `:term:description`: the term in bold, the description on the next line.
    fn definition(&mut self, term: &str, description: &str) -> Option<String> {
        let term = self.inline_flat(term.trim());
        let description = self.inline_flat(description.trim());
        match (term.is_empty(), description.is_empty()) {
            (true, true) => None, // only markup, e.g. tags
            (true, false) => Some(guard_block_start(description)),
            (false, true) => Some(format!("**{term}**")),
            (false, false) => Some(format!("**{term}**\\\n{}", guard_block_start(description))),
        }
    }

    /// The text of a paragraph line; an HTML comment opened on it and closed on a later
    /// line hid those lines on Hatena, so they are read together (and the comment goes).
    fn paragraph_text(&mut self) -> String {
        let line = self.lines[self.next];
        self.next += 1;
        let open = line.rfind("<!--").filter(|&at| !line[at..].contains("-->"));
        let closes = open.and_then(|_| self.lines[self.next..].iter().position(|l| l.contains("-->")));
        match closes {
            Some(offset) => {
                let text = self.lines[self.next - 1..=self.next + offset].join("\n");
                self.next += offset + 1;
                text
            }
            None => line.to_owned(),
        }
    }

    /// One text line: its own paragraph, split around embeds.
    fn paragraphs(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut current = String::new();
        let flush = |current: &mut String, out: &mut Vec<String>| {
            let paragraph = current.trim();
            if !paragraph.is_empty() {
                out.push(guard_block_start(paragraph.to_owned()));
            }
            current.clear();
        };
        for run in self.inline(text.trim()) {
            match run {
                Run::Markdown(markdown) => current.push_str(&markdown),
                Run::Embed(url) => {
                    flush(&mut current, &mut out);
                    out.push(guard_block_start(escape_text(&url)));
                }
            }
        }
        flush(&mut current, &mut out);
        out
    }

    /// The source line of `>URL>`: the address, or its title as a link.
    fn cite(&mut self, cite: &str) -> String {
        let (url, options, title) = split_link(cite);
        match title {
            Some(title) if !title.trim().is_empty() => {
                format!("[{}]({})", self.inline_flat(title.trim()), destination(url))
            }
            _ => {
                if options.contains(&"title") {
                    self.link_title_not_fetched(url);
                }
                autolink(url)
            }
        }
    }

    /// Inline conversion where no paragraph can be split (headings, list items, table
    /// cells, footnotes): an embed is a plain link there.
    fn inline_flat(&mut self, text: &str) -> String {
        let mut out = String::new();
        for run in self.inline(text) {
            match run {
                Run::Markdown(markdown) => out.push_str(&markdown),
                Run::Embed(url) => out.push_str(&autolink(&url)),
            }
        }
        out.trim().to_owned()
    }

    fn inline(&mut self, text: &str) -> Vec<Run> {
        let mut runs = Vec::new();
        let mut md = String::new();
        let mut at = 0;
        while at < text.len() {
            let rest = &text[at..];
            let boundary =
                text[..at].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric() && !"_-.:/@".contains(c));
            let url_boundary = text[..at].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric());
            if let Some(inner) = rest.strip_prefix(")((").and_then(|r| r.find("))(").map(|end| &r[..end])) {
                // `)((…))(` is how Hatena writes parentheses that are not a footnote.
                md.push_str(&escape_text(&format!("(({inner}))")));
                at += inner.len() + 6;
            } else if let Some(inner) =
                rest.strip_prefix("((").and_then(|r| r.find("))").map(|end| &r[..end])).filter(|i| !i.trim().is_empty())
            {
                let note = self.inline_flat(inner.trim());
                self.footnotes.push(note);
                md.push_str(&format!("[^{}]", self.footnotes.len()));
                at += inner.len() + 4;
            } else if let Some(inner) = rest.strip_prefix("[]").and_then(|r| r.find("[]").map(|end| &r[..end])) {
                // `[]…[]`: notation switched off, the text as written.
                md.push_str(&escape_text(inner));
                at += inner.len() + 4;
            } else if let Some((run, used)) = rest.starts_with('[').then(|| self.bracket(rest)).flatten() {
                match run {
                    Run::Markdown(markdown) => md.push_str(&markdown),
                    embed => {
                        runs.push(Run::Markdown(std::mem::take(&mut md)));
                        runs.push(embed);
                    }
                }
                at += used;
            } else if let Some(end) = rest.strip_prefix("<!--").and_then(|r| r.find("-->")) {
                self.comments += 1;
                at += end + 7;
            } else if let Some(used) = html_tag(rest) {
                self.tags += 1;
                at += used;
            } else if let Some(used) = bare_url(rest).filter(|_| url_boundary) {
                md.push_str(&escape_text(&rest[..used]));
                at += used;
            } else if let Some((image, used)) =
                rest.starts_with("f:id:").then(|| fotolife(rest, false)).flatten().filter(|_| boundary)
            {
                md.push_str(&image);
                at += used;
            } else if let Some(name) = rest.strip_prefix("id:").and_then(hatena_id).filter(|_| boundary) {
                let after = &rest[3 + name.len()..];
                let more = after.strip_prefix(':').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphanumeric()));
                if more {
                    // `id:foo:20210104` and the like point into the blog: kept as text.
                    md.push_str(&escape_text(&rest[..3 + name.len()]));
                } else {
                    md.push_str(&profile_link(name));
                }
                at += 3 + name.len();
            } else {
                let c = rest.chars().next().expect("inside the text");
                push_escaped(&mut md, c);
                at += c.len_utf8();
            }
        }
        runs.push(Run::Markdown(md));
        runs
    }

    /// A `[…]` notation at the start of `rest`: what it becomes and how many bytes it
    /// took; `None` when it is not one (plain brackets in prose).
    fn bracket(&mut self, rest: &str) -> Option<(Run, usize)> {
        if let Some(tex) = rest.strip_prefix("[tex:") {
            let (source, used) = tex_source(tex)?;
            return Some((Run::Markdown(format!("${}$", source.trim())), used + 5));
        }
        let end = rest.find(']')?;
        let inner = &rest[1..end];
        let used = end + 1;
        let run = if inner.starts_with("http://") || inner.starts_with("https://") {
            self.link(inner)?
        } else if inner.starts_with("f:id:") {
            match fotolife(inner, true) {
                Some((image, _)) => Run::Markdown(image),
                None => self.unknown(inner),
            }
        } else if inner == ":contents" {
            self.note_once("[:contents] dropped: fumi shows a table of contents itself");
            Run::Markdown(String::new())
        } else if let Some(name) =
            inner.strip_prefix("id:").and_then(hatena_id).filter(|name| name.len() + 3 == inner.len())
        {
            Run::Markdown(profile_link(name))
        } else if looks_like_notation(inner) {
            self.unknown(inner)
        } else {
            return None;
        };
        Some((run, used))
    }

    /// `[URL:options]`.
    fn link(&mut self, inner: &str) -> Option<Run> {
        let (url, options, title) = split_link(inner);
        if url.contains(char::is_whitespace) {
            return None;
        }
        if let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) {
            return Some(Run::Markdown(format!("[{}]({})", self.inline_flat(title), destination(url))));
        }
        let has = |option: &str| options.contains(&option);
        Some(if has("embed") {
            Run::Embed(url.to_owned())
        } else if has("image") {
            Run::Markdown(format!("![]({})", destination(url)))
        } else if has("title") {
            self.link_title_not_fetched(url);
            Run::Markdown(format!("[{}]({})", escape_text(url), destination(url)))
        } else {
            for option in options.iter().filter(|o| matches!(**o, "barcode" | "detail" | "movie")) {
                self.note_once(&format!("link option :{option} not supported: {url} kept as a plain link"));
            }
            Run::Markdown(autolink(url))
        })
    }

    fn link_title_not_fetched(&mut self, url: &str) {
        self.note_once(&format!("link title not fetched: {url} shows its address instead"));
    }

    /// A notation fumi has no counterpart for: kept visible, and said.
    fn unknown(&mut self, inner: &str) -> Run {
        let shown: String = inner.chars().take(60).collect();
        let ellipsis = if shown.len() < inner.len() { "…" } else { "" };
        self.note_once(&format!("notation [{shown}{ellipsis}] kept as text"));
        Run::Markdown(escape_text(&format!("[{inner}]")))
    }

    fn note_once(&mut self, note: &str) {
        if !self.notes.iter().any(|n| n == note) {
            self.notes.push(note.to_owned());
        }
    }

    fn finish(mut self, blocks: Vec<String>) -> Converted {
        let mut markdown = blocks.join("\n\n");
        for (index, note) in self.footnotes.iter().enumerate() {
            if !markdown.is_empty() {
                markdown.push_str("\n\n");
            }
            markdown.push_str(&format!("[^{}]: {}", index + 1, guard_block_start(note.clone())));
        }
        if !markdown.is_empty() {
            markdown.push('\n');
        }
        if self.tags > 0 {
            self.notes.push(format!("inline HTML tags removed ({})", self.tags));
        }
        if self.comments > 0 {
            self.notes.push(format!("HTML comments removed ({})", self.comments));
        }
        Converted { markdown, notes: self.notes }
    }
}

/// The language of a `>|lang|` / `>||` / `>|?|` line (`?`: Hatena guesses, fumi
/// cannot).
fn super_pre_start(line: &str) -> Option<&str> {
    let lang = line.strip_prefix(">|")?.strip_suffix('|')?;
    if lang.contains(|c: char| c == '|' || c.is_whitespace()) {
        return None;
    }
    Some(if lang == "?" { "" } else { lang })
}

/// The inside of `>URL>`, the quote that names its source.
fn quote_source(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('>')?.strip_suffix('>')?;
    (inner.starts_with("http://") || inner.starts_with("https://")).then_some(inner)
}

fn is_table_row(line: &str) -> bool {
    line.len() >= 2 && line.starts_with('|') && line.ends_with('|')
}

/// `:term:description`.
fn definition(line: &str) -> Option<(&str, &str)> {
    line.strip_prefix(':')?
        .split_once(':')
        .filter(|(term, description)| !(term.trim().is_empty() && description.trim().is_empty()))
}

/// A heading's text without its `p1*` / `1234567890*` / `name*` anchor.
fn without_anchor(text: &str) -> Option<&str> {
    let (anchor, rest) = text.split_once('*')?;
    let is_anchor = !anchor.is_empty() && anchor.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (is_anchor && !rest.trim().is_empty()).then_some(rest)
}

/// A fence long enough for what it holds.
fn fenced(lang: &str, lines: &[&str]) -> String {
    let longest = lines.iter().flat_map(|line| line.split(|c| c != '`')).map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let mut out = format!("{fence}{lang}\n");
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&fence);
    out
}

/// Blocks inside a quote, each line behind `> `, with the source last.
fn quoted(blocks: &[String], source: Option<&str>) -> Option<String> {
    let mut body = blocks.join("\n\n");
    if let Some(source) = source {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str("— ");
        body.push_str(source);
    }
    if body.is_empty() {
        return None;
    }
    let lines: Vec<String> =
        body.lines().map(|l| if l.is_empty() { ">".to_owned() } else { format!("> {l}") }).collect();
    Some(lines.join("\n"))
}

/// Splits `URL:opt:opt` / `URL:title=…` into the address, the options Hatena knows
/// at its end, and the title. A port (`:8080`) is not an option and stays.
fn split_link(inner: &str) -> (&str, Vec<&str>, Option<&str>) {
    let (mut url, title) = match inner.find(":title=") {
        Some(at) => (&inner[..at], Some(&inner[at + ":title=".len()..])),
        None => (inner, None),
    };
    let mut options = Vec::new();
    while let Some((head, option)) = url.rsplit_once(':') {
        let known = matches!(
            option,
            "title" | "embed" | "cite" | "bookmark" | "image" | "barcode" | "detail" | "movie" | "plain"
        );
        if !known {
            break;
        }
        options.push(option);
        url = head;
    }
    (url, options, title)
}

/// `<URL>`, or a link with the address as text when it cannot be an autolink.
fn autolink(url: &str) -> String {
    if url.contains(|c: char| c.is_whitespace() || c.is_control() || c == '<' || c == '>') {
        format!("[{}]({})", escape_text(url), destination(url))
    } else {
        format!("<{url}>")
    }
}

/// A URL as a link destination.
fn destination(url: &str) -> String {
    let encoded = url.replace('\\', "%5C").replace(' ', "%20").replace('<', "%3C").replace('>', "%3E");
    if encoded.contains(['(', ')']) {
        format!("<{encoded}>")
    } else {
        encoded
    }
}

fn profile_link(name: &str) -> String {
    format!("[id:{}](https://profile.hatena.ne.jp/{name}/)", escape_text(name))
}

/// A Hatena id at the start of `text` (a letter, then 1 to 31 letters, digits, `_`,
/// `-`), if that is all the word holds.
fn hatena_id(text: &str) -> Option<&str> {
    let len = text.bytes().take_while(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-').count();
    let valid = (2..=32).contains(&len) && text.as_bytes()[0].is_ascii_alphabetic();
    valid.then(|| &text[..len])
}

/// `f:id:USER:YYYYMMDDhhmmssT:options` (`T`: p png, g gif, anything else jpg) as an
/// image from Hatena Fotolife. Inside brackets the options run to the end and may
/// give `title=`/`alt=` text; bare, they are the `:word` runs that follow.
fn fotolife(text: &str, bracketed: bool) -> Option<(String, usize)> {
    let after_id = text.strip_prefix("f:id:")?;
    let user = hatena_id(after_id)?;
    let after_user = after_id[user.len()..].strip_prefix(':')?;
    let digits = after_user.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 14 {
        return None;
    }
    let stamp = &after_user[..14];
    let kind = after_user[14..].chars().next().filter(char::is_ascii_alphabetic);
    let ext = match kind {
        Some('p') => "png",
        Some('g') => "gif",
        _ => "jpg",
    };
    let options_at = 14 + kind.map_or(0, |_| 1);
    let options = &after_user[options_at..];
    let (options_len, alt) = if bracketed {
        if !options.is_empty() && !options.starts_with(':') {
            return None;
        }
        (options.len(), image_text(options, ":alt=").or_else(|| image_text(options, ":title=")))
    } else {
        let mut len = 0;
        while let Some(word) = options[len..].strip_prefix(':') {
            let word_len = word.bytes().take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit()).count();
            if word_len == 0 {
                break;
            }
            len += word_len + 1;
        }
        (len, None)
    };
    let url =
        format!("https://cdn-ak.f.st-hatena.com/images/fotolife/{}/{user}/{}/{stamp}.{ext}", &user[..1], &stamp[..8]);
    let used = text.len() - options.len() + options_len;
    Some((format!("![{}]({url})", escape_text(alt.unwrap_or_default().trim())), used))
}

/// The value of `key` (`:alt=`, `:title=`) among a Fotolife image's options: up to
/// the other key, or the end.
fn image_text<'t>(options: &'t str, key: &str) -> Option<&'t str> {
    let value = &options[options.find(key)? + key.len()..];
    let end = [":alt=", ":title="].iter().filter_map(|k| value.find(k)).min().unwrap_or(value.len());
    Some(&value[..end])
}

/// The TeX of `[tex:…]` (after the prefix) and the bytes up to its `]`; Hatena
/// writes a `]` inside as `\]`.
fn tex_source(text: &str) -> Option<(String, usize)> {
    let mut source = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|&(_, next)| next == ']') => {
                chars.next();
                source.push(']');
            }
            ']' => return Some((source, at + 1)),
            c => source.push(c),
        }
    }
    None
}

/// `[name:…]` / `[:name]`, the shape of Hatena's bracket notations, as against
/// brackets in prose (`[注]`, `[Note: …]`).
fn looks_like_notation(inner: &str) -> bool {
    let name = inner.strip_prefix(':').unwrap_or(inner);
    let len = name.bytes().take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_').count();
    len > 0 && name.as_bytes()[0].is_ascii_lowercase() && (inner.starts_with(':') || name[len..].starts_with(':'))
}

/// The length of a bare `http(s)://` URL at the start of `text`.
fn bare_url(text: &str) -> Option<usize> {
    let scheme = if text.starts_with("https://") {
        8
    } else if text.starts_with("http://") {
        7
    } else {
        return None;
    };
    let len = text[scheme..].bytes().take_while(|&b| b.is_ascii_graphic() && !b"<>\"[]{}|\\^`".contains(&b)).count();
    (len > 0).then_some(scheme + len)
}

/// The length of an HTML tag (`<b>`, `</span>`, `<br />`, `<a href="…">`) at the
/// start of `text`.
fn html_tag(text: &str) -> Option<usize> {
    let name = text.strip_prefix('<')?;
    let name = name.strip_prefix('/').unwrap_or(name);
    let name_len = name.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
    if name_len == 0 || !name.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let after_name = &name[name_len..];
    if !after_name.starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>') {
        return None;
    }
    let mut quote = None;
    for (at, c) in after_name.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(text.len() - after_name.len() + at + 1),
            _ => {}
        }
    }
    None
}

/// Escapes what Markdown would read as markup anywhere in a line. `$` too: fumi's
/// TeX is `$…$`.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '$') {
        out.push('\\');
    }
    out.push(c);
}

/// Escapes what Markdown reads as markup only at the start of a block: headings,
/// quotes, list markers, setext underlines.
fn guard_block_start(markdown: String) -> String {
    let digits = markdown.bytes().take_while(u8::is_ascii_digit).count();
    if markdown.starts_with(['#', '>', '-', '+', '=']) {
        format!("\\{markdown}")
    } else if (1..=9).contains(&digits) && markdown[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &markdown[..digits], &markdown[digits..])
    } else {
        markdown
    }
}

/// A heading ending in `#` would lose it as a closing sequence.
fn guard_closing_hashes(mut heading: String) -> String {
    if heading.ends_with('#') {
        heading.insert(heading.len() - 1, '\\');
    }
    heading
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(source: &str) -> String {
        to_markdown(source).markdown
    }

    fn html(markdown: &str) -> String {
        fumi_content::markdown::render(markdown).html
    }

    #[test]
    fn each_text_line_is_its_own_paragraph() {
        assert_eq!(md("今日は晴れ。\n明日は雨。\n"), "今日は晴れ。\n\n明日は雨。\n");
    }

    #[test]
    fn blank_lines_collapse() {
        assert_eq!(md("一行目\n\n\n\n二行目\n\n"), "一行目\n\n二行目\n");
    }

    #[test]
    fn crlf_line_ends_are_read_as_newlines() {
        assert_eq!(md("*見出し\r\n本文\r\n"), "## 見出し\n\n本文\n");
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_first_heading() {
        assert_eq!(md("\u{feff}*見出し"), "## 見出し\n");
    }

    #[test]
    fn an_empty_body_stays_empty() {
        assert_eq!(to_markdown(""), Converted::default());
        assert_eq!(md("\n\n"), "");
    }

    #[test]
    fn stars_become_headings_below_the_title() {
        assert_eq!(md("*見出し\n**小見出し\n***小小見出し\n"), "## 見出し\n\n### 小見出し\n\n#### 小小見出し\n");
    }

    #[test]
    fn heading_anchors_are_dropped() {
        assert_eq!(md("*p1*はじめに"), "## はじめに\n");
        assert_eq!(md("*1234567890*時刻つき"), "## 時刻つき\n");
        assert_eq!(md("**my-name*名前つき"), "### 名前つき\n");
    }

    #[test]
    fn a_star_inside_heading_text_is_not_an_anchor() {
        assert_eq!(md("*注意*ここ"), "## 注意\\*ここ\n");
    }

    #[test]
    fn a_heading_ending_in_a_hash_keeps_it() {
        let out = md("*C#");
        assert_eq!(out, "## C\\#\n");
        assert!(html(&out).contains("C#"), "{}", html(&out));
    }

    #[test]
    fn dash_lists_nest_two_spaces_per_level() {
        assert_eq!(md("- りんご\n-- ふじ\n--- 長野産\n- みかん\n"), "- りんご\n  - ふじ\n    - 長野産\n- みかん\n");
    }

    #[test]
    fn plus_lists_are_numbered_and_nest_three_spaces_per_level() {
        assert_eq!(md("+ 準備\n++ 材料を買う\n+ 調理\n"), "1. 準備\n   1. 材料を買う\n1. 調理\n");
    }

    #[test]
    fn mixed_lists_nest_under_their_parents_content() {
        let out = md("+ 手順\n+- 注意点\n+-+ 細目\n");
        assert_eq!(out, "1. 手順\n   - 注意点\n     1. 細目\n");
        let rendered = html(&out);
        assert_eq!(rendered.matches("<ol>").count(), 2, "{rendered}");
        assert_eq!(rendered.matches("<ul>").count(), 1, "{rendered}");
    }

    #[test]
    fn list_markers_need_no_space() {
        assert_eq!(md("-項目\n--子項目\n"), "- 項目\n  - 子項目\n");
    }

    #[test]
    fn a_skipped_list_level_nests_one_deeper() {
        assert_eq!(md("- 親\n--- 孫\n"), "- 親\n  - 孫\n");
    }

    #[test]
    fn list_item_text_that_looks_like_markup_stays_text() {
        let out = md("- # 番号\n- 1. 番目\n");
        assert_eq!(out, "- \\# 番号\n- 1\\. 番目\n");
        assert!(!html(&out).contains("<h"), "{}", html(&out));
    }

    #[test]
    fn super_pre_becomes_a_fence_with_its_language() {
        let out = md(">|python|\ndef f(*args):\n    return [a for a in args]  # ((注)) id:foo\n||<\n");
        assert_eq!(out, "```python\ndef f(*args):\n    return [a for a in args]  # ((注)) id:foo\n```\n");
    }

    #[test]
    fn super_pre_without_a_known_language_is_a_plain_fence() {
        assert_eq!(md(">||\nx = 1\n||<"), "```\nx = 1\n```\n");
        assert_eq!(md(">|?|\nx = 1\n||<"), "```\nx = 1\n```\n");
    }

    #[test]
    fn pre_blocks_become_plain_fences() {
        assert_eq!(md(">|\n  整形済み\n|<\n"), "```\n  整形済み\n```\n");
        assert_eq!(md(">|\n一行目\n二行目|<\n"), "```\n一行目\n二行目\n```\n");
    }

    #[test]
    fn code_holding_a_fence_gets_a_longer_one() {
        assert_eq!(md(">|md|\n```rust\nfn main() {}\n```\n||<"), "````md\n```rust\nfn main() {}\n```\n````\n");
    }

    #[test]
    fn an_unclosed_code_block_runs_to_the_end_and_is_noted() {
        let out = to_markdown("前置き\n>|sh|\necho 1\n\n*見出しではない\n");
        assert_eq!(out.markdown, "前置き\n\n```sh\necho 1\n\n*見出しではない\n```\n");
        assert_eq!(out.notes, ["code block opened at line 2 is not closed: it runs to the end of the entry"]);
    }

    #[test]
    fn quotes_prefix_their_converted_lines() {
        assert_eq!(md(">>\n一文目\n*見出し\n<<\n後の文\n"), "> 一文目\n>\n> ## 見出し\n\n後の文\n");
    }

    #[test]
    fn quotes_nest() {
        let out = md(">>\n外側\n>>\n内側\n<<\n<<\n");
        assert_eq!(out, "> 外側\n>\n> > 内側\n");
        assert_eq!(html(&out).matches("<blockquote>").count(), 2, "{}", html(&out));
    }

    #[test]
    fn a_quote_with_a_source_ends_with_it() {
        assert_eq!(md(">https://example.com/>\n引用文\n<<"), "> 引用文\n>\n> — <https://example.com/>\n");
        assert_eq!(
            md(">https://example.com/:title=出典>\n引用文\n<<"),
            "> 引用文\n>\n> — [出典](https://example.com/)\n"
        );
    }

    #[test]
    fn a_code_line_reading_lt_lt_does_not_close_the_quote() {
        assert_eq!(md(">>\n>||\n<<\n||<\n<<\n後"), "> ```\n> <<\n> ```\n\n後\n");
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end_and_is_noted() {
        let out = to_markdown("前\n>>\n引用\n");
        assert_eq!(out.markdown, "前\n\n> 引用\n");
        assert_eq!(out.notes, ["quote opened at line 2 is not closed: it runs to the end of the entry"]);
    }

    #[test]
    fn raw_html_blocks_are_kept_as_html_code() {
        let out = to_markdown("><div class=\"box\">\n<p>枠</p>\n</div><\n後\n");
        assert_eq!(out.markdown, "```html\n<div class=\"box\">\n<p>枠</p>\n</div>\n```\n\n後\n");
        assert_eq!(out.notes, ["raw HTML block kept as code (line 1): fumi shows no raw HTML"]);
    }

    #[test]
    fn a_raw_html_block_can_be_one_line() {
        assert_eq!(md("><span>一行</span><"), "```html\n<span>一行</span>\n```\n");
    }

    #[test]
    fn a_raw_block_holding_only_a_comment_is_dropped() {
        let out = to_markdown("><!--\n下書き\n--><\n本文\n");
        assert_eq!(out.markdown, "本文\n");
        assert_eq!(out.notes, ["hidden HTML comment block dropped (line 1)"]);
    }

    #[test]
    fn the_read_more_separator_is_removed() {
        let out = to_markdown("導入\n====\n続き\n=====\n");
        assert_eq!(out.markdown, "導入\n\n続き\n");
        assert!(out.notes.is_empty());
    }

    #[test]
    fn tables_take_their_first_row_as_header() {
        let out = md("|*言語|*用途|\n|Rust|CLI|\n|Go|サーバ|\n");
        assert_eq!(out, "| 言語 | 用途 |\n|---|---|\n| Rust | CLI |\n| Go | サーバ |\n");
        assert!(html(&out).contains("<th"), "{}", html(&out));
    }

    #[test]
    fn a_table_without_header_marks_still_uses_its_first_row() {
        assert_eq!(md("|a|b|\n|c|d|"), "| a | b |\n|---|---|\n| c | d |\n");
    }

    #[test]
    fn header_cells_below_the_first_row_are_bold() {
        assert_eq!(md("|*項目|*値|\n|*幅|300|"), "| 項目 | 値 |\n|---|---|\n| **幅** | 300 |\n");
    }

    #[test]
    fn short_table_rows_are_padded() {
        assert_eq!(md("|*a|*b|*c|\n|1|"), "| a | b | c |\n|---|---|---|\n| 1 |  |  |\n");
    }

    #[test]
    fn footnotes_are_numbered_and_defined_at_the_end() {
        let out = md("本文((最初の注))です。\n続き((二つ目の注))。\n");
        assert_eq!(out, "本文[^1]です。\n\n続き[^2]。\n\n[^1]: 最初の注\n\n[^2]: 二つ目の注\n");
        let rendered = html(&out);
        assert!(rendered.contains("最初の注") && rendered.contains("footnote"), "{rendered}");
    }

    #[test]
    fn parentheses_escaped_from_footnotes_stay_literal() {
        assert_eq!(md("関数 f)((x))( を呼ぶ"), "関数 f((x)) を呼ぶ\n");
    }

    #[test]
    fn a_link_with_a_title_shows_the_title() {
        assert_eq!(md("[https://example.com/:title=例のサイト]を見る"), "[例のサイト](https://example.com/)を見る\n");
    }

    #[test]
    fn a_title_to_fetch_shows_the_address_and_is_noted() {
        let out = to_markdown("[https://example.com/:title]");
        assert_eq!(out.markdown, "[https://example.com/](https://example.com/)\n");
        assert_eq!(out.notes, ["link title not fetched: https://example.com/ shows its address instead"]);
    }

    #[test]
    fn an_embed_is_a_bare_url_paragraph() {
        assert_eq!(md("[https://example.com/a:embed:cite]"), "https://example.com/a\n");
        assert_eq!(md("[https://example.com/a:embed]"), "https://example.com/a\n");
    }

    #[test]
    fn an_embed_inside_a_line_splits_the_paragraph() {
        assert_eq!(md("参考:[https://example.com/:embed]以上"), "参考:\n\nhttps://example.com/\n\n以上\n");
    }

    #[test]
    fn an_embed_where_a_paragraph_cannot_split_is_a_link() {
        assert_eq!(md("- [https://example.com/:embed]"), "- <https://example.com/>\n");
    }

    #[test]
    fn bookmark_and_plain_bracket_links_become_autolinks() {
        assert_eq!(md("[https://example.com/:bookmark]"), "<https://example.com/>\n");
        assert_eq!(md("[https://example.com/]"), "<https://example.com/>\n");
    }

    #[test]
    fn a_port_is_not_a_link_option() {
        assert_eq!(md("[http://localhost:8080/:title=手元]"), "[手元](http://localhost:8080/)\n");
        assert_eq!(md("[http://localhost:8080]"), "<http://localhost:8080>\n");
    }

    #[test]
    fn link_addresses_with_parentheses_stay_whole() {
        let out = md("[https://ja.wikipedia.org/wiki/Rust_(言語):title=Rust]");
        assert_eq!(out, "[Rust](<https://ja.wikipedia.org/wiki/Rust_(言語)>)\n");
        assert!(
            html(&out).contains("Rust_(%E8%A8%80%E8%AA%9E)") || html(&out).contains("Rust_(言語)"),
            "{}",
            html(&out)
        );
    }

    #[test]
    fn bare_urls_stay_as_text() {
        assert_eq!(
            md("詳しくは https://example.com/a_b?id:foo を参照"),
            "詳しくは https://example.com/a\\_b?id:foo を参照\n"
        );
    }

    #[test]
    fn link_suppression_keeps_the_text() {
        assert_eq!(md("[]https://example.com/[] と []id:foo[]"), "https://example.com/ と id:foo\n");
    }

    #[test]
    fn hatena_ids_link_to_their_profile() {
        assert_eq!(md("id:taro さんの記事"), "[id:taro](https://profile.hatena.ne.jp/taro/) さんの記事\n");
        assert_eq!(md("[id:taro]"), "[id:taro](https://profile.hatena.ne.jp/taro/)\n");
    }

    #[test]
    fn ids_pointing_into_a_blog_or_inside_words_stay_text() {
        assert_eq!(md("id:taro:20210104 を参照"), "id:taro:20210104 を参照\n");
        assert_eq!(md("userid:taro と b:id:taro"), "userid:taro と b:id:taro\n");
    }

    #[test]
    fn fotolife_images_point_at_hatenas_cdn() {
        assert_eq!(
            md("[f:id:taro:20210104123456p:plain]"),
            "![](https://cdn-ak.f.st-hatena.com/images/fotolife/t/taro/20210104/20210104123456.png)\n"
        );
        assert_eq!(
            md("[f:id:taro:20210104123456j:plain:w300]"),
            "![](https://cdn-ak.f.st-hatena.com/images/fotolife/t/taro/20210104/20210104123456.jpg)\n"
        );
        assert_eq!(
            md("[f:id:taro:20210104123456g:image]"),
            "![](https://cdn-ak.f.st-hatena.com/images/fotolife/t/taro/20210104/20210104123456.gif)\n"
        );
    }

    #[test]
    fn fotolife_titles_and_alts_become_alt_text() {
        let url = "https://cdn-ak.f.st-hatena.com/images/fotolife/t/taro/20210104/20210104123456.png";
        assert_eq!(md("[f:id:taro:20210104123456p:plain:title=構成図]"), format!("![構成図]({url})\n"));
        assert_eq!(md("[f:id:taro:20210104123456p:plain:alt=構成図:title=題]"), format!("![構成図]({url})\n"));
    }

    #[test]
    fn bare_fotolife_images_are_recognised() {
        assert_eq!(
            md("写真 f:id:taro:20210104123456p:plain:w640 です"),
            "写真 ![](https://cdn-ak.f.st-hatena.com/images/fotolife/t/taro/20210104/20210104123456.png) です\n"
        );
    }

    #[test]
    fn tex_becomes_dollar_math() {
        assert_eq!(md("式 [tex:x^2 + y^2] です"), "式 $x^2 + y^2$ です\n");
        assert_eq!(md("[tex:\\left[ a \\right\\]]"), "$\\left[ a \\right]$\n");
    }

    #[test]
    fn the_contents_notation_is_dropped_once_noted() {
        let out = to_markdown("[:contents]\n本文\n[:contents]\n");
        assert_eq!(out.markdown, "本文\n");
        assert_eq!(out.notes, ["[:contents] dropped: fumi shows a table of contents itself"]);
    }

    #[test]
    fn unknown_notations_are_kept_visible_and_noted() {
        let out = to_markdown("[google:はてな] で検索");
        assert_eq!(out.markdown, "\\[google:はてな\\] で検索\n");
        assert_eq!(out.notes, ["notation [google:はてな] kept as text"]);
        assert!(html(&out.markdown).contains("[google:はてな]"));
    }

    #[test]
    fn brackets_in_prose_are_not_notations() {
        let out = to_markdown("[注] と [Note: x] と [2021]");
        assert_eq!(out.markdown, "\\[注\\] と \\[Note: x\\] と \\[2021\\]\n");
        assert!(out.notes.is_empty());
    }

    #[test]
    fn an_asterisk_in_prose_renders_as_an_asterisk() {
        let rendered = html(&md("計算は 2 * 3 * 4 で、*強調ではない*。"));
        assert!(rendered.contains("2 * 3 * 4 で、*強調ではない*。"), "{rendered}");
        assert!(!rendered.contains("<em>"), "{rendered}");
    }

    #[test]
    fn line_starts_that_markdown_reads_as_blocks_stay_text() {
        for line in ["#タグ", "> 引用ではない", "1. 番号ではない", "2021) 年", "= 等号", "<br は閉じていない"]
        {
            let out = md(line);
            let rendered = html(&out);
            assert!(rendered.starts_with("<p>"), "{line}: {out:?} → {rendered}");
        }
    }

    #[test]
    fn plain_prose_reads_exactly_as_written() {
        let lines = [
            "今日は *晴れ* でした。",
            "snake_case_name と __init__ を使う",
            "1. で始まる文",
            "# で始まる文",
            "> で始まる文",
            "バックスラッシュ \\ とバッククォート ` と ~チルダ~",
            "価格は $5 から $10 です",
            "a < b かつ c > d",
            "[注] 角括弧と ![画像ではない]",
            "10. 番目の項目",
            "文中の **太字ではない** と `コードではない`",
            "「かぎ括弧」と（全角括弧）と……三点リーダー",
        ];
        for line in lines {
            let out = md(line);
            let blocks = fumi_content::prose::prose_blocks(&out);
            let read: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
            assert_eq!(read, [line], "{out:?}");
        }
    }

    #[test]
    fn inline_html_tags_are_removed_and_counted() {
        let out = to_markdown("<span style=\"color: red\">赤い</span>文字<br>と<b>太字</b>\n");
        assert_eq!(out.markdown, "赤い文字と太字\n");
        assert_eq!(out.notes, ["inline HTML tags removed (5)"]);
    }

    #[test]
    fn html_comments_are_removed_even_across_lines() {
        let out = to_markdown("見える<!-- 隠す -->文\n前<!--\n*隠れた見出し\n-->後\n");
        assert_eq!(out.markdown, "見える文\n\n前後\n");
        assert_eq!(out.notes, ["HTML comments removed (2)"]);
    }

    #[test]
    fn definition_lines_show_the_term_in_bold_above_the_description() {
        let out = md(":用語:その説明\n");
        assert_eq!(out, "**用語**\\\nその説明\n");
        assert!(html(&out).contains("<strong>用語</strong><br />"), "{}", html(&out));
    }

    #[test]
    fn a_line_of_colons_is_text_not_a_definition() {
        assert_eq!(md("::"), "::\n");
    }

    #[test]
    fn a_realistic_entry_converts_as_a_whole() {
        let source = "[:contents]\n\
*p1*はじめに\n\
Kubernetes の運用で学んだこと((2021年時点の話です。))をまとめます。\n\
\n\
[https://kubernetes.io/docs/:embed:cite]\n\
\n\
**手順\n\
+ クラスタを作る\n\
++ eksctl を使う\n\
+ デプロイする\n\
- 注意: 料金がかかる\n\
\n\
>|python|\n\
def main(*args):\n    items = [x * 2 for x in args]\n\
||<\n\
\n\
構成図です。\n\
[f:id:taro:20210104123456p:plain:w300]\n\
計算量は [tex:O(n \\log n)] です。\n\
|*項目|*値|\n\
|ノード数|3|\n\
>>\n\
失敗から学べ\n\
<<\n";
        let out = to_markdown(source);
        let expected = "## はじめに\n\
\n\
Kubernetes の運用で学んだこと[^1]をまとめます。\n\
\n\
https://kubernetes.io/docs/\n\
\n\
### 手順\n\
\n\
1. クラスタを作る\n   1. eksctl を使う\n1. デプロイする\n- 注意: 料金がかかる\n\
\n\
```python\n\
def main(*args):\n    items = [x * 2 for x in args]\n\
```\n\
\n\
構成図です。\n\
\n\
![](https://cdn-ak.f.st-hatena.com/images/fotolife/t/taro/20210104/20210104123456.png)\n\
\n\
計算量は $O(n \\log n)$ です。\n\
\n\
| 項目 | 値 |\n|---|---|\n| ノード数 | 3 |\n\
\n\
> 失敗から学べ\n\
\n\
[^1]: 2021年時点の話です。\n";
        assert_eq!(out.markdown, expected);
        assert_eq!(out.notes, ["[:contents] dropped: fumi shows a table of contents itself"]);
        let rendered = fumi_content::markdown::render(&out.markdown);
        let levels: Vec<u8> = rendered.headings.iter().map(|h| h.level).collect();
        assert_eq!(levels, [2, 3]);
        assert!(rendered.html.contains("<table"), "{}", rendered.html);
        assert!(rendered.html.contains("<blockquote>"), "{}", rendered.html);
        assert!(rendered.html.contains("<img"), "{}", rendered.html);
    }
}
