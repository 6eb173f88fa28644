//! Helpers shared by the integration tests: a small reader of the renderer's HTML.
//!
//! The renderer escapes every `<` that comes from a post, so each `<` in its output
//! starts a tag that the renderer (or pulldown-cmark's writer) produced. That makes a
//! full HTML parser unnecessary: a scan from `<` to the matching `>`, honouring quoted
//! attribute values, sees every tag.

#![allow(dead_code)] // each test file uses a different part

/// Elements that never have an end tag.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// One tag of the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// Lower-cased element name.
    pub name: String,
    pub closing: bool,
    /// Attribute names (lower-cased) and values (as written, entities not decoded).
    pub attributes: Vec<(String, String)>,
}

/// Every tag of `html`, in order, or why `html` cannot be read as tags and text.
pub fn tags(html: &str) -> Result<Vec<Tag>, String> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        let mut j = start + 1;
        if html[j..].starts_with("!--") {
            return Err(format!("a comment at byte {start}: {}", excerpt(html, start)));
        }
        let closing = bytes.get(j) == Some(&b'/');
        if closing {
            j += 1;
        }
        let name_start = j;
        while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == name_start {
            return Err(format!("a `<` that starts no tag at byte {start}: {}", excerpt(html, start)));
        }
        let name = html[name_start..j].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                None => return Err(format!("a tag never closed at byte {start}: {}", excerpt(html, start))),
                Some(b'>') => {
                    j += 1;
                    break;
                }
                Some(b'/') if bytes.get(j + 1) == Some(&b'>') => {
                    j += 2;
                    break;
                }
                Some(_) => {}
            }
            let attr_start = j;
            while j < bytes.len() && !matches!(bytes[j], b'=' | b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                j += 1;
            }
            if j == attr_start {
                return Err(format!("a stray `{}` in a tag at byte {j}: {}", bytes[j] as char, excerpt(html, start)));
            }
            let attr = html[attr_start..j].to_ascii_lowercase();
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                match bytes.get(j) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let Some(end) = html[j + 1..].find(quote as char) else {
                            return Err(format!("an attribute value never closed: {}", excerpt(html, start)));
                        };
                        value = html[j + 1..j + 1 + end].to_owned();
                        j += end + 2;
                    }
                    _ => {
                        let value_start = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                            j += 1;
                        }
                        value = html[value_start..j].to_owned();
                    }
                }
            }
            attributes.push((attr, value));
        }
        out.push(Tag { name, closing, attributes });
        i = j;
    }
    Ok(out)
}

/// Checks that every element of `html` is closed in order, and returns the deepest
/// nesting of elements.
pub fn balanced_depth(html: &str) -> Result<usize, String> {
    let mut open: Vec<String> = Vec::new();
    let mut deepest = 0;
    for tag in tags(html)? {
        if VOID.contains(&tag.name.as_str()) {
            if tag.closing {
                return Err(format!("an end tag for the void element <{}>", tag.name));
            }
            continue;
        }
        if tag.closing {
            match open.pop() {
                Some(name) if name == tag.name => {}
                Some(name) => return Err(format!("</{}> closes <{name}> (open: {})", tag.name, path(&open))),
                None => return Err(format!("</{}> closes nothing", tag.name)),
            }
        } else {
            open.push(tag.name);
            deepest = deepest.max(open.len());
        }
    }
    if open.is_empty() {
        Ok(deepest)
    } else {
        Err(format!("elements left open: {}", path(&open)))
    }
}

fn path(open: &[String]) -> String {
    let shown: Vec<&str> = open.iter().rev().take(8).map(String::as_str).collect();
    format!("{} deep, innermost {}", open.len(), shown.join(" < "))
}

/// Up to 80 characters of `html` from `at`, for messages.
pub fn excerpt(html: &str, at: usize) -> String {
    html[at..].chars().take(80).collect()
}
