//! Calendar dates of posts. Front matter gives `YYYY-MM-DD` or an RFC 3339 timestamp;
//! fumi keeps the calendar date, which is what readers see and lists sort by.

use std::fmt;

/// A calendar date. Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// Why a date string was rejected, in words an author can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Date {
    /// Parses `YYYY-MM-DD`, or an RFC 3339 timestamp whose date part is taken
    /// (`2021-01-04T09:30:00+09:00` is 4 January 2021, the author's local date).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let text = text.trim();
        let expected = || {
            DateError(format!("`{text}` is not a date; expected YYYY-MM-DD (e.g. 2021-01-04) or an RFC 3339 timestamp"))
        };
        let bytes = text.as_bytes();
        if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(expected());
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
            return Err(expected());
        };
        let rest = &text[10..];
        if !rest.is_empty() && !is_rfc3339_time(rest) {
            return Err(expected());
        }
        if !(1..=12).contains(&month) {
            return Err(DateError(format!("`{text}` has month {month}; months run from 01 to 12")));
        }
        let last_day = days_in_month(year, month);
        if day == 0 || day > last_day {
            return Err(DateError(format!("`{text}` has day {day}, but {year}-{month:02} has {last_day} days")));
        }
        Ok(Date { year: year as u16, month: month as u8, day: day as u8 })
    }
}

impl Date {
    /// The calendar date `days` days after 1970-01-01 (negative: before it), in the
    /// proleptic Gregorian calendar. With the seconds of `SystemTime::now()` divided by
    /// 86,400 this is today's UTC date, without a date library.
    ///
    /// Howard Hinnant's `civil_from_days`: shift the year to start in March so the
    /// leap day is the last day of the year, then count 400-year eras.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468; // days since 0000-03-01
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097); // [0, 146096]
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); // [0, 365]
        let mp = (5 * day_of_year + 2) / 153; // month from March, [0, 11]
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date { year: year.clamp(0, 9999) as u16, month: month as u8, day: day as u8 }
    }
}

/// Loose check of the `THH:MM:SS[.frac](Z|±HH:MM)` tail of an RFC 3339 timestamp.
fn is_rfc3339_time(rest: &str) -> bool {
    let b = rest.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !(matches!(b.first(), Some(b'T' | b't' | b' ')) && b.len() >= 9) {
        return false;
    }
    if !(digits(1..3) && b[3] == b':' && digits(4..6) && b[6] == b':' && digits(7..9)) {
        return false;
    }
    let mut i = 9;
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    match &b[i..] {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`, the form used in the manifest and in `<time datetime>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// English month names, January first.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as a reader of `lang` expects it: `2021年1月4日` for Japanese,
/// `January 4, 2021` otherwise.
pub fn format_date(date: Date, lang: &str) -> String {
    if crate::lang::is_japanese(lang) {
        format!("{}年{}月{}日", date.year, date.month, date.day)
    } else {
        format!("{} {}, {}", MONTHS_EN[usize::from(date.month) - 1], date.day, date.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date { year: y, month: m, day }
    }

    #[test]
    fn parses_plain_dates() {
        assert_eq!(Date::parse("2021-01-04"), Ok(d(2021, 1, 4)));
    }

    #[test]
    fn takes_the_date_part_of_rfc3339_timestamps() {
        assert_eq!(Date::parse("2021-01-04T09:30:00+09:00"), Ok(d(2021, 1, 4)));
        assert_eq!(Date::parse("2021-01-04T23:59:59.123Z"), Ok(d(2021, 1, 4)));
    }

    #[test]
    fn rejects_impossible_days_with_the_reason() {
        let err = Date::parse("2023-02-29").unwrap_err();
        assert!(err.0.contains("28 days"), "{err}");
        assert!(Date::parse("2024-02-29").is_ok(), "leap year");
        assert!(Date::parse("2021-13-01").unwrap_err().0.contains("month 13"));
    }

    #[test]
    fn rejects_other_shapes() {
        for bad in ["2021/01/04", "21-01-04", "January 4", "2021-01-04 lunch", "2021-1-4", ""] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn displays_as_iso_date() {
        assert_eq!(d(2021, 1, 4).to_string(), "2021-01-04");
    }

    #[test]
    fn formats_for_japanese_and_english_readers() {
        assert_eq!(format_date(d(2021, 1, 4), "ja"), "2021年1月4日");
        assert_eq!(format_date(d(2021, 1, 4), "en"), "January 4, 2021");
    }

    #[test]
    fn orders_chronologically() {
        assert!(d(2020, 12, 31) < d(2021, 1, 1));
    }

    #[test]
    fn counts_days_from_the_unix_epoch() {
        assert_eq!(Date::from_days_since_epoch(0), d(1970, 1, 1));
        assert_eq!(Date::from_days_since_epoch(-1), d(1969, 12, 31));
        assert_eq!(Date::from_days_since_epoch(18_631), d(2021, 1, 4));
        assert_eq!(Date::from_days_since_epoch(11_016), d(2000, 2, 29), "a leap day of a year divisible by 400");
        assert_eq!(Date::from_days_since_epoch(11_017), d(2000, 3, 1));
        assert_eq!(Date::from_days_since_epoch(47_541), d(2100, 3, 1), "2100 has no 29 February");
    }

    /// Days from 1970-01-01 to `date`, computed independently of
    /// [`Date::from_days_since_epoch`] (Howard Hinnant's civil-days formula), to check it.
    fn days_since_epoch(date: Date) -> i64 {
        let (month, day) = (i64::from(date.month), i64::from(date.day));
        let year = i64::from(date.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let day_of_year = (153 * if month > 2 { month - 3 } else { month + 9 } + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    #[test]
    fn days_since_epoch_round_trips_through_every_day_of_four_centuries() {
        let mut previous = Date::from_days_since_epoch(-1);
        for days in 0..146_097 {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(days_since_epoch(date), days, "{date}");
            assert!(date > previous, "{date} follows {previous}");
            assert!(Date::parse(&date.to_string()).is_ok(), "{date} is a real date");
            previous = date;
        }
    }
}
