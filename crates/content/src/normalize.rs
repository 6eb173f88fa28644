//! Unicode normalisation (NFKC), so that text typed in different but equivalent forms
//! (full-width ＡＢＣ, half-width ｶﾀｶﾅ, composed or decomposed accents) compares equal.
//!
//! Natively this uses the `unicode-normalization` crate. In the browser it calls the
//! engine's own `String.prototype.normalize`, which adds nothing to the wasm bundle;
//! both implement the same Unicode algorithm.

/// The NFKC form of `text`.
#[cfg(not(target_arch = "wasm32"))]
pub fn nfkc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect()
}

/// The NFKC form of `text`.
#[cfg(target_arch = "wasm32")]
pub fn nfkc(text: &str) -> String {
    if text.is_ascii() {
        // ASCII is already in NFKC; skip the trip across the JS boundary.
        return text.to_owned();
    }
    String::from(js_sys::JsString::from(text).normalize("NFKC"))
}

/// A table of strings already worked out, for keys asked for over and over (tags,
/// titles) whose normalisation, in the browser, is a call into JavaScript.
pub type Remembered = std::thread::LocalKey<std::cell::RefCell<std::collections::HashMap<String, String>>>;

/// `compute(text)`, answered from `table` when it has been asked before. The table
/// holds at most `limit` entries: free text (typed into a URL) must not grow it
/// without bound.
pub fn remember(table: &'static Remembered, limit: usize, text: &str, compute: impl FnOnce(&str) -> String) -> String {
    if let Some(known) = table.with(|t| t.borrow().get(text).cloned()) {
        return known;
    }
    let value = compute(text);
    table.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() < limit {
            t.insert(text.to_owned(), value.clone());
        }
    });
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_answers_up_to_its_limit() {
        thread_local!(static TABLE: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default());
        let calls = std::cell::Cell::new(0);
        let upper = |t: &str| {
            calls.set(calls.get() + 1);
            t.to_uppercase()
        };
        assert_eq!(remember(&TABLE, 1, "a", upper), "A");
        assert_eq!(remember(&TABLE, 1, "a", upper), "A");
        assert_eq!(calls.get(), 1, "the second answer came from the table");
        assert_eq!(remember(&TABLE, 1, "b", upper), "B");
        assert_eq!(remember(&TABLE, 1, "b", upper), "B");
        assert_eq!(calls.get(), 3, "past the limit nothing more is kept");
    }

    #[test]
    fn folds_width_variants() {
        assert_eq!(nfkc("ＡＢＣ１２３"), "ABC123");
        assert_eq!(nfkc("ｶﾀｶﾅ"), "カタカナ");
    }

    #[test]
    fn composes_decomposed_kana() {
        // か + combining voiced mark → が
        assert_eq!(nfkc("か\u{3099}"), "が");
    }
}
