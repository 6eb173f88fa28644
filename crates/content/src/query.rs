//! Query strings of list URLs (`?tag=機械学習&page=2`), encoded so that every tag,
//! Japanese or full of `&`, `+` and `#`, comes back exactly as it went in.

use crate::url::encode_segment;

/// `?key=value&…` from `pairs`, each part percent-encoded; empty for no pairs, so
/// a list without state links to its bare path.
pub fn query_string<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> String {
    let mut query = String::new();
    for (key, value) in pairs {
        query.push(if query.is_empty() { '?' } else { '&' });
        query.push_str(&encode_segment(key.as_ref()));
        query.push('=');
        query.push_str(&encode_segment(value.as_ref()));
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::decode_segment;

    #[test]
    fn no_pairs_make_no_query() {
        assert_eq!(query_string(Vec::<(&str, &str)>::new()), "");
    }

    #[test]
    fn japanese_values_are_percent_encoded() {
        assert_eq!(
            query_string([("tag", "機械学習"), ("match", "all")]),
            "?tag=%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92&match=all"
        );
    }

    #[test]
    fn reserved_characters_round_trip() {
        let tag = "c++ & c# = 100%";
        let query = query_string([("tag", tag), ("page", "2")]);
        assert_eq!(query, "?tag=c%2B%2B%20%26%20c%23%20%3D%20100%25&page=2");
        let value = query.trim_start_matches("?tag=").split('&').next().unwrap();
        assert_eq!(decode_segment(value), tag);
    }
}
