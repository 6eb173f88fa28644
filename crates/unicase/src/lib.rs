//! Case-insensitive strings, as pulldown-cmark uses them: a link reference definition
//! `[Ｆｏｏ]: /url` is found by `[ｆｏｏ]`, `[STRASSE]` by `[Straße]`.
//!
//! CommonMark matches labels by Unicode case folding. Folding is lowercasing, except
//! for a few characters that lowercase to themselves (or to another form) but fold to
//! something else: ß, ẞ, final sigma, long s, the Greek symbol variants, the Latin
//! ligatures. [`fold`] maps those and leaves the rest to `char::to_lowercase`, whose
//! table the standard library links anyway. What it does not do, and full folding does:
//! decompose the handful of precomposed letters that have no capital (ŉ, ǰ, ΐ, ΰ, ẖ–ẚ,
//! և, the Armenian ligatures, Greek letters with iota subscript) — such a label still
//! matches itself and its capitals, only not its decomposed spelling.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// A string compared and hashed by its case folding. Only the API pulldown-cmark uses.
#[derive(Clone, Copy, Default)]
pub struct UniCase<S>(S);

impl<S: AsRef<str>> UniCase<S> {
    pub fn new(s: S) -> Self {
        UniCase(s)
    }

    pub fn into_inner(self) -> S {
        self.0
    }

    fn folded(&self) -> impl Iterator<Item = char> + '_ {
        self.0.as_ref().chars().flat_map(fold)
    }
}

/// The characters `c` compares as.
pub fn fold(c: char) -> Folded {
    let special: &'static str = match c {
        'ß' | 'ẞ' => "ss",
        'ς' => "σ",
        'ſ' => "s",
        'ϐ' => "β",
        'ϑ' => "θ",
        'ϕ' => "φ",
        'ϖ' => "π",
        'ϰ' => "κ",
        'ϱ' => "ρ",
        'ϵ' => "ε",
        'ẛ' => "ṡ",
        // The combining and the spacing ypogegrammeni: iota.
        '\u{345}' | '\u{1fbe}' => "\u{3b9}",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        _ => return Folded::Lower(c.to_lowercase()),
    };
    Folded::Special(special.chars())
}

/// The iterator [`fold`] returns.
pub enum Folded {
    Lower(std::char::ToLowercase),
    Special(std::str::Chars<'static>),
}

impl Iterator for Folded {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            Folded::Lower(chars) => chars.next(),
            Folded::Special(chars) => chars.next(),
        }
    }
}

impl<S1: AsRef<str>, S2: AsRef<str>> PartialEq<UniCase<S2>> for UniCase<S1> {
    fn eq(&self, other: &UniCase<S2>) -> bool {
        let (a, b) = (self.0.as_ref(), other.0.as_ref());
        if a.is_ascii() && b.is_ascii() {
            return a.eq_ignore_ascii_case(b);
        }
        self.folded().eq(other.folded())
    }
}

impl<S: AsRef<str>> Eq for UniCase<S> {}

impl<S: AsRef<str>> Hash for UniCase<S> {
    fn hash<H: Hasher>(&self, hasher: &mut H) {
        for c in self.folded() {
            hasher.write_u32(c as u32);
        }
        // As str's Hash does: "ab" + "c" and "a" + "bc" differ as keys of a tuple.
        hasher.write_u8(0xff);
    }
}

impl<S> Deref for UniCase<S> {
    type Target = S;
    fn deref(&self) -> &S {
        &self.0
    }
}

impl<S: AsRef<str>> AsRef<str> for UniCase<S> {
    fn as_ref(&self) -> &str {
        self.0.as_ref()
    }
}

impl<S: fmt::Debug> fmt::Debug for UniCase<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<S: fmt::Display> fmt::Display for UniCase<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::UniCase;
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};

    fn hash(s: &str) -> u64 {
        let mut h = DefaultHasher::new();
        UniCase::new(s).hash(&mut h);
        h.finish()
    }

    fn same(a: &str, b: &str) -> bool {
        let equal = UniCase::new(a) == UniCase::new(b);
        // Equal keys must hash alike, or a HashMap would miss them.
        assert!(!equal || hash(a) == hash(b), "{a:?} and {b:?} are equal but hash apart");
        equal
    }

    #[test]
    fn labels_match_whatever_their_case() {
        assert!(same("Foo Bar", "foo bar"));
        assert!(same("ТОЛПОЙ", "Толпой"));
        assert!(same("ＦＯＯ", "ｆｏｏ"));
        assert!(same("ΑΒΓ", "αβγ"));
        assert!(same("本番環境", "本番環境"));
        assert!(!same("foo", "fooo"));
        assert!(!same("ab", "ba"));
        assert!(!same("本番", "環境"));
    }

    #[test]
    fn folding_is_more_than_lowercasing_where_unicode_says_so() {
        // The CommonMark spec's own case: ẞ folds to "ss", so [ẞ] finds [SS].
        assert!(same("ẞ", "SS"));
        assert!(same("Straße", "STRASSE"));
        assert!(same("ὀδυσσεύς", "ὈΔΥΣΣΕΎΣ"));
        assert!(same("λόγος", "ΛΌΓΟΣ"), "a final sigma folds as sigma");
        assert!(same("ﬁle", "FILE"));
        assert!(same("ſ", "S"));
        assert!(same("ϕ", "Φ"));
        // ASCII-only and mixed strings take different paths; both agree.
        assert!(same("ss", "ß"));
        assert!(!same("s", "ß"));
    }
}
