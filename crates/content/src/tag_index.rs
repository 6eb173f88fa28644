//! The tag index (`/tags`): every tag with its post count, sorted by count or by name
//! (`?sort=name`), shown as a list or as a cloud (`?view=cloud`) whose tags grow with
//! their counts.

use crate::manifest::PostSummary;
use crate::tags::{tag_counts, tag_key, TagCount};

/// The order of the tag index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TagSort {
    /// Most used first (the default).
    #[default]
    Count,
    /// Alphabetical, by [`tag_key`].
    Name,
}

impl TagSort {
    /// Reads a `sort` query value; anything but `name` means the default.
    pub fn parse(value: Option<&str>) -> TagSort {
        if value == Some("name") {
            TagSort::Name
        } else {
            TagSort::Count
        }
    }

    /// The `sort` query value, `None` for the default.
    pub fn query_value(self) -> Option<&'static str> {
        (self == TagSort::Name).then_some("name")
    }
}

/// How the tag index is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TagView {
    /// One tag per line with its count (the default).
    #[default]
    List,
    /// Tags side by side, sized by count.
    Cloud,
}

impl TagView {
    /// Reads a `view` query value; anything but `cloud` means the default.
    pub fn parse(value: Option<&str>) -> TagView {
        if value == Some("cloud") {
            TagView::Cloud
        } else {
            TagView::List
        }
    }

    /// The `view` query value, `None` for the default.
    pub fn query_value(self) -> Option<&'static str> {
        (self == TagView::Cloud).then_some("cloud")
    }
}

/// Every tag of `posts` with its count, in the order `sort` asks for. Ties keep a
/// stable alphabetical order.
pub fn sorted_tags(posts: &[PostSummary], sort: TagSort) -> Vec<TagCount> {
    let mut tags = tag_counts(posts);
    if sort == TagSort::Name {
        tags.sort_by_cached_key(|t| tag_key(&t.name));
    }
    tags
}

/// Where a tag used `count` times sits between the least (`min`) and most (`max`)
/// used tags, from 0.0 to 1.0, on a logarithmic scale so one very common tag does not
/// shrink all the others to the same size. Equal counts sit in the middle.
pub fn cloud_weight(count: usize, min: usize, max: usize) -> f32 {
    if max <= min {
        return 0.5;
    }
    let ln = |n: usize| (n.max(1) as f32).ln();
    ((ln(count) - ln(min)) / (ln(max) - ln(min))).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(tags: &[&str]) -> PostSummary {
        PostSummary { tags: tags.iter().map(|t| t.to_string()).collect(), ..PostSummary::default() }
    }

    fn names(tags: &[TagCount]) -> Vec<&str> {
        tags.iter().map(|t| t.name.as_str()).collect()
    }

    fn sample() -> Vec<PostSummary> {
        vec![post(&["kubernetes", "aws", "機械学習"]), post(&["Kubernetes", "career"]), post(&["kubernetes", "aws"])]
    }

    #[test]
    fn count_order_puts_the_most_used_first() {
        assert_eq!(names(&sorted_tags(&sample(), TagSort::Count)), ["kubernetes", "aws", "career", "機械学習"]);
    }

    #[test]
    fn name_order_is_alphabetical_ignoring_case_with_japanese_last() {
        let posts = [post(&["Zebra", "apple", "機械学習", "Mango"])];
        assert_eq!(names(&sorted_tags(&posts, TagSort::Name)), ["apple", "Mango", "Zebra", "機械学習"]);
    }

    #[test]
    fn sort_and_view_read_their_query_values_with_defaults() {
        assert_eq!(TagSort::parse(Some("name")), TagSort::Name);
        assert_eq!(TagSort::parse(Some("count")), TagSort::Count);
        assert_eq!(TagSort::parse(None).query_value(), None);
        assert_eq!(TagView::parse(Some("cloud")).query_value(), Some("cloud"));
        assert_eq!(TagView::parse(Some("grid")), TagView::List);
    }

    #[test]
    fn cloud_weight_spans_least_to_most_used() {
        assert_eq!(cloud_weight(1, 1, 40), 0.0);
        assert_eq!(cloud_weight(40, 1, 40), 1.0);
        let middle = cloud_weight(6, 1, 40);
        assert!(middle > 0.4 && middle < 0.6, "logarithmic: {middle}");
        assert_eq!(cloud_weight(3, 3, 3), 0.5);
    }
}
