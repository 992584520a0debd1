//! Calendar dates in URLs and file names, where digit runs are as often ids as dates.

use super::parse::{at, number};
use super::{civil_date, MAX_YEAR, PATH_MIN_YEAR};

/// A publication date encoded in a URL, as a validated calendar date.
///
/// Recognised, most specific first: path segments `/2024/02/08/` (also `/2022/3/24/`,
/// `/2024/0208/`) and `2024-02-08`, `2024_02_08`; then an 8-digit run `20240208`
/// (`/20240208-title`, `1743146-20240305.htm`, `story20231220-1457193`); then the first
/// 8 digits of a 10- to 14-digit run (CNA's `202301010209`). Among equals the first wins.
/// Year plus month alone (`/2020/07/`) is not a date. The scheme and host are skipped,
/// and percent escapes (`%E4`, `%20`) separate digit runs rather than join them.
/// Years outside 1990..=2100 are rejected.
pub fn date_from_url(url: &str) -> Option<(i32, u8, u8)> {
    let b = url.trim().as_bytes();
    let start = match memchr::memmem::find(b, b"://") {
        Some(k) => {
            let host = k + 3;
            match memchr::memchr(b'/', b.get(host..).unwrap_or(&[])) {
                Some(slash) => host + slash,
                None => return None,
            }
        }
        None => 0,
    };
    let runs = digit_runs(b, start);
    let mut best: Option<(u8, (i32, u8, u8))> = None;
    let mut consider = |rank: u8, date: Option<(i32, u8, u8)>| {
        if let Some(d) = date.filter(|&d| path_date_ok(d)) {
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, d));
            }
        }
    };
    for (k, run) in runs.iter().enumerate() {
        let len = run.end - run.start;
        if len == 4 {
            if let Some(next) = runs.get(k + 1).filter(|n| n.adjacent_to(run)) {
                let sep = run.after;
                let next_len = next.end - next.start;
                if matches!(sep, b'/' | b'-' | b'_' | b'.') && next_len <= 2 {
                    if let Some(third) = runs.get(k + 2).filter(|t| t.adjacent_to(next)) {
                        let third_len = third.end - third.start;
                        // `/2020/07/3-things` and blogspot's `/2021/01/20.html` are slugs, not days:
                        // a `/` date must be a whole path segment.
                        let ends_ok = sep != b'/' || matches!(third.after, b'/' | b'?' | b'#' | 0);
                        if next.after == sep && third_len <= 2 && ends_ok {
                            consider(3, ymd(run.value, next.value, third.value));
                        }
                    }
                } else if sep == b'/'
                    && next_len == 4
                    && matches!(next.after, b'/' | b'?' | b'#' | 0)
                {
                    consider(3, ymd(run.value, next.value / 100, next.value % 100));
                }
            }
        } else if len == 8 {
            consider(2, compact_date(run.value));
        } else if (10..=14).contains(&len) {
            let head = run.value / 10u64.pow((len - 8) as u32);
            consider(1, compact_date(head));
        }
    }
    best.map(|(_, d)| d)
}

/// A date at the start of a file name (any leading folders are ignored): `2024-03-14-DW-….html`,
/// also `2024_03_14`, `2024.03.14` and `20240314`, each followed by a non-digit or the end.
/// Years outside 1990..=2100 and impossible dates give `None`.
pub fn date_from_filename(name: &str) -> Option<(i32, u8, u8)> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let b = base.as_bytes();
    let (y, ny, e) = number(b, 0)?;
    let date = if ny == 8 {
        compact_date(y)
    } else if ny == 4 && matches!(at(b, e), b'-' | b'_' | b'.') {
        let sep = at(b, e);
        let (m, nm, e2) = number(b, e + 1)?;
        if nm > 2 || at(b, e2) != sep {
            return None;
        }
        let (d, nd, _) = number(b, e2 + 1)?;
        if nd > 2 {
            return None;
        }
        ymd(y, m, d)
    } else {
        None
    };
    date.filter(|&d| path_date_ok(d))
}

fn ymd(y: u64, m: u64, d: u64) -> Option<(i32, u8, u8)> {
    let date = (
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    );
    civil_date(date).map(|_| date)
}

fn compact_date(v: u64) -> Option<(i32, u8, u8)> {
    ymd(v / 10_000, v / 100 % 100, v % 100)
}

fn path_date_ok(d: (i32, u8, u8)) -> bool {
    (PATH_MIN_YEAR..=MAX_YEAR).contains(&d.0) && civil_date(d).is_some()
}

/// A maximal digit run in a URL with the separator bytes around it (0 at either end; `%` for
/// a percent escape).
#[derive(Clone, Copy, Debug)]
struct Run {
    start: usize,
    end: usize,
    value: u64,
    /// The byte after the run (`%` for a percent escape, 0 at the end).
    after: u8,
    /// Where the next token after the separator begins (`end + 1` for a one-byte separator).
    next_start: usize,
}

impl Run {
    /// Whether `self` follows `prev` across exactly one one-byte separator.
    fn adjacent_to(&self, prev: &Run) -> bool {
        prev.after != b'%' && prev.after != 0 && prev.next_start == self.start
    }
}

/// The digit runs of `b` from `from` on; percent escapes split runs and never contribute digits.
fn digit_runs(b: &[u8], from: usize) -> Vec<Run> {
    let is_hex = |c: u8| c.is_ascii_hexdigit();
    let mut runs = Vec::new();
    let mut i = from;
    while i < b.len() {
        let c = at(b, i);
        if c == b'%' && is_hex(at(b, i + 1)) && is_hex(at(b, i + 2)) {
            i += 3;
            continue;
        }
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut value: u64 = 0;
        while at(b, i).is_ascii_digit() {
            // Long runs are ids, not dates; saturate rather than overflow.
            value = value
                .saturating_mul(10)
                .saturating_add(u64::from(at(b, i) - b'0'));
            i += 1;
        }
        let next = at(b, i);
        let escape = next == b'%' && is_hex(at(b, i + 1)) && is_hex(at(b, i + 2));
        runs.push(Run {
            start,
            end: i,
            value: if i - start > 19 { u64::MAX } else { value },
            after: if escape { b'%' } else { next },
            next_start: i + 1,
        });
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::*;

    #[test]
    fn url_dates() {
        let cases: [(&str, Option<Ymd>); 17] = [
            ("https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20240208-%E4%B8%AD%E4%BF%84%E5%85%83%E9%A6%96", Some((2024, 2, 8))),
            ("https://www.zaobao.com/realtime/china/story20231220-1457193", Some((2023, 12, 20))),
            ("https://news.rthk.hk/rthk/ch/component/k2/1743146-20240305.htm", Some((2024, 3, 5))),
            ("https://www.cna.com.tw/news/acn/202301010209.aspx", Some((2023, 1, 1))),
            ("https://chinadigitaltimes.net/chinese/2020/07/%E5%8C%97%E4%BA%AC", None),
            ("https://china.kyodonews.net/news/2022/03/c3237220c88e.html", None),
            ("https://example.com/a/2024/02/08/story", Some((2024, 2, 8))),
            ("https://example.com/a/2024-02-08/story", Some((2024, 2, 8))),
            ("https://www.economist.com/united-states/2020/08/26/america-and-china", Some((2020, 8, 26))),
            ("http://chinese.aljazeera.net/news/2022/3/24/%e5%85%b3%e4%ba%8e", Some((2022, 3, 24))),
            // `%20` before a date must not glue its digits on; the slash form outranks the id.
            ("https://example.com/x/%2020240208-title", Some((2024, 2, 8))),
            ("https://example.com/20230101-old/2024/02/08/", Some((2024, 2, 8))),
            ("https://www.bbc.com/zhongwen/simp/world-60909149", None),
            ("https://example.com/2024/02/30/bad", None),
            ("https://wqw2010.blogspot.com/2021/01/20.html", None),
            ("https://example.com/1985/02/03/old", None),
            ("https://www.dw.com/zh/%E4%B9%A0%E8%BF%91%E5%B9%B3/a-68204677", None),
        ];
        for (url, want) in cases {
            assert_eq!(date_from_url(url), want, "{url}");
        }
        assert_eq!(date_from_url("https://2024.02.08.example.com/"), None);
        assert_eq!(date_from_url(""), None);
    }

    #[test]
    fn filename_dates() {
        assert_eq!(
            date_from_filename("2024-03-14-DW-习近平.html"),
            Some((2024, 3, 14))
        );
        assert_eq!(
            date_from_filename("agora0+2403/_posts/2024-03-14-CNA-x.md"),
            Some((2024, 3, 14))
        );
        assert_eq!(date_from_filename("20240314_x.md"), Some((2024, 3, 14)));
        assert_eq!(date_from_filename("1234567_中国.md"), None);
        assert_eq!(date_from_filename("2024-02-30-x.md"), None);
        assert_eq!(date_from_filename("2024-03-145.md"), None);
        assert_eq!(date_from_filename("x2024-03-14.md"), None);
        assert_eq!(date_from_filename(""), None);
    }
}
