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

#[cfg(test)]
mod tests {
    use super::*;

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
