//! Where a line of text may break: between phrases, never inside a word.
//!
//! Latin text breaks at spaces. Japanese has none, and breaking it anywhere splits
//! words (「リア / ルな話」); BudouX's model finds the phrase boundaries a reader
//! expects. Used to wrap the titles of link-preview images, and meant for the `<wbr>`
//! opportunities of titles and headings.

/// `text` cut into phrases, in order: joined again they are `text`. A phrase carries
/// the spaces after it, so a line can end on one without losing it.
pub fn phrases(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in words(text) {
        if word.chars().any(fumi_content::cjk::is_spaceless) {
            let mut start = 0;
            for end in japanese_breaks(word) {
                out.push(&word[start..end]);
                start = end;
            }
            out.push(&word[start..]);
        } else {
            out.push(word);
        }
    }
    out
}

/// Runs of non-space characters, each with the spaces after it (and the first with
/// any before it).
fn words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut seen_word = false;
    let mut after_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            after_space = seen_word;
        } else {
            if after_space {
                words.push(&text[start..i]);
                start = i;
                after_space = false;
            }
            seen_word = true;
        }
    }
    if start < text.len() {
        words.push(&text[start..]);
    }
    words
}

/// Byte offsets inside `word` (no spaces in it but trailing ones) where BudouX breaks
/// it, except where a break would split Latin letters or digits, or leave punctuation
/// that belongs to its neighbour at the start or end of a line.
fn japanese_breaks(word: &str) -> Vec<usize> {
    let model = budoux::models::default_japanese_model();
    let mut breaks = Vec::new();
    let mut at = 0;
    let parts = budoux::parse(model, word);
    for part in &parts[..parts.len().saturating_sub(1)] {
        at += part.len();
        let before = word[..at].chars().next_back();
        let after = word[at..].chars().next();
        if let (Some(before), Some(after)) = (before, after) {
            let inside_latin = before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric();
            if !inside_latin
                && !OPENING.contains(before)
                && !CLOSING.contains(after)
                && !before.is_whitespace()
                && !after.is_whitespace()
            {
                breaks.push(at);
            }
        }
    }
    breaks
}

/// Characters a line must not end with: they open what follows.
const OPENING: &str = "「『（［｛〈《【〔“‘([{";
/// Characters a line must not start with: they close or continue what precedes.
const CLOSING: &str =
    "」』）］｝〉》】〕”’)]},.!?:;、。，．！？：；・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜…";

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str) -> Vec<&str> {
        let parts = phrases(text);
        assert_eq!(parts.concat(), text, "the phrases are the text");
        assert!(parts.iter().all(|p| !p.is_empty()), "{parts:?}");
        parts
    }

    #[test]
    fn english_breaks_at_spaces_and_keeps_them() {
        assert_eq!(joined("Lessons from Terraform state"), ["Lessons ", "from ", "Terraform ", "state"]);
        assert_eq!(joined("  two  spaces "), ["  two  ", "spaces "]);
        assert_eq!(joined(""), Vec::<&str>::new());
        assert_eq!(joined("one"), ["one"]);
    }

    #[test]
    fn japanese_breaks_between_phrases_never_inside_a_word() {
        let parts = joined("リアルな話をしたい");
        assert!(parts.len() > 1, "{parts:?}");
        assert!(parts.iter().any(|p| p.contains("リアルな")), "リアルな stays whole: {parts:?}");
        assert_eq!(joined("これはテストです。"), ["これは", "テストです。"]);
    }

    #[test]
    fn mixed_titles_keep_latin_words_and_punctuation_whole() {
        for title in [
            "Amazon EKS の開発チームに移ります",
            "Kubernetes のリソース要求を見直した話",
            "「推論キャパシティ」の計算：GPU は何枚要るか？",
            "MLOps パイプラインを Kubernetes で動かす",
        ] {
            let parts = joined(title);
            for word in ["Amazon", "EKS", "Kubernetes", "GPU", "MLOps"] {
                if title.contains(word) {
                    assert!(parts.iter().any(|p| p.contains(word)), "{word} is whole: {parts:?}");
                }
            }
            for pair in parts.windows(2) {
                let (end, start) = (pair[0].chars().next_back().unwrap(), pair[1].chars().next().unwrap());
                assert!(!OPENING.contains(end) && !CLOSING.contains(start), "{pair:?} in {parts:?}");
            }
        }
    }
}
