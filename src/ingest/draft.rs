//! What each layout collects from a file, before anything is chosen: titles, URLs, outlet
//! labels, the body, and every date as an unread [`Candidate`].
//!
//! Layouts only collect. The outlet (and with it the zone and day order of the dates the outlet
//! printed) is resolved afterwards from all the labels together, then the dates are read and
//! one is chosen ([`crate::dates::choose`]), then the body is cleaned ([`super::assemble`]).

use crate::dates::{Candidate, DateSource, Input, Local};
use crate::text::page::{DateOrigin, DateRole, Page, PageDate};
use crate::text::{self, fragment};

use super::archive::Hints;
use super::frontmatter::FrontMatter;
use super::layout::{Parts, PortalHeader, RssHeader};

/// Tiers of [`Candidate::tier`] for whole pages. A page says when it was published in several
/// places that can disagree: the visible line under the headline, which is what readers (and a
/// researcher checking a trend) see; JSON-LD, `<meta>` and `<time>`, which content systems often
/// fill with a revision time or a template's date; its URL; revision times; the crawl time.
/// Machine dates that agree with the visible one lend it their offset and precision (see
/// `dates::resolve`).
const TIER_SHOWN: u8 = 0;
const TIER_META: u8 = 1;
const TIER_URL: u8 = 2;
const TIER_UPDATED: u8 = 3;
const TIER_CRAWL: u8 = 4;

/// What a layout contributes before the shared body cleaning.
#[derive(Default)]
pub struct Draft {
    pub title: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// Outlet hints: categories, tags, site names, a portal's source field.
    pub labels: Vec<String>,
    pub categories: Vec<String>,
    /// The body as the layout found it (HTML or plain text), when not yet extracted.
    pub body: String,
    pub dates: Vec<Candidate>,
    pub notes: Vec<String>,
    /// A source named by the layout itself (`來源:新華網`), a fallback for the wire credit.
    pub source_credit: Option<String>,
    /// A whole HTML page, already extracted while reading its metadata.
    pub extracted: Option<text::Extracted>,
    /// The tier the URL's date gets: 0 for feeds, after the page's own dates for pages.
    pub url_tier: u8,
    /// A whole page (its dateline was read with its headline, not from the body's first lines).
    pub page: bool,
}

impl Draft {
    /// Collect what the layout's parts hold, then what the container knew.
    pub fn collect(parts: &Parts<'_>, hints: &Hints) -> Draft {
        let mut d = Draft::default();
        match parts {
            Parts::Rss(h) => d.rss(h, false),
            Parts::Jekyll(fm, h) => {
                let epoch_nan = h.epoch.is_some_and(|e| e.eq_ignore_ascii_case("nan"));
                d.front_matter(fm, !epoch_nan);
                d.rss(h, true);
            }
            Parts::Hexo(fm, body) | Parts::JekyllHtml(fm, body) => {
                d.front_matter(fm, true);
                d.body = (*body).to_string();
            }
            Parts::Portal(p) => d.portal(p),
            Parts::HtmlPage(text) => d.page(crate::text::page::extract(text)),
            Parts::Plain(t) => d.plain(t),
        }
        if d.url.is_none() {
            d.url = hints.url.clone();
        }
        if let Some(t) = hints.crawled_at {
            d.dates.push(Candidate {
                tier: TIER_CRAWL,
                authoritative: false,
                fallback: true,
                ..Candidate::new(DateSource::Crawl, Input::Instant(t))
            });
        }
        d
    }

    fn front_matter(&mut self, fm: &FrontMatter, date_is_authoritative: bool) {
        self.title = fm.text("title");
        self.url = fm
            .text("link")
            .or_else(|| fm.text("from"))
            .or_else(|| fm.text("url"));
        self.author = fm.text("author");
        for key in ["categories", "tags", "category"] {
            if let Some(v) = fm.get(key) {
                for c in v.as_list() {
                    let c = c.trim().to_string();
                    if !c.is_empty() && !self.categories.contains(&c) {
                        self.categories.push(c);
                    }
                }
            }
        }
        self.labels
            .extend(fm.get("tags").map(|v| v.as_list()).unwrap_or_default());
        self.labels.extend(self.categories.clone());
        self.labels.extend(self.author.clone());
        if let Some(v) = fm.text("date") {
            self.dates.push(Candidate {
                authoritative: date_is_authoritative,
                ..Candidate::new(DateSource::FrontMatter, Input::Whole(v))
            });
        }
    }

    /// `in_front_matter`: the post sits inside a front matter written from the same feed.
    fn rss(&mut self, h: &RssHeader<'_>, in_front_matter: bool) {
        if self.title.is_none() && !h.title.is_empty() {
            self.title = Some(h.title.clone());
        }
        if self.url.is_none() && !h.url.is_empty() {
            self.url = Some(h.url.clone());
        }
        if let Some(v) = h.date_line {
            self.dates.push(Candidate::new(
                DateSource::Dateline,
                Input::Whole(v.to_string()),
            ));
        }
        // The epoch comment is the feed's time for the item: the article's own dateline wins
        // over it, and a front matter written from the same feed agrees with it.
        if let Some(e) = h.epoch {
            self.dates.push(Candidate {
                authoritative: in_front_matter,
                ..Candidate::new(DateSource::EpochComment, Input::Epoch(e.to_string()))
            });
        }
        self.body = h.body.to_string();
    }

    fn portal(&mut self, p: &PortalHeader<'_>) {
        self.title = p.title.clone();
        for (k, v) in &p.fields {
            if v.is_empty() {
                continue;
            }
            if k.contains("時間") || k.contains("时间") {
                self.dates.push(Candidate::new(
                    DateSource::PortalHeader,
                    Input::Find(v.clone()),
                ));
            } else if k.contains("來源") || k.contains("来源") {
                self.labels.push(v.clone());
                self.source_credit = Some(v.clone());
            } else if k.contains("作者") {
                self.author = Some(v.clone());
            }
        }
        self.body = p.body.to_string();
    }

    fn page(&mut self, page: Page) {
        self.page = true;
        self.url_tier = TIER_URL;
        self.title = page.title;
        self.url = page.url;
        self.labels.extend(page.site_name);
        self.author = page.author;
        self.dates.extend(page.dates.iter().map(page_candidate));
        if page.flat {
            self.notes
                .push("nested too deeply for a page: read as a fragment".into());
        }
        self.extracted = Some(text::Extracted {
            blocks: page.blocks,
            images: page.images,
            ..Default::default()
        });
    }

    fn plain(&mut self, t: &str) {
        let t = t.trim_start();
        let (first, rest) = t.split_once('\n').unwrap_or((t, ""));
        if !fragment::looks_like_html(first) {
            self.title = Some(first.trim().to_string());
            self.body = rest.to_string();
        } else {
            self.body = t.to_string();
        }
    }
}

/// A page's date as a candidate: the visible dateline first, machine dates after it, revision
/// times only as a fallback. All are what the outlet printed, so they read in its home zone.
fn page_candidate(d: &PageDate) -> Candidate {
    let (source, input, tier) = match d.origin {
        DateOrigin::Dateline => (
            DateSource::Dateline,
            Input::Find(d.text.clone()),
            TIER_SHOWN,
        ),
        // Machine dates are ISO in the main, but Chinese sites also write `2024-05-15 08:58`
        // or `2024年05月15日` in them.
        DateOrigin::JsonLd => (DateSource::JsonLd, Input::Find(d.text.clone()), TIER_META),
        DateOrigin::Meta => (DateSource::Meta, Input::Find(d.text.clone()), TIER_META),
        DateOrigin::TimeElement => (
            DateSource::TimeElement,
            Input::Find(d.text.clone()),
            TIER_META,
        ),
    };
    let modified = d.role == DateRole::Modified;
    Candidate {
        source: if modified {
            DateSource::Updated
        } else {
            source
        },
        input,
        local: Local::Home,
        authoritative: true,
        tier: if modified { TIER_UPDATED } else { tier },
        fallback: modified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{self, DayOrder, Zone};

    fn d(origin: DateOrigin, role: DateRole, text: &str) -> Candidate {
        page_candidate(&PageDate {
            origin,
            role,
            text: text.into(),
        })
    }

    fn choose(c: &[Candidate]) -> dates::Choice {
        let z = Zone::named("Asia/Shanghai").unwrap();
        dates::choose(c, &z, &z, DayOrder::DayFirst)
    }

    #[test]
    fn the_dateline_decides_and_agreeing_metadata_lends_its_offset() {
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
        let r = choose(&page).resolved;
        assert_eq!(r.source, DateSource::Meta);
        assert!(!r.conflict && !r.guessed);
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
        let r = choose(&page).resolved;
        assert_eq!(r.source, DateSource::Dateline);
        assert!(r.conflict);
        // A date-only line takes the time of the agreeing meta date.
        let page = [
            d(DateOrigin::Dateline, DateRole::Published, "2023年9月13日"),
            d(
                DateOrigin::JsonLd,
                DateRole::Published,
                "2023-09-13T02:10:00Z",
            ),
        ];
        let r = choose(&page).resolved;
        assert_eq!((r.source, r.guessed), (DateSource::JsonLd, false));
    }

    #[test]
    fn revision_and_crawl_times_are_only_fallbacks() {
        let page = [d(
            DateOrigin::Dateline,
            DateRole::Modified,
            "最新更新：2016/03/19 10:48",
        )];
        assert_eq!(choose(&page).resolved.source, DateSource::Updated);
        let with_published = [
            page[0].clone(),
            d(
                DateOrigin::Meta,
                DateRole::Published,
                "2016-03-18T08:15:00+08:00",
            ),
        ];
        let r = choose(&with_published).resolved;
        assert_eq!(r.source, DateSource::Meta);
        assert!(!r.conflict, "a revision time is no conflict");
        let unread = [d(
            DateOrigin::Dateline,
            DateRole::Published,
            "2015年04月08日 25:61",
        )];
        let c = choose(&unread);
        assert_eq!(c.notes.len(), 1);
        assert!(c.resolved.guessed);
    }
}
