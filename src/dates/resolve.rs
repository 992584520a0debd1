//! Choosing one publication instant among the signals a file gives.

use std::fmt;

use super::{civil_date, local_midnight, Parsed, Zone, DAY_MICROS};

/// Where a timestamp came from. [`DateSource::as_str`] gives the snake_case names:
/// `front_matter`, `epoch_comment`, `dateline`, `portal_header`, `json_ld`, `meta`,
/// `time_element`, `updated`, `url`, `filename`, `crawl`, `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateSource {
    /// The `date:` field of Jekyll or Hexo front matter.
    FrontMatter,
    /// The `<!--epoch ms-->` comment opening the file.
    EpochComment,
    /// A date line at the top of the body (RFI `<div>08/02/2024 - 12:51</div>`, DW's ISO line,
    /// `日期：<RFC 2822>`).
    Dateline,
    /// A `發佈時間:` style header of a portal page.
    PortalHeader,
    /// `datePublished` of a page's JSON-LD article.
    JsonLd,
    /// A `<meta>` publication date (`article:published_time`, `pubdate`, ...).
    Meta,
    /// A `<time datetime>` element in or next to the article.
    TimeElement,
    /// A revision time (`更新時間`, `dateModified`), used when the page gives nothing else.
    Updated,
    /// A date in the article's URL.
    Url,
    /// A date at the start of the file name.
    Filename,
    /// When a crawler fetched the page (`WARC-Date`): the weakest signal.
    Crawl,
    /// No signal.
    None,
}

impl DateSource {
    /// The snake_case name used in output columns.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::FrontMatter => "front_matter",
            DateSource::EpochComment => "epoch_comment",
            DateSource::Dateline => "dateline",
            DateSource::PortalHeader => "portal_header",
            DateSource::JsonLd => "json_ld",
            DateSource::Meta => "meta",
            DateSource::TimeElement => "time_element",
            DateSource::Updated => "updated",
            DateSource::Url => "url",
            DateSource::Filename => "filename",
            DateSource::Crawl => "crawl",
            DateSource::None => "none",
        }
    }
}

impl fmt::Display for DateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value of a [`Signal`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignalValue {
    /// A parsed instant.
    Instant(Parsed),
    /// A calendar date with no time of day (from a URL or file name).
    Date((i32, u8, u8)),
}

/// One candidate: an instant or a calendar date, where it came from, and whether it is the
/// article's own metadata (`true`) or the time the archiver fetched the item (`false`, e.g. the
/// `date:` of a file whose epoch comment is `NaN`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Signal {
    /// Where the value was read.
    pub source: DateSource,
    /// The value.
    pub value: SignalValue,
    /// The article's own metadata rather than crawl time.
    pub authoritative: bool,
    /// Trust given by the layout, lower first: every signal of a lower tier beats every signal
    /// of a higher one. Feed layouts put all their signals in tier 0 and let the rules below
    /// choose; a whole page puts its visible dateline before its metadata (see
    /// `ingest::page`).
    pub tier: u8,
}

/// The outcome of [`resolve`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Resolved {
    /// The chosen instant, micros UTC; `None` when no usable signal was given.
    pub micros: Option<i64>,
    /// Where the chosen instant came from; [`DateSource::None`] when there was none.
    pub source: DateSource,
    /// Some other usable signal is more than one day away from the chosen instant.
    pub conflict: bool,
    /// The time of day is not known: the chosen signal is a calendar date or a date-only
    /// instant, and `micros` is local midnight.
    pub guessed: bool,
}

/// Chooses the publication instant.
///
/// Signals come in the layout's order of trust (first = most trusted among equals). Rules, in
/// order: a lower [`Signal::tier`] beats a higher one; an instant with an explicit offset beats
/// a naive instant beats a calendar date; among
/// those, authoritative beats crawl time; then input order. A date yields local midnight in
/// `zone` with `guessed = true` (as does a date-only instant). `conflict` is set when some other
/// signal is more than a day from the chosen instant; a calendar date counts as its local day
/// `[midnight, next midnight)` in `zone`. Dates that do not exist are ignored. No usable signal:
/// `micros = None`, `source = DateSource::None`.
pub fn resolve(signals: &[Signal], zone: &Zone) -> Resolved {
    let evals: Vec<Option<Span>> = signals.iter().map(|s| Span::of(s, zone)).collect();
    let authoritative = |i: usize| signals.get(i).is_some_and(|s| s.authoritative);
    let tier = |i: usize| signals.get(i).map_or(u8::MAX, |s| s.tier);
    let pick = |only_authoritative: bool| {
        evals
            .iter()
            .enumerate()
            .filter(|&(i, _)| !only_authoritative || authoritative(i))
            .filter_map(|(i, e)| e.map(|e| (i, e)))
            .min_by_key(|&(i, e)| (tier(i), e.rank, !authoritative(i), i))
    };
    let mut best = pick(false);
    // A crawl time is only a stand-in for the publication time: when the article's own metadata
    // puts it more than a day elsewhere (an old item fetched late), the metadata wins even if it
    // only knows the day.
    if let Some((i, span)) = best {
        let contradicted = !authoritative(i)
            && evals.iter().enumerate().any(|(j, e)| {
                authoritative(j) && e.is_some_and(|o| o.distance_to(span.start) > DAY_MICROS)
            });
        if contradicted {
            best = pick(true).or(best);
        }
    }
    let Some((chosen, span)) = best else {
        return Resolved {
            micros: None,
            source: DateSource::None,
            conflict: false,
            guessed: false,
        };
    };
    let t = span.start;
    let conflict = evals
        .iter()
        .enumerate()
        .any(|(i, e)| i != chosen && e.is_some_and(|o| o.distance_to(t) > DAY_MICROS));
    let (mut micros, mut source, mut guessed) = (
        t,
        signals.get(chosen).map_or(DateSource::None, |s| s.source),
        span.guessed,
    );
    if let Some((j, p)) = lender(signals, chosen) {
        (micros, source, guessed) = (p.micros, signals[j].source, !p.has_time);
    }
    Resolved {
        micros: Some(micros),
        source,
        conflict,
        guessed,
    }
}

/// A signal of a later tier that says the same as the chosen one, to the chosen one's
/// precision, and knows more (an explicit offset, or the time of day): the chosen signal
/// decides, the lender gives the value. A page's visible `2023-09-13 21:54` and its
/// `2023-09-13T21:54:34+08:00` meta date are one instant, and the meta date says which.
fn lender(signals: &[Signal], chosen: usize) -> Option<(usize, Parsed)> {
    let c = signals.get(chosen)?;
    let SignalValue::Instant(cp) = c.value else {
        return None;
    };
    if cp.explicit_offset && cp.has_time {
        return None;
    }
    signals.iter().enumerate().find_map(|(j, s)| {
        let SignalValue::Instant(p) = s.value else {
            return None;
        };
        let agrees = if cp.has_time {
            p.has_time && (p.micros - cp.micros).abs() < 60_000_000
        } else {
            // The chosen instant is local midnight: the lender falls within that day.
            (cp.micros..cp.micros.saturating_add(DAY_MICROS)).contains(&p.micros)
        };
        let more = (p.has_time && !cp.has_time)
            || (p.explicit_offset && !cp.explicit_offset && (p.has_time || !cp.has_time));
        (s.tier > c.tier && agrees && more).then_some((j, p))
    })
}

/// How the text of a [`Candidate`] is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A datetime that is the whole text (a front-matter field, a meta tag).
    Whole(String),
    /// The first datetime in a line (`发布时间：2021-1-29 13:18 | 点击`).
    Find(String),
    /// An `<!--epoch ms-->` comment.
    Epoch(String),
    /// The calendar date in a URL.
    Url(String),
    /// The calendar date at the start of a file name.
    FileName(String),
    /// An instant already known (a WARC record's date), micros UTC.
    Instant(i64),
}

/// Which zone a naive time of a [`Candidate`] is in, and which day order it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Local {
    /// The reader's zone (`read_articles(timezone=...)`), day first: archive metadata.
    Reader,
    /// The outlet's home zone and day order: what the outlet itself printed.
    Home,
}

/// A date as a layout found it, unread: [`choose`] reads every candidate once the outlet (and
/// so its zone and day order) is known, and picks one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub source: DateSource,
    pub input: Input,
    pub local: Local,
    /// See [`Signal::authoritative`].
    pub authoritative: bool,
    /// See [`Signal::tier`].
    pub tier: u8,
    /// Used only when no other candidate can be read (a revision time, a crawl time), and
    /// never counted as a conflict.
    pub fallback: bool,
}

impl Candidate {
    /// An authoritative candidate of tier 0, read in the reader's zone.
    pub fn new(source: DateSource, input: Input) -> Candidate {
        Candidate {
            source,
            input,
            local: Local::Reader,
            authoritative: true,
            tier: 0,
            fallback: false,
        }
    }
}

/// The outcome of [`choose`]: the resolved instant, and notes for the row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub resolved: Resolved,
    pub notes: Vec<String>,
}

/// Read every candidate and choose one (see [`resolve`]); calendar dates are local days in the
/// reader's zone. A chosen line whose time could not be read (`10時許`) leaves a note, so the
/// row is never silently exact.
pub fn choose(
    candidates: &[Candidate],
    reader: &Zone,
    home: &Zone,
    home_order: super::DayOrder,
) -> Choice {
    let read = |c: &Candidate| -> Option<(SignalValue, bool)> {
        let (zone, order) = match c.local {
            Local::Reader => (reader, super::DayOrder::DayFirst),
            Local::Home => (home, home_order),
        };
        Some(match &c.input {
            Input::Whole(t) => (
                SignalValue::Instant(super::parse_datetime(t, zone, order)?),
                false,
            ),
            Input::Find(t) => {
                let f = super::find_datetime_span(t, zone, order)?;
                (SignalValue::Instant(f.parsed), f.unread_time)
            }
            Input::Epoch(t) => (SignalValue::Instant(super::parse_epoch(t)?), false),
            Input::Url(u) => (SignalValue::Date(super::date_from_url(u)?), false),
            Input::FileName(n) => (SignalValue::Date(super::date_from_filename(n)?), false),
            Input::Instant(micros) => (
                SignalValue::Instant(Parsed {
                    micros: *micros,
                    explicit_offset: true,
                    has_time: true,
                }),
                false,
            ),
        })
    };
    let parsed: Vec<(&Candidate, SignalValue, bool)> = candidates
        .iter()
        .filter_map(|c| read(c).map(|(v, unread)| (c, v, unread)))
        .collect();
    let primary = parsed.iter().any(|(c, _, _)| !c.fallback);
    let used: Vec<&(&Candidate, SignalValue, bool)> = parsed
        .iter()
        .filter(|(c, _, _)| c.fallback != primary)
        .collect();
    let signals: Vec<Signal> = used
        .iter()
        .map(|(c, v, _)| Signal {
            source: c.source,
            value: *v,
            authoritative: c.authoritative,
            tier: c.tier,
        })
        .collect();
    let resolved = resolve(&signals, reader);
    let mut notes = Vec::new();
    // The note belongs to the signal that decided, when no lender supplied the time.
    let decided = used.iter().find(|(c, v, _)| {
        c.source == resolved.source
            && matches!(v, SignalValue::Instant(p) if Some(p.micros) == resolved.micros)
    });
    if decided.is_some_and(|(_, _, unread)| *unread) {
        notes.push("the time shown could not be read".to_string());
    }
    Choice { resolved, notes }
}

/// A usable signal reduced to its trust rank and the time span it stands for.
#[derive(Clone, Copy)]
struct Span {
    /// 0 explicit instant, 1 naive instant, 2 calendar date.
    rank: u8,
    start: i64,
    /// Exclusive end; equal to `start` for instants.
    end: i64,
    guessed: bool,
}

impl Span {
    fn of(s: &Signal, zone: &Zone) -> Option<Span> {
        match s.value {
            SignalValue::Instant(p) => Some(Span {
                rank: if p.explicit_offset { 0 } else { 1 },
                start: p.micros,
                end: p.micros,
                guessed: !p.has_time,
            }),
            SignalValue::Date(d) => {
                let start = local_midnight(d, zone)?;
                // The next local midnight, so 23- and 25-hour DST days are measured truly.
                let end = civil_date(d)
                    .and_then(|c| c.tomorrow().ok())
                    .and_then(|n| {
                        let n = (i32::from(n.year()), n.month() as u8, n.day() as u8);
                        local_midnight(n, zone)
                    })
                    .unwrap_or(start.saturating_add(DAY_MICROS));
                Some(Span {
                    rank: 2,
                    start,
                    end,
                    guessed: true,
                })
            }
        }
    }

    fn distance_to(self, t: i64) -> i64 {
        if t < self.start {
            self.start.saturating_sub(t)
        } else if self.end > self.start && t >= self.end {
            t.saturating_sub(self.end)
        } else if self.end == self.start {
            t.saturating_sub(self.start)
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::test_util::*;
    use crate::dates::*;

    #[test]
    fn crawl_time_contradicted_by_the_article_loses() {
        // BBC items in an RSS archive: the epoch comment is when the feed was fetched (19 July),
        // the body's own dateline says 17 July with no time. Two days apart: the article wins,
        // as local midnight, marked guessed and in conflict.
        let z = Zone::named("Asia/Shanghai").unwrap();
        let epoch = parse_epoch("1595136758000").unwrap();
        let signals = [
            Signal {
                source: DateSource::Dateline,
                value: SignalValue::Instant(
                    parse_datetime("2020年 7月 17日", &z, DayOrder::DayFirst).unwrap(),
                ),
                authoritative: true,
                tier: 0,
            },
            Signal {
                source: DateSource::EpochComment,
                value: SignalValue::Instant(epoch),
                authoritative: false,
                tier: 0,
            },
        ];
        let r = resolve(&signals, &z);
        assert_eq!(r.source, DateSource::Dateline);
        assert_eq!(r.micros, local_midnight((2020, 7, 17), &z));
        assert!(r.conflict && r.guessed);
        // Within the day, the precise crawl time is kept.
        let near = [
            signals[0],
            Signal {
                value: SignalValue::Instant(parse_epoch("1594958400000").unwrap()),
                ..signals[1]
            },
        ];
        assert_eq!(resolve(&near, &z).source, DateSource::EpochComment);
    }

    fn instant(micros: i64, explicit: bool) -> SignalValue {
        SignalValue::Instant(Parsed {
            micros,
            explicit_offset: explicit,
            has_time: true,
        })
    }

    fn sig(source: DateSource, value: SignalValue, authoritative: bool) -> Signal {
        Signal {
            source,
            value,
            authoritative,
            tier: 0,
        }
    }

    #[test]
    fn resolve_seed_000_epoch_beats_naive_rfi_dateline() {
        // The epoch comment is an explicit UTC instant; RFI's `08/02/2024 - 12:51` has no
        // offset (RFI writes Paris time), so the explicit instant wins. They are 24 minutes
        // apart, so there is no conflict.
        let paris = z("Europe/Paris");
        let epoch = parse_epoch("1707394501000");
        let body = find_datetime("<div>08/02/2024 - 12:51</div>", &paris, DayOrder::DayFirst);
        let (Some(epoch), Some(body)) = (epoch, body) else {
            panic!("seed 000 strings did not parse")
        };
        assert!(!body.explicit_offset);
        let signals = [
            sig(DateSource::Dateline, SignalValue::Instant(body), true),
            sig(DateSource::EpochComment, SignalValue::Instant(epoch), true),
            sig(DateSource::Url, SignalValue::Date((2024, 2, 8)), true),
        ];
        let r = resolve(&signals, &paris);
        assert_eq!(
            r,
            Resolved {
                micros: Some(1_707_394_501_000_000),
                source: DateSource::EpochComment,
                conflict: false,
                guessed: false
            }
        );
    }

    #[test]
    fn resolve_seed_002_article_time_beats_feed_time() {
        // DW's dateline is the article's own explicit time; the epoch is when the feed was
        // read, so it is passed as non-authoritative and loses although it is explicit too.
        let epoch = parse_epoch("1707400022000");
        let body = parse_datetime("2024-02-08T13:36:09.741Z", &utc(), DayOrder::DayFirst);
        let (Some(epoch), Some(body)) = (epoch, body) else {
            panic!("seed 002 strings did not parse")
        };
        let signals = [
            sig(DateSource::EpochComment, SignalValue::Instant(epoch), false),
            sig(DateSource::Dateline, SignalValue::Instant(body), true),
        ];
        let r = resolve(&signals, &utc());
        assert_eq!(
            r,
            Resolved {
                micros: Some(body.micros),
                source: DateSource::Dateline,
                conflict: false,
                guessed: false
            }
        );
    }

    #[test]
    fn resolve_seed_004_front_matter_equals_epoch() {
        // Front matter and epoch comment carry the same instant; the layout lists front matter
        // first, so it is the source, and the URL's day (20 Dec in Singapore) agrees.
        let sg = z("Asia/Singapore");
        let fm = parse_datetime("2023-12-20T06:09:00.000Z", &sg, DayOrder::DayFirst);
        let epoch = parse_epoch("1703052540000");
        assert_eq!(fm, epoch);
        let (Some(fm), Some(epoch)) = (fm, epoch) else {
            panic!("seed 004 strings did not parse")
        };
        let url = date_from_url("https://www.zaobao.com/realtime/china/story20231220-1457193");
        let Some(url) = url else {
            panic!("seed 004 url")
        };
        let signals = [
            sig(DateSource::FrontMatter, SignalValue::Instant(fm), true),
            sig(DateSource::EpochComment, SignalValue::Instant(epoch), true),
            sig(DateSource::Url, SignalValue::Date(url), true),
        ];
        let r = resolve(&signals, &sg);
        assert_eq!(
            r,
            Resolved {
                micros: Some(fm.micros),
                source: DateSource::FrontMatter,
                conflict: false,
                guessed: false
            }
        );
    }

    #[test]
    fn resolve_rules() {
        let tpe = z("Asia/Taipei");
        let t = utc_micros(2024, 2, 8, 4, 0, 0, 0);
        // Nothing usable.
        let none = resolve(&[], &tpe);
        assert_eq!(
            none,
            Resolved {
                micros: None,
                source: DateSource::None,
                conflict: false,
                guessed: false
            }
        );
        let bad = resolve(
            &[sig(DateSource::Url, SignalValue::Date((2024, 2, 30)), true)],
            &tpe,
        );
        assert_eq!(bad.source, DateSource::None);
        // A date alone: local midnight, guessed.
        let d = resolve(
            &[sig(
                DateSource::Filename,
                SignalValue::Date((2024, 2, 8)),
                true,
            )],
            &tpe,
        );
        assert_eq!(
            d,
            Resolved {
                micros: Some(utc_micros(2024, 2, 7, 16, 0, 0, 0)),
                source: DateSource::Filename,
                conflict: false,
                guessed: true
            }
        );
        // Naive beats date; explicit beats naive regardless of order.
        let r = resolve(
            &[
                sig(DateSource::Filename, SignalValue::Date((2024, 2, 8)), true),
                sig(
                    DateSource::Dateline,
                    instant(t + 3_600_000_000, false),
                    true,
                ),
                sig(DateSource::FrontMatter, instant(t, true), true),
            ],
            &tpe,
        );
        assert_eq!(
            (r.micros, r.source, r.conflict, r.guessed),
            (Some(t), DateSource::FrontMatter, false, false)
        );
        // Crawl time loses to authoritative among explicit instants; input order breaks ties.
        let r = resolve(
            &[
                sig(DateSource::FrontMatter, instant(t + 1, true), false),
                sig(DateSource::EpochComment, instant(t + 2, true), true),
                sig(DateSource::Dateline, instant(t + 3, true), true),
            ],
            &tpe,
        );
        assert_eq!(
            (r.micros, r.source),
            (Some(t + 2), DateSource::EpochComment)
        );
        // A crawl time alone is still used.
        let r = resolve(
            &[sig(DateSource::FrontMatter, instant(t, true), false)],
            &tpe,
        );
        assert_eq!((r.micros, r.source), (Some(t), DateSource::FrontMatter));
        // Conflicts: an instant 25 h away, or a date whose local day is more than a day away.
        let r = resolve(
            &[
                sig(DateSource::FrontMatter, instant(t, true), true),
                sig(
                    DateSource::EpochComment,
                    instant(t + 25 * 3_600_000_000, true),
                    false,
                ),
            ],
            &tpe,
        );
        assert!(r.conflict);
        let r = resolve(
            &[
                sig(DateSource::FrontMatter, instant(t, true), true),
                sig(
                    DateSource::EpochComment,
                    instant(t + 23 * 3_600_000_000, true),
                    false,
                ),
            ],
            &tpe,
        );
        assert!(!r.conflict);
        // t is 12:00 on 8 Feb in Taipei: 9 Feb starts 12 h later, 7 Feb ended 12 h earlier,
        // 10 Feb starts 36 h later and 6 Feb ended 36 h earlier.
        let r = resolve(
            &[
                sig(DateSource::FrontMatter, instant(t, true), true),
                sig(DateSource::Url, SignalValue::Date((2024, 2, 9)), true),
            ],
            &tpe,
        );
        assert!(!r.conflict);
        let r = resolve(
            &[
                sig(DateSource::FrontMatter, instant(t, true), true),
                sig(DateSource::Url, SignalValue::Date((2024, 2, 7)), true),
            ],
            &tpe,
        );
        assert!(!r.conflict);
        let r = resolve(
            &[
                sig(DateSource::FrontMatter, instant(t, true), true),
                sig(DateSource::Url, SignalValue::Date((2024, 2, 6)), true),
            ],
            &tpe,
        );
        assert!(r.conflict);
        let r = resolve(
            &[
                sig(DateSource::FrontMatter, instant(t, true), true),
                sig(DateSource::Url, SignalValue::Date((2024, 2, 10)), true),
            ],
            &tpe,
        );
        assert!(r.conflict);
        // A date-only instant is a guess too.
        let r = resolve(
            &[sig(
                DateSource::Dateline,
                SignalValue::Instant(Parsed {
                    micros: t,
                    explicit_offset: false,
                    has_time: false,
                }),
                true,
            )],
            &tpe,
        );
        assert!(r.guessed);
    }

    #[test]
    fn a_lower_tier_beats_a_more_precise_signal() {
        // A page's visible dateline (tier 0, naive) against its meta date (tier 1, explicit)
        // that a CMS set to a revision: the dateline is what the reader sees.
        let z = Zone::named("Asia/Shanghai").unwrap();
        let vis = parse_datetime("2024-05-20 14:05", &z, DayOrder::DayFirst).unwrap();
        let meta = parse_datetime("2024-05-20T16:30:00+08:00", &z, DayOrder::DayFirst).unwrap();
        let signals = [
            Signal {
                tier: 1,
                ..sig(DateSource::Meta, SignalValue::Instant(meta), true)
            },
            Signal {
                tier: 0,
                ..sig(DateSource::Dateline, SignalValue::Instant(vis), true)
            },
        ];
        let r = resolve(&signals, &z);
        assert_eq!(
            (r.source, r.micros),
            (DateSource::Dateline, Some(vis.micros))
        );
        assert!(!r.conflict && !r.guessed);
    }

    #[test]
    fn source_names() {
        let all = [
            (DateSource::FrontMatter, "front_matter"),
            (DateSource::EpochComment, "epoch_comment"),
            (DateSource::Dateline, "dateline"),
            (DateSource::PortalHeader, "portal_header"),
            (DateSource::JsonLd, "json_ld"),
            (DateSource::Meta, "meta"),
            (DateSource::TimeElement, "time_element"),
            (DateSource::Updated, "updated"),
            (DateSource::Url, "url"),
            (DateSource::Filename, "filename"),
            (DateSource::Crawl, "crawl"),
            (DateSource::None, "none"),
        ];
        for (s, name) in all {
            assert_eq!(s.as_str(), name);
            assert_eq!(s.to_string(), name);
        }
    }
}
