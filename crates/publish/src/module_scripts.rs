//! How a page gets its module scripts (fumi's start script, offline reading): not as
//! `<script type="module">` elements, which the browser fetches and compiles while it
//! is still working towards the first paint, but as a list in the
//! `data-after-first-paint` attribute of the first-paint script (`public/theme.js`,
//! written by Trunk as `theme-<hash>.js`), which loads them once the first frame is on
//! screen, or at once when the page needs the app at once.
//!
//! An `index.html` of the site's own without that script gets ordinary module script
//! elements instead ([`list_or_element`]).

const ATTRIBUTE: &str = "data-after-first-paint";

/// `html` with `src` in the first-paint script's list, in place of any entry whose
/// file name starts with `stem` (a build published again with other settings);
/// `src: None` only takes such an entry out. `None` when the page has no first-paint
/// script.
pub fn with_listed(html: &str, stem: &str, src: Option<&str>) -> Option<String> {
    let tag = first_paint_tag(html)?;
    let open = &html[tag.clone()];
    let (listed, without) = match open.find(&format!(" {ATTRIBUTE}=\"")) {
        Some(at) => {
            let value_start = at + ATTRIBUTE.len() + 3;
            let value_end = value_start + open[value_start..].find('"')?;
            let without = format!("{}{}", &open[..at], &open[value_end + 1..]);
            (open[value_start..value_end].split_whitespace().map(str::to_owned).collect(), without)
        }
        None => (Vec::new(), open.to_owned()),
    };
    let mut list: Vec<String> = listed.into_iter().filter(|entry| !file_name(entry).starts_with(stem)).collect();
    list.extend(src.map(str::to_owned));
    let rewritten = if list.is_empty() {
        without
    } else {
        // After `<script`: the attribute stays clear of the `src` and `integrity` Trunk wrote.
        format!("<script {ATTRIBUTE}=\"{}\"{}", list.join(" "), &without["<script".len()..])
    };
    Some(format!("{}{rewritten}{}", &html[..tag.start], &html[tag.end..]))
}

/// [`with_listed`]; a page without the first-paint script becomes `insert(html)`
/// instead, which is to add a `<script type="module">` element for `src`.
pub fn list_or_element(html: &str, stem: &str, src: &str, insert: impl FnOnce(&str) -> String) -> String {
    with_listed(html, stem, Some(src)).unwrap_or_else(|| insert(html))
}

/// The opening tag of the first-paint script: the first `<script>` whose `src` names
/// a `theme-….js` file.
fn first_paint_tag(html: &str) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    while let Some(offset) = html[from..].find("<script") {
        let start = from + offset;
        let end = start + html[start..].find('>')? + 1;
        let open = &html[start..end];
        let src = open.split(" src=\"").nth(1).and_then(|rest| rest.split('"').next());
        if src.is_some_and(|src| file_name(src).starts_with("theme-") && src.ends_with(".js")) {
            return Some(start..end);
        }
        from = end;
    }
    None
}

fn file_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<head>\n<script src=\"/blog/theme-0123456789abcdef.js\" integrity=\"sha384-x\"></script>\n\
                        <script type=\"module\" src=\"/blog/other.js\"></script>\n</head>";

    fn listed(html: &str) -> Vec<&str> {
        let value = html.split("data-after-first-paint=\"").nth(1).map_or("", |rest| rest.split('"').next().unwrap());
        value.split_whitespace().collect()
    }

    #[test]
    fn lists_each_script_once_and_replaces_an_earlier_build_s() {
        let page = with_listed(PAGE, "fumi-start-", Some("/blog/fumi-start-aa.js")).unwrap();
        let page = with_listed(&page, "fumi-offline-", Some("fumi-offline-bb.js")).unwrap();
        assert_eq!(listed(&page), ["/blog/fumi-start-aa.js", "fumi-offline-bb.js"]);
        // Published again with another offline script: one entry, the new one.
        let again = with_listed(&page, "fumi-offline-", Some("fumi-offline-cc.js")).unwrap();
        assert_eq!(listed(&again), ["/blog/fumi-start-aa.js", "fumi-offline-cc.js"]);
        // Trunk's attributes are kept, and nothing else in the page changes.
        assert!(again.contains("src=\"/blog/theme-0123456789abcdef.js\" integrity=\"sha384-x\"></script>"), "{again}");
        assert!(again.contains("<script type=\"module\" src=\"/blog/other.js\"></script>"));
        assert_eq!(again.matches("<script").count(), 2);
    }

    #[test]
    fn taking_the_last_entry_out_drops_the_attribute() {
        let page = with_listed(PAGE, "fumi-offline-", Some("fumi-offline-bb.js")).unwrap();
        let off = with_listed(&page, "fumi-offline-", None).unwrap();
        assert_eq!(off, PAGE);
    }

    #[test]
    fn a_page_without_the_first_paint_script_gets_an_element() {
        let page = "<head><script type=\"module\" src=\"/themes.js\"></script></head>";
        assert_eq!(with_listed(page, "fumi-start-", Some("/fumi-start-aa.js")), None);
        let out = list_or_element(page, "fumi-start-", "/fumi-start-aa.js", |html| {
            html.replace("</head>", "<script type=\"module\" src=\"/fumi-start-aa.js\"></script></head>")
        });
        assert!(out.ends_with("<script type=\"module\" src=\"/fumi-start-aa.js\"></script></head>"));
    }
}
