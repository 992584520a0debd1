//! Dates in scraped news files: parsing the many textual forms, reading dates out of URLs and
//! file names, and choosing one publication instant among several signals.
//!
//! An instant is always `i64` microseconds since the Unix epoch, UTC. Calendar dates are
//! `(year, month, day)` tuples. Nothing here panics on odd input: malformed text yields `None`.
//!
//! - [`parse`](parse_datetime): dates and times in text;
//! - [`paths`](date_from_url): calendar dates in URLs and file names;
//! - [`resolve`]: choosing among the signals of one file.

use jiff::civil::{Date, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;

mod parse;
mod paths;
mod resolve;

use parse::numeric_offset;
pub use parse::{find_datetime, find_datetime_span, parse_datetime, parse_epoch, Found};
pub use paths::{date_from_filename, date_from_url};
pub use resolve::{
    choose, resolve, Candidate, Choice, DateSource, Input, Local, Resolved, Signal, SignalValue,
};

/// Earliest year accepted from text; older "dates" in news files are historical mentions.
const MIN_YEAR: i32 = 1970;
/// Latest year accepted anywhere.
const MAX_YEAR: i32 = 2100;
/// Earliest year accepted from URLs and file names, where digit runs are often ids.
const PATH_MIN_YEAR: i32 = 1990;
const DAY_MICROS: i64 = 86_400_000_000;

/// A calendar date: year, month (1-12), day (1-31).
pub type Ymd = (i32, u8, u8);
/// `parse_datetime` refuses longer input: no real date string is this long, and it bounds work.
const PARSE_CAP: usize = 256;
/// Whitespace runs longer than this end a match; keeps every match attempt bounded.
const MAX_SPACES: usize = 8;
/// Digit runs are read at most this far; longer runs are reported as too long.
const MAX_DIGITS: usize = 16;
/// Letter runs longer than this are never month or weekday names.
const MAX_WORD: usize = 16;

/// A time zone by IANA name; wraps [`jiff::tz::TimeZone`].
///
/// Fixed offsets such as `+08:00` are accepted as names too.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    /// Looks a zone up by IANA name (`Asia/Taipei`, `Europe/Paris`, `UTC`) or fixed offset
    /// (`+08:00`, `-0500`). The error message names the zone that was not found.
    pub fn named(name: &str) -> Result<Zone, String> {
        let trimmed = name.trim();
        if trimmed.is_empty() {
            return Err(format!("unknown time zone {name:?}: empty name"));
        }
        if let Some((secs, end)) = numeric_offset(trimmed.as_bytes(), 0, true) {
            if end == trimmed.len() {
                let off = Offset::from_seconds(secs)
                    .map_err(|e| format!("bad fixed offset {trimmed:?}: {e}"))?;
                return Ok(Zone {
                    name: trimmed.to_string(),
                    tz: TimeZone::fixed(off),
                });
            }
        }
        match TimeZone::get(trimmed) {
            Ok(tz) => Ok(Zone {
                name: tz.iana_name().unwrap_or(trimmed).to_string(),
                tz,
            }),
            Err(e) => Err(format!("unknown time zone {trimmed:?}: {e}")),
        }
    }

    /// Coordinated Universal Time.
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".to_string(),
            tz: TimeZone::UTC,
        }
    }

    /// The name the zone was created with (canonical IANA spelling when found in the database).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The wrapped jiff time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }
}

/// Which calendar order an all-numeric date like `08/02/2024` uses.
///
/// Only consulted when both leading components are 12 or less; a component above 12 is
/// always the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayOrder {
    /// `08/02/2024` is 8 February (RFI, most of Europe).
    DayFirst,
    /// `02/08/2024` is 8 February (US usage).
    MonthFirst,
}

/// A parsed timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Parsed {
    /// The instant, microseconds since the Unix epoch, UTC.
    pub micros: i64,
    /// The text carried its own offset (`Z`, `+08:00`, `GMT`, or an epoch); otherwise the
    /// wall time was read in the caller's zone.
    pub explicit_offset: bool,
    /// The text had a time of day; otherwise the instant is local midnight.
    pub has_time: bool,
}

/// Parses one datetime that makes up all of `s` (after trimming whitespace and one pair of
/// surrounding quotes). Naive times are local to `zone`; `order` settles `08/02/2024`.
/// Local midnight of a calendar date in `zone`, as micros UTC. Where midnight does not exist
/// (a DST gap) the first instant after the gap is used. Invalid dates give `None`.
pub fn local_midnight(date: (i32, u8, u8), zone: &Zone) -> Option<i64> {
    let d = civil_date(date)?;
    let ts = zone.tz.to_timestamp(d.to_datetime(Time::midnight())).ok()?;
    Some(ts.as_microsecond())
}

/// Calendar date of an instant in `zone`; `None` outside jiff's supported range.
pub fn local_date(micros: i64, zone: &Zone) -> Option<(i32, u8, u8)> {
    let ts = Timestamp::from_microsecond(micros).ok()?;
    let dt = zone.tz.to_datetime(ts);
    Some((
        i32::from(dt.year()),
        u8::try_from(dt.month()).ok()?,
        u8::try_from(dt.day()).ok()?,
    ))
}

fn civil_date((y, m, d): (i32, u8, u8)) -> Option<Date> {
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;

    pub(crate) fn utc() -> Zone {
        Zone::utc()
    }

    pub(crate) fn z(name: &str) -> Zone {
        match Zone::named(name) {
            Ok(z) => z,
            Err(e) => panic!("{e}"),
        }
    }

    /// Micros of a UTC civil time, computed independently of the parser.
    pub(crate) fn utc_micros(y: i16, mo: i8, d: i8, h: i8, mi: i8, s: i8, ms: i32) -> i64 {
        let dt = jiff::civil::date(y, mo, d).at(h, mi, s, ms * 1_000_000);
        match TimeZone::UTC.to_timestamp(dt) {
            Ok(ts) => ts.as_microsecond(),
            Err(e) => panic!("{e}"),
        }
    }

    pub(crate) fn p(s: &str) -> Option<Parsed> {
        parse_datetime(s, &utc(), DayOrder::DayFirst)
    }

    pub(crate) fn micros(s: &str) -> i64 {
        match p(s) {
            Some(x) => x.micros,
            None => panic!("did not parse: {s:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;

    #[test]
    fn zone_lookup() {
        let taipei = z("Asia/Taipei");
        assert_eq!(taipei.name(), "Asia/Taipei");
        assert_eq!(Zone::utc().name(), "UTC");
        let err = Zone::named("Mars/Olympus_Mons").err().unwrap_or_default();
        assert!(err.contains("Mars/Olympus_Mons"), "{err}");
        assert!(Zone::named("").is_err());
        let fixed = z("+08:00");
        assert_eq!(fixed.name(), "+08:00");
        assert_eq!(
            local_midnight((2024, 2, 8), &fixed),
            Some(utc_micros(2024, 2, 7, 16, 0, 0, 0))
        );
        fn assert_traits<T: Clone + std::fmt::Debug + Send + Sync>() {}
        assert_traits::<Zone>();
    }

    #[test]
    fn midnight_and_local_date() {
        let tpe = z("Asia/Taipei");
        let m = local_midnight((2024, 2, 8), &tpe);
        assert_eq!(m, Some(utc_micros(2024, 2, 7, 16, 0, 0, 0)));
        assert_eq!(m.and_then(|m| local_date(m, &tpe)), Some((2024, 2, 8)));
        assert_eq!(m.and_then(|m| local_date(m, &utc())), Some((2024, 2, 7)));
        assert_eq!(local_midnight((2024, 2, 30), &tpe), None);
        assert_eq!(local_midnight((i32::MAX, 1, 1), &tpe), None);
        assert_eq!(local_date(i64::MAX, &tpe), None);
        // Sao Paulo skipped midnight on 2018-11-04: the day started at 01:00 local (-02:00).
        let sp = z("America/Sao_Paulo");
        assert_eq!(
            local_midnight((2018, 11, 4), &sp),
            Some(utc_micros(2018, 11, 4, 3, 0, 0, 0))
        );
    }

    #[test]
    fn seeds_on_disk_if_present() {
        let dir = std::path::Path::new("/work/shared/seeds");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut checked = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let first = text.lines().next().unwrap_or("");
            if name.starts_with("000_") {
                assert_eq!(
                    parse_epoch(first).map(|x| x.micros),
                    Some(1_707_394_501_000_000)
                );
                checked += 1;
            }
            if name.starts_with("003_") {
                let sh = z("Asia/Shanghai");
                let found = text
                    .lines()
                    .find_map(|l| find_datetime(l, &sh, DayOrder::DayFirst));
                assert_eq!(
                    found.map(|x| x.micros),
                    Some(utc_micros(2025, 1, 23, 0, 44, 31, 0))
                );
                checked += 1;
            }
            if name.starts_with("004_") {
                let date_line = text.lines().find(|l| l.starts_with("date:")).unwrap_or("");
                let fm = parse_datetime(
                    date_line.trim_start_matches("date:"),
                    &utc(),
                    DayOrder::DayFirst,
                );
                let epoch = text
                    .lines()
                    .find(|l| l.starts_with("<!--"))
                    .and_then(parse_epoch);
                assert!(fm.is_some() && fm == epoch);
                checked += 1;
            }
        }
        assert!(checked == 0 || checked == 3, "{checked}");
    }
}
