//! Text in the encodings Japanese sites and exports use: UTF-8, and older Shift_JIS
//! and EUC-JP. Shared by the imports (export files) and link cards (web pages).

/// Text of unknown encoding: UTF-8 (as Hatena exports and most pages are today), or
/// Shift_JIS or EUC-JP (older exports and sites), with which one it was when not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), None));
    }
    // EUC-JP first: its byte pairs are mostly valid Shift_JIS too (as half-width
    // katakana and kanji), while Shift_JIS kana are never valid EUC-JP.
    for encoding in [encoding_rs::EUC_JP, encoding_rs::SHIFT_JIS] {
        if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
            return Ok((text.into_owned(), Some(encoding.name())));
        }
    }
    let valid = std::str::from_utf8(bytes).map_err(|e| e.valid_up_to()).err().unwrap_or(0);
    let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
    Err(format!("line {line}: the file is not text in UTF-8, Shift_JIS or EUC-JP"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_jis_and_euc_jp_exports_are_decoded_and_named() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("TITLE: 日本語\n");
        assert_eq!(decode(&sjis).unwrap(), ("TITLE: 日本語\n".to_owned(), Some("Shift_JIS")));
        let (euc, _, _) = encoding_rs::EUC_JP.encode("TITLE: 見出しと本文の例\n");
        assert_eq!(decode(&euc).unwrap().0, "TITLE: 見出しと本文の例\n");
        assert_eq!(decode("\u{feff}TITLE: a\n".as_bytes()).unwrap(), ("TITLE: a\n".to_owned(), None));
        let err = decode(b"TITLE: a\nline two\n\xff\xfe\xfd\x80\x80").unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
    }
}
