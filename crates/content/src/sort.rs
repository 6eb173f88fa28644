//! One stable sort for every list fumi sorts in the browser.
//!
//! The standard library's sort is generic: each element type and comparison compiles
//! to a copy of its own (1.5–3 KB of wasm each; the browser build had seven). Here the
//! sorting is done once, on indices, with the comparison behind a `dyn`; each list only
//! pays for putting its elements in the order found.

use std::cmp::Ordering;

/// Sorts `items` by `order`, keeping equal items in the order they came (as `sort_by`).
pub fn stable_sort_by<T>(items: &mut Vec<T>, order: impl Fn(&T, &T) -> Ordering) {
    let mut indices: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut indices, &|a, b| order(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(indices.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` by the key `key` gives each, keeping equal keys in order (as `sort_by_key`).
pub fn stable_sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    stable_sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The one compiled sort.
#[inline(never)]
fn sort_indices(indices: &mut [usize], order: &dyn Fn(usize, usize) -> Ordering) {
    indices.sort_by(|&a, &b| order(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_library_does_keeping_ties_in_order() {
        // (key, original position): ties on the key must keep their positions' order.
        let words = ["本番", "b", "環境", "a", "c", "学び", "a", "本番", "d", "b"];
        let mut ours: Vec<(usize, &str)> = words.iter().copied().enumerate().collect();
        let mut std_sorted = ours.clone();
        stable_sort_by(&mut ours, |a, b| a.1.cmp(b.1));
        std_sorted.sort_by(|a, b| a.1.cmp(b.1));
        assert_eq!(ours, std_sorted);
        assert_eq!(ours.iter().filter(|(_, w)| *w == "本番").map(|(i, _)| *i).collect::<Vec<_>>(), [0, 7]);

        let mut lengths = vec!["three", "a", "to", "本番環境", "xy"];
        stable_sort_by_key(&mut lengths, |w| std::cmp::Reverse(w.chars().count()));
        assert_eq!(lengths, ["three", "本番環境", "to", "xy", "a"]);

        let mut empty: Vec<u8> = Vec::new();
        stable_sort_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }
}
