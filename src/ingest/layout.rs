//! Recognising the file layouts of news archives and splitting each into its parts.

use super::frontmatter::{self, FrontMatter, Split};

/// The layouts we recognise; `as_str` gives the names used in the `layout` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `<!--epoch ms-->`, `[title](url)`, `------`, HTML body (RSS-to-Markdown archivers).
    RssMarkdown,
    /// Hexo front matter (`headimg`, `thumbnail`, RFC 2822 `date`), then HTML.
    Hexo,
    /// Jekyll front matter wrapping an `RssMarkdown` post.
    Jekyll,
    /// Jekyll front matter then an HTML or plain-text body.
    JekyllHtml,
    /// Text copied from a portal page: breadcrumb, title, `發佈時間:... | 來源:...`, body.
    PortalText,
    /// A whole HTML page.
    HtmlPage,
    /// Anything else that is text.
    PlainText,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::RssMarkdown => "rss_markdown",
            Layout::Hexo => "hexo",
            Layout::Jekyll => "jekyll",
            Layout::JekyllHtml => "jekyll_html",
            Layout::PortalText => "portal_text",
            Layout::HtmlPage => "html_page",
            Layout::PlainText => "plain_text",
        }
    }
}

/// The header of an `RssMarkdown` post.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RssHeader<'a> {
    /// Contents of the leading `<!--...-->` comment, if any (`1707394501000`, `NaN`).
    pub epoch: Option<&'a str>,
    pub title: String,
    pub url: String,
    /// A `日期：...` line right after the rule.
    pub date_line: Option<&'a str>,
    pub body: &'a str,
}

/// The header of a portal page copy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PortalHeader<'a> {
    pub title: Option<String>,
    /// The header line (`發佈時間:2025-01-23 08:44:31 | 來源:新華網 | 作者: | 責任編輯:曹川川`).
    pub line: &'a str,
    /// `key:value` fields of the header line, keys as written.
    pub fields: Vec<(String, String)>,
    pub body: &'a str,
}

/// A file split into its layout and parts.
#[derive(Debug, Clone, PartialEq)]
pub enum Parts<'a> {
    Rss(RssHeader<'a>),
    Hexo(FrontMatter, &'a str),
    Jekyll(FrontMatter, RssHeader<'a>),
    JekyllHtml(FrontMatter, &'a str),
    Portal(PortalHeader<'a>),
    HtmlPage(&'a str),
    Plain(&'a str),
}

impl Parts<'_> {
    pub fn layout(&self) -> Layout {
        match self {
            Parts::Rss(_) => Layout::RssMarkdown,
            Parts::Hexo(..) => Layout::Hexo,
            Parts::Jekyll(..) => Layout::Jekyll,
            Parts::JekyllHtml(..) => Layout::JekyllHtml,
            Parts::Portal(_) => Layout::PortalText,
            Parts::HtmlPage(_) => Layout::HtmlPage,
            Parts::Plain(_) => Layout::PlainText,
        }
    }
}

/// Why a file's structure could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

/// Recognise the layout of a decoded file and split it.
pub fn split(text: &str) -> Result<Parts<'_>, Malformed> {
    match frontmatter::split(text) {
        Split::Unclosed => {
            return Err(Malformed(
                "malformed front matter: the opening '---' line is never closed".into(),
            ))
        }
        Split::Found { block, rest } => {
            let fm = frontmatter::parse(block);
            if fm.fields.is_empty() {
                return Err(Malformed(
                    "malformed front matter: no 'key: value' line in it".into(),
                ));
            }
            if let Some(h) = rss_header(rest) {
                return Ok(Parts::Jekyll(fm, h));
            }
            let hexo = fm.has("headimg")
                || fm.has("thumbnail")
                || (!fm.has("layout")
                    && fm.text("date").is_some_and(|d| {
                        d.trim_start()
                            .starts_with(|c: char| c.is_ascii_alphabetic())
                    }));
            return Ok(if hexo {
                Parts::Hexo(fm, rest)
            } else {
                Parts::JekyllHtml(fm, rest)
            });
        }
        Split::None => {}
    }
    if let Some(h) = rss_header(text) {
        return Ok(Parts::Rss(h));
    }
    let head: String = skip_comments(text)
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    // Browsers' "save page" and DOM dumps may start at `<head>`, after a comment or a BOM-less
    // XML declaration, without `<html>`.
    let starts_page = [
        "<!doctype html",
        "<html",
        "<head",
        "<?xml",
        "<meta",
        "<title",
    ]
    .iter()
    .any(|p| head.starts_with(p));
    if starts_page && (head.contains("<head") || head.contains("<html") || head.contains("<meta"))
        || head.starts_with("<!doctype html")
        || head.contains("<html") && head.contains("<head")
    {
        return Ok(Parts::HtmlPage(text));
    }
    if let Some(p) = portal_header(text) {
        return Ok(Parts::Portal(p));
    }
    Ok(Parts::Plain(text))
}

/// The text after leading whitespace and comments (`<!--<![endif]-->` before `<head>` in saved
/// pages).
fn skip_comments(text: &str) -> &str {
    let mut t = text.trim_start();
    for _ in 0..16 {
        let Some(rest) = t.strip_prefix("<!--") else {
            break;
        };
        match rest.find("-->") {
            Some(end) => t = rest[end + 3..].trim_start(),
            None => break,
        }
    }
    t
}

/// Iterate over lines with their byte offsets (start of line, start of next line).
fn lines_with_pos(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end_matches(['\n', '\r']);
        pos = end;
        Some((line, end))
    })
}

fn rss_header(text: &str) -> Option<RssHeader<'_>> {
    let mut lines = lines_with_pos(text).filter(|(l, _)| !l.trim().is_empty());
    let (mut line, _) = lines.next()?;
    let mut epoch = None;
    let t = line.trim();
    if let Some(inner) = t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")) {
        epoch = Some(inner.trim());
        line = lines.next()?.0;
    }
    let (title, url) = markdown_link(line.trim())?;
    let (rule, mut body_start) = lines.next()?;
    let rule = rule.trim();
    if rule.len() < 3 || !rule.bytes().all(|b| b == b'-') {
        return None;
    }
    let mut date_line = None;
    if let Some((l, next)) = lines.next() {
        let lt = l.trim();
        if let Some(v) = lt
            .strip_prefix("日期：")
            .or_else(|| lt.strip_prefix("日期:"))
        {
            date_line = Some(v.trim());
            body_start = next;
        }
    }
    Some(RssHeader {
        epoch,
        title,
        url,
        date_line,
        body: &text[body_start.min(text.len())..],
    })
}

/// `[title](url)`; the title may itself contain brackets, so split at the last `](`.
fn markdown_link(line: &str) -> Option<(String, String)> {
    let inner = line.strip_prefix('[')?.strip_suffix(')')?;
    let cut = inner.rfind("](")?;
    let url = inner[cut + 2..].trim();
    if url.contains(char::is_whitespace) && !url.starts_with("http") {
        return None;
    }
    Some((inner[..cut].trim().to_string(), url.to_string()))
}

const PORTAL_KEYS: &[&str] = &[
    "發佈時間",
    "发布时间",
    "發布時間",
    "时间",
    "時間",
    "來源",
    "来源",
    "作者",
    "责任编辑",
    "責任編輯",
    "编辑",
    "編輯",
];

fn portal_header(text: &str) -> Option<PortalHeader<'_>> {
    let mut prev: Vec<&str> = Vec::new();
    for (line, next) in lines_with_pos(text)
        .filter(|(l, _)| !l.trim().is_empty())
        .take(8)
    {
        let fields = header_fields(line);
        let has_time = fields
            .iter()
            .any(|(k, v)| (k.contains("時間") || k.contains("时间")) && !v.is_empty());
        if fields.len() >= 2 && has_time {
            let title = prev
                .iter()
                .rev()
                .map(|l| l.trim())
                .find(|l| {
                    !(l.contains(" > ")
                        || l.contains('>') && l.chars().count() < 40
                        || l.contains('›'))
                })
                .map(str::to_string);
            return Some(PortalHeader {
                title,
                line,
                fields,
                body: &text[next.min(text.len())..],
            });
        }
        prev.push(line);
    }
    None
}

/// `發佈時間:2025-01-23 08:44:31 | 來源:新華網 | 作者: ` -> [(發佈時間, 2025-01-23 08:44:31), ...]
fn header_fields(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in line.split(['|', '｜']) {
        let part = part.trim();
        let Some(i) = part.find([':', '：']) else {
            continue;
        };
        let key = part[..i].trim();
        let sep = part[i..].chars().next().map_or(1, char::len_utf8);
        let val = part[i + sep..].trim();
        if PORTAL_KEYS.iter().any(|k| key.ends_with(k)) && key.chars().count() <= 6 {
            out.push((key.to_string(), val.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_markdown_with_epoch() {
        let t = "<!--1707394501000-->\n[中俄元首互致新春问候 习近平：双方要密切战略协作](https://www.rfi.fr/cn/x)\n------\n\n<div>08/02/2024 - 12:51</div><p>正文</p>";
        let Parts::Rss(h) = split(t).unwrap() else {
            panic!()
        };
        assert_eq!(h.epoch, Some("1707394501000"));
        assert_eq!(h.title, "中俄元首互致新春问候 习近平：双方要密切战略协作");
        assert_eq!(h.url, "https://www.rfi.fr/cn/x");
        assert!(h.body.trim_start().starts_with("<div>08/02"));
    }

    #[test]
    fn rss_markdown_with_date_line_and_brackets_in_title() {
        let t = "[【网络民议】俄罗斯[视频]](https://chinadigitaltimes.net/chinese/2020/07/x/)\n------\n日期：Thu, 02 Jul 2020 10:28:51 +0000\n\n<p>正文</p>";
        let Parts::Rss(h) = split(t).unwrap() else {
            panic!()
        };
        assert_eq!(h.epoch, None);
        assert_eq!(h.title, "【网络民议】俄罗斯[视频]");
        assert_eq!(h.date_line, Some("Thu, 02 Jul 2020 10:28:51 +0000"));
        assert_eq!(h.body.trim(), "<p>正文</p>");
    }

    #[test]
    fn front_matter_layouts() {
        let jekyll = "---\nlayout: post\ntitle: \"t\"\ndate: 2023-12-20T06:09:00.000Z\nfrom: https://x.com/a\ntags: [ 联合早报 ]\n---\n<!--NaN-->\n[t](https://x.com/a)\n------\n\n<p>b</p>";
        assert_eq!(split(jekyll).unwrap().layout(), Layout::Jekyll);
        let jh = "---\nlayout: post\ntitle: t\ndate: 2024-03-14 20:47:08.000000000 +08:00\nlink: https://www.dw.com/zh/x\ncategories: dw\n---\n\n<p>b</p>";
        assert_eq!(split(jh).unwrap().layout(), Layout::JekyllHtml);
        let hexo = "\n---\ntitle: 't'\ncategories: \n - 新媒体\nheadimg: 'x'\ndate: Sat, 05 Feb 2022 20:22:00 GMT\n---\n\n<div>b</div>  ";
        assert_eq!(split(hexo).unwrap().layout(), Layout::Hexo);
        assert!(split("---\ntitle: t\n")
            .unwrap_err()
            .0
            .contains("never closed"));
        assert!(split("---\n\n---\nbody")
            .unwrap_err()
            .0
            .contains("no 'key: value'"));
    }

    #[test]
    fn portal_page() {
        let t = "首頁 >  頭條\n\n習近平同俄羅斯總統普京舉行視頻會晤\n\n發佈時間:2025-01-23 08:44:31 | 來源:新華網 | 作者: | 責任編輯:曹川川\n\n1月21日下午,正文。\n";
        let Parts::Portal(p) = split(t).unwrap() else {
            panic!()
        };
        assert_eq!(
            p.title.as_deref(),
            Some("習近平同俄羅斯總統普京舉行視頻會晤")
        );
        assert_eq!(
            p.fields[0],
            ("發佈時間".to_string(), "2025-01-23 08:44:31".to_string())
        );
        assert_eq!(p.fields[1], ("來源".to_string(), "新華網".to_string()));
        assert_eq!(p.body.trim(), "1月21日下午,正文。");
    }

    #[test]
    fn an_empty_time_field_is_no_portal_header() {
        let t = "標題\n\n發佈時間: | 來源:新華網\n\n正文。\n";
        assert_eq!(split(t).unwrap().layout(), Layout::PlainText);
    }

    #[test]
    fn html_page_and_plain() {
        assert_eq!(
            split("<!DOCTYPE html><html><head><title>x</title></head></html>")
                .unwrap()
                .layout(),
            Layout::HtmlPage
        );
        assert_eq!(
            split("标题\n\n正文第一段。\n").unwrap().layout(),
            Layout::PlainText
        );
        // Browser DOM dumps start at <head>, sometimes after a conditional comment.
        assert_eq!(
            split("<!--<![endif]--><head>\n<meta charset=\"UTF-8\"><title>t</title></head><body><p>x</p></body>")
                .unwrap()
                .layout(),
            Layout::HtmlPage
        );
    }
}
