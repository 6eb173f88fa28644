//! The archive (`/archive`): posts grouped by year and month, newest first, and the
//! month headings in the site's language.

use crate::date::Date;
use crate::manifest::PostSummary;

/// The posts of one year, by month.
#[derive(Debug, PartialEq, Eq)]
pub struct ArchiveYear<'a> {
    pub year: u16,
    /// Posts in the whole year.
    pub count: usize,
    /// Newest month first; months without posts are left out.
    pub months: Vec<ArchiveMonth<'a>>,
}

/// The posts of one month, newest first.
#[derive(Debug, PartialEq, Eq)]
pub struct ArchiveMonth<'a> {
    pub year: u16,
    /// 1 = January.
    pub month: u8,
    pub posts: Vec<&'a PostSummary>,
}

/// `posts` grouped by year and month, newest first whatever order they come in
/// (the same day keeps the given order). Posts without a readable date are left out;
/// the publishing tool never lets one through.
pub fn archive(posts: &[PostSummary]) -> Vec<ArchiveYear<'_>> {
    let mut dated: Vec<(Date, &PostSummary)> =
        posts.iter().filter_map(|p| Date::parse(&p.date).ok().map(|d| (d, p))).collect();
    crate::sort::stable_sort_by_key(&mut dated, |(date, _)| std::cmp::Reverse(*date));

    let mut years: Vec<ArchiveYear> = Vec::new();
    for (date, post) in dated {
        if years.last().is_none_or(|y| y.year != date.year) {
            years.push(ArchiveYear { year: date.year, count: 0, months: Vec::new() });
        }
        let year = years.last_mut().expect("pushed above");
        year.count += 1;
        if year.months.last().is_none_or(|m| m.month != date.month) {
            year.months.push(ArchiveMonth { year: date.year, month: date.month, posts: Vec::new() });
        }
        year.months.last_mut().expect("pushed above").posts.push(post);
    }
    years
}

/// A month heading as a reader of `lang` expects it: `2024年5月` for Japanese,
/// `May 2024` otherwise.
pub fn month_label(year: u16, month: u8, lang: &str) -> String {
    if crate::lang::is_japanese(lang) {
        format!("{year}年{month}月")
    } else {
        let name = crate::date::MONTHS_EN.get(usize::from(month).wrapping_sub(1)).copied().unwrap_or("?");
        format!("{name} {year}")
    }
}

/// `YYYY-MM`, the machine-readable form of a month for `<time datetime>`.
pub fn month_datetime(year: u16, month: u8) -> String {
    format!("{year:04}-{month:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(slug: &str, date: &str) -> PostSummary {
        PostSummary { slug: slug.into(), date: date.into(), ..PostSummary::default() }
    }

    /// (year, posts in the year, [(month, slugs)]).
    type Shape<'a> = Vec<(u16, usize, Vec<(u8, Vec<&'a str>)>)>;

    fn shape<'a>(years: &'a [ArchiveYear<'a>]) -> Shape<'a> {
        years
            .iter()
            .map(|y| {
                let months =
                    y.months.iter().map(|m| (m.month, m.posts.iter().map(|p| p.slug.as_str()).collect())).collect();
                (y.year, y.count, months)
            })
            .collect()
    }

    #[test]
    fn groups_by_year_and_month_newest_first() {
        let posts = [
            post("may-late", "2024-05-27"),
            post("may-early", "2024-05-02"),
            post("jan", "2024-01-10"),
            post("old", "2021-09-14"),
        ];
        assert_eq!(
            shape(&archive(&posts)),
            [(2024, 3, vec![(5, vec!["may-late", "may-early"]), (1, vec!["jan"])]), (2021, 1, vec![(9, vec!["old"])])]
        );
    }

    #[test]
    fn sorts_posts_given_in_any_order() {
        let posts = [post("old", "2021-01-04"), post("new", "2025-10-12"), post("mid", "2023-03-08")];
        let years: Vec<u16> = archive(&posts).iter().map(|y| y.year).collect();
        assert_eq!(years, [2025, 2023, 2021]);
    }

    #[test]
    fn leaves_out_posts_without_a_date_and_handles_no_posts() {
        assert!(archive(&[post("undated", "")]).is_empty());
        assert!(archive(&[]).is_empty());
    }

    #[test]
    fn month_labels_follow_the_language() {
        assert_eq!(month_label(2024, 5, "ja"), "2024年5月");
        assert_eq!(month_label(2024, 5, "ja-JP"), "2024年5月");
        assert_eq!(month_label(2024, 5, "en"), "May 2024");
        assert_eq!(month_label(2021, 12, "en-GB"), "December 2021");
    }

    #[test]
    fn month_datetime_is_year_dash_month() {
        assert_eq!(month_datetime(2024, 5), "2024-05");
    }
}
