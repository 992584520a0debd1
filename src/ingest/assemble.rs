//! From a layout's [`Draft`] to an [`Article`]: the outlet from every label together, then the
//! body, the dates, the title and the row's status, each settled once.

use std::path::Path;

use crate::dates::{self, Candidate, DateSource, DayOrder, Input, Local, Zone};
use crate::outlet;
use crate::text::{self, boilerplate, fragment, script};

use super::draft::Draft;
use super::layout::Layout;
use super::{Article, ReadOptions, Status};

/// Where a document sits, as labels for the outlet: agora0 file names carry the outlet
/// (`2024-03-14-DW-...`), other archives keep one folder per outlet.
fn place_labels(file_name: &str, path: &Path) -> Vec<String> {
    let mut place = Vec::new();
    if let Some(seg) = file_name.split('-').nth(3) {
        place.push(seg.to_string());
    }
    if let Some(parent) = path.parent().and_then(|p| p.file_name()) {
        place.push(parent.to_string_lossy().into_owned());
    }
    place
}

/// The zone of the country a URL's domain belongs to, for the naive times of sites we have no
/// entry for: mainland China, Hong Kong, Macao, Taiwan, Singapore and Malaysia keep UTC+8.
pub fn zone_of_url(url: &str) -> Option<&'static str> {
    let host = outlet::host(url)?;
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

/// The outlet and the zone and day order of what it prints.
struct Home {
    outlet: Option<String>,
    zone: Zone,
    order: DayOrder,
}

fn home(d: &Draft, url: Option<&str>, place: &[String], opts: &ReadOptions) -> Home {
    let outlet = outlet::resolve(url, &d.labels, place);
    let order = if outlet.as_deref().is_some_and(outlet::month_first) {
        DayOrder::MonthFirst
    } else {
        DayOrder::DayFirst
    };
    // A page of an outlet we do not know still says where it is from by its domain.
    let zone = outlet
        .as_deref()
        .and_then(outlet::home_zone)
        .or_else(|| d.page.then(|| url.and_then(zone_of_url)).flatten())
        .and_then(|z| Zone::named(z).ok())
        .unwrap_or_else(|| opts.zone.clone());
    Home {
        outlet,
        zone,
        order,
    }
}

/// The cleaned body, its captions and images, and the dates found in its first lines.
struct Body {
    text: String,
    captions: Vec<String>,
    images: Vec<String>,
    credit: Option<String>,
    dates: Vec<Candidate>,
}

fn body(d: &mut Draft, home: &Home) -> Body {
    // HTML or plain text into paragraphs, captions and images.
    let ex = match d.extracted.take() {
        Some(ex) => ex,
        None if fragment::looks_like_html(&d.body) => fragment::extract(&d.body),
        None => plain_blocks(&d.body),
    };
    let mut paragraphs = Vec::with_capacity(ex.blocks.len());
    let mut captions = Vec::new();
    let mut found = Vec::new();
    let dateline = |text: &str| Candidate {
        local: Local::Home,
        ..Candidate::new(DateSource::Dateline, Input::Whole(text.to_string()))
    };
    for (i, b) in ex.blocks.into_iter().enumerate() {
        if matches!(b.kind, text::BlockKind::Caption) {
            captions.push(b.text);
            continue;
        }
        // A short leading block that is only a date is the outlet's dateline, not text. (A
        // page's dateline was read with its headline.)
        if !d.page
            && i < 3
            && paragraphs.len() < 2
            && b.text.chars().count() <= 40
            && dates::parse_datetime(&b.text, &home.zone, home.order).is_some()
        {
            found.push(dateline(&b.text));
            continue;
        }
        paragraphs.push(b.text);
    }
    found.extend(ex.times.iter().map(|t| dateline(t)));
    let cleaned = boilerplate::clean(paragraphs, captions);
    let credit = cleaned.credit.clone().or_else(|| {
        d.source_credit
            .as_deref()
            .map(|s| outlet::from_label(s).map_or_else(|| s.to_string(), str::to_string))
    });
    Body {
        text: cleaned.body.join("\n\n"),
        captions: cleaned.captions,
        images: ex.images,
        credit,
        dates: found,
    }
}

/// Plain-text bodies: one paragraph per non-empty line (archives do not hard-wrap Chinese text).
fn plain_blocks(body: &str) -> text::Extracted {
    let blocks = body
        .lines()
        .map(text::normalize_ws)
        .filter(|l| !l.is_empty())
        .map(|text| text::Block {
            kind: text::BlockKind::Paragraph,
            text,
        })
        .collect();
    text::Extracted {
        blocks,
        ..Default::default()
    }
}

/// Normalise a URL: trim, and collapse doubled slashes inside the path (RFI writes `//cn/`).
fn clean_url(url: &str) -> String {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (path, query) = path.split_at(path.find(['?', '#']).unwrap_or(path.len()));
    let mut p = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && p.ends_with('/')) {
            p.push(c);
        }
    }
    format!("{scheme}://{host}{p}{query}")
}

fn clean_text(s: Option<String>) -> Option<String> {
    s.map(|t| text::normalize_ws(&text::decode_entities(&t)))
        .filter(|t| !t.is_empty())
}

/// The article of a draft. `label_path` is the document's name, read for dates and outlets.
pub fn article(
    label_path: &Path,
    layout: Layout,
    mut d: Draft,
    encoding: String,
    opts: &ReadOptions,
) -> Article {
    let url = d.url.as_deref().map(clean_url).filter(|u| !u.is_empty());
    let file_name = label_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let home = home(
        &d,
        url.as_deref(),
        &place_labels(&file_name, label_path),
        opts,
    );
    let body = body(&mut d, &home);

    // Dates in the order of trust among equals: the layout's own, the body's first lines, then
    // the URL and the file name as calendar dates.
    let mut candidates = std::mem::take(&mut d.dates);
    // The crawl time, if any, came last from the layout; keep it last.
    let crawl = candidates
        .iter()
        .position(|c| c.source == DateSource::Crawl)
        .map(|i| candidates.remove(i));
    candidates.extend(body.dates);
    if let Some(u) = &url {
        candidates.push(Candidate {
            tier: d.url_tier,
            ..Candidate::new(DateSource::Url, Input::Url(u.clone()))
        });
    }
    candidates.push(Candidate::new(
        DateSource::Filename,
        Input::FileName(file_name.clone()),
    ));
    candidates.extend(crawl);
    let choice = dates::choose(&candidates, &opts.zone, &home.zone, home.order);
    let resolved = choice.resolved;

    let title = clean_text(d.title);
    let author = clean_text(d.author)
        .filter(|a| outlet::from_label(a).is_none() && Some(a.as_str()) != home.outlet.as_deref());
    let script_text = match &title {
        Some(t) => format!("{t}\n{}", body.text),
        None => body.text.clone(),
    };
    let script = script::detect_script(&script_text);
    let lang = if body.text.is_empty() && title.is_none() {
        None
    } else {
        Some(script::detect_lang(&script_text))
    };

    let mut notes = d.notes;
    notes.extend(choice.notes);
    if title.is_none() {
        notes.push("no title".into());
    }
    if resolved.micros.is_none() {
        notes.push("no publication date".into());
    } else if resolved.source == DateSource::Crawl {
        notes.push("dated only by when it was crawled".into());
    } else if resolved.guessed {
        notes.push(format!(
            "publication time guessed from the {} date",
            resolved.source.as_str()
        ));
    }
    if body.text.is_empty() {
        notes.push("empty body".into());
    }
    let status = if notes.is_empty() {
        Status::Ok
    } else {
        Status::Partial
    };
    let n_chars = body.text.chars().count() as i64;
    Article {
        doc_id: String::new(),
        path: label_path.to_string_lossy().into_owned(),
        layout: Some(layout),
        outlet: home.outlet,
        url,
        title,
        published_at: resolved.micros,
        date_source: resolved.source,
        date_conflict: resolved.conflict,
        author,
        credit: body.credit,
        categories: d.categories,
        body: body.text,
        captions: body.captions,
        images: body.images,
        lang,
        script,
        encoding: Some(encoding),
        n_chars,
        status,
        error: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn urls_lose_doubled_slashes_only_in_the_path() {
        assert_eq!(
            clean_url(" https://www.rfi.fr//cn/x?a=//b "),
            "https://www.rfi.fr/cn/x?a=//b"
        );
    }
}
