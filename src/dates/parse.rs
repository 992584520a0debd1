//! Reading dates and times out of text: whole strings ([`parse_datetime`]), the first one in a
//! line ([`find_datetime`]) and epoch comments ([`parse_epoch`]).
//!
//! The parser works on bytes of a copy of the input in which full-width ASCII forms
//! (`２０２４`, `：`) and odd spaces are folded to plain ASCII, so CJK markers (`年`, `下午`) are
//! matched as UTF-8 byte strings and no `&str` is ever sliced.

use std::borrow::Cow;

use jiff::civil::{DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;

use super::{
    civil_date, DayOrder, Parsed, Zone, MAX_DIGITS, MAX_SPACES, MAX_WORD, MAX_YEAR, MIN_YEAR,
    PARSE_CAP,
};

///
/// Accepted: RFC 3339 / ISO 8601 (`T` or space, fractions up to nanoseconds, `Z`, `+08:00`,
/// `+0800`, `+08`, a space before the offset), RFC 2822 (weekday optional and ignored, `GMT`,
/// `UT`, `UTC`, numeric offsets, a trailing `(UTC)` comment), `YYYY-MM-DD`, `YYYY/MM/DD`,
/// `YYYY.MM.DD` with optional `HH:MM[:SS]`, `DD/MM/YYYY - HH:MM`, Chinese `2024年2月8日 下午3時51分`
/// (full-width digits too), and English `Aug 26th 2020`, `February 8, 2024`, `8 February 2024 12:51`.
/// Years outside 1970..=2100 and impossible dates are rejected.
pub fn parse_datetime(s: &str, zone: &Zone, order: DayOrder) -> Option<Parsed> {
    let s = strip_quotes(s.trim());
    if s.is_empty() || s.len() > PARSE_CAP {
        return None;
    }
    let norm = normalize(s);
    let b = trim_ascii(norm.as_bytes());
    let (fields, end) = parse_at(b, 0, order)?;
    if end != b.len() {
        return None;
    }
    fields.to_parsed(zone)
}

/// Finds the first datetime embedded in a longer line, such as
/// `發佈時間:2025-01-23 08:44:31 | 來源:新華網`. Same formats as [`parse_datetime`].
///
/// A match starts at the beginning of a digit run or of a word; the longest reading at the
/// first such place wins (a date with a time beats the date alone). Runs in time linear in
/// the length of `s`.
pub fn find_datetime(s: &str, zone: &Zone, order: DayOrder) -> Option<Parsed> {
    find_datetime_span(s, zone, order).map(|f| f.parsed)
}

/// A datetime found in a line, and where: character offsets into the line (each character of
/// the line is one character of the folded copy the parser reads, so offsets carry over).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub parsed: Parsed,
    /// Character offset of the first character of the match.
    pub start: usize,
    /// Character offset just past the match.
    pub end: usize,
    /// Something time-like follows the date but could not be read as a time (`10時許`,
    /// `25:61`): the caller should not present the instant as exact.
    pub unread_time: bool,
}

/// [`find_datetime`] with the position of the match.
pub fn find_datetime_span(s: &str, zone: &Zone, order: DayOrder) -> Option<Found> {
    let norm = normalize(s);
    let b = norm.as_bytes();
    let mut prev = 0u8;
    for (i, &c) in b.iter().enumerate() {
        let start = (c.is_ascii_digit() && !prev.is_ascii_digit())
            || (c.is_ascii_alphabetic() && !prev.is_ascii_alphabetic() && is_date_word(b, i));
        prev = c;
        if !start {
            continue;
        }
        if let Some((fields, end)) = parse_at(b, i, order).or_else(|| time_then_date(b, i, order)) {
            if let Some(p) = fields.to_parsed(zone) {
                let chars = |k: usize| norm.get(..k).map_or(0, |h| h.chars().count());
                return Some(Found {
                    parsed: p,
                    start: chars(i),
                    end: chars(end),
                    unread_time: fields.time.is_none() && time_like_after(b, end),
                });
            }
        }
    }
    None
}

/// `19:04 2023/08/25`: a clock time, then the date (China Times). Only with a colon, so that
/// the day of `25 August 2023` is not read as an hour.
fn time_then_date(b: &[u8], i: usize, order: DayOrder) -> Option<(Fields, usize)> {
    let (_, n, e) = number(b, i)?;
    if n > 2 || at(b, e) != b':' {
        return None;
    }
    let (t, e) = parse_time(b, i)?;
    let j = skip_ws(b, e);
    if j == e {
        return None;
    }
    let (mut f, end) = parse_at(b, j, order)?;
    if f.time.is_some() {
        return None;
    }
    f.time = Some(t);
    Some((f, end))
}

/// Digits right after a date (past spaces and a separator) that did not parse as a time.
fn time_like_after(b: &[u8], e: usize) -> bool {
    let mut j = skip_ws(b, e);
    if matches!(at(b, j), b',' | b'-' | b'|') {
        j = skip_ws(b, j + 1);
    }
    if let Some((m, _)) = PERIODS.iter().find(|(m, _)| starts(b, j, m)) {
        j = skip_ws(b, j + m.len());
    }
    at(b, j).is_ascii_digit()
        && number(b, j).is_some_and(|(_, n, end)| n <= 2 && !starts(b, end, "月"))
}

/// Reads the contents of an `<!--1707394501000-->` comment (the comment markers may be
/// included): epoch milliseconds (11 to 13 digits) or seconds (9 or 10 digits).
/// `NaN`, other text and instants outside 1970..=2100 give `None`.
pub fn parse_epoch(s: &str) -> Option<Parsed> {
    let mut t = s.trim();
    if let Some(rest) = t.strip_prefix("<!--") {
        t = rest;
    }
    if let Some(rest) = t.strip_suffix("-->") {
        t = rest;
    }
    let t = t.trim();
    if t.is_empty() || !t.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: i64 = t.parse().ok()?;
    let ts = match t.len() {
        9 | 10 => Timestamp::from_second(v).ok()?,
        11..=13 => Timestamp::from_millisecond(v).ok()?,
        _ => return None,
    };
    let year = i32::from(ts.to_zoned(TimeZone::UTC).year());
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    Some(Parsed {
        micros: ts.as_microsecond(),
        explicit_offset: true,
        has_time: true,
    })
}

// ---------------------------------------------------------------------------------------------
// Text parsing internals.

#[derive(Clone, Copy, Debug)]
struct Hms {
    h: u8,
    mi: u8,
    s: u8,
    ns: u32,
}

#[derive(Clone, Copy, Debug)]
struct Fields {
    y: i32,
    mo: u8,
    d: u8,
    time: Option<Hms>,
    /// Explicit UTC offset in seconds.
    offset: Option<i32>,
}

impl Fields {
    fn to_parsed(self, zone: &Zone) -> Option<Parsed> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&self.y) {
            return None;
        }
        let date = civil_date((self.y, self.mo, self.d))?;
        let t = self.time.unwrap_or(Hms {
            h: 0,
            mi: 0,
            s: 0,
            ns: 0,
        });
        let time = Time::new(
            i8::try_from(t.h).ok()?,
            i8::try_from(t.mi).ok()?,
            i8::try_from(t.s).ok()?,
            i32::try_from(t.ns).ok()?,
        )
        .ok()?;
        let dt = DateTime::from_parts(date, time);
        let ts = match self.offset {
            Some(secs) => Offset::from_seconds(secs).ok()?.to_timestamp(dt).ok()?,
            None => zone.tz.to_timestamp(dt).ok()?,
        };
        Some(Parsed {
            micros: ts.as_microsecond(),
            explicit_offset: self.offset.is_some(),
            has_time: self.time.is_some(),
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Period {
    Am,
    Pm,
    Noon,
}

/// Chinese parts of the day; the hour that follows is on a 12-hour clock.
const PERIODS: [(&str, Period); 16] = [
    ("上午", Period::Am),
    ("凌晨", Period::Am),
    ("早上", Period::Am),
    ("早晨", Period::Am),
    ("清晨", Period::Am),
    ("中午", Period::Noon),
    ("下午", Period::Pm),
    ("晚上", Period::Pm),
    ("傍晚", Period::Pm),
    ("夜間", Period::Pm),
    ("夜间", Period::Pm),
    ("晚間", Period::Pm),
    ("晚间", Period::Pm),
    ("午後", Period::Pm),
    // Single characters last, so that 晚上 and 早上 are read whole.
    ("晚", Period::Pm),
    ("早", Period::Am),
];

/// Zones named in Chinese before a time of day, with their offsets in seconds. Beijing, Taipei
/// and Hong Kong have kept UTC+8 without daylight saving since 1992.
const ZONE_LABELS: [(&str, i32); 14] = [
    ("格林尼治标准时间", 0),
    ("格林尼治標準時間", 0),
    ("格林威治标准时间", 0),
    ("格林威治標準時間", 0),
    ("格林尼治时间", 0),
    ("格林尼治時間", 0),
    ("北京时间", 8 * 3600),
    ("北京時間", 8 * 3600),
    ("台北时间", 8 * 3600),
    ("台北時間", 8 * 3600),
    ("臺北時間", 8 * 3600),
    ("香港时间", 8 * 3600),
    ("香港時間", 8 * 3600),
    ("GMT", 0),
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

pub(super) fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fn starts(b: &[u8], i: usize, lit: &str) -> bool {
    b.get(i..).is_some_and(|r| r.starts_with(lit.as_bytes()))
}

fn skip_ws(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < i + MAX_SPACES && matches!(at(b, j), b' ' | b'\t') {
        j += 1;
    }
    j
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let mut s = 0;
    let mut e = b.len();
    while s < e && at(b, s).is_ascii_whitespace() {
        s += 1;
    }
    while e > s && at(b, e - 1).is_ascii_whitespace() {
        e -= 1;
    }
    b.get(s..e).unwrap_or(&[])
}

fn strip_quotes(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.trim();
        }
    }
    s
}

/// Folds full-width ASCII forms and odd spaces to ASCII; borrows when there is nothing to fold.
fn normalize(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    // Full-width forms start with 0xEF, U+3000 with E3 80 80, NBSP with C2 A0: a cheap pre-check.
    let maybe = memchr::memchr2(0xEF, 0xC2, b).is_some()
        || memchr::memmem::find(b, "\u{3000}".as_bytes()).is_some()
        || memchr::memchr(0xE2, b).is_some();
    if !maybe {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let m = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => ' ',
            '\u{2212}' => '-',
            _ => c,
        };
        out.push(m);
    }
    Cow::Owned(out)
}

/// Reads a digit run at `i`: value, digit count, end. Runs longer than [`MAX_DIGITS`] report a
/// count above it so every caller rejects them; the work per call stays bounded.
pub(super) fn number(b: &[u8], i: usize) -> Option<(u64, usize, usize)> {
    let mut j = i;
    let mut v: u64 = 0;
    while j - i < MAX_DIGITS {
        let c = at(b, j);
        if !c.is_ascii_digit() {
            break;
        }
        v = v * 10 + u64::from(c - b'0');
        j += 1;
    }
    if j == i {
        return None;
    }
    let n = if at(b, j).is_ascii_digit() {
        MAX_DIGITS + 1
    } else {
        j - i
    };
    Some((v, n, j))
}

/// Like [`number`] but requires `lo..=hi` digits; returns the value as `u32`.
fn num(b: &[u8], i: usize, lo: usize, hi: usize) -> Option<(u32, usize)> {
    let (v, n, e) = number(b, i)?;
    if n < lo || n > hi {
        return None;
    }
    Some((u32::try_from(v).ok()?, e))
}

/// End of the ASCII letter run at `i`, or `None` when it is empty or too long to be a name.
fn word_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while at(b, j).is_ascii_alphabetic() {
        j += 1;
        if j - i > MAX_WORD {
            return None;
        }
    }
    (j > i).then_some(j)
}

/// Whether `w` is `name` or a prefix of it at least three letters long, ignoring case.
fn abbreviates(w: &[u8], name: &str) -> bool {
    w.len() >= 3
        && name
            .as_bytes()
            .get(..w.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(w))
}

/// A month name or abbreviation at `i` (with an optional trailing dot): month number and end.
fn month_word(b: &[u8], i: usize) -> Option<(u8, usize)> {
    let e = word_end(b, i)?;
    let w = b.get(i..e)?;
    let k = MONTHS.iter().position(|m| abbreviates(w, m))?;
    let e = if at(b, e) == b'.' { e + 1 } else { e };
    Some((u8::try_from(k + 1).ok()?, e))
}

/// A weekday name or abbreviation at `i`: its end (the value is ignored: feeds get it wrong).
fn weekday_word(b: &[u8], i: usize) -> Option<usize> {
    let e = word_end(b, i)?;
    let w = b.get(i..e)?;
    WEEKDAYS.iter().any(|d| abbreviates(w, d)).then_some(e)
}

fn is_date_word(b: &[u8], i: usize) -> bool {
    month_word(b, i).is_some() || weekday_word(b, i).is_some()
}

/// Skips an English ordinal suffix after a day number (`26th`).
fn skip_ordinal(b: &[u8], i: usize) -> usize {
    let two = [
        at(b, i).to_ascii_lowercase(),
        at(b, i + 1).to_ascii_lowercase(),
    ];
    if matches!(&two, b"st" | b"nd" | b"rd" | b"th") && !at(b, i + 2).is_ascii_alphabetic() {
        i + 2
    } else {
        i
    }
}

/// Parses a datetime starting exactly at `i`; returns the fields and the end of the match.
fn parse_at(b: &[u8], i: usize, order: DayOrder) -> Option<(Fields, usize)> {
    let (y, mo, d, e, cjk) = parse_date(b, i, order)?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) || civil_date((y, mo, d)).is_none() {
        return None;
    }
    let mut f = Fields {
        y,
        mo,
        d,
        time: None,
        offset: None,
    };
    match time_after(b, e, cjk) {
        Some((t, off, end)) => {
            f.time = Some(t);
            f.offset = off;
            Some((f, end))
        }
        None => Some((f, e)),
    }
}

/// The date part: `(year, month, day, end, is_chinese)`.
fn parse_date(b: &[u8], i: usize, order: DayOrder) -> Option<(i32, u8, u8, usize, bool)> {
    let c = at(b, i);
    if c.is_ascii_alphabetic() {
        let j = match weekday_word(b, i) {
            Some(e) => {
                let e = if at(b, e) == b'.' { e + 1 } else { e };
                let e = if at(b, e) == b',' { e + 1 } else { e };
                skip_ws(b, e)
            }
            None => i,
        };
        let (y, m, d, e) = english_date(b, j)?;
        return Some((y, m, d, e, false));
    }
    let (v1, n1, e1) = number(b, i)?;
    let sep = at(b, e1);
    if n1 == 4 {
        let y = i32::try_from(v1).ok()?;
        if matches!(sep, b'-' | b'/' | b'.') {
            let (m, e2) = num(b, e1 + 1, 1, 2)?;
            if at(b, e2) != sep {
                return None;
            }
            let (d, e3) = num(b, e2 + 1, 1, 2)?;
            return Some((y, u8::try_from(m).ok()?, u8::try_from(d).ok()?, e3, false));
        }
        let (m, d, e) = chinese_month_day(b, e1)?;
        return Some((y, m, d, e, true));
    }
    if n1 <= 2 {
        if matches!(sep, b'-' | b'/' | b'.') && at(b, e1 + 1).is_ascii_digit() {
            let (v2, e2) = num(b, e1 + 1, 1, 2)?;
            if at(b, e2) != sep {
                return None;
            }
            let (y, e3) = num(b, e2 + 1, 4, 4)?;
            let (a, c2) = (u8::try_from(v1).ok()?, u8::try_from(v2).ok()?);
            let (d, m) = if a > 12 {
                (a, c2)
            } else if c2 > 12 {
                (c2, a)
            } else {
                match order {
                    DayOrder::DayFirst => (a, c2),
                    DayOrder::MonthFirst => (c2, a),
                }
            };
            return Some((i32::try_from(y).ok()?, m, d, e3, false));
        }
        let (y, m, d, e) = english_date(b, i)?;
        return Some((y, m, d, e, false));
    }
    None
}

/// `年 M 月 D 日` after a four-digit year ending at `i`.
fn chinese_month_day(b: &[u8], i: usize) -> Option<(u8, u8, usize)> {
    let j = skip_ws(b, i);
    if !starts(b, j, "年") {
        return None;
    }
    let j = skip_ws(b, j + "年".len());
    let (m, e) = num(b, j, 1, 2)?;
    let j = skip_ws(b, e);
    if !starts(b, j, "月") {
        return None;
    }
    let j = skip_ws(b, j + "月".len());
    let (d, e) = num(b, j, 1, 2)?;
    let j = skip_ws(b, e);
    // `2016年6月29 12:30`: pages drop the 日 before a time or at the end of a line. Only before
    // ASCII or the end, so that `6月29名` in prose is not a day.
    let end = match ["日", "号", "號"].iter().find(|m| starts(b, j, m)) {
        Some(m) => j + m.len(),
        None if at(b, e) < 0x80 => e,
        None => return None,
    };
    Some((u8::try_from(m).ok()?, u8::try_from(d).ok()?, end))
}

/// `8 February 2024`, `05 Feb 2022`, `05-Feb-2022`, `Aug 26th 2020`, `February 8, 2024`.
fn english_date(b: &[u8], i: usize) -> Option<(i32, u8, u8, usize)> {
    let (m, d, e) = if at(b, i).is_ascii_digit() {
        let (d, e) = num(b, i, 1, 2)?;
        let e = skip_ordinal(b, e);
        let j = if at(b, e) == b'-' {
            e + 1
        } else {
            skip_ws(b, e)
        };
        let (m, e) = month_word(b, j)?;
        let e = if at(b, e) == b'-' { e + 1 } else { e };
        (m, d, e)
    } else {
        let (m, e) = month_word(b, i)?;
        let j = skip_ws(b, e);
        let (d, e) = num(b, j, 1, 2)?;
        (m, d, skip_ordinal(b, e))
    };
    let e = if at(b, e) == b',' { e + 1 } else { e };
    let j = skip_ws(b, e);
    let (y, e) = num(b, j, 4, 4)?;
    Some((i32::try_from(y).ok()?, m, u8::try_from(d).ok()?, e))
}

/// A time (and offset) following a date that ends at `e`.
fn time_after(b: &[u8], e: usize, cjk: bool) -> Option<(Hms, Option<i32>, usize)> {
    let j = if at(b, e) == b'T' && at(b, e + 1).is_ascii_digit() {
        e + 1
    } else {
        let mut j = skip_ws(b, e);
        if cjk {
            j = skip_ws(b, skip_chinese_weekday(b, j));
        }
        if matches!(at(b, j), b'-' | b',' | b'|' | b'@') {
            j = skip_ws(b, j + 1);
        } else if at(b, j).eq_ignore_ascii_case(&b'a')
            && at(b, j + 1).eq_ignore_ascii_case(&b't')
            && at(b, j + 2) == b' '
        {
            j = skip_ws(b, j + 2);
        }
        if j == e && !cjk {
            return None;
        }
        j
    };
    // `格林尼治标准时间10:41`, `北京时间 08:00`: a zone named before the time.
    let (named, j) = match ZONE_LABELS.iter().find(|(l, _)| starts(b, j, l)) {
        Some((l, secs)) => (Some(*secs), skip_ws(b, j + l.len())),
        None => (None, j),
    };
    let (t, mut end) = parse_time(b, j)?;
    let mut offset = named;
    if let Some((o, k)) = parse_zone(b, end) {
        offset = Some(o);
        end = skip_zone_comment(b, k);
    }
    Some((t, offset, end))
}

/// `星期四`, `(週四)`, `（周四）` after a Chinese date: skipped.
fn skip_chinese_weekday(b: &[u8], i: usize) -> usize {
    let open = at(b, i) == b'(';
    let j = if open { i + 1 } else { i };
    let Some(pre) = ["星期", "禮拜", "礼拜", "週", "周"]
        .iter()
        .find(|p| starts(b, j, p))
    else {
        return i;
    };
    let j = j + pre.len();
    let Some(day) = ["一", "二", "三", "四", "五", "六", "日", "天"]
        .iter()
        .find(|d| starts(b, j, d))
    else {
        return i;
    };
    let j = j + day.len();
    if open {
        if at(b, j) == b')' {
            j + 1
        } else {
            i
        }
    } else {
        j
    }
}

/// `HH:MM[:SS[.fff]]` with optional `am`/`pm`, or Chinese `[下午]H時[M分[S秒]]`, `H:MM`.
fn parse_time(b: &[u8], i: usize) -> Option<(Hms, usize)> {
    let mut j = i;
    let mut period = None;
    if let Some((m, p)) = PERIODS.iter().find(|(m, _)| starts(b, j, m)) {
        period = Some(*p);
        j = skip_ws(b, j + m.len());
    }
    let (mut h, e) = num(b, j, 1, 2)?;
    j = e;
    let (mut mi, mut s, mut ns) = (0u32, 0u32, 0u32);
    if at(b, j) == b':' {
        let (v, e) = num(b, j + 1, 2, 2)?;
        mi = v;
        j = e;
        if at(b, j) == b':' && at(b, j + 1).is_ascii_digit() {
            let (v, e) = num(b, j + 1, 2, 2)?;
            s = v;
            j = e;
            if at(b, j) == b'.' && at(b, j + 1).is_ascii_digit() {
                let (f, e) = fraction(b, j + 1)?;
                ns = f;
                j = e;
            }
        }
    } else if let Some(m) = ["時", "时", "點", "点"].iter().find(|m| starts(b, j, m)) {
        j += m.len();
        let k = skip_ws(b, j);
        if let Some((v, e)) = num(b, k, 1, 2) {
            let k2 = skip_ws(b, e);
            // `10点05` without 分: two digits right after the hour mark are its minutes.
            if !starts(b, k2, "分") && k == j && e == k + 2 && !at(b, e).is_ascii_digit() {
                mi = v;
                j = e;
            }
            if starts(b, k2, "分") {
                mi = v;
                j = k2 + "分".len();
                let k3 = skip_ws(b, j);
                if let Some((v, e)) = num(b, k3, 1, 2) {
                    let k4 = skip_ws(b, e);
                    if starts(b, k4, "秒") {
                        s = v;
                        j = k4 + "秒".len();
                    }
                }
            }
        } else if starts(b, k, "半") {
            mi = 30;
            j = k + "半".len();
        }
    } else {
        return None;
    }
    if period.is_none() {
        if let Some((p, e)) = am_pm(b, j) {
            period = Some(p);
            j = e;
        }
    }
    match period {
        Some(Period::Am) if h == 12 => h = 0,
        Some(Period::Pm) if h < 12 => h += 12,
        Some(Period::Noon) if h < 11 => h += 12,
        _ => {}
    }
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    // A leap second cannot be represented; the instant a second earlier is close enough.
    let s = s.min(59);
    let hms = Hms {
        h: u8::try_from(h).ok()?,
        mi: u8::try_from(mi).ok()?,
        s: u8::try_from(s).ok()?,
        ns,
    };
    Some((hms, j))
}

/// Fractional seconds: nanoseconds from the first nine digits (up to twelve are accepted).
fn fraction(b: &[u8], i: usize) -> Option<(u32, usize)> {
    let (_, n, e) = number(b, i)?;
    if n > 12 {
        return None;
    }
    let mut ns = 0u32;
    for k in 0..9 {
        let d = if k < n {
            u32::from(at(b, i + k).wrapping_sub(b'0'))
        } else {
            0
        };
        ns = ns * 10 + d.min(9);
    }
    Some((ns, e))
}

/// ` am`, `PM`, `a.m.` after a time.
fn am_pm(b: &[u8], i: usize) -> Option<(Period, usize)> {
    let j = skip_ws(b, i);
    let p = match at(b, j).to_ascii_lowercase() {
        b'a' => Period::Am,
        b'p' => Period::Pm,
        _ => return None,
    };
    let c1 = at(b, j + 1);
    if c1.eq_ignore_ascii_case(&b'm') && !at(b, j + 2).is_ascii_alphabetic() {
        return Some((p, j + 2));
    }
    if c1 == b'.' && at(b, j + 2).eq_ignore_ascii_case(&b'm') && at(b, j + 3) == b'.' {
        return Some((p, j + 4));
    }
    None
}

/// `Z`, `GMT`, `UT`, `UTC` (optionally followed by an offset), or a numeric offset.
fn parse_zone(b: &[u8], i: usize) -> Option<(i32, usize)> {
    let j = skip_ws(b, i);
    if at(b, j) == b'Z' && !at(b, j + 1).is_ascii_alphanumeric() {
        return Some((0, j + 1));
    }
    for name in ["GMT", "UTC", "UT"] {
        if starts(b, j, name) && !at(b, j + name.len()).is_ascii_alphabetic() {
            let k = j + name.len();
            return Some(numeric_offset(b, k, true).unwrap_or((0, k)));
        }
    }
    numeric_offset(b, j, false)
}

/// `+08:00`, `+0800`, `+08`; with `loose` also `+8` (as in `GMT+8`). Hours up to 14.
pub(super) fn numeric_offset(b: &[u8], i: usize, loose: bool) -> Option<(i32, usize)> {
    let sign = match at(b, i) {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (v, n, e) = number(b, i + 1)?;
    let v = u32::try_from(v).ok()?;
    let (h, m, end) = match n {
        1 | 2 if n == 2 || loose => {
            if at(b, e) == b':' {
                let (m, e2) = num(b, e + 1, 2, 2)?;
                (v, m, e2)
            } else {
                (v, 0, e)
            }
        }
        4 => (v / 100, v % 100, e),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    let secs = i32::try_from(h * 3600 + m * 60).ok()?;
    Some((sign * secs, end))
}

/// A ` (UTC)` style comment after an RFC 2822 offset.
fn skip_zone_comment(b: &[u8], i: usize) -> usize {
    let j = skip_ws(b, i);
    if at(b, j) != b'(' {
        return i;
    }
    match word_end(b, j + 1) {
        Some(e) if e - (j + 1) <= 5 && at(b, e) == b')' => e + 1,
        _ => i,
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers.

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::test_util::*;
    use crate::dates::*;

    #[test]
    fn iso_and_rfc3339() {
        assert_eq!(
            micros("2023-12-20T06:09:00.000Z"),
            utc_micros(2023, 12, 20, 6, 9, 0, 0)
        );
        assert_eq!(
            micros("2024-02-08T13:36:09.741Z"),
            utc_micros(2024, 2, 8, 13, 36, 9, 741)
        );
        assert_eq!(
            micros("2020-08-26T00:00:00Z"),
            utc_micros(2020, 8, 26, 0, 0, 0, 0)
        );
        let want = utc_micros(2024, 3, 14, 12, 47, 8, 0);
        for s in [
            "2024-03-14 20:47:08.000000000 +08:00",
            "2024-03-14T20:47:08+08:00",
            "2024-03-14T20:47:08+0800",
            "2024-03-14T20:47:08+08",
            "2024-03-14 20:47:08 +0800",
            "  \"2024-03-14T20:47:08+08:00\" ",
        ] {
            let got = p(s);
            assert_eq!(got.map(|x| x.micros), Some(want), "{s}");
            assert!(got.is_some_and(|x| x.explicit_offset && x.has_time), "{s}");
        }
        // RFA writes local midnight as 16:00 UTC.
        assert_eq!(
            micros("2022-03-01 16:00:00 +00:00"),
            utc_micros(2022, 3, 1, 16, 0, 0, 0)
        );
        assert_eq!(
            micros("2024-03-14T20:47:08-05:30"),
            utc_micros(2024, 3, 15, 2, 17, 8, 0)
        );
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            micros("Sat, 05 Feb 2022 20:22:00 GMT"),
            utc_micros(2022, 2, 5, 20, 22, 0, 0)
        );
        assert_eq!(
            micros("Thu, 02 Jul 2020 10:28:51 +0000"),
            utc_micros(2020, 7, 2, 10, 28, 51, 0)
        );
        assert_eq!(
            micros("Tue, 23 Jun 2020 05:40:58 +0000"),
            utc_micros(2020, 6, 23, 5, 40, 58, 0)
        );
        // No weekday, single-digit day, wrong weekday (5 Feb 2022 was a Saturday), comment.
        let want = utc_micros(2022, 2, 5, 20, 22, 0, 0);
        for s in [
            "05 Feb 2022 20:22:00 GMT",
            "Sat, 5 Feb 2022 20:22:00 GMT",
            "Mon, 05 Feb 2022 20:22:00 GMT",
            "Sat, 05 Feb 2022 20:22:00 +0000 (UTC)",
            "Sat, 06 Feb 2022 04:22:00 +0800",
            "Saturday, 05 February 2022 20:22:00 UT",
            "Sun, 06 Feb 2022 04:22:00 GMT+8",
            "Sun, 06 Feb 2022 04:22:00 UTC+08:00",
        ] {
            assert_eq!(p(s).map(|x| x.micros), Some(want), "{s}");
        }
        assert!(p("Sat, 05 Feb 2022 20:22:00 GMT").is_some_and(|x| x.explicit_offset));
    }

    #[test]
    fn naive_forms_use_the_zone() {
        let sh = z("Asia/Shanghai");
        let want = utc_micros(2025, 1, 23, 0, 44, 31, 0);
        let got = parse_datetime("2025-01-23 08:44:31", &sh, DayOrder::DayFirst);
        assert_eq!(
            got,
            Some(Parsed {
                micros: want,
                explicit_offset: false,
                has_time: true
            })
        );
        let want = utc_micros(2024, 3, 14, 12, 47, 0, 0);
        for s in [
            "2024-03-14 20:47",
            "2024/03/14 20:47",
            "2024.3.14 20:47",
            "2024-03-14T20:47",
        ] {
            assert_eq!(
                parse_datetime(s, &sh, DayOrder::DayFirst).map(|x| x.micros),
                Some(want),
                "{s}"
            );
        }
        let d = parse_datetime("2024-03-14", &sh, DayOrder::DayFirst);
        assert_eq!(
            d,
            Some(Parsed {
                micros: utc_micros(2024, 3, 13, 16, 0, 0, 0),
                explicit_offset: false,
                has_time: false
            })
        );
    }

    #[test]
    fn numeric_day_month_order() {
        let paris = z("Europe/Paris");
        // RFI's dateline: day first, Paris winter time is UTC+1.
        let rfi = parse_datetime("08/02/2024 - 12:51", &paris, DayOrder::DayFirst);
        assert_eq!(
            rfi.map(|x| x.micros),
            Some(utc_micros(2024, 2, 8, 11, 51, 0, 0))
        );
        let us = parse_datetime("02/08/2024", &utc(), DayOrder::MonthFirst);
        assert_eq!(
            us.map(|x| x.micros),
            Some(utc_micros(2024, 2, 8, 0, 0, 0, 0))
        );
        // A component above 12 decides, whatever the order says.
        for order in [DayOrder::DayFirst, DayOrder::MonthFirst] {
            assert_eq!(
                parse_datetime("25/12/2023", &utc(), order).map(|x| x.micros),
                Some(utc_micros(2023, 12, 25, 0, 0, 0, 0))
            );
            assert_eq!(
                parse_datetime("12/25/2023", &utc(), order).map(|x| x.micros),
                Some(utc_micros(2023, 12, 25, 0, 0, 0, 0))
            );
        }
        assert_eq!(
            micros("08.02.2024 12:51"),
            utc_micros(2024, 2, 8, 12, 51, 0, 0)
        );
        assert_eq!(
            parse_datetime("13/12/2023", &utc(), DayOrder::MonthFirst).map(|x| x.micros),
            Some(utc_micros(2023, 12, 13, 0, 0, 0, 0))
        );
        assert!(p("13/13/2024").is_none());
    }

    #[test]
    fn chinese_forms() {
        let tpe = z("Asia/Taipei");
        let at = |s: &str| parse_datetime(s, &tpe, DayOrder::DayFirst).map(|x| x.micros);
        assert_eq!(
            at("2020年 7月 17日"),
            Some(utc_micros(2020, 7, 16, 16, 0, 0, 0))
        );
        assert_eq!(
            at("2024年2月8日 12:51"),
            Some(utc_micros(2024, 2, 8, 4, 51, 0, 0))
        );
        assert_eq!(
            at("2024年02月08日 12時51分"),
            Some(utc_micros(2024, 2, 8, 4, 51, 0, 0))
        );
        assert_eq!(
            at("2024年2月8日 下午3時"),
            Some(utc_micros(2024, 2, 8, 7, 0, 0, 0))
        );
        assert_eq!(
            at("2024年2月8日 晚上8点30分15秒"),
            Some(utc_micros(2024, 2, 8, 12, 30, 15, 0))
        );
        // 下午12時 is noon, not midnight: +12h only when the hour is below 12.
        assert_eq!(
            at("2024年2月8日 下午12時"),
            Some(utc_micros(2024, 2, 8, 4, 0, 0, 0))
        );
        assert_eq!(
            at("2024年2月8日 上午12時"),
            Some(utc_micros(2024, 2, 7, 16, 0, 0, 0))
        );
        assert_eq!(
            at("２０２４年２月８日"),
            Some(utc_micros(2024, 2, 7, 16, 0, 0, 0))
        );
        assert_eq!(
            at("２０２４年２月８日　１２：５１"),
            Some(utc_micros(2024, 2, 8, 4, 51, 0, 0))
        );
        assert_eq!(
            at("2024年2月8日（星期四）12:51"),
            Some(utc_micros(2024, 2, 8, 4, 51, 0, 0))
        );
        assert_eq!(
            at("2024年2月8日12:51"),
            Some(utc_micros(2024, 2, 8, 4, 51, 0, 0))
        );
        assert!(at("2024年2月30日").is_none());
        assert!(at("2月8日 下午3時").is_none());
    }

    #[test]
    fn page_datelines() {
        // Each is a class of visible dateline seen under headlines of whole pages.
        let sh = z("Asia/Shanghai");
        let find = |s: &str| find_datetime_span(s, &sh, DayOrder::DayFirst);
        let at = |s: &str| find(s).map(|f| (f.parsed.micros, f.parsed.has_time));
        let cst = |y: i16, mo: i8, d: i8, h: i8, mi: i8| utc_micros(y, mo, d, h - 8, mi, 0, 0);
        let cases: [(&str, i64); 13] = [
            (
                "2020-02-19 20:29:58 来源：新华网",
                cst(2020, 2, 19, 20, 29) + 58_000_000,
            ),
            ("发布时间：2021-1-29 13:18 | 点击", cst(2021, 1, 29, 13, 18)),
            ("发布时间：2024年2月8日 12:51", cst(2024, 2, 8, 12, 51)),
            ("2015年04月08日10点05 来源：人民网", cst(2015, 4, 8, 10, 5)),
            ("2015年04月08日 晚8:00", cst(2015, 4, 8, 20, 0)),
            ("2015年04月08日 21時40分", cst(2015, 4, 8, 21, 40)),
            ("星期日 2015年4月12日 09:30", cst(2015, 4, 12, 9, 30)),
            ("2016年6月29 12:30 编辑：王", cst(2016, 6, 29, 12, 30)),
            ("19:04 2023/08/25", cst(2023, 8, 25, 19, 4)),
            ("2024年5月22日週三 上午8:21", cst(2024, 5, 22, 8, 21)),
            ("2024年5月20日週一 下午2:05", cst(2024, 5, 20, 14, 5)),
            ("01/09/2023 - 09:49", cst(2023, 9, 1, 9, 49)),
            (
                "2023/8/23 15:06 （8/23 15:31 更新）",
                cst(2023, 8, 23, 15, 6),
            ),
        ];
        for (line, want) in cases {
            assert_eq!(at(line), Some((want, true)), "{line}");
        }
        // A zone named before the time wins over the caller's zone.
        let bbc = find("更新时间 2012年12月10日, 格林尼治标准时间10:41").unwrap();
        assert_eq!(bbc.parsed.micros, utc_micros(2012, 12, 10, 10, 41, 0, 0));
        assert!(bbc.parsed.explicit_offset);
        // Date only, and the position of the match in characters.
        let f = find("发布时间：2024年05月05日 |").unwrap();
        assert!(!f.parsed.has_time && !f.unread_time);
        assert_eq!((f.start, f.end), (5, 16));
        // A time that cannot be read is reported, not taken as midnight silently.
        let f = find("2015年04月08日 25:61").unwrap();
        assert!(!f.parsed.has_time && f.unread_time);
        // 日 may be missing only before ASCII or the end: `6月29名` is prose.
        assert!(find("2016年6月29名学生").is_none());
    }

    #[test]
    fn english_forms() {
        assert_eq!(micros("Aug 26th 2020"), utc_micros(2020, 8, 26, 0, 0, 0, 0));
        assert_eq!(
            micros("February 8, 2024"),
            utc_micros(2024, 2, 8, 0, 0, 0, 0)
        );
        assert_eq!(
            micros("8 February 2024 12:51"),
            utc_micros(2024, 2, 8, 12, 51, 0, 0)
        );
        assert_eq!(
            micros("Sept. 3, 2021, 4:05 pm"),
            utc_micros(2021, 9, 3, 16, 5, 0, 0)
        );
        assert_eq!(
            micros("February 8, 2024 at 12:05 a.m."),
            utc_micros(2024, 2, 8, 0, 5, 0, 0)
        );
        assert!(p("Aug 26th 2020").is_some_and(|x| !x.has_time && !x.explicit_offset));
        assert!(p("Febtober 8, 2024").is_none());
    }

    #[test]
    fn rejects_nonsense() {
        for s in [
            "",
            "   ",
            "NaN",
            "undefined",
            "null",
            "2024-13-01",
            "2024-02-30",
            "2023-02-29 10:00",
            "1969-12-31",
            "2101-01-01",
            "1900年1月1日",
            "2024-03-14 25:00",
            "2024-03-14 20:61",
            "2024-03-14 garbage",
            "2024-03-145",
            "12024-03-14",
            "2024-03",
            "2024",
            "20:47",
            "2024-03-14T20:47:08+25:00",
            "31/04/2024",
            "Thu, 31 Feb 2020 10:00:00 GMT",
        ] {
            assert!(p(s).is_none(), "{s:?} parsed as {:?}", p(s));
        }
        assert!(p("2024-02-29").is_some());
        let long = format!("2024-03-14{}", " x".repeat(200));
        assert!(p(&long).is_none());
    }

    #[test]
    fn find_in_lines() {
        let sh = z("Asia/Shanghai");
        let got = find_datetime(
            "發佈時間:2025-01-23 08:44:31 | 來源:新華網 | 作者: | 責任編輯:曹川川",
            &sh,
            DayOrder::DayFirst,
        );
        assert_eq!(
            got.map(|x| x.micros),
            Some(utc_micros(2025, 1, 23, 0, 44, 31, 0))
        );
        let got = find_datetime(
            "<div><i><br>2024-02-08T13:36:09.741Z</i></div><img src=x>",
            &sh,
            DayOrder::DayFirst,
        );
        assert_eq!(
            got,
            Some(Parsed {
                micros: utc_micros(2024, 2, 8, 13, 36, 9, 741),
                explicit_offset: true,
                has_time: true
            })
        );
        let got = find_datetime(
            "日期：Thu, 02 Jul 2020 10:28:51 +0000",
            &sh,
            DayOrder::DayFirst,
        );
        assert_eq!(
            got.map(|x| x.micros),
            Some(utc_micros(2020, 7, 2, 10, 28, 51, 0))
        );
        let paris = z("Europe/Paris");
        let got = find_datetime(
            "<div>08/02/2024 - 12:51</div><img",
            &paris,
            DayOrder::DayFirst,
        );
        assert_eq!(
            got.map(|x| x.micros),
            Some(utc_micros(2024, 2, 8, 11, 51, 0, 0))
        );
        // Numbers that are not dates are passed over; a bad time leaves the date.
        let got = find_datetime(
            "第38次会晤, 共1200人, 于2024年2月8日下午3時举行",
            &sh,
            DayOrder::DayFirst,
        );
        assert_eq!(
            got.map(|x| x.micros),
            Some(utc_micros(2024, 2, 8, 7, 0, 0, 0))
        );
        let got = find_datetime(
            "Posted March 3, 2022 - 5 people",
            &utc(),
            DayOrder::DayFirst,
        );
        assert_eq!(
            got,
            Some(Parsed {
                micros: utc_micros(2022, 3, 3, 0, 0, 0, 0),
                explicit_offset: false,
                has_time: false
            })
        );
        assert!(
            find_datetime("1月21日下午,國家主席習近平在北京", &sh, DayOrder::DayFirst).is_none()
        );
        assert!(
            find_datetime("id 202401081234567 and 2024-99-99", &sh, DayOrder::DayFirst).is_none()
        );
    }

    #[test]
    fn find_is_linear_on_huge_lines() {
        // Each of these would take minutes if a match attempt scanned to the end of the line.
        for unit in ["1", "2024-", "Feb ", " ", "2024年", "a", "12:00 ", "08/"] {
            let line = unit.repeat(1_000_000 / unit.len());
            assert!(
                find_datetime(&line, &utc(), DayOrder::DayFirst).is_none(),
                "{unit}"
            );
        }
        let mut line = "x".repeat(1_000_000);
        line.push_str(" 2024-02-08T13:36:09Z");
        assert_eq!(
            find_datetime(&line, &utc(), DayOrder::DayFirst).map(|x| x.micros),
            Some(utc_micros(2024, 2, 8, 13, 36, 9, 0))
        );
    }

    #[test]
    fn epochs() {
        let ms = parse_epoch("1707394501000");
        assert_eq!(
            ms,
            Some(Parsed {
                micros: 1_707_394_501_000_000,
                explicit_offset: true,
                has_time: true
            })
        );
        assert_eq!(
            parse_epoch("<!--1707394501000-->").map(|x| x.micros),
            Some(1_707_394_501_000_000)
        );
        assert_eq!(
            parse_epoch(" 1707394501 ").map(|x| x.micros),
            Some(1_707_394_501_000_000)
        );
        assert_eq!(
            parse_epoch("1703052540000").map(|x| x.micros),
            Some(utc_micros(2023, 12, 20, 6, 9, 0, 0))
        );
        for s in [
            "NaN",
            "<!--NaN-->",
            "",
            "-1707394501000",
            "1707394501000.5",
            "17073945010000",
            "12345",
            "99999999999999",
        ] {
            assert!(parse_epoch(s).is_none(), "{s}");
        }
    }

    /// A small deterministic generator so the property tests need no extra crates.
    struct Rng(u64);
    impl Rng {
        fn step(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.step() % n
        }
    }

    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];

    fn offset_text(secs: i32, style: usize) -> String {
        let sign = if secs < 0 { '-' } else { '+' };
        let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
        match style {
            0 => format!("{sign}{h:02}:{m:02}"),
            1 => format!("{sign}{h:02}{m:02}"),
            _ => format!(" {sign}{h:02}:{m:02}"),
        }
    }

    #[test]
    fn property_explicit_formats_round_trip() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let lo = utc_micros(1970, 1, 2, 0, 0, 0, 0) / 1000;
        let hi = utc_micros(2099, 12, 30, 0, 0, 0, 0) / 1000;
        let offsets = [
            0,
            3600,
            -3600,
            8 * 3600,
            -5 * 3600,
            19800,
            20700,
            -34200,
            14 * 3600,
            -12 * 3600,
        ];
        let span = u64::try_from(hi - lo).unwrap_or(1);
        for _ in 0..3000 {
            let ms = lo + i64::try_from(rng.below(span)).unwrap_or(0);
            let micros = ms * 1000;
            let off = offsets[usize::try_from(rng.below(offsets.len() as u64)).unwrap_or(0)];
            let Ok(ts) = Timestamp::from_microsecond(micros) else {
                panic!("range")
            };
            let Ok(o) = Offset::from_seconds(off) else {
                panic!("offset")
            };
            let l = o.to_datetime(ts);
            let u = TimeZone::UTC.to_datetime(ts);
            let frac = ms.rem_euclid(1000);
            let style = usize::try_from(rng.below(3)).unwrap_or(0);
            let local = format!("{:04}-{:02}-{:02}", l.year(), l.month(), l.day());
            let clock = format!("{:02}:{:02}:{:02}", l.hour(), l.minute(), l.second());
            let texts = [
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{frac:03}Z",
                    u.year(),
                    u.month(),
                    u.day(),
                    u.hour(),
                    u.minute(),
                    u.second()
                ),
                format!("{local}T{clock}.{frac:03}{}", offset_text(off, style)),
                format!(
                    "{local} {clock}.{:09}{}",
                    frac * 1_000_000,
                    offset_text(off, 2)
                ),
            ];
            for t in &texts {
                let got = parse_datetime(t, &utc(), DayOrder::DayFirst);
                assert_eq!(got.map(|x| x.micros), Some(micros), "{t}");
                let line = format!("發佈時間:{t} | 來源:新華網");
                assert_eq!(
                    find_datetime(&line, &utc(), DayOrder::DayFirst).map(|x| x.micros),
                    Some(micros),
                    "{line}"
                );
            }
            // RFC 2822 has whole seconds.
            let whole = micros - frac * 1000;
            let wd = DAYS[usize::try_from(l.weekday().to_monday_zero_offset()).unwrap_or(0)];
            let mon = MONS[usize::try_from(l.month() - 1).unwrap_or(0)];
            let rfc = format!(
                "{wd}, {:02} {mon} {:04} {clock} {}",
                l.day(),
                l.year(),
                offset_text(off, 1)
            );
            assert_eq!(
                parse_datetime(&rfc, &utc(), DayOrder::DayFirst).map(|x| x.micros),
                Some(whole),
                "{rfc}"
            );
        }
    }

    #[test]
    fn property_naive_formats_round_trip() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let zones = [
            z("Asia/Shanghai"),
            z("Europe/Paris"),
            z("America/New_York"),
            z("Asia/Taipei"),
        ];
        let lo = utc_micros(1971, 1, 1, 0, 0, 0, 0) / 1_000_000;
        let hi = utc_micros(2099, 12, 30, 0, 0, 0, 0) / 1_000_000;
        let span = u64::try_from(hi - lo).unwrap_or(1);
        for _ in 0..3000 {
            let secs = lo + i64::try_from(rng.below(span)).unwrap_or(0);
            let zone = &zones[usize::try_from(rng.below(zones.len() as u64)).unwrap_or(0)];
            let Ok(ts) = Timestamp::from_second(secs) else {
                panic!("range")
            };
            let l = zone.time_zone().to_datetime(ts);
            let (y, mo, d, h, mi, s) = (
                l.year(),
                l.month(),
                l.day(),
                l.hour(),
                l.minute(),
                l.second(),
            );
            let h12 = if h % 12 == 0 { 12 } else { h % 12 };
            let texts = [
                (
                    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
                    true,
                    DayOrder::DayFirst,
                ),
                (
                    format!("{y}年{mo}月{d}日 {h:02}時{mi:02}分{s:02}秒"),
                    true,
                    DayOrder::DayFirst,
                ),
                (
                    format!(
                        "{y}年{mo}月{d}日 {}{h12}時{mi}分{s}秒",
                        if h < 12 { "上午" } else { "下午" }
                    ),
                    true,
                    DayOrder::MonthFirst,
                ),
                (
                    format!("{d:02}/{mo:02}/{y} - {h:02}:{mi:02}"),
                    false,
                    DayOrder::DayFirst,
                ),
                (
                    format!("{mo:02}/{d:02}/{y} {h:02}:{mi:02}"),
                    false,
                    DayOrder::MonthFirst,
                ),
                (
                    format!(
                        "{} {d}, {y} {h12}:{mi:02} {}",
                        MONTHS[usize::try_from(mo - 1).unwrap_or(0)],
                        if h < 12 { "AM" } else { "PM" }
                    ),
                    false,
                    DayOrder::DayFirst,
                ),
            ];
            for (t, with_seconds, order) in &texts {
                let got = parse_datetime(t, zone, *order);
                let Some(got) = got else {
                    panic!("did not parse {t:?}")
                };
                assert!(got.has_time && !got.explicit_offset, "{t}");
                // Compare wall clocks: a repeated autumn hour maps back to its first instance.
                let Ok(back) = Timestamp::from_microsecond(got.micros) else {
                    panic!("range")
                };
                let b = zone.time_zone().to_datetime(back);
                let want_s = if *with_seconds { s } else { 0 };
                assert_eq!(
                    (
                        b.year(),
                        b.month(),
                        b.day(),
                        b.hour(),
                        b.minute(),
                        b.second()
                    ),
                    (y, mo, d, h, mi, want_s),
                    "{t} in {}",
                    zone.name()
                );
            }
            let date = (
                i32::from(y),
                u8::try_from(mo).unwrap_or(0),
                u8::try_from(d).unwrap_or(0),
            );
            assert_eq!(local_date(secs * 1_000_000, zone), Some(date));
            let m = local_midnight(date, zone);
            assert!(m.is_some_and(|m| m <= secs * 1_000_000 && local_date(m, zone) == Some(date)));
            let url = format!("https://example.com/news/{y}/{mo:02}/{d:02}/x-{secs}");
            let expect_url = (i32::from(y) >= PATH_MIN_YEAR).then_some(date);
            assert_eq!(date_from_url(&url), expect_url, "{url}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
        let pieces = [
            "2024",
            "-",
            "/",
            ".",
            ":",
            " ",
            "T",
            "Z",
            "+",
            "08",
            "12",
            "99",
            "0",
            "年",
            "月",
            "日",
            "時",
            "分",
            "秒",
            "下午",
            "Feb",
            "Sat,",
            "th",
            "GMT",
            "(",
            ")",
            "%",
            "%E4",
            "\u{FF12}",
            "\u{3000}",
            "é",
            "\u{1F600}",
            "am",
            "p.m.",
            "星期",
            "點",
            "半",
            "1707394501000",
            "NaN",
            "999999999999999999999999",
        ];
        let zones = [utc(), z("Europe/Paris")];
        for _ in 0..20_000 {
            let n = usize::try_from(rng.below(12)).unwrap_or(0);
            let mut s = String::new();
            for _ in 0..n {
                s.push_str(pieces[usize::try_from(rng.below(pieces.len() as u64)).unwrap_or(0)]);
            }
            for zone in &zones {
                for order in [DayOrder::DayFirst, DayOrder::MonthFirst] {
                    let a = parse_datetime(&s, zone, order);
                    let b = find_datetime(&s, zone, order);
                    // Whatever parses alone is also found inside a line.
                    if let Some(a) = a {
                        assert_eq!(b, Some(a), "{s:?}");
                    }
                }
            }
            let _ = parse_epoch(&s);
            let _ = date_from_url(&s);
            let _ = date_from_filename(&s);
        }
    }
}
