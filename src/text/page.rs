//! Whole web pages: the article's text, its headline and the dates a reader sees, out of a page
//! full of menus, related links, share bars, comment boxes and copyright lines.
//!
//! The page is parsed into a tree ([`super::dom`]) and cut into text blocks, each remembering
//! the innermost block element that holds it. Every block votes for the elements above it: prose
//! (text with sentence punctuation, or long) counts for an element, link text and text in
//! slots marked as navigation, comments, sidebars or related links counts against it. The
//! element with the best balance is the article: it holds most of the prose and little else,
//! whatever its class names (the densest-subtree idea of CETD and of readability's candidate
//! scores; `<article>`, `itemprop="articleBody"` and content-like class names add a little).
//!
//! Around the headline (the `<h1>` that agrees with `og:title` or `<title>`) we look for the
//! visible dateline, and we collect every machine-readable date (JSON-LD, `<meta>`, `<time>`),
//! each with where it came from, for the date resolver to choose among.

use html5ever::tendril::StrTendril;

use crate::data::{words, Words};

use super::block::{normalize_ws, Block, BlockKind};
use super::dom::{Dom, NodeData, NodeId, NONE};
use super::fragment;
use super::images::clean_image_url;
use super::names::{is_caption_token, is_junk_token};

/// Where a date of a page was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrigin {
    /// `datePublished` / `dateModified` of a JSON-LD article.
    JsonLd,
    /// `<meta property="article:published_time">` and its many cousins.
    Meta,
    /// A `<time datetime>` element in or next to the article.
    TimeElement,
    /// The visible line under (or over) the headline: `2024-05-15 08:58 来源：新华网`.
    Dateline,
}

/// Whether a date is the publication or a later revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    Published,
    Modified,
}

/// One date string of a page, unparsed: the resolver parses it with the outlet's zone and day
/// order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageDate {
    pub origin: DateOrigin,
    pub role: DateRole,
    pub text: String,
}

/// What a whole page yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The headline as shown: the `<h1>` that metadata confirms, else metadata with the site's
    /// name taken off.
    pub title: Option<String>,
    /// `og:url`, else `<link rel="canonical">`, else JSON-LD `url`.
    pub url: Option<String>,
    /// `og:site_name` or the JSON-LD publisher.
    pub site_name: Option<String>,
    pub author: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// Every date found, in order of trust within each origin.
    pub dates: Vec<PageDate>,
    /// The article's blocks (captions marked), before paragraph-level boilerplate rules.
    pub blocks: Vec<Block>,
    pub images: Vec<String>,
    /// The page was too deeply nested for the tree builder and was read as a fragment.
    pub flat: bool,
}

/// Nesting beyond this is not a page but an attack or a broken generator; html5ever's scope
/// checks are linear in the depth, so such input is read by the fragment tokenizer instead.
const MAX_NESTING: usize = 1024;
/// A block credits at most this many of its ancestors, which bounds the work per block.
const MAX_CREDIT_DEPTH: usize = 48;

/// Read a whole page.
pub fn extract(html: &str) -> Page {
    if nesting_estimate(html) > MAX_NESTING {
        let ex = fragment::extract(html);
        return Page {
            title: ex.title,
            blocks: ex.blocks,
            images: ex.images,
            flat: true,
            ..Default::default()
        };
    }
    let dom = Dom::parse(html);
    let mut r = Reader::new(&dom);
    r.metadata();
    r.walk();
    r.finish()
}

/// An upper estimate of element nesting: start tags minus end tags of elements that need an end
/// tag, ignoring those the parser closes by itself (`<p>`, `<li>`, table parts). Linear, no
/// allocation.
pub fn nesting_estimate(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut raw_until: Option<&[u8]> = None;
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| memchr::memchr(b'<', r)) {
        let lt = i + off;
        i = lt + 1;
        let close = b.get(lt + 1) == Some(&b'/');
        let ns = if close { lt + 2 } else { lt + 1 };
        let mut ne = ns;
        while b.get(ne).is_some_and(|c| c.is_ascii_alphanumeric()) {
            ne += 1;
        }
        let Some(name) = b.get(ns..ne).filter(|n| !n.is_empty()) else {
            continue;
        };
        if !name.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        if let Some(raw) = raw_until {
            if close && name.eq_ignore_ascii_case(raw) {
                raw_until = None;
            }
            continue;
        }
        let lower = |s: &[u8]| s.eq_ignore_ascii_case(name);
        const SELF_CLOSING: &[&[u8]] = &[
            b"p",
            b"li",
            b"td",
            b"th",
            b"tr",
            b"dd",
            b"dt",
            b"option",
            b"area",
            b"base",
            b"br",
            b"col",
            b"embed",
            b"hr",
            b"img",
            b"input",
            b"link",
            b"meta",
            b"param",
            b"source",
            b"track",
            b"wbr",
            b"image",
            b"keygen",
            b"thead",
            b"tbody",
            b"tfoot",
            b"rp",
            b"rt",
            b"optgroup",
            b"colgroup",
            b"caption",
            b"html",
            b"head",
            b"body",
        ];
        if SELF_CLOSING.iter().any(|s| lower(s)) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
            continue;
        }
        for raw in [
            &b"script"[..],
            b"style",
            b"textarea",
            b"title",
            b"xmp",
            b"noscript",
        ] {
            if lower(raw) {
                raw_until = Some(raw);
            }
        }
        if raw_until.is_some() {
            continue;
        }
        // `<div/>` is not self-closing in HTML, but generators that write it mean it.
        let gt = b
            .get(ne..)
            .and_then(|r| memchr::memchr(b'>', r))
            .map(|g| ne + g);
        if gt.is_some_and(|g| g > 0 && b.get(g - 1) == Some(&b'/')) {
            continue;
        }
        depth += 1;
        max = max.max(depth);
    }
    max
}

// ---------------------------------------------------------------------------------------------
// Classifying elements

/// Elements that never hold article text.
fn is_skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "option"
            | "textarea"
            | "button"
            | "input"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "map"
            | "math"
            | "dialog"
            | "base"
    )
}

fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "aside"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "hr"
            | "br"
            | "pre"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "legend"
            | "hgroup"
            | "form"
            | "body"
            | "html"
            | "menu"
    )
}

/// Parts of class names and ids that mark slots which are not the article: navigation, menus,
/// sidebars, comments, related and recommended links, share bars, footers, breadcrumbs, tags,
/// pagination, logins. Matched on whole parts of `-`, `_`, space and camelCase separated names.
static JUNK_PARTS: Words = words!("page/junk_parts.txt");

/// Parts that mark the article itself, when no part of the same name marks junk.
static CONTENT_PARTS: Words = words!("page/content_parts.txt");

/// Split a class or id into lower-case parts at `-`, `_`, spaces, digits-to-letters and
/// camelCase boundaries: `articleBody_main-2` -> `article`, `body`, `main`, `2`.
fn name_parts(s: &str, out: &mut Vec<String>) {
    out.clear();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c == '-' || c == '_' || c.is_whitespace() || c == ':' || c == '.' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
        if out.len() > 64 {
            break;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
}

/// How an element's names and attributes mark it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Marks {
    junk: bool,
    content: bool,
    caption: bool,
    hidden: bool,
}

fn marks(tag: &str, e: &super::dom::Element, parts: &mut Vec<String>) -> Marks {
    let mut m = Marks::default();
    if matches!(tag, "nav" | "aside" | "footer" | "menu") {
        m.junk = true;
    }
    if tag == "figcaption" {
        m.caption = true;
    }
    if tag == "article" || tag == "main" {
        m.content = true;
    }
    let mut junk_name = false;
    let mut content_name = false;
    for a in &e.attrs {
        let name: &str = &a.name.local;
        let value: &str = &a.value;
        match name {
            "class" | "id" => {
                for token in value.split_ascii_whitespace().take(16) {
                    if is_junk_token(token) {
                        junk_name = true;
                    }
                    if is_caption_token(token) {
                        m.caption = true;
                    }
                    name_parts(token, parts);
                    // `detail-content--recommend` is a recommendation box: a junk part wins
                    // within a name (a wrong verdict is undone by `settle_junk`).
                    if parts.iter().any(|p| JUNK_PARTS.get().contains(&p.as_str())) {
                        junk_name = true;
                    } else if parts
                        .iter()
                        .any(|p| CONTENT_PARTS.get().contains(&p.as_str()))
                    {
                        content_name = true;
                    }
                }
            }
            "itemprop" if value.eq_ignore_ascii_case("articleBody") => m.content = true,
            "hidden" => m.hidden = true,
            "aria-hidden" if value.trim().eq_ignore_ascii_case("true") => m.hidden = true,
            "style" => {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                // Not `visibility:hidden`: pages that reveal their article with a script (WeChat)
                // hide it that way, so that it keeps its place; menus and pop-ups use
                // `display:none`.
                if v.contains("display:none") {
                    m.hidden = true;
                }
            }
            "role"
                if matches!(
                    value,
                    "navigation" | "banner" | "contentinfo" | "complementary"
                ) =>
            {
                junk_name = true
            }
            _ => {}
        }
    }
    m.content |= content_name;
    m.junk |= junk_name && !content_name;
    m
}

// ---------------------------------------------------------------------------------------------
// Blocks

/// A run of text between block boundaries, with what the scorer needs.
struct RawBlock {
    text: String,
    kind: BlockKind,
    /// The innermost block element holding it.
    node: NodeId,
    /// Letters and digits (Han characters included), and how many of them are link text.
    chars: u32,
    link_chars: u32,
    /// Sentence punctuation: ，。！？；、 and their ASCII forms.
    punct: u32,
    /// Inside an element marked as junk (see [`JUNK_PARTS`]) that does not hold most of the
    /// page's prose; settled by [`Reader::settle_junk`].
    junk: bool,
    /// The junk-marked elements around it, innermost last.
    junk_ids: Vec<NodeId>,
    /// Inside the chosen `<h1>`-level heading.
    h1: bool,
    /// Right after an image, with no text between.
    after_img: bool,
}

impl RawBlock {
    fn is_prose(&self) -> bool {
        let own = self.chars.saturating_sub(self.link_chars);
        (self.punct >= 1 && own >= 10) || own >= 50 || opens_with_wire_dateline(&self.text)
    }

    /// Text that counts for the elements above it.
    fn good(&self) -> f64 {
        if self.junk || self.link_chars * 2 > self.chars || !self.is_prose() {
            return 0.0;
        }
        f64::from(self.chars - self.link_chars)
    }

    /// How much a block of prose says about where the article is. Teasers of other stories
    /// (lists of summaries under "you may also like") are list items and are cut mid-sentence;
    /// an article's paragraphs end their sentences.
    fn weight(&self) -> f64 {
        let mut w = 1.0;
        if self.kind == BlockKind::ListItem {
            w *= 0.5;
        }
        let ends = self.text.trim_end().ends_with([
            '。', '！', '？', '」', '”', '』', '）', ')', '.', '!', '?', '"', '…',
        ]);
        if !ends {
            w *= 0.5;
        }
        w
    }

    /// Text that counts against them. Text in slots marked as junk counts a quarter: the output
    /// leaves it out anyway, but a container full of it is larger than the article.
    fn bad(&self) -> f64 {
        if self.junk {
            return 0.25 * f64::from(self.chars);
        }
        let own = self.chars.saturating_sub(self.link_chars);
        if self.good() > 0.0 {
            f64::from(self.link_chars)
        } else {
            f64::from(self.link_chars) + 0.5 * f64::from(own)
        }
    }
}

/// Punctuation inside sentences. Colons are left out: label lines (`来源：新华网 作者：张三`)
/// are full of them and are not prose.
fn is_cjk_sentence_punct(c: char) -> bool {
    matches!(c, '，' | '。' | '！' | '？' | '；' | '、')
}

struct Reader<'d> {
    dom: &'d Dom,
    meta: Vec<(String, String)>,
    title_tag: Option<String>,
    canonical: Option<String>,
    lang: Option<String>,
    ld: LdArticle,
    blocks: Vec<RawBlock>,
    images: Vec<String>,
    /// `<time>` elements: their text or `datetime`, and the block index they precede.
    times: Vec<(String, usize)>,
    /// `<h1>`s: their text and the block index range they produced.
    h1s: Vec<Headline>,
    /// Pre-order number and end of subtree of each element, for "is inside".
    pre: Vec<u32>,
    end: Vec<u32>,
    /// Score per node: good, bad; and marks.
    good: Vec<f64>,
    bad: Vec<f64>,
    content: Vec<bool>,
}

/// What JSON-LD says of the article.
#[derive(Default, Debug)]
struct LdArticle {
    headline: Option<String>,
    published: Vec<String>,
    modified: Vec<String>,
    body: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
}

impl<'d> Reader<'d> {
    fn new(dom: &'d Dom) -> Self {
        let n = dom.nodes.len();
        Reader {
            dom,
            meta: Vec::new(),
            title_tag: None,
            canonical: None,
            lang: None,
            ld: LdArticle::default(),
            blocks: Vec::new(),
            images: Vec::new(),
            times: Vec::new(),
            h1s: Vec::new(),
            pre: vec![0; n],
            end: vec![0; n],
            good: vec![0.0; n],
            bad: vec![0.0; n],
            content: vec![false; n],
        }
    }

    /// `<title>`, `<meta>`, canonical link, `<html lang>` and JSON-LD, anywhere in the page.
    fn metadata(&mut self) {
        let dom = self.dom;
        for id in dom.descendants(0) {
            let Some(e) = dom.element(id) else { continue };
            match e.tag() {
                "html" if self.lang.is_none() => {
                    self.lang = e.attr("lang").map(|l| l.trim().to_ascii_lowercase());
                }
                "title" if self.title_tag.is_none() => {
                    let t = normalize_ws(&dom.text(id));
                    if !t.is_empty() {
                        self.title_tag = Some(t);
                    }
                }
                "meta" => {
                    let key = e
                        .attr("property")
                        .or_else(|| e.attr("name"))
                        .or_else(|| e.attr("itemprop"))
                        .or_else(|| e.attr("http-equiv"));
                    if let (Some(k), Some(v)) = (key, e.attr("content")) {
                        let v = normalize_ws(v);
                        if !v.is_empty() && self.meta.len() < 512 {
                            self.meta.push((k.trim().to_ascii_lowercase(), v));
                        }
                    }
                }
                "link" if self.canonical.is_none() => {
                    let rel = e.attr("rel").unwrap_or("");
                    if rel
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                    {
                        self.canonical = e.attr("href").map(|h| h.trim().to_string());
                    }
                }
                "script" => {
                    let ty = e.attr("type").unwrap_or("");
                    if ty.trim().eq_ignore_ascii_case("application/ld+json") {
                        let text = dom.text(id);
                        if text.len() < 4_000_000 {
                            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text.trim()) {
                                self.ld.read(&v, 0);
                            }
                        }
                    }
                }
                // Elements that only mark their date in an attribute.
                _ => {}
            }
        }
    }

    fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Cut the body into blocks, in document order, with pre-order numbers for every node.
    fn walk(&mut self) {
        let dom = self.dom;
        let root = dom.find("body").unwrap_or(0);
        let mut w = Walk {
            buf: String::new(),
            chars: 0,
            link_chars: 0,
            punct: 0,
            link: 0,
            junk: Vec::new(),
            caption: 0,
            heading: 0,
            h1: 0,
            list: 0,
            quote: 0,
            block_stack: vec![root],
            after_img: false,
            h1_start: 0,
            h1_level: 1,
        };
        let mut parts = Vec::new();
        // Explicit stack of (node, entered); exits carry the marks to undo.
        let mut stack: Vec<(NodeId, Option<Frame>)> = vec![(root, None)];
        let mut counter: u32 = 0;
        while let Some((id, frame)) = stack.pop() {
            if let Some(f) = frame {
                self.leave(&mut w, id, f);
                if let Some(x) = self.end.get_mut(id as usize) {
                    *x = counter;
                }
                continue;
            }
            if let Some(x) = self.pre.get_mut(id as usize) {
                *x = counter;
            }
            counter += 1;
            let Some(node) = dom.node(id) else { continue };
            match &node.data {
                NodeData::Text(t) => {
                    self.text(&mut w, t);
                    if let Some(x) = self.end.get_mut(id as usize) {
                        *x = counter;
                    }
                    continue;
                }
                NodeData::Other => continue,
                NodeData::Document | NodeData::Element(_) => {}
            }
            let f = match node.element() {
                Some(e) => {
                    let tag = e.tag();
                    if is_skipped(tag) && id != root {
                        continue;
                    }
                    let mut m = marks(tag, e, &mut parts);
                    // Hidden slots are junk unless they hold most of the text (WeChat hides
                    // the whole article until its scripts run).
                    m.junk |= m.hidden;
                    self.enter(&mut w, id, e, tag, m)
                }
                None => Frame::default(),
            };
            stack.push((id, Some(f)));
            let kids: Vec<NodeId> = dom.children(id).collect();
            for k in kids.into_iter().rev() {
                stack.push((k, None));
            }
        }
        self.flush(&mut w);
    }

    fn enter(
        &mut self,
        w: &mut Walk,
        id: NodeId,
        e: &super::dom::Element,
        tag: &str,
        m: Marks,
    ) -> Frame {
        let block = is_block_tag(tag);
        if block {
            self.flush(w);
            w.block_stack.push(id);
        }
        if let Some(c) = self.content.get_mut(id as usize) {
            *c = m.content;
        }
        let mut f = Frame {
            block,
            ..Frame::default()
        };
        match tag {
            "br" | "hr" => {
                self.flush(w);
                f.block = false;
                if block {
                    w.block_stack.pop();
                }
            }
            "a" => {
                w.link += 1;
                f.link = true;
            }
            "img" => {
                let url = ["data-original", "data-src", "data-lazy-src", "src"]
                    .iter()
                    .find_map(|a| e.attr(a).and_then(clean_image_url));
                if let Some(u) = url {
                    if !self.images.contains(&u) && self.images.len() < 1000 {
                        self.images.push(u);
                    }
                }
                w.after_img = true;
            }
            "h1" | "h2" | "h3" => {
                // Every h1-h3 is a headline candidate; sites that keep h1 for their logo put the
                // headline in an h2.
                w.heading += 1;
                f.heading = true;
                if w.h1 == 0 {
                    w.h1 += 1;
                    f.h1 = true;
                    w.h1_start = self.blocks.len();
                    w.h1_level = tag.as_bytes().get(1).map_or(1, |c| c - b'0');
                }
            }
            "h4" | "h5" | "h6" => {
                w.heading += 1;
                f.heading = true;
            }
            "li" | "dt" | "dd" => {
                w.list += 1;
                f.list = true;
            }
            "blockquote" => {
                w.quote += 1;
                f.quote = true;
            }
            "time" => {
                let v = e
                    .attr("datetime")
                    .map(str::to_string)
                    .unwrap_or_else(|| self.dom.text(id));
                let v = normalize_ws(&v);
                if !v.is_empty() && self.times.len() < 64 {
                    self.times.push((v, self.blocks.len()));
                }
            }
            _ => {}
        }
        if e.attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
            && tag != "meta"
        {
            let v = e
                .attr("content")
                .or_else(|| e.attr("datetime"))
                .map(str::to_string)
                .unwrap_or_else(|| self.dom.text(id));
            let v = normalize_ws(&v);
            if !v.is_empty() && self.times.len() < 64 {
                self.times.push((v, self.blocks.len()));
            }
        }
        if m.junk {
            w.junk.push(id);
            f.junk = true;
        }
        if m.caption {
            w.caption += 1;
            f.caption = true;
        }
        f
    }

    fn leave(&mut self, w: &mut Walk, _id: NodeId, f: Frame) {
        if f.block {
            self.flush(w);
            w.block_stack.pop();
        }
        if f.link {
            w.link -= 1;
        }
        if f.junk {
            w.junk.pop();
        }
        if f.caption {
            w.caption -= 1;
        }
        if f.heading {
            w.heading -= 1;
        }
        if f.h1 {
            self.flush(w);
            w.h1 -= 1;
            let text = self.blocks[w.h1_start.min(self.blocks.len())..]
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if !text.is_empty() && self.h1s.len() < 64 {
                self.h1s.push(Headline {
                    text,
                    start: w.h1_start,
                    end: self.blocks.len(),
                    level: w.h1_level,
                });
            }
        }
        if f.list {
            w.list -= 1;
        }
        if f.quote {
            w.quote -= 1;
        }
    }

    fn text(&mut self, w: &mut Walk, t: &StrTendril) {
        let t: &str = t;
        let mut it = t.chars().peekable();
        while let Some(c) = it.next() {
            if c.is_alphanumeric() {
                w.chars += 1;
                if w.link > 0 {
                    w.link_chars += 1;
                }
            } else if w.link == 0 {
                // ASCII marks count only where they end a clause (`, ` or `. `), not in
                // `2024.05.11` or `3,000`.
                let ascii_clause = matches!(c, ',' | '.' | '!' | '?' | ';')
                    && it.peek().is_none_or(|n| n.is_whitespace());
                if is_cjk_sentence_punct(c) || ascii_clause {
                    w.punct += 1;
                }
            }
        }
        if w.buf.len() < 1 << 20 {
            w.buf.push_str(t);
        }
    }

    fn flush(&mut self, w: &mut Walk) {
        if w.buf.is_empty() {
            return;
        }
        let text = normalize_ws(&w.buf);
        w.buf.clear();
        let (chars, link_chars, punct) = (w.chars, w.link_chars, w.punct);
        w.chars = 0;
        w.link_chars = 0;
        w.punct = 0;
        if text.is_empty() {
            return;
        }
        let kind = if w.caption > 0 {
            BlockKind::Caption
        } else if w.heading > 0 || w.h1 > 0 {
            BlockKind::Heading
        } else if w.list > 0 {
            BlockKind::ListItem
        } else if w.quote > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        };
        let node = w.block_stack.last().copied().unwrap_or(0);
        let after_img = std::mem::take(&mut w.after_img);
        self.blocks.push(RawBlock {
            text,
            kind,
            node,
            chars,
            link_chars,
            punct,
            junk: !w.junk.is_empty(),
            junk_ids: w.junk.clone(),
            h1: w.h1 > 0,
            after_img,
        });
    }

    fn inside(&self, node: NodeId, container: NodeId) -> bool {
        let (Some(&p), Some(&s), Some(&e)) = (
            self.pre.get(node as usize),
            self.pre.get(container as usize),
            self.end.get(container as usize),
        ) else {
            return false;
        };
        s <= p && p < e
    }

    /// A class name is a hint, not a verdict: an element marked as junk that holds most of the
    /// page's prose (70%: a site that calls its article body `editor`, WeChat hiding the whole
    /// article until its scripts run) is not junk. A short article beside long comment rules
    /// stays the article.
    fn settle_junk(&mut self, headline: Option<usize>) {
        // The first prose after a confirmed headline: a junk slot that does not hold it is not
        // the article, however much text it has.
        let lead = headline.and_then(|h| {
            self.blocks
                .iter()
                .skip(h)
                .find(|b| {
                    b.kind == BlockKind::Paragraph && b.is_prose() && b.link_chars * 2 <= b.chars
                })
                .map(|b| b.node)
        });
        let mut raw = vec![0.0f64; self.dom.nodes.len()];
        let mut total = 0.0;
        for b in &mut self.blocks {
            let was = std::mem::replace(&mut b.junk, false);
            let g = b.good();
            b.junk = was;
            if g == 0.0 {
                continue;
            }
            total += g;
            for &j in &b.junk_ids {
                if let Some(v) = raw.get_mut(j as usize) {
                    *v += g;
                }
            }
        }
        let holds_lead: Vec<bool> = (0..self.dom.nodes.len())
            .map(|j| lead.is_none_or(|l| self.inside(l, j as NodeId)))
            .collect();
        for b in &mut self.blocks {
            b.junk = b.junk_ids.iter().any(|&j| {
                let j = j as usize;
                !holds_lead.get(j).copied().unwrap_or(false)
                    || raw.get(j).is_some_and(|&g| g < 0.7 * total)
            });
        }
    }

    /// Credit every block to its ancestors and pick the element with the best balance. Prose
    /// before a confirmed headline (cookie notices, language prompts, top stories) counts little:
    /// articles follow their headlines.
    fn container(&mut self, headline: Option<usize>) -> Option<NodeId> {
        self.settle_junk(headline);
        for (i, b) in self.blocks.iter().enumerate() {
            let before = headline.is_some_and(|h| i < h);
            let g = b.good() * b.weight() * if before { 0.3 } else { 1.0 };
            let x = b.bad();
            if g == 0.0 && x == 0.0 {
                continue;
            }
            let mut id = b.node;
            for _ in 0..MAX_CREDIT_DEPTH {
                if id == NONE {
                    break;
                }
                if let Some(v) = self.good.get_mut(id as usize) {
                    *v += g;
                }
                if let Some(v) = self.bad.get_mut(id as usize) {
                    *v += x;
                }
                id = self.dom.parent(id);
            }
        }
        // The first paragraph of prose after the headline is the article's lead more often
        // than not: an element that holds it weighs half as much again.
        let lead = headline.and_then(|h| {
            self.blocks
                .iter()
                .skip(h)
                .find(|b| b.kind == BlockKind::Paragraph && b.good() > 0.0)
                .map(|b| b.node)
        });
        let mut best: Option<(NodeId, f64)> = None;
        for id in 0..self.dom.nodes.len() {
            let g = self.good[id];
            if g <= 0.0 {
                continue;
            }
            let mut bonus = if self.content[id] { 0.1 * g } else { 0.0 };
            if lead.is_some_and(|l| self.inside(l, id as NodeId)) {
                bonus += 0.5 * g;
            }
            let s = g - self.bad[id] + bonus;
            let id = id as NodeId;
            let better = match best {
                None => true,
                // Equal balance: the smaller (inner) element, which holds less that is not text.
                Some((b, bs)) => s > bs || (s == bs && self.inside(id, b)),
            };
            if better {
                best = Some((id, s));
            }
        }
        best.map(|(id, _)| id)
    }

    fn finish(mut self) -> Page {
        let title = self.title();
        let container = self.container(title.as_ref().and_then(|t| t.1).map(|r| r.0));
        let mut page = Page {
            url: self
                .meta("og:url")
                .map(str::to_string)
                .or_else(|| self.canonical.clone())
                .or_else(|| self.ld.url.clone())
                .filter(|u| u.starts_with("http")),
            site_name: self
                .meta("og:site_name")
                .map(str::to_string)
                .or_else(|| self.ld.publisher.clone()),
            author: self
                .meta("author")
                .or_else(|| self.meta("article:author"))
                .map(str::to_string)
                .or_else(|| self.ld.author.clone())
                .filter(|a| !a.starts_with("http")),
            lang: self.lang.clone(),
            images: std::mem::take(&mut self.images),
            ..Page::default()
        };
        // Metadata that no heading confirms may be the site's or the section's name
        // (`科普中国-辟谣文章`); a title-like line right above the article is what readers see.
        let title = match title {
            Some((_, None)) | None => self.visible_title(container).or(title),
            confirmed => confirmed,
        };
        page.dates = self.dates(container, title.as_ref().and_then(|t| t.1).map(|r| r.0));
        let (h1_start, h1_end) = title.as_ref().and_then(|t| t.1).unwrap_or((usize::MAX, 0));
        page.title = title.map(|t| t.0);
        if let Some(c) = container {
            // The article's head (headline, dateline, byline, font-size and share tools) is
            // everything before its first paragraph of prose that is not itself prose.
            let first_prose = self.blocks.iter().position(|b| {
                self.inside(b.node, c)
                    && b.good() > 0.0
                    && !b.h1
                    && !matches!(b.kind, BlockKind::Caption | BlockKind::Heading)
            });
            for (i, b) in self.blocks.iter().enumerate() {
                if !self.inside(b.node, c) || b.junk {
                    continue;
                }
                if first_prose.is_some_and(|f| i < f)
                    && !b.is_prose()
                    && b.kind != BlockKind::Caption
                {
                    continue;
                }
                if (h1_start..h1_end).contains(&i) || b.h1 {
                    continue;
                }
                // Lists of links (related stories, "上一篇 / 下一篇") inside the article.
                if b.link_chars * 2 > b.chars && !b.is_prose() {
                    continue;
                }
                let kind = if b.kind == BlockKind::Paragraph && b.after_img && is_caption_like(b) {
                    BlockKind::Caption
                } else {
                    b.kind
                };
                page.blocks.push(Block {
                    kind,
                    text: b.text.clone(),
                });
            }
        }
        // The article's tail: short lines after the last paragraph of prose (`觀看影片 07:12`,
        // `熱門閱讀`, a reporter's desk) are not text.
        if let Some(last) = page
            .blocks
            .iter()
            .rposition(|b| b.kind != BlockKind::Caption && is_prose_text(&b.text))
        {
            let tail: Vec<Block> = page.blocks.split_off(last + 1);
            page.blocks
                .extend(tail.into_iter().filter(|b| b.kind == BlockKind::Caption));
        }
        let body_chars: usize = page
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Caption)
            .map(|b| b.text.chars().count())
            .sum();
        // A page whose text is rendered by scripts may still carry it in JSON-LD.
        if let Some(ld) = &self.ld.body {
            if ld.chars().count() > 2 * body_chars.max(50) {
                page.blocks = ld
                    .split(['\n', '\r'])
                    .map(normalize_ws)
                    .filter(|p| !p.is_empty())
                    .map(|text| Block {
                        kind: BlockKind::Paragraph,
                        text,
                    })
                    .collect();
            }
        }
        page
    }

    /// The headline and the block range of its `<h1>` (when the title is one).
    fn title(&self) -> Option<(String, Option<(usize, usize)>)> {
        let og = self.meta("og:title").or_else(|| self.meta("twitter:title"));
        let refs: Vec<&str> = [og, self.ld.headline.as_deref(), self.title_tag.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let site = self.meta("og:site_name");
        // A heading that metadata confirms is the headline as shown: the highest level, then
        // the longest.
        let mut best: Option<((u8, usize), &Headline, &str)> = None;
        for h in &self.h1s {
            // The whole heading, or its first line when a button or a label shares the element
            // (`标题 播报文章`).
            let first = self
                .blocks
                .get(h.start)
                .map_or(h.text.as_str(), |b| b.text.as_str());
            for text in [h.text.as_str(), first] {
                let key = squash(text);
                let n = key.chars().count();
                if !(4..=200).contains(&n) || site.is_some_and(|s| squash(s) == key) {
                    continue;
                }
                let rank = (u8::MAX - h.level, n);
                if refs.iter().any(|r| squash(r).contains(&key))
                    && best.is_none_or(|(m, _, _)| rank > m)
                {
                    best = Some((rank, h, text));
                }
            }
        }
        if let Some((_, h, text)) = best {
            return Some((text.to_string(), Some((h.start, h.end))));
        }
        // Metadata: og:title unless a longer title starts with it (an unescaped quote in the
        // attribute cuts og:title short), then the site's name taken off.
        let mut cands: Vec<&str> = refs.clone();
        cands.sort_by_key(|c| std::cmp::Reverse(c.chars().count()));
        let chosen = og.map(|o| {
            let so = squash(o);
            cands
                .iter()
                .find(|c| {
                    let sc = squash(c);
                    sc.len() > so.len() && sc.starts_with(&so)
                })
                .copied()
                .unwrap_or(o)
        });
        let chosen = chosen
            .or(self.ld.headline.as_deref())
            .or(self.title_tag.as_deref())?;
        let t = strip_site_name(chosen, site);
        // A lone <h1> near the top that metadata does not name (a title tag that is only the
        // site's name) is still the best headline we have.
        if t.chars().count() < 4 {
            if let Some(h) = self.h1s.iter().find(|h| h.level == 1) {
                return Some((h.text.clone(), Some((h.start, h.end))));
            }
        }
        (!t.is_empty()).then_some((t, None))
    }

    /// A short line within the six blocks above the article's first paragraph, in a heading or
    /// an element named as a title, that is not a date: the headline of pages without `<h1>`.
    fn visible_title(&self, container: Option<NodeId>) -> Option<(String, Option<(usize, usize)>)> {
        let c = container?;
        let first = self.blocks.iter().position(|b| {
            self.inside(b.node, c) && b.good() > 0.0 && b.kind != BlockKind::Caption
        })?;
        let named_title = |id: NodeId| {
            let mut id = id;
            for _ in 0..3 {
                let Some(e) = self.dom.element(id) else {
                    return false;
                };
                let names = [e.attr("class").unwrap_or(""), e.attr("id").unwrap_or("")];
                if names
                    .iter()
                    .any(|n| n.to_ascii_lowercase().contains("title"))
                {
                    return true;
                }
                id = self.dom.parent(id);
            }
            false
        };
        (first.saturating_sub(6)..first).rev().find_map(|i| {
            let b = self.blocks.get(i)?;
            let n = b.text.chars().count();
            let ok = (4..=100).contains(&n)
                && !b.text.contains('。')
                && b.link_chars * 2 <= b.chars
                && !has_digits(&b.text)
                && (b.kind == BlockKind::Heading || named_title(b.node));
            ok.then(|| (b.text.clone(), Some((i, i + 1))))
        })
    }

    /// Every date of the page, machine-readable ones first, then the visible dateline.
    fn dates(&self, container: Option<NodeId>, h1_block: Option<usize>) -> Vec<PageDate> {
        let mut out = Vec::new();
        let mut push = |origin, role, text: &str| {
            let t = normalize_ws(text);
            if !t.is_empty() && t.chars().count() <= 120 {
                out.push(PageDate {
                    origin,
                    role,
                    text: t,
                });
            }
        };
        for d in &self.ld.published {
            push(DateOrigin::JsonLd, DateRole::Published, d);
        }
        for d in &self.ld.modified {
            push(DateOrigin::JsonLd, DateRole::Modified, d);
        }
        for (k, v) in &self.meta {
            if let Some(role) = meta_date_role(k) {
                push(DateOrigin::Meta, role, v);
            }
        }
        // <time> elements in the article or next to its headline; not those of related lists.
        let near = |i: usize| {
            let in_container = container
                .is_some_and(|c| self.blocks.get(i).is_some_and(|b| self.inside(b.node, c)));
            let near_h1 = h1_block.is_some_and(|h| h <= i && i <= h.saturating_add(12));
            in_container || near_h1
        };
        for (t, i) in &self.times {
            if near(*i) {
                push(DateOrigin::TimeElement, DateRole::Published, t);
            }
        }
        for line in self.dateline_candidates(container, h1_block) {
            let role = if is_update_label(&line) {
                DateRole::Modified
            } else {
                DateRole::Published
            };
            push(DateOrigin::Dateline, role, &line);
        }
        out
    }

    /// Short lines near the headline that may carry the visible date: from the `<h1>` to the
    /// first paragraph of prose of the article, then a few lines above the headline.
    fn dateline_candidates(
        &self,
        container: Option<NodeId>,
        h1_block: Option<usize>,
    ) -> Vec<String> {
        let first_prose = container.and_then(|c| {
            self.blocks
                .iter()
                .position(|b| self.inside(b.node, c) && b.good() > 0.0 && !b.junk)
        });
        let start = h1_block
            .or(first_prose.map(|p| p.saturating_sub(8)))
            .unwrap_or(0);
        let stop = first_prose
            .map_or(start + 16, |p| (p + 2).max(start + 4))
            .min(start + 40)
            .min(self.blocks.len());
        let mut out = Vec::new();
        let mut take = |b: &RawBlock| {
            let n = b.text.chars().count();
            if n <= 160 && !b.text.contains('。') && has_digits(&b.text) {
                out.push(b.text.clone());
            }
        };
        for b in self.blocks.get(start..stop).unwrap_or(&[]) {
            take(b);
        }
        for b in self
            .blocks
            .get(start.saturating_sub(4)..start)
            .unwrap_or(&[])
            .iter()
            .rev()
        {
            take(b);
        }
        // Some sites put the labelled date under the article (`时间：2019-09-24 17:08`).
        if let Some(c) = container {
            if let Some(last) = self.blocks.iter().rposition(|b| self.inside(b.node, c)) {
                for b in self.blocks.get(last + 1..last + 13).unwrap_or(&[]) {
                    if has_date_label(&b.text) {
                        take(b);
                    }
                }
            }
        }
        out
    }
}

/// Open marks undone when an element is left.
#[derive(Clone, Copy, Debug, Default)]
struct Frame {
    block: bool,
    link: bool,
    junk: bool,
    caption: bool,
    heading: bool,
    h1: bool,
    list: bool,
    quote: bool,
}

/// A heading that may be the article's headline.
struct Headline {
    text: String,
    /// The blocks it produced.
    start: usize,
    end: usize,
    /// 1 for `<h1>`, 2 for `<h2>`, 3 for `<h3>`.
    level: u8,
}

struct Walk {
    h1_level: u8,
    buf: String,
    chars: u32,
    link_chars: u32,
    punct: u32,
    link: u32,
    junk: Vec<NodeId>,
    caption: u32,
    heading: u32,
    h1: u32,
    list: u32,
    quote: u32,
    block_stack: Vec<NodeId>,
    after_img: bool,
    h1_start: usize,
}

/// [`RawBlock::is_prose`] for a finished block's text.
fn is_prose_text(t: &str) -> bool {
    let mut chars = 0;
    let mut punct = 0;
    let mut it = t.chars().peekable();
    while let Some(c) = it.next() {
        if c.is_alphanumeric() {
            chars += 1;
        } else if is_cjk_sentence_punct(c)
            || (matches!(c, ',' | '.' | '!' | '?' | ';')
                && it.peek().is_none_or(|n| n.is_whitespace()))
        {
            punct += 1;
        }
    }
    (punct >= 1 && chars >= 10) || chars >= 50 || opens_with_wire_dateline(t)
}

static WIRE_OPENERS: Words = words!("page/wire_openers.txt");

/// `新华社北京5月9日电`, `（中央社記者溫貴香台北21日電）`, `本报讯`: a wire dateline opens the lead,
/// whatever follows it (Xinhua's `题：…` line has no sentence punctuation).
fn opens_with_wire_dateline(t: &str) -> bool {
    let t = t.trim_start_matches(['（', '(', '【', '[', ' ']);
    if !WIRE_OPENERS.get().iter().any(|a| t.starts_with(a)) {
        return false;
    }
    let head: String = t.chars().take(30).collect();
    head.contains('电') || head.contains('電') || head.contains('讯') || head.contains('訊')
}

static DATE_LABELS: Words = words!("page/date_labels.txt");

/// A line that says what its date is: `时间：`, `发布时间：`, `日期：`, `發佈於`, `Published`.
fn has_date_label(s: &str) -> bool {
    let head: String = s.chars().take(16).collect::<String>().to_lowercase();
    DATE_LABELS.get().iter().any(|l| head.contains(l))
}

fn has_digits(s: &str) -> bool {
    s.chars()
        .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count()
        >= 4
}

/// A short line right after an image that is not a sentence of the article: `图为…`, a credit.
fn is_caption_like(b: &RawBlock) -> bool {
    let n = b.text.chars().count();
    n <= 80
        && (b.text.starts_with("图")
            || b.text.starts_with("圖")
            || b.text.ends_with("摄")
            || b.text.ends_with("攝"))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

static META_PUBLISHED: Words = words!("page/meta_published.txt");
static META_MODIFIED: Words = words!("page/meta_modified.txt");

/// Which meta names carry the publication or revision date.
fn meta_date_role(key: &str) -> Option<DateRole> {
    if META_PUBLISHED.get().contains(&key) {
        Some(DateRole::Published)
    } else if META_MODIFIED.get().contains(&key) {
        Some(DateRole::Modified)
    } else {
        None
    }
}

static UPDATE_LABELS: Words = words!("page/update_labels.txt");

/// Labels that mark a revision time rather than the publication.
fn is_update_label(line: &str) -> bool {
    let lower = line.to_lowercase();
    let head: String = lower.chars().take(12).collect();
    UPDATE_LABELS.get().iter().any(|l| head.contains(l))
}

static SITE_WORDS: Words = words!("page/site_words.txt");

/// Take a site's name off a title by rule: split at the separators sites put between headline
/// and name (`-`, `_`, `|`, `｜`, `–`, `—`, `::`), and drop trailing parts that name a site: the
/// `og:site_name`, or a short part ending in a word that names a publisher (网, 新闻, 日报,
/// 频道, `.com`, News, ...).
pub fn strip_site_name(title: &str, site: Option<&str>) -> String {
    let t = normalize_ws(title);
    let mut parts: Vec<(usize, usize)> = Vec::new(); // byte ranges of the parts
    let mut start = 0;
    let mut i = 0;
    let b = t.as_bytes();
    while i < b.len() {
        let rest = &t[i..];
        let sep = [
            " - ", " | ", " _ ", " – ", " — ", "_", "|", "｜", "--", " -", "- ", "::", "——", "—",
            "–", "-",
        ]
        .iter()
        .find(|s| rest.starts_with(**s));
        match sep {
            Some(s) => {
                parts.push((start, i));
                i += s.len();
                start = i;
            }
            None => {
                i += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    parts.push((start, t.len()));
    if parts.len() == 1 {
        return t;
    }
    let site_key = site.map(squash);
    let is_site = |p: &str| {
        let p = p.trim();
        let key = squash(p);
        if key.is_empty() {
            return true;
        }
        if site_key
            .as_deref()
            .is_some_and(|s| !s.is_empty() && (s.contains(&key) || key.contains(s)))
        {
            return true;
        }
        let n = key.chars().count();
        if n > 24 {
            return false;
        }
        let lower = key.to_lowercase();
        SITE_WORDS
            .get()
            .iter()
            .any(|w| lower.ends_with(w) || (n <= 8 && lower.contains(w)))
    };
    let mut keep = parts.len();
    while keep > 1 {
        let (s, e) = parts[keep - 1];
        if is_site(&t[s..e]) {
            keep -= 1;
        } else {
            break;
        }
    }
    // A leading site name: `新华网 - 标题`.
    let mut first = 0;
    while first + 1 < keep {
        let (s, e) = parts[first];
        let p = &t[s..e];
        if is_site(p) && p.trim().chars().count() <= 8 {
            first += 1;
        } else {
            break;
        }
    }
    let (s, _) = parts[first];
    let (_, e) = parts[keep - 1];
    t[s..e].trim().to_string()
}

impl LdArticle {
    fn read(&mut self, v: &serde_json::Value, depth: usize) {
        use serde_json::Value;
        if depth > 8 {
            return;
        }
        match v {
            Value::Array(items) => {
                for it in items.iter().take(64) {
                    self.read(it, depth + 1);
                }
            }
            Value::Object(map) => {
                if let Some(g) = map.get("@graph") {
                    self.read(g, depth + 1);
                }
                let types: Vec<&str> = match map.get("@type") {
                    Some(Value::String(s)) => vec![s.as_str()],
                    Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                let article = types.iter().any(|t| {
                    let t = t.to_ascii_lowercase();
                    t.contains("article") || t.contains("posting") || t == "reportagenewsarticle"
                });
                if !article {
                    return;
                }
                let s = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
                if self.headline.is_none() {
                    self.headline = s("headline").or_else(|| s("name"));
                }
                if let Some(d) = s("datePublished").or_else(|| s("dateCreated")) {
                    self.published.push(d);
                }
                if let Some(d) = s("dateModified") {
                    self.modified.push(d);
                }
                if self.body.is_none() {
                    self.body = s("articleBody");
                }
                if self.url.is_none() {
                    self.url = s("url");
                }
                let name = |v: Option<&Value>| match v {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Object(o)) => {
                        o.get("name").and_then(Value::as_str).map(str::to_string)
                    }
                    Some(Value::Array(a)) => a.first().and_then(|x| match x {
                        Value::String(s) => Some(s.clone()),
                        Value::Object(o) => {
                            o.get("name").and_then(Value::as_str).map(str::to_string)
                        }
                        _ => None,
                    }),
                    _ => None,
                };
                if self.author.is_none() {
                    self.author = name(map.get("author"));
                }
                if self.publisher.is_none() {
                    self.publisher = name(map.get("publisher"));
                }
            }
            _ => {}
        }
    }
}

/// Development aid: every block with its scores, the chosen container marked.
#[doc(hidden)]
pub fn explain(html: &str) -> String {
    let dom = Dom::parse(html);
    let mut r = Reader::new(&dom);
    r.metadata();
    r.walk();
    let t = r.title();
    let c = r.container(t.as_ref().and_then(|t| t.1).map(|r| r.0));
    let mut out = format!(
        "container={c:?} h1s={:?}\n",
        r.h1s.iter().map(|h| &h.text).collect::<Vec<_>>()
    );
    if let Some(c) = c {
        let e = dom.element(c);
        out += &format!(
            "container tag={:?} class={:?} id={:?} good={} bad={}\n",
            e.map(|e| e.tag()),
            e.and_then(|e| e.attr("class")),
            e.and_then(|e| e.attr("id")),
            r.good[c as usize],
            r.bad[c as usize]
        );
    }
    let mut cands: Vec<(f64, usize)> = (0..dom.nodes.len())
        .filter(|&i| r.good[i] > 0.0)
        .map(|i| (r.good[i] - r.bad[i], i))
        .collect();
    cands.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (sc, i) in cands.iter().take(12) {
        let e = dom.element(*i as NodeId);
        out += &format!(
            "cand {i} s={sc:.0} good={:.0} bad={:.0} <{} .{} #{}>\n",
            r.good[*i],
            r.bad[*i],
            e.map_or("", |e| e.tag()),
            e.and_then(|e| e.attr("class")).unwrap_or(""),
            e.and_then(|e| e.attr("id")).unwrap_or("")
        );
    }
    for (i, b) in r.blocks.iter().enumerate() {
        let inside = c.is_some_and(|c| r.inside(b.node, c));
        let e = dom.element(b.node);
        out += &format!(
            "{i:4} {} {:?} g={:.0} b={:.0} junk={} <{} .{}> {}\n",
            if inside { "*" } else { " " },
            b.kind,
            b.good(),
            b.bad(),
            b.junk,
            e.map_or("", |e| e.tag()),
            e.and_then(|e| e.attr("class")).unwrap_or(""),
            b.text.chars().take(60).collect::<String>()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!("<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>普京与金正恩举行会谈-新华网</title><meta property=\"og:title\" content=\"普京与金正恩举行会谈\"></head><body>{body}</body></html>")
    }

    const NAV: &str = "<div class=\"nav\"><a href=/>首页</a><a href=/a>时政</a><a href=/b>国际</a><a href=/c>财经</a><a href=/d>体育</a><a href=/e>娱乐</a></div>";
    const P1: &str = "新华社符拉迪沃斯托克9月13日电 俄罗斯总统普京13日在俄远东阿穆尔州东方航天发射场与朝鲜国务委员长金正恩举行会谈。";
    const P2: &str = "普京表示，俄方愿同朝方加强各领域合作，推动两国关系不断向前发展。金正恩说，朝方高度重视发展朝俄关系。";

    #[test]
    fn the_article_is_found_among_page_chrome() {
        let html = page(&format!(
            "{NAV}<h1>普京与金正恩举行会谈</h1><div class=info>2023-09-13 21:54:34 来源：新华网</div>\
             <div id=detail><p>{P1}</p><p>{P2}</p><p>【纠错】</p></div>\
             <div class=related><h3>相关新闻</h3><ul><li><a href=/x>普京会见某某国总统</a></li><li><a href=/y>金正恩视察某地工厂</a></li></ul></div>\
             <div class=footer>Copyright © 2000 - 2023 XINHUANET.com All Rights Reserved.</div>"
        ));
        let p = extract(&html);
        assert_eq!(p.title.as_deref(), Some("普京与金正恩举行会谈"));
        let texts: Vec<&str> = p.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.first(), Some(&P1));
        assert!(texts.contains(&P2));
        assert!(!texts
            .iter()
            .any(|t| t.contains("相关新闻") || t.contains("Copyright") || t.contains("首页")));
        assert_eq!(p.lang.as_deref(), Some("zh-cn"));
        let visible: Vec<&PageDate> = p
            .dates
            .iter()
            .filter(|d| d.origin == DateOrigin::Dateline)
            .collect();
        assert_eq!(visible[0].text, "2023-09-13 21:54:34 来源：新华网");
        assert_eq!(visible[0].role, DateRole::Published);
    }

    #[test]
    fn split_content_is_joined_and_json_ld_is_read() {
        let html = format!(
            "<html><head><title>t</title><script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@graph\":[{{\"@type\":\"NewsArticle\",\"headline\":\"普京与金正恩举行会谈\",\"datePublished\":\"2023-09-13T21:54:34+08:00\",\"author\":{{\"@type\":\"Person\",\"name\":\"王记者\"}}}}]}}</script></head>\
             <body>{NAV}<div class=main><div class=lead><p>{P1}</p></div><div class=rest><p>{P2}</p></div></div></body></html>"
        );
        let p = extract(&html);
        let texts: Vec<&str> = p.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, [P1, P2]);
        assert_eq!(p.author.as_deref(), Some("王记者"));
        assert!(p.dates.contains(&PageDate {
            origin: DateOrigin::JsonLd,
            role: DateRole::Published,
            text: "2023-09-13T21:54:34+08:00".into()
        }));
        assert_eq!(p.title.as_deref(), Some("普京与金正恩举行会谈"));
    }

    #[test]
    fn site_names_come_off_titles_by_rule() {
        let cases = [
            (
                "习近平主持召开座谈会-中国科普网",
                None,
                "习近平主持召开座谈会",
            ),
            ("城市有轨电车之困_新浪新闻", None, "城市有轨电车之困"),
            (
                "巴以冲突，困住中国外贸人|凤凰网",
                None,
                "巴以冲突，困住中国外贸人",
            ),
            (
                "新华视界｜河北遵化：数字农机服务助力农业生产",
                None,
                "新华视界｜河北遵化：数字农机服务助力农业生产",
            ),
            ("某游戏评测 | 游民星空", None, "某游戏评测"),
            ("標題文字 - Yahoo奇摩新聞", None, "標題文字"),
            (
                "標題文字 - 報導者 The Reporter",
                Some("報導者 The Reporter"),
                "標題文字",
            ),
            (
                "Apple 发布 iPhone 15 - Pro 版本",
                None,
                "Apple 发布 iPhone 15 - Pro 版本",
            ),
        ];
        for (t, site, want) in cases {
            assert_eq!(strip_site_name(t, site), want, "{t}");
        }
    }

    #[test]
    fn a_truncated_og_title_loses_to_the_full_title() {
        let html = "<html><head><meta property=og:title content=\"美方称\"><title>美方称“中国产能过剩” 专家驳斥_网易新闻</title></head><body><p>正文。</p></body></html>";
        assert_eq!(
            extract(html).title.as_deref(),
            Some("美方称“中国产能过剩” 专家驳斥")
        );
    }

    #[test]
    fn deep_nesting_falls_back_to_the_fragment_reader() {
        let html = "<div>".repeat(200_000) + "深层正文。" + &"</div>".repeat(200_000);
        let p = extract(&html);
        assert!(p.flat);
        assert!(nesting_estimate("<p>a<p>b<p>c<li>x<br><img src=y>") <= 1);
        assert_eq!(nesting_estimate("<div><div><span>x</span></div></div>"), 3);
        assert_eq!(
            nesting_estimate("<script>if (a<b) { '<div>' }</script><div></div>"),
            1
        );
    }

    #[test]
    fn data_files_parse() {
        for w in [
            &JUNK_PARTS,
            &CONTENT_PARTS,
            &META_PUBLISHED,
            &META_MODIFIED,
            &UPDATE_LABELS,
            &DATE_LABELS,
            &SITE_WORDS,
            &WIRE_OPENERS,
        ] {
            assert_eq!(w.problems(), Vec::<String>::new());
        }
        // Matched against lower-cased text.
        for w in [
            &JUNK_PARTS,
            &CONTENT_PARTS,
            &META_PUBLISHED,
            &META_MODIFIED,
            &UPDATE_LABELS,
            &DATE_LABELS,
            &SITE_WORDS,
        ] {
            for e in w.get() {
                assert_eq!(e.to_lowercase(), *e, "{e}");
            }
        }
        // An entry in both lists would only ever count as the first.
        assert_eq!(
            crate::data::shared(JUNK_PARTS.get(), CONTENT_PARTS.get()),
            Vec::<&str>::new()
        );
        assert_eq!(
            crate::data::shared(META_PUBLISHED.get(), META_MODIFIED.get()),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn name_parts_split_camel_case_and_separators() {
        let mut v = Vec::new();
        name_parts("articleBody_main-2 x", &mut v);
        assert_eq!(v, ["article", "body", "main", "2", "x"]);
    }
}
