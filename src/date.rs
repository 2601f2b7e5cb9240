//! Calendar dates as whole days since 1970-01-01 (UTC), the form stored in a share header.
//!
//! The conversion is Howard Hinnant's `days_from_civil` / `civil_from_days`, exact for the
//! proleptic Gregorian calendar, so no date crate is needed.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A day, counted from 1970-01-01 = 0; fits the 16-bit header field until the year 2149.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub u16);

/// Days between creation and the review-by date printed on every sheet.
pub const REVIEW_DAYS: u16 = 90;

impl Date {
    /// Today in UTC, or `None` if the system clock is before 1970 or after 2149.
    pub fn today() -> Option<Date> {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
        u16::try_from(secs / 86_400).ok().map(Date)
    }

    /// The date from a calendar year, month (1–12) and day (1–31), if it is in range.
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = i64::from((m + 9) % 12);
        let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        let date = Date(u16::try_from(days).ok()?);
        // Reject 31 February and the like: the round trip must give the same fields back.
        (date.ymd() == (y + i64::from(m <= 2), m, d)).then_some(date)
    }

    /// Calendar year, month and day.
    pub fn ymd(self) -> (i64, u32, u32) {
        let z = i64::from(self.0) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    /// The date `days` later, saturating at the last representable day.
    pub fn plus_days(self, days: u16) -> Date {
        Date(self.0.saturating_add(days))
    }

    /// The review-by date: [`REVIEW_DAYS`] after this one.
    pub fn review_by(self) -> Date {
        self.plus_days(REVIEW_DAYS)
    }
}

impl fmt::Display for Date {
    /// ISO 8601, `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(Date(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_ymd(2026, 11, 24).map(|d| d.to_string()).as_deref(), Some("2026-11-24"));
        assert_eq!(Date::from_ymd(2000, 2, 29).map(|d| d.0), Some(11_016));
        assert_eq!(Date::from_ymd(2026, 2, 29), None);
        assert_eq!(Date(u16::MAX).to_string(), "2149-06-06");
        let d = Date::from_ymd(2026, 11, 24).map(Date::review_by).map(|d| d.to_string());
        assert_eq!(d.as_deref(), Some("2027-02-22"));
    }

    #[test]
    fn round_trip_every_day() {
        for n in 0..=u16::MAX {
            let (y, m, d) = Date(n).ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(Date(n)));
        }
    }
}
