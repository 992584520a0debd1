//! The date signals of a whole web page, in tiers of trust.
//!
//! A page says when it was published in several places that can disagree: the line under the
//! headline that readers see, JSON-LD, `<meta>` tags that content systems often fill with a
//! revision time or a template's date, `<time>` elements, its URL, and (in a WARC) when it was
//! crawled. The visible dateline is what a reader, and a researcher checking a trend, sees, so
//! it comes first; machine-readable dates that agree with it lend it their precision and
//! offset; the rest are fallbacks in this order: metadata, URL, revision times, crawl time.

use crate::dates::{self, DateSource, DayOrder, Parsed, Signal, SignalValue, Zone};
use crate::text::page::{DateOrigin, DateRole, PageDate};

/// Tiers of [`Signal::tier`] for pages.
const TIER_SHOWN: u8 = 0;
const TIER_META: u8 = 1;
const TIER_URL: u8 = 2;
const TIER_UPDATED: u8 = 3;
const TIER_CRAWL: u8 = 4;

/// The tier a URL date of a page gets (feeds keep theirs in tier 0).
pub const URL_TIER: u8 = TIER_URL;

/// What the page's dates give: signals for [`dates::resolve`] and notes for the row.
#[derive(Debug, Default)]
pub struct PageSignals {
    pub signals: Vec<Signal>,
    pub notes: Vec<String>,
}

fn parse(d: &PageDate, zone: &Zone, order: DayOrder) -> Option<(Parsed, bool)> {
    match d.origin {
        DateOrigin::Dateline => {
            dates::find_datetime_span(&d.text, zone, order).map(|f| (f.parsed, f.unread_time))
        }
        // Machine dates are ISO in the main, but Chinese sites also write `2024-05-15 08:58`
        // or `2024年05月15日` in them.
        _ => dates::parse_datetime(&d.text, zone, order)
            .or_else(|| dates::find_datetime(&d.text, zone, order))
            .map(|p| (p, false)),
    }
}

fn source(origin: DateOrigin) -> DateSource {
    match origin {
        DateOrigin::JsonLd => DateSource::JsonLd,
        DateOrigin::Meta => DateSource::Meta,
        DateOrigin::TimeElement => DateSource::TimeElement,
        DateOrigin::Dateline => DateSource::Dateline,
    }
}

fn signal(source: DateSource, p: Parsed, tier: u8, authoritative: bool) -> Signal {
    Signal {
        source,
        value: SignalValue::Instant(p),
        authoritative,
        tier,
    }
}

/// Do a visible date and a machine date say the same thing, to the visible one's precision?
fn agree(shown: &Parsed, machine: &Parsed, zone: &Zone) -> bool {
    if shown.has_time && machine.has_time {
        (shown.micros - machine.micros).abs() < 60_000_000
    } else {
        dates::local_date(shown.micros, zone) == dates::local_date(machine.micros, zone)
    }
}

/// The signals of a page's dates. `crawled_at` (a WARC-Date) is used only when nothing else
/// dates the page.
pub fn signals(dates: &[PageDate], zone: &Zone, order: DayOrder) -> PageSignals {
    let mut out = PageSignals::default();
    let parsed: Vec<(&PageDate, Parsed, bool)> = dates
        .iter()
        .filter_map(|d| parse(d, zone, order).map(|(p, unread)| (d, p, unread)))
        .collect();
    let published = |origin: DateOrigin| {
        parsed
            .iter()
            .find(|(d, _, _)| d.origin == origin && d.role == DateRole::Published)
    };
    let shown = published(DateOrigin::Dateline);
    let machine: Vec<&(&PageDate, Parsed, bool)> = [
        DateOrigin::JsonLd,
        DateOrigin::Meta,
        DateOrigin::TimeElement,
    ]
    .into_iter()
    .filter_map(published)
    .collect();
    if let Some((_, vis, unread)) = shown {
        // A machine date that agrees and knows at least as much lends its offset and
        // precision; the visible date stays the one that decides.
        let lender = machine
            .iter()
            .find(|(_, m, _)| agree(vis, m, zone) && (m.has_time || !vis.has_time));
        match lender {
            Some((d, m, _)) => out
                .signals
                .push(signal(source(d.origin), *m, TIER_SHOWN, true)),
            None => {
                out.signals
                    .push(signal(DateSource::Dateline, *vis, TIER_SHOWN, true));
                if *unread {
                    out.notes
                        .push("the time shown on the page could not be read".into());
                }
            }
        }
    }
    for (d, m, _) in &machine {
        out.signals
            .push(signal(source(d.origin), *m, TIER_META, true));
    }
    if out.signals.is_empty() {
        for (_, p, _) in parsed
            .iter()
            .filter(|(d, _, _)| d.role == DateRole::Modified)
        {
            out.signals
                .push(signal(DateSource::Updated, *p, TIER_UPDATED, true));
        }
    }
    out
}

/// The zone of the country a URL's domain belongs to, for the naive times of sites we have no
/// entry for: mainland China, Hong Kong, Macao, Taiwan, Singapore and Malaysia keep UTC+8.
pub fn zone_of_url(url: &str) -> Option<&'static str> {
    let host = crate::outlet::host(url)?;
    let tld = host.rsplit('.').next()?;
    Some(match tld {
        "cn" => "Asia/Shanghai",
        "hk" => "Asia/Hong_Kong",
        "mo" => "Asia/Macau",
        "tw" => "Asia/Taipei",
        "sg" => "Asia/Singapore",
        "my" => "Asia/Kuala_Lumpur",
        "jp" => "Asia/Tokyo",
        "kr" => "Asia/Seoul",
        _ => return None,
    })
}

/// The crawl time as a signal of the weakest tier.
pub fn crawl_signal(micros: i64) -> Signal {
    signal(
        DateSource::Crawl,
        Parsed {
            micros,
            explicit_offset: true,
            has_time: true,
        },
        TIER_CRAWL,
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(origin: DateOrigin, role: DateRole, text: &str) -> PageDate {
        PageDate {
            origin,
            role,
            text: text.into(),
        }
    }

    #[test]
    fn zones_of_domains() {
        assert_eq!(
            zone_of_url("https://news.ltn.com.tw/news/1"),
            Some("Asia/Taipei")
        );
        assert_eq!(
            zone_of_url("http://www.people.com.cn/x"),
            Some("Asia/Shanghai")
        );
        assert_eq!(zone_of_url("https://example.com/x"), None);
        assert_eq!(zone_of_url("not a url"), None);
    }

    #[test]
    fn the_dateline_decides_and_agreeing_metadata_lends_its_offset() {
        let z = Zone::named("Asia/Shanghai").unwrap();
        let page = [
            d(
                DateOrigin::Meta,
                DateRole::Published,
                "2023-09-13T21:54:34+08:00",
            ),
            d(
                DateOrigin::Dateline,
                DateRole::Published,
                "2023-09-13 21:54 来源：新华网",
            ),
        ];
        let s = signals(&page, &z, DayOrder::DayFirst);
        let r = dates::resolve(&s.signals, &z);
        assert_eq!(r.source, DateSource::Meta);
        assert!(!r.conflict);
        // A meta date that a CMS set to another day loses to what the page shows.
        let page = [
            d(
                DateOrigin::Meta,
                DateRole::Published,
                "2024-01-01T00:00:00+08:00",
            ),
            d(
                DateOrigin::Dateline,
                DateRole::Published,
                "发布时间：2023-09-13 21:54",
            ),
        ];
        let s = signals(&page, &z, DayOrder::DayFirst);
        let r = dates::resolve(&s.signals, &z);
        assert_eq!(r.source, DateSource::Dateline);
        assert!(r.conflict);
        // Revision times only when nothing else dates the page.
        let page = [d(
            DateOrigin::Dateline,
            DateRole::Modified,
            "最新更新：2016/03/19 10:48",
        )];
        let r = dates::resolve(&signals(&page, &z, DayOrder::DayFirst).signals, &z);
        assert_eq!(r.source, DateSource::Updated);
        let unread = [d(
            DateOrigin::Dateline,
            DateRole::Published,
            "2015年04月08日 25:61",
        )];
        let s = signals(&unread, &z, DayOrder::DayFirst);
        assert_eq!(s.notes.len(), 1);
        assert!(dates::resolve(&s.signals, &z).guessed);
    }
}
