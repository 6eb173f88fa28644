//! The Movable Type import/export format, which Hatena Blog exports (and FC2 and
//! livedoor Blog too). An entry is a header of `KEY: value` lines, then sections
//! (`BODY:`, `EXTENDED BODY:`, `EXCERPT:`, `COMMENT:` …) each ended by a line of five
//! hyphens, and the entry by a line of eight:
//!
//! ```text
//! TITLE: タイトル
//! BASENAME: 2021/01/04/123456
//! STATUS: Publish
//! DATE: 01/04/2021 12:34:56
//! CATEGORY: Kubernetes
//! -----
//! BODY:
//! <p>本文</p>
//! -----
//! --------
//! ```
//!
//! The reader is forgiving and says what it forgave: a truncated export (no final
//! separator, a section with no end) still yields its entries, with a problem naming
//! the line, so the import can bring over what is there and report the rest.

use fumi_content::date::Date;

/// One entry of an export, as written.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// The 1-based line its header starts on.
    pub line: usize,
    /// Header fields in order (`CATEGORY` may repeat).
    pub fields: Vec<(String, String)>,
    pub body: String,
    pub extended_body: String,
    /// What was wrong with the entry's text, with line numbers.
    pub problems: Vec<String>,
}

impl Entry {
    /// The first value of a header field.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Every value of a header field, in order.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.fields.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }
}

const SECTION_END: &str = "-----";
const ENTRY_END: &str = "--------";

/// Reads every entry of an export.
pub fn parse(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut entry = Entry::default();
    // The section being read (`BODY`, `COMMENT` …) and the line it started on.
    let mut section: Option<(String, usize)> = None;
    let mut buffer = String::new();
    let mut last_line = 0;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        last_line = number;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some((name, _)) = &section {
            if line == SECTION_END || line == ENTRY_END {
                finish_section(&mut entry, name, std::mem::take(&mut buffer));
                section = None;
                if line == ENTRY_END {
                    entries.push(std::mem::take(&mut entry));
                }
            } else {
                buffer.push_str(line);
                buffer.push('\n');
            }
            continue;
        }
        match line {
            ENTRY_END => {
                if !entry.fields.is_empty() || !entry.body.is_empty() {
                    entries.push(std::mem::take(&mut entry));
                }
            }
            SECTION_END | "" => {}
            _ => {
                if entry.line == 0 {
                    entry.line = number;
                }
                if let Some(name) = line.strip_suffix(':').filter(|name| is_section(name)) {
                    section = Some((name.to_owned(), number));
                } else if let Some((key, value)) = line.split_once(':') {
                    entry.fields.push((key.trim().to_owned(), value.trim().to_owned()));
                } else {
                    entry.problems.push(format!("line {number}: not a `KEY: value` line: {line:?}"));
                }
            }
        }
    }
    if let Some((name, start)) = section {
        entry.problems.push(format!(
            "line {start}: {name} has no end (a line of {SECTION_END}); kept up to the end of the file (line {last_line})"
        ));
        finish_section(&mut entry, &name, buffer);
    }
    if !entry.fields.is_empty() || !entry.body.is_empty() {
        entry.problems.push(format!(
            "line {}: the entry has no end (a line of {ENTRY_END}): the export may be cut short",
            entry.line
        ));
        entries.push(entry);
    }
    entries
}

fn is_section(name: &str) -> bool {
    matches!(name, "BODY" | "EXTENDED BODY" | "EXCERPT" | "KEYWORDS" | "COMMENT" | "PING")
}

fn finish_section(entry: &mut Entry, name: &str, text: String) {
    match name {
        "BODY" => entry.body = text,
        "EXTENDED BODY" => entry.extended_body = text,
        // Comments, trackbacks, excerpts and keywords are not part of the post.
        _ => {}
    }
}

/// `DATE:` as Movable Type writes it: `01/04/2021 12:34:56`, with `AM`/`PM` in some
/// exports; the day is what fumi keeps.
pub fn date(value: &str) -> Result<Date, String> {
    let day = value.split_whitespace().next().unwrap_or("");
    let parts: Vec<&str> = day.split('/').collect();
    if let [month, day, year] = parts.as_slice() {
        if let (Ok(month), Ok(day), Ok(year)) = (month.parse::<u32>(), day.parse::<u32>(), year.parse::<u32>()) {
            return Date::parse(&format!("{year:04}-{month:02}-{day:02}")).map_err(|e| e.0);
        }
    }
    Err(format!("{value:?} is not a date as MM/DD/YYYY hh:mm:ss"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "AUTHOR: taro\nTITLE: 転職しました\nBASENAME: 2021/01/04/123456\nSTATUS: Publish\nDATE: 01/04/2021 12:34:56\nCATEGORY: 転職\nCATEGORY: キャリア\n-----\nBODY:\n<p>本文です。</p>\n-----\nEXTENDED BODY:\n\n-----\nCOMMENT:\nAUTHOR: hanako\nおめでとう\n-----\n--------\nTITLE: 二本目\nSTATUS: Draft\nDATE: 12/31/2020 11:00:00 PM\n-----\nBODY:\n*見出し\n-----\n--------\n";

    #[test]
    fn reads_entries_fields_and_bodies_and_leaves_comments_out() {
        let entries = parse(EXPORT);
        assert_eq!(entries.len(), 2);
        let first = &entries[0];
        assert_eq!(first.line, 1);
        assert_eq!(first.field("TITLE"), Some("転職しました"));
        assert_eq!(first.all("CATEGORY"), ["転職", "キャリア"]);
        assert_eq!(first.body, "<p>本文です。</p>\n");
        assert!(!first.body.contains("おめでとう") && first.problems.is_empty());
        assert_eq!(entries[1].field("STATUS"), Some("Draft"));
        assert_eq!(entries[1].line, 20);
    }

    #[test]
    fn windows_line_ends_read_the_same() {
        assert_eq!(parse(&EXPORT.replace('\n', "\r\n")), parse(EXPORT));
    }

    #[test]
    fn a_cut_short_export_keeps_what_it_has_and_says_where() {
        let cut = "TITLE: 途中まで\nDATE: 01/04/2021 00:00:00\n-----\nBODY:\n<p>ここまで書いた";
        let entries = parse(cut);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].body, "<p>ここまで書いた\n");
        assert!(entries[0].problems[0].starts_with("line 4: BODY has no end"), "{:?}", entries[0].problems);
        assert!(entries[0].problems[1].contains("cut short"), "{:?}", entries[0].problems);
    }

    #[test]
    fn dates_are_month_day_year() {
        assert_eq!(date("01/04/2021 12:34:56").unwrap(), Date::parse("2021-01-04").unwrap());
        assert_eq!(date("12/31/2020 11:00:00 PM").unwrap(), Date::parse("2020-12-31").unwrap());
        assert!(date("2021-01-04").is_err());
        assert!(date("13/40/2021 00:00:00").is_err());
    }
}
