//! Splitting a list into numbered pages (`?page=2`): which posts a page holds, whether
//! it exists, and which page numbers its navigation links to.

/// One page of a list. Page numbers start at 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub number: usize,
    /// How many pages the list has; an empty list still has its first page.
    pub count: usize,
    /// The page's items, as a range of indices into the whole list.
    pub start: usize,
    pub end: usize,
}

impl Page {
    /// Page `number` of a list of `total` items shown `per_page` at a time, or `None`
    /// when the list has no such page. A `per_page` of 0 shows everything on one page.
    pub fn of(total: usize, per_page: usize, number: usize) -> Option<Page> {
        let per_page = if per_page == 0 { total.max(1) } else { per_page };
        let count = total.div_ceil(per_page).max(1);
        if number == 0 || number > count {
            return None;
        }
        let start = (number - 1) * per_page;
        Some(Page { number, count, start, end: (start + per_page).min(total) })
    }

    /// The page before this one (newer posts), if any.
    pub fn previous(&self) -> Option<usize> {
        (self.number > 1).then(|| self.number - 1)
    }

    /// The page after this one (older posts), if any.
    pub fn next(&self) -> Option<usize> {
        (self.number < self.count).then(|| self.number + 1)
    }

    /// The page numbers to link to: the first, the last, and this page with its
    /// neighbours, `None` standing for a gap ("…"), so a thousand pages stay one line.
    pub fn links(&self) -> Vec<Option<usize>> {
        const AROUND: usize = 2;
        let mut links = Vec::new();
        let mut last_shown = 0;
        for n in 1..=self.count {
            let near = n.abs_diff(self.number) <= AROUND;
            if n == 1 || n == self.count || near {
                // A gap of one page shows that page rather than an ellipsis.
                if n == last_shown + 2 {
                    links.push(Some(n - 1));
                } else if n > last_shown + 2 {
                    links.push(None);
                }
                links.push(Some(n));
                last_shown = n;
            }
        }
        links
    }
}

/// The page number a `page` query value asks for: none means the first page; `None`
/// for anything that is not a plain positive number (`0`, `-1`, `two`, `02`), which
/// the list answers with "not found" rather than guessing.
pub fn parse_page_number(value: Option<&str>) -> Option<usize> {
    let Some(value) = value else { return Some(1) };
    if value.starts_with('0') || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_the_list_into_ranges() {
        assert_eq!(Page::of(7, 3, 1), Some(Page { number: 1, count: 3, start: 0, end: 3 }));
        assert_eq!(Page::of(7, 3, 3), Some(Page { number: 3, count: 3, start: 6, end: 7 }));
        assert_eq!(Page::of(6, 3, 2).map(|p| p.count), Some(2));
    }

    #[test]
    fn pages_outside_the_list_do_not_exist() {
        assert_eq!(Page::of(7, 3, 4), None);
        assert_eq!(Page::of(7, 3, 0), None);
    }

    #[test]
    fn an_empty_list_has_one_empty_first_page() {
        assert_eq!(Page::of(0, 10, 1), Some(Page { number: 1, count: 1, start: 0, end: 0 }));
        assert_eq!(Page::of(0, 10, 2), None);
    }

    #[test]
    fn zero_per_page_shows_everything_on_one_page() {
        assert_eq!(Page::of(25, 0, 1), Some(Page { number: 1, count: 1, start: 0, end: 25 }));
    }

    #[test]
    fn previous_and_next_stop_at_the_ends() {
        let first = Page::of(30, 10, 1).unwrap();
        assert_eq!((first.previous(), first.next()), (None, Some(2)));
        let last = Page::of(30, 10, 3).unwrap();
        assert_eq!((last.previous(), last.next()), (Some(2), None));
    }

    #[test]
    fn links_show_ends_and_neighbours_with_gaps() {
        let page = |n| Page::of(1000, 10, n).unwrap().links();
        assert_eq!(page(50), [Some(1), None, Some(48), Some(49), Some(50), Some(51), Some(52), None, Some(100)]);
        assert_eq!(page(1), [Some(1), Some(2), Some(3), None, Some(100)]);
        assert_eq!(page(4), [Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), None, Some(100)]);
        assert_eq!(Page::of(30, 10, 2).unwrap().links(), [Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn a_single_missing_page_is_linked_instead_of_elided() {
        let links = Page::of(70, 10, 5).unwrap().links();
        assert_eq!(links, [Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7)]);
    }

    #[test]
    fn page_numbers_are_plain_positive_numbers() {
        assert_eq!(parse_page_number(None), Some(1));
        assert_eq!(parse_page_number(Some("2")), Some(2));
        for bad in ["0", "02", "-1", "two", "", "1.5", " 2"] {
            assert_eq!(parse_page_number(Some(bad)), None, "{bad:?}");
        }
    }
}
