//! A typography check for Japanese prose, run when posts are published: it warns
//! (never fails) at `file:line` about what Japanese editors correct by hand —
//!
//! - half-width katakana (`ｻｰﾊﾞｰ`), which belongs to old terminals, not to prose;
//! - full-width Latin letters and digits (`Ｋ８ｓ`), which search and copy treat as
//!   other characters than the ones meant;
//! - both `、。` and `，．` as punctuation in one post;
//! - a space between Japanese and Latin text in some places and not in others.
//!
//! Only prose is read: code, URLs and raw HTML are left alone. The last two rules
//! point at the less used style, so the note names what the post mostly does.

use fumi_content::markdown::options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// One finding, at a byte offset of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    pub message: String,
}

/// At most this many findings per rule and post: a post typed on a half-width
/// keyboard would otherwise drown the build's output.
const PER_RULE: usize = 3;

/// The findings for a post body, in document order.
pub fn check(body: &str) -> Vec<Finding> {
    let texts = prose_texts(body);
    let mut findings = Vec::new();
    findings.extend(by_character(&texts, is_half_width_katakana, |run| {
        format!("half-width katakana \"{run}\": write it full-width (\"{}\")", widen_katakana(run))
    }));
    findings.extend(by_character(&texts, is_full_width_alphanumeric, |run| {
        format!("full-width letters or digits \"{run}\": write them as ASCII (\"{}\")", narrow(run))
    }));
    findings.extend(mixed_punctuation(&texts));
    findings.extend(mixed_spacing(&texts));
    findings.sort_by_key(|f| f.offset);
    findings
}

/// Each text of the body's prose with its byte offset (code, HTML and link
/// addresses are not prose).
fn prose_texts(body: &str) -> Vec<(usize, &str)> {
    let mut texts = Vec::new();
    let mut in_code = 0usize;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            // A text event's range is its source when nothing in it was escaped.
            Event::Text(text) if in_code == 0 && body.get(range.clone()) == Some(&*text) => {
                texts.push((range.start, &body[range]))
            }
            _ => {}
        }
    }
    texts
}

fn is_half_width_katakana(c: char) -> bool {
    matches!(c, '\u{FF66}'..='\u{FF9F}')
}

fn is_full_width_alphanumeric(c: char) -> bool {
    matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// Findings for runs of characters matching `is`, each described by `describe`.
fn by_character(texts: &[(usize, &str)], is: fn(char) -> bool, describe: impl Fn(&str) -> String) -> Vec<Finding> {
    let mut findings = Vec::new();
    for &(start, text) in texts {
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if !is(c) {
                continue;
            }
            let mut end = at + c.len_utf8();
            while let Some(&(next, c)) = chars.peek() {
                if !is(c) {
                    break;
                }
                end = next + c.len_utf8();
                chars.next();
            }
            findings.push(Finding { offset: start + at, message: describe(&text[at..end]) });
            if findings.len() == PER_RULE {
                return findings;
            }
        }
    }
    findings
}

/// Half-width katakana written full-width (NFKC does exactly this for them).
fn widen_katakana(run: &str) -> String {
    fumi_content::normalize::nfkc(run)
}

/// Full-width ASCII letters and digits written as ASCII.
fn narrow(run: &str) -> String {
    run.chars().map(|c| char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)).collect()
}

/// `、。` and `，．` both used as Japanese punctuation in one post: the less used kind
/// is pointed at.
fn mixed_punctuation(texts: &[(usize, &str)]) -> Vec<Finding> {
    let find = |marks: [char; 2]| -> Vec<usize> {
        texts.iter().flat_map(|&(start, text)| text.match_indices(marks).map(move |(at, _)| start + at)).collect()
    };
    let (japanese, western) = (find(['、', '。']), find(['，', '．']));
    if japanese.is_empty() || western.is_empty() {
        return Vec::new();
    }
    let (fewer, usual, unusual) =
        if western.len() <= japanese.len() { (western, "、。", "，．") } else { (japanese, "，．", "、。") };
    fewer
        .into_iter()
        .take(PER_RULE)
        .map(|offset| Finding {
            offset,
            message: format!("punctuation \"{unusual}\" here, \"{usual}\" elsewhere in the post: use one kind"),
        })
        .collect()
}

/// Japanese next to Latin letters or digits, with a space between in some places and
/// not in others: the less used way is pointed at.
fn mixed_spacing(texts: &[(usize, &str)]) -> Vec<Finding> {
    let (mut spaced, mut joined) = (Vec::new(), Vec::new());
    for &(start, text) in texts {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (i, &(at, c)) in chars.iter().enumerate() {
            let next = chars.get(i + 1).map(|&(_, c)| c);
            let after_space = chars.get(i + 2).map(|&(_, c)| c);
            let meets = |a: char, b: char| {
                (is_japanese(a) && b.is_ascii_alphanumeric()) || (a.is_ascii_alphanumeric() && is_japanese(b))
            };
            match (next, after_space) {
                (Some(' '), Some(b)) if meets(c, b) => spaced.push(start + at),
                (Some(b), _) if meets(c, b) => joined.push(start + at),
                _ => {}
            }
        }
    }
    if spaced.is_empty() || joined.is_empty() {
        return Vec::new();
    }
    let (fewer, message) = if spaced.len() <= joined.len() {
        (spaced, "a space between Japanese and Latin text here, none in most places: use one way")
    } else {
        (joined, "no space between Japanese and Latin text here, a space in most places: use one way")
    };
    fewer.into_iter().take(PER_RULE).map(|offset| Finding { offset, message: message.into() }).collect()
}

/// Hiragana, katakana or kanji (what a space next to Latin text is judged by).
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(body: &str) -> Vec<String> {
        check(body).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn clean_prose_has_no_findings() {
        assert!(check("Kubernetes の Pod を 3 台にしました。設定は YAML です。\n").is_empty());
        assert!(check("KubernetesのPodを3台にしました。設定はYAMLです。\n").is_empty());
        assert!(check("English only, with commas.\n").is_empty());
    }

    #[test]
    fn half_width_katakana_is_found_and_widened() {
        let body = "新しいｻｰﾊﾞｰを入れました。\n";
        let findings = check(body);
        assert_eq!(findings.len(), 1);
        assert_eq!(&body[findings[0].offset..findings[0].offset + "ｻｰﾊﾞｰ".len()], "ｻｰﾊﾞｰ");
        assert!(findings[0].message.contains("(\"サーバー\")"), "{}", findings[0].message);
    }

    #[test]
    fn full_width_latin_is_found_and_narrowed() {
        assert_eq!(
            messages("クラスタはＫ８ｓで動きます。\n"),
            ["full-width letters or digits \"Ｋ８ｓ\": write them as ASCII (\"K8s\")"]
        );
    }

    #[test]
    fn code_and_addresses_are_not_prose() {
        assert!(check("```\nｻｰﾊﾞｰ，Ｋ８ｓ\n```\n\n`ｻｰﾊﾞｰ` と [リンク](https://例.jp/ｻｰﾊﾞｰ) です。\n").is_empty());
    }

    #[test]
    fn mixed_punctuation_points_at_the_rarer_kind() {
        let body = "一つ目、二つ目。三つ目、四つ目。五つ目，六つ目．\n";
        let findings = check(body);
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(body[findings[0].offset..].starts_with('，'));
        assert!(findings[0].message.contains("\"，．\" here, \"、。\" elsewhere"), "{}", findings[0].message);
    }

    #[test]
    fn mixed_spacing_points_at_the_rarer_way() {
        let body = "Kubernetes の Pod と Deployment の話です。Serviceも使います。\n";
        let findings = check(body);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(body[findings[0].offset..].starts_with("eも"), "{}", &body[findings[0].offset..]);
        assert!(findings[0].message.starts_with("no space"), "{}", findings[0].message);
    }

    #[test]
    fn each_rule_says_at_most_three_things_per_post() {
        let body = "ｱ。ｲ。ｳ。ｴ。ｵ。\n";
        assert_eq!(check(body).len(), PER_RULE);
    }
}
