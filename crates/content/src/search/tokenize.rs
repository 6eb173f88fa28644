//! Splitting text into search terms: CJK runs into bigrams, Latin runs into words.

use crate::cjk::is_cjk_letter;
use crate::normalize::nfkc;

/// Text as search compares it: NFKC, lower case. Normalizing twice gives the same
/// text as normalizing once.
pub fn normalize(text: &str) -> String {
    let nfkc_text = nfkc(text);
    let lower = nfkc_text.to_lowercase();
    if lower == nfkc_text {
        return lower;
    }
    // Lower-casing can leave text that is not NFKC: `İ` becomes `i` and a combining
    // dot, which belongs after some marks and before others (found by
    // tests/properties.rs with `İ` and a kana voicing mark). One more NFKC puts it right.
    nfkc(&lower)
}

/// A maximal run of one kind of character in normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run<'a> {
    /// Ideographs and kana (no spaces between words).
    Cjk(&'a str),
    /// Letters and digits of space-separated scripts.
    Word(&'a str),
}

/// The runs of normalized `text`, in order; punctuation and spaces separate them.
pub fn runs(text: &str) -> Vec<Run<'_>> {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Cjk,
        Word,
        Gap,
    }
    let kind = |c: char| {
        if is_cjk_letter(c) {
            Kind::Cjk
        } else if c.is_alphanumeric() {
            Kind::Word
        } else {
            Kind::Gap
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = Kind::Gap;
    for (i, c) in text.char_indices() {
        let k = kind(c);
        if k != current {
            push_run(&mut out, current, &text[start..i]);
            start = i;
            current = k;
        }
    }
    push_run(&mut out, current, &text[start..]);

    fn push_run<'a>(out: &mut Vec<Run<'a>>, kind: Kind, s: &'a str) {
        match kind {
            Kind::Cjk if !s.is_empty() => out.push(Run::Cjk(s)),
            Kind::Word if !s.is_empty() => out.push(Run::Word(s)),
            _ => {}
        }
    }
    out
}

/// Character bigrams of a CJK run; a one-character run is its own term.
pub fn bigrams(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    if chars.len() == 1 {
        return vec![chars[0].to_string()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Every index term of already-normalized text.
pub fn index_terms(normalized: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for run in runs(normalized) {
        match run {
            Run::Cjk(s) => terms.extend(bigrams(s)),
            Run::Word(w) => terms.push(w.to_owned()),
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_width_and_case() {
        assert_eq!(normalize("ＫｕｂｅｒｎｅｔｅｓとＥＫＳ"), "kubernetesとeks");
        assert_eq!(normalize("ｺﾝﾃﾅ"), "コンテナ");
    }

    #[test]
    fn normalizing_twice_is_normalizing_once() {
        for text in ["İ\u{3099}", "ＫＵＢＥ", "ｶﾞ", "Straße", "ǅ"] {
            let once = normalize(text);
            assert_eq!(normalize(&once), once, "{text:?}");
        }
        assert_eq!(normalize("İ\u{3099}"), "i\u{3099}\u{307}");
    }

    #[test]
    fn splits_mixed_text_into_cjk_and_word_runs() {
        let text = normalize("EKSの運用、Kubernetes 1.29で");
        assert_eq!(
            runs(&text),
            [
                Run::Word("eks"),
                Run::Cjk("の運用"),
                Run::Word("kubernetes"),
                Run::Word("1"),
                Run::Word("29"),
                Run::Cjk("で")
            ]
        );
    }

    #[test]
    fn cjk_runs_become_overlapping_bigrams_across_kanji_and_kana() {
        assert_eq!(bigrams("運用している"), ["運用", "用し", "して", "てい", "いる"]);
        assert_eq!(bigrams("で"), ["で"]);
    }

    #[test]
    fn index_terms_mix_words_and_bigrams() {
        assert_eq!(index_terms(&normalize("Kubernetes 運用")), ["kubernetes", "運用"]);
    }
}
