//! Tolerant HTML-fragment-to-text extraction for scraped news bodies.
//!
//! News bodies in the archives are fragments of HTML that are often broken: unclosed tags, stray end
//! tags, doubled quotes (`width="513""/>`), bodies truncated in the middle of a tag, `<br>` used as a
//! paragraph break and single lines of many megabytes. A full HTML5 parser would be slow to build and
//! still need news-specific cleanup, so this module hand-rolls a small tokenizer with a bounded
//! element stack. Every step moves forward through the input, so the work is linear in its length,
//! and every lookup is checked, so no input can make it panic.
//!
//! Tables: each `<tr>` becomes one [`BlockKind::Paragraph`] whose cells are separated by one space.
//! A few exact boilerplate blocks seen in the archives are dropped (see `drop_boilerplate`).

use std::collections::HashSet;

use crate::data::{words, Words};

use super::entities::{decode_into, decode_owned};
use super::images::clean_image_url;
use super::names::{is_caption_token, is_data_junk, is_junk_token};

// What [`extract`] returns, and the text helpers its callers apply to text that did not come
// through it, so that `fragment::` alone serves a caller.
use super::block::{normalize_ws, Block, BlockKind, Extracted};

/// Does this string look like HTML, i.e. contain at least one real tag such as `<p>`, `<div>`,
/// `<br>` or `<img>`? Comments alone (`<!--1707394501000-->`) and stray `<` do not count.
pub fn looks_like_html(s: &str) -> bool {
    const TAGS: &[&[u8]] = &[
        b"p",
        b"div",
        b"br",
        b"img",
        b"span",
        b"a",
        b"b",
        b"i",
        b"em",
        b"strong",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"ul",
        b"ol",
        b"li",
        b"table",
        b"tr",
        b"td",
        b"figure",
        b"figcaption",
        b"section",
        b"article",
        b"blockquote",
        b"iframe",
        b"html",
        b"body",
        b"head",
        b"meta",
        b"font",
        b"small",
        b"hr",
        b"pre",
        b"picture",
        b"video",
        b"title",
    ];
    let b = s.as_bytes();
    for lt in memchr::memchr_iter(b'<', b) {
        let mut p = lt + 1;
        if b.get(p) == Some(&b'/') {
            p += 1;
        }
        let start = p;
        while b.get(p).is_some_and(|c| c.is_ascii_alphanumeric()) {
            p += 1;
        }
        let Some(name) = b.get(start..p) else {
            continue;
        };
        if name.is_empty() || !TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            continue;
        }
        if closes_like_a_tag(b.get(p..).unwrap_or(&[])) {
            return true;
        }
    }
    false
}

/// Whether what follows a known tag name ends the tag as HTML does: `>`, `/>`, or attributes
/// (an ASCII name after whitespace) and then a `>` before the next `<`. Plain text such as
/// `a<b 而且 c>d` or `x <b and y` is not a tag.
fn closes_like_a_tag(rest: &[u8]) -> bool {
    match rest.first() {
        Some(b'>') => true,
        Some(b'/') => rest.get(1) == Some(&b'>'),
        Some(c) if c.is_ascii_whitespace() => {
            let attrs = rest.trim_ascii_start();
            let starts_attr = attrs
                .first()
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'>' | b'/'));
            let window = attrs.get(..attrs.len().min(2048)).unwrap_or(attrs);
            starts_attr
                && match memchr::memchr2(b'>', b'<', window) {
                    Some(i) => window.get(i) == Some(&b'>'),
                    None => false,
                }
        }
        _ => false,
    }
}

/// Extract text blocks, images, title, meta pairs and times from an HTML fragment or page.
///
/// Never panics and runs in time linear in `html.len()`. Scripts, styles, navigation, forms,
/// asides, embedded players and elements whose class/id mark ads, share bars, related-article
/// lists, newsletter or app promos are dropped with their content (an `<aside>`'s `<time>` is still
/// collected). A tag truncated at the end of the input is dropped; a `<` that starts no tag is text.
pub fn extract(html: &str) -> Extracted {
    let mut ex = Extractor::new(html);
    ex.run();
    ex.finish()
}

// ---------------------------------------------------------------------------------------------
// Element bookkeeping

/// Parts of custom element names (`<share-button>`, `<ad-slot>`) that drop the element.
static JUNK_TAG_PARTS: Words = words!("fragment/junk_tag_parts.txt");

/// The stack only has to outlive real nesting; a cap keeps stray end tags cheap (each one searches
/// at most this many entries) on pathological input.
const MAX_DEPTH: usize = 256;

const F_DROP: u16 = 1;
const F_CLASS_DROP: u16 = 1 << 1;
const F_CAPTION: u16 = 1 << 2;
const F_HEADING: u16 = 1 << 3;
const F_LIST: u16 = 1 << 4;
const F_QUOTE: u16 = 1 << 5;
const F_TIME: u16 = 1 << 6;
const F_AFTER_IMG: u16 = 1 << 7;
const F_BOUNDARY: u16 = 1 << 8;

/// An open element. Names are kept inline (truncated to 16 bytes) to avoid an allocation per tag.
#[derive(Clone, Copy)]
struct Elem {
    name: [u8; 16],
    len: u8,
    flags: u16,
}

impl Elem {
    fn new(name: &str, flags: u16) -> Self {
        let mut buf = [0u8; 16];
        let n = name.len().min(16);
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), name.as_bytes().get(..n)) {
            dst.copy_from_slice(src);
        }
        Elem {
            name: buf,
            len: n as u8,
            flags,
        }
    }
    fn is(&self, name: &str) -> bool {
        let n = name.len().min(16);
        usize::from(self.len) == n && self.name.get(..n) == name.as_bytes().get(..n)
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "image"
    )
}

/// Tags whose start or end separates blocks of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
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
            | "head"
            | "menu"
            | "dialog"
            | "video"
            | "audio"
            | "iframe"
            | "object"
            | "canvas"
            | "select"
            | "button"
            | "template"
            | "svg"
            | "noscript"
    )
}

/// Elements dropped with everything inside them, whatever their attributes.
fn is_drop_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "iframe"
            | "template"
            | "svg"
            | "button"
            | "form"
            | "select"
            | "option"
            | "nav"
            | "footer"
            | "aside"
            | "video"
            | "audio"
            | "object"
            | "canvas"
            | "textarea"
            | "dialog"
            | "math"
            | "map"
    )
}

/// Elements whose content is raw text up to their end tag: tags inside are not tags.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "noembed"
            | "noframes"
            | "iframe"
            | "noscript"
            | "plaintext"
    )
}

/// Names the tokenizer knows, used to repair mangled names such as `liListItem"` or
/// `divclass="..."` (attributes glued onto the name) seen in the archives.
const REPAIRABLE: &[&str] = &[
    "div",
    "span",
    "li",
    "p",
    "a",
    "section",
    "figure",
    "img",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "figcaption",
];

// ---------------------------------------------------------------------------------------------
// The tokenizer / tree walker

struct Extractor<'a> {
    html: &'a str,
    out: Extracted,
    buf: String,
    stack: Vec<Elem>,
    drop: usize,
    class_drop: usize,
    caption: usize,
    heading: usize,
    list: usize,
    quote: usize,
    time_buf: Option<String>,
    img_pending: bool,
    seen_images: HashSet<String>,
    /// Attribute ranges `[name_start, name_end, value_start, value_end]` of the current tag.
    attrs: Vec<[usize; 4]>,
    /// Positions from which a search for `"` / `'` already failed: such a search to the end of the
    /// input happens at most once per quote character, which keeps broken quoting linear.
    no_quote_from: [usize; 2],
}

impl<'a> Extractor<'a> {
    fn new(html: &'a str) -> Self {
        Extractor {
            html,
            out: Extracted::default(),
            buf: String::new(),
            stack: Vec::new(),
            drop: 0,
            class_drop: 0,
            caption: 0,
            heading: 0,
            list: 0,
            quote: 0,
            time_buf: None,
            img_pending: false,
            seen_images: HashSet::new(),
            attrs: Vec::new(),
            no_quote_from: [usize::MAX; 2],
        }
    }

    fn run(&mut self) {
        let html = self.html;
        let b = html.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let Some(rest) = b.get(i..) else { break };
            match memchr::memchr(b'<', rest) {
                None => {
                    self.text(html.get(i..).unwrap_or(""));
                    break;
                }
                Some(off) => {
                    self.text(html.get(i..i + off).unwrap_or(""));
                    i = self.markup(i + off);
                }
            }
        }
    }

    fn finish(mut self) -> Extracted {
        self.flush();
        if let Some(t) = self.time_buf.take() {
            self.push_time(&t);
        }
        drop_boilerplate(&mut self.out.blocks);
        self.out
    }

    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(t) = self.time_buf.as_mut() {
            if self.class_drop == 0 {
                decode_into(t, s);
            }
        }
        if self.drop > 0 {
            return;
        }
        if !s.bytes().all(|c| c.is_ascii_whitespace()) {
            self.img_pending = false;
        }
        decode_into(&mut self.buf, s);
    }

    fn kind(&self) -> BlockKind {
        if self.caption > 0 {
            BlockKind::Caption
        } else if self.heading > 0 {
            BlockKind::Heading
        } else if self.list > 0 {
            BlockKind::ListItem
        } else if self.quote > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        }
    }

    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let text = normalize_ws(&self.buf);
        self.buf.clear();
        if !text.is_empty() {
            let kind = self.kind();
            self.out.blocks.push(Block { kind, text });
        }
    }

    fn push_time(&mut self, raw: &str) {
        let t = normalize_ws(raw);
        if !t.is_empty() {
            self.out.times.push(t);
        }
    }

    /// Handle markup starting at `lt` (a `<`); returns where scanning resumes.
    fn markup(&mut self, lt: usize) -> usize {
        let b = self.html.as_bytes();
        let len = b.len();
        match b.get(lt + 1) {
            Some(b'!') => {
                if b.get(lt + 2..lt + 4) == Some(b"--") {
                    // `<!-->` and `<!--->` are complete (empty) comments.
                    if b.get(lt + 4) == Some(&b'>') {
                        return lt + 5;
                    }
                    if b.get(lt + 4..lt + 6) == Some(b"->") {
                        return lt + 6;
                    }
                    return find_from(b, lt + 4, b"-->").map_or(len, |p| p + 3);
                }
                if b.get(lt + 2..lt + 9)
                    .is_some_and(|s| s.eq_ignore_ascii_case(b"[CDATA["))
                {
                    return find_from(b, lt + 9, b"]]>").map_or(len, |p| p + 3);
                }
                find_byte(b, lt + 2, b'>').map_or(len, |p| p + 1)
            }
            Some(b'?') => find_byte(b, lt + 2, b'>').map_or(len, |p| p + 1),
            Some(b'/') => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => self.end_tag(lt),
                Some(b'>') => lt + 3,
                Some(_) => find_byte(b, lt + 2, b'>').map_or(len, |p| p + 1),
                None => len,
            },
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(lt),
            _ => {
                self.text("<");
                lt + 1
            }
        }
    }

    fn end_tag(&mut self, lt: usize) -> usize {
        let b = self.html.as_bytes();
        let name_start = lt + 2;
        let name_end = scan_name(b, name_start);
        let Some(close) = find_byte(b, name_end, b'>') else {
            return b.len();
        };
        let name = self
            .html
            .get(name_start..name_end)
            .unwrap_or("")
            .to_ascii_lowercase();
        let name = repair_name(&name)
            .map_or(name.as_str(), |(n, _)| n)
            .to_string();
        if name == "br" {
            self.flush();
            return close + 1;
        }
        let found = self.stack.iter().rposition(|e| e.is(&name));
        match found {
            Some(k) => {
                let boundary = is_block(&name)
                    || self
                        .stack
                        .get(k..)
                        .is_some_and(|s| s.iter().any(|e| e.flags & F_BOUNDARY != 0));
                if boundary {
                    self.flush();
                }
                while self.stack.len() > k {
                    self.pop();
                }
            }
            None => {
                if is_block(&name) {
                    self.flush();
                }
            }
        }
        close + 1
    }

    fn pop(&mut self) {
        let Some(e) = self.stack.pop() else { return };
        let f = e.flags;
        if f & F_DROP != 0 {
            self.drop = self.drop.saturating_sub(1);
        }
        if f & F_CLASS_DROP != 0 {
            self.class_drop = self.class_drop.saturating_sub(1);
        }
        if f & F_CAPTION != 0 {
            self.caption = self.caption.saturating_sub(1);
        }
        if f & F_HEADING != 0 {
            self.heading = self.heading.saturating_sub(1);
        }
        if f & F_LIST != 0 {
            self.list = self.list.saturating_sub(1);
        }
        if f & F_QUOTE != 0 {
            self.quote = self.quote.saturating_sub(1);
        }
        if f & F_TIME != 0 {
            if let Some(t) = self.time_buf.take() {
                self.push_time(&t);
            }
        }
    }

    fn push(&mut self, e: Elem) {
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        let f = e.flags;
        self.drop += usize::from(f & F_DROP != 0);
        self.class_drop += usize::from(f & F_CLASS_DROP != 0);
        self.caption += usize::from(f & F_CAPTION != 0);
        self.heading += usize::from(f & F_HEADING != 0);
        self.list += usize::from(f & F_LIST != 0);
        self.quote += usize::from(f & F_QUOTE != 0);
        self.stack.push(e);
    }

    fn top_is(&self, name: &str) -> bool {
        self.stack.last().is_some_and(|e| e.is(name))
    }

    /// Parse attributes from `p` until the tag's `>`. Fills `self.attrs`; returns the position of
    /// `>` and whether the tag was self-closing, or `None` when the input ends inside the tag.
    fn parse_attrs(&mut self, mut p: usize) -> Option<(usize, bool)> {
        let b = self.html.as_bytes();
        self.attrs.clear();
        loop {
            while b.get(p).is_some_and(|c| c.is_ascii_whitespace()) {
                p += 1;
            }
            match *b.get(p)? {
                b'>' => return Some((p, false)),
                b'/' => {
                    if b.get(p + 1) == Some(&b'>') {
                        return Some((p + 1, true));
                    }
                    p += 1;
                    continue;
                }
                // A quote where a name should start: the doubled quote in `width="513""/>`.
                b'"' | b'\'' | b'=' => {
                    p += 1;
                    continue;
                }
                _ => {}
            }
            let ns = p;
            while b.get(p).is_some_and(|&c| {
                !matches!(
                    c,
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'=' | b'"' | b'\''
                )
            }) {
                p += 1;
            }
            let ne = p;
            let mut q = p;
            while b.get(q).is_some_and(|c| c.is_ascii_whitespace()) {
                q += 1;
            }
            if b.get(q) != Some(&b'=') {
                self.attrs.push([ns, ne, ne, ne]);
                continue;
            }
            q += 1;
            while b.get(q).is_some_and(|c| c.is_ascii_whitespace()) {
                q += 1;
            }
            match b.get(q) {
                None => return None,
                Some(&quote @ (b'"' | b'\'')) => {
                    let slot = usize::from(quote == b'\'');
                    let closing = if self.no_quote_from[slot] <= q + 1 {
                        None
                    } else {
                        find_byte(b, q + 1, quote)
                    };
                    match closing {
                        Some(c) => {
                            self.attrs.push([ns, ne, q + 1, c]);
                            p = c + 1;
                        }
                        None => {
                            self.no_quote_from[slot] = self.no_quote_from[slot].min(q + 1);
                            // An unmatched quote: end the value and the tag at the next `>` so one
                            // bad attribute cannot swallow the rest of the article.
                            let gt = find_byte(b, q + 1, b'>')?;
                            self.attrs.push([ns, ne, q + 1, gt]);
                            return Some((gt, false));
                        }
                    }
                }
                Some(_) => {
                    let vs = q;
                    while b.get(q).is_some_and(|&c| {
                        !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                    }) {
                        q += 1;
                    }
                    self.attrs.push([ns, ne, vs, q]);
                    p = q;
                }
            }
        }
    }

    fn attr(&self, name: &str) -> Option<&'a str> {
        let html = self.html;
        self.attrs.iter().find_map(|r| {
            let n = html.get(r[0]..r[1])?;
            if n.eq_ignore_ascii_case(name) {
                html.get(r[2]..r[3])
            } else {
                None
            }
        })
    }

    fn start_tag(&mut self, lt: usize) -> usize {
        let html = self.html;
        let b = html.as_bytes();
        let name_start = lt + 1;
        let name_end = scan_name(b, name_start);
        let raw = html
            .get(name_start..name_end)
            .unwrap_or("")
            .to_ascii_lowercase();
        let (name, attr_start) = match repair_name(&raw) {
            Some((n, cut)) => (n.to_string(), name_start + cut),
            None => (raw, name_end),
        };
        let Some((gt, self_closing)) = self.parse_attrs(attr_start) else {
            return b.len();
        };
        let after = gt + 1;
        let name = name.as_str();

        if is_raw_text(name) {
            return self.raw_text(name, after);
        }
        match name {
            "br" => {
                self.flush();
                return after;
            }
            "hr" => {
                self.flush();
                return after;
            }
            "img" | "image" => {
                if self.drop == 0 {
                    self.image();
                }
                self.img_pending = true;
                return after;
            }
            "meta" => {
                self.meta();
                return after;
            }
            "td" | "th" => {
                while self.top_is("td") || self.top_is("th") {
                    self.pop();
                }
                if self.drop == 0 && !self.buf.is_empty() {
                    self.buf.push(' ');
                }
            }
            _ => {}
        }
        if is_void(name) {
            return after;
        }

        let mut flags = 0u16;
        let mut dropped = is_drop_tag(name);
        if name.contains('-') && name.split('-').any(|p| JUNK_TAG_PARTS.get().contains(&p)) {
            dropped = true;
        }
        let mut caption = name == "figcaption";
        let class = self.attr("class").unwrap_or("");
        let id = self.attr("id").unwrap_or("");
        let mut class_dropped = class.split_ascii_whitespace().any(is_junk_token)
            || (!id.is_empty() && is_junk_token(id.trim()));
        if !class_dropped {
            class_dropped = self.attrs.iter().any(|r| {
                html.get(r[0]..r[1]).is_some_and(|n| {
                    n.len() > 5
                        && n.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data-"))
                        && is_data_junk(n)
                })
            });
        }
        if class.split_ascii_whitespace().any(is_caption_token) {
            caption = true;
        }
        if name == "small"
            && self
                .stack
                .last()
                .is_some_and(|e| e.is("div") && e.flags & F_AFTER_IMG != 0)
        {
            caption = true;
        }
        if dropped || class_dropped {
            flags |= F_DROP;
        }
        if class_dropped {
            flags |= F_CLASS_DROP;
        }
        if caption {
            flags |= F_CAPTION;
        }
        if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            flags |= F_HEADING;
        }
        if name == "li" {
            flags |= F_LIST;
        }
        if name == "blockquote" {
            flags |= F_QUOTE;
        }
        let block = is_block(name);
        if block || caption {
            flags |= F_BOUNDARY;
        }
        if name == "div" && self.img_pending {
            flags |= F_AFTER_IMG;
        }
        if name == "time" {
            match self.attr("datetime") {
                Some(dt) if !dt.trim().is_empty() => {
                    if self.class_drop == 0 && !class_dropped {
                        let d = decode_owned(dt);
                        self.push_time(&d);
                    }
                }
                _ => {
                    flags |= F_TIME;
                    self.time_buf = Some(String::new());
                }
            }
        }

        // Implied end tags, so unclosed `<p>`/`<li>`/cells do not nest without bound.
        match name {
            "li" if self.top_is("li")
                || (self.top_is("p")
                    && self.stack.iter().rev().nth(1).is_some_and(|e| e.is("li"))) =>
            {
                self.flush();
                while let Some(top) = self.stack.last() {
                    let was_li = top.is("li");
                    self.pop();
                    if was_li {
                        break;
                    }
                }
            }
            "tr" => {
                while self.top_is("td") || self.top_is("th") || self.top_is("tr") {
                    self.flush();
                    self.pop();
                }
            }
            "dt" | "dd" if self.top_is("dt") || self.top_is("dd") => {
                self.flush();
                self.pop();
            }
            _ if block && self.top_is("p") => {
                self.flush();
                self.pop();
            }
            _ => {}
        }
        if flags & F_BOUNDARY != 0 {
            self.flush();
        }
        if block {
            self.img_pending = false;
        }
        if self_closing && !dropped && flags & F_TIME == 0 {
            // XHTML-style `<div/>`: nothing to push, but it still separates blocks.
            return after;
        }
        self.push(Elem::new(name, flags));
        after
    }

    /// Content of `<script>`, `<title>` etc. runs to the matching end tag; no tags inside count.
    fn raw_text(&mut self, name: &str, from: usize) -> usize {
        let b = self.html.as_bytes();
        let (content_end, resume) = match find_end_tag(b, from, name.as_bytes()) {
            Some((s, e)) => (s, e),
            None => (b.len(), b.len()),
        };
        match name {
            "title" if self.out.title.is_none() && self.drop == 0 => {
                let t = normalize_ws(&decode_owned(
                    self.html.get(from..content_end).unwrap_or(""),
                ));
                if !t.is_empty() {
                    self.out.title = Some(t);
                }
            }
            "iframe" | "noscript" | "textarea" | "noembed" | "noframes" => self.flush(),
            _ => {}
        }
        resume
    }

    fn image(&mut self) {
        let url = ["data-original", "data-src", "data-lazy-src", "src"]
            .iter()
            .find_map(|a| self.attr(a).and_then(clean_image_url));
        if let Some(u) = url {
            if self.seen_images.insert(u.clone()) {
                self.out.images.push(u);
            }
        }
    }

    fn meta(&mut self) {
        let key = self
            .attr("property")
            .or_else(|| self.attr("name"))
            .or_else(|| self.attr("itemprop"));
        let (Some(k), Some(v)) = (key, self.attr("content")) else {
            return;
        };
        let k = normalize_ws(&decode_owned(k)).to_lowercase();
        let v = normalize_ws(&decode_owned(v));
        if !k.is_empty() && !v.is_empty() {
            self.out.meta.push((k, v));
        }
    }
}

/// Tag names such as `liListItem"` or `divclass="x"` (a name glued to what followed it) map back
/// to the known tag; returns the tag and the byte length to resume attribute parsing from.
fn repair_name(name: &str) -> Option<(&'static str, usize)> {
    if name.len() <= 1 || is_block(name) || is_void(name) || KNOWN_INLINE.contains(&name) {
        return None;
    }
    for &k in REPAIRABLE {
        if let Some(rest) = name.strip_prefix(k) {
            let glued_attr = ["class", "id", "style", "data"]
                .iter()
                .any(|a| rest.starts_with(a));
            if glued_attr || (k == "li" && rest.starts_with("listitem")) {
                let cut = if glued_attr { k.len() } else { name.len() };
                return Some((k, cut));
            }
        }
    }
    None
}

const KNOWN_INLINE: &[&str] = &[
    "span", "a", "b", "i", "em", "strong", "small", "font", "sup", "sub", "u", "s", "abbr", "cite",
    "code", "time", "mark", "q", "label", "picture", "del", "ins", "big", "tt", "var", "kbd",
    "samp", "bdi", "bdo", "data", "dfn", "ruby", "rt", "rp", "nobr", "strike", "td", "th",
];

/// A tag name runs until whitespace, `/`, `>` or (in mangled markup) a quote or `=`.
fn scan_name(b: &[u8], mut p: usize) -> usize {
    while b.get(p).is_some_and(|&c| {
        !matches!(
            c,
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'"' | b'\'' | b'=' | b'<'
        )
    }) {
        p += 1;
    }
    p
}

fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    memchr::memchr(needle, b.get(from..)?).map(|i| i + from)
}

fn find_from(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|i| i + from)
}

/// Find `</name` (any case) followed by a delimiter, from `from`; returns (start of `</`, position
/// after its `>`). Each `<` is looked at once, so this is linear.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<(usize, usize)> {
    let hay = b.get(from..)?;
    for off in memchr::memchr_iter(b'<', hay) {
        let p = from + off;
        if b.get(p + 1) != Some(&b'/') {
            continue;
        }
        let ns = p + 2;
        let cand = b.get(ns..ns + name.len())?;
        if !cand.eq_ignore_ascii_case(name) {
            continue;
        }
        match b.get(ns + name.len()) {
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') => {
                let end = find_byte(b, ns + name.len(), b'>').map_or(b.len(), |g| g + 1);
                return Some((p, end));
            }
            None => return Some((p, b.len())),
            _ => {}
        }
    }
    None
}

static JUNK_BLOCKS: Words = words!("fragment/junk_blocks.txt");

/// Exact boilerplate seen in the archives: RFI's bare share label, feed footers (feedx.net,
/// "Better Feed", CDT's unexpanded `get_post_time`), DW's copyright notice, player fallbacks, and
/// BBC's class-less image credit ("图像来源，Getty Images"), whose following block is the caption.
fn drop_boilerplate(blocks: &mut Vec<Block>) {
    let mut in_feed_footer = false;
    let mut after_credit = false;
    blocks.retain_mut(|blk| {
        let t = blk.text.trim_end_matches([':', '：', ' ']);
        let was_after_credit = std::mem::replace(&mut after_credit, false);
        if t.starts_with("获取更多RSS") {
            in_feed_footer = true;
            return false;
        }
        if in_feed_footer && (t.starts_with("https://feedx.") || t.starts_with("http://feedx.")) {
            return false;
        }
        in_feed_footer = false;
        if t.starts_with("图像来源，") || t.starts_with("圖像來源，") {
            after_credit = true;
            return false;
        }
        let junk = JUNK_BLOCKS.get().contains(&t)
            || t.starts_with("Feed enhanced by")
            || t.contains("get_post_time(")
            || (t.starts_with('©')
                && (t.contains("德国之声版权声明") || t.contains("德國之聲版權聲明")));
        if junk {
            return false;
        }
        if was_after_credit && blk.kind == BlockKind::Paragraph {
            blk.kind = BlockKind::Caption;
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(e: &Extracted) -> Vec<&str> {
        e.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    fn kinds(e: &Extracted) -> Vec<BlockKind> {
        e.blocks.iter().map(|b| b.kind).collect()
    }

    #[test]
    fn data_files_parse() {
        for w in [&JUNK_BLOCKS, &JUNK_TAG_PARTS] {
            assert_eq!(w.problems(), Vec::<String>::new());
        }
        // Blocks are compared with their trailing colons and spaces taken off.
        for b in JUNK_BLOCKS.get() {
            assert_eq!(b.trim_end_matches([':', '：', ' ']), *b, "{b}");
        }
        // Parts of lower-cased names, between `-`.
        for p in JUNK_TAG_PARTS.get() {
            assert_eq!(p.to_lowercase(), *p, "{p}");
            assert!(!p.contains('-'), "{p}");
        }
    }

    #[test]
    fn paragraphs_and_inline_tags() {
        let e = extract(
            "<p>习近平同<strong>俄罗斯总统</strong>普<a href=\"x\">京</a>通电话。</p><p>第二段</p>",
        );
        assert_eq!(texts(&e), ["习近平同俄罗斯总统普京通电话。", "第二段"]);
        assert_eq!(kinds(&e), [BlockKind::Paragraph, BlockKind::Paragraph]);
    }

    #[test]
    fn br_splits_blocks_and_whitespace_normalised() {
        let e = extract("<p>第一行<br>第二行<br/><br />\u{3000}第三行\u{200B}  </p>");
        assert_eq!(texts(&e), ["第一行", "第二行", "第三行"]);
    }

    #[test]
    fn entities_decoded_once() {
        let e = extract(
            "<p>AT&amp;T &amp;amp; &nbsp;x&#38;y&#x2F;z &copy 2020 &ldquo;q&rdquo; a &amp b</p>",
        );
        assert_eq!(texts(&e), ["AT&T &amp; x&y/z © 2020 “q” a & b"]);
        let e = extract("<p>bad&#0;ref&#xD800;s&#151;</p>");
        assert_eq!(texts(&e), ["badrefs—"]);
    }

    #[test]
    fn lone_lt_is_text_and_truncated_tag_dropped() {
        let e = extract("<p>a < b, <3 and 1<2</p><p class=\"x");
        assert_eq!(texts(&e), ["a < b, <3 and 1<2"]);
        let e = extract("<p>正文</p><img src=\"https://a/b.jpg");
        assert_eq!(texts(&e), ["正文"]);
        assert!(e.images.is_empty());
        let e = extract("<p>文字</");
        assert_eq!(texts(&e), ["文字"]);
    }

    #[test]
    fn comments_doctype_cdata() {
        let e = extract("<!DOCTYPE html><!--1707394501000--><p>甲<!-- x <p>no</p> -->乙</p><![CDATA[ zz ]]><!-- unclosed <p>丙</p>");
        assert_eq!(texts(&e), ["甲乙"]);
        assert_eq!(texts(&extract("<!--><p>x</p>")), ["x"]);
    }

    #[test]
    fn scripts_styles_and_dropped_elements() {
        let html = "<p>前</p><script>if (a<b) { document.write('<p>no</p>') }</script>\
            <style>p{}</style><nav><a>首页</a></nav><div class=\"share-bar\">分享到微信</div>\
            <section id=\"imu\"><div id=\"dfp-ad-imu1\">广告</div></section>\
            <div class=\"head\">标题头</div><div class=\"shadow\">阴影</div>\
            <p>后<span class=\"off-screen\">图片版权</span>文</p><footer>页脚</footer>";
        let e = extract(html);
        assert_eq!(texts(&e), ["前", "标题头", "阴影", "后文"]);
    }

    #[test]
    fn aside_text_dropped_but_time_kept() {
        let e = extract("<aside><div><time itemscope dateTime=\"2021-01-16T00:00:00Z\">Jan 16th 2021</time><p>by J.W.</p></div></aside><p>IN A RECENT</p><time>2024年1月2日</time>");
        assert_eq!(texts(&e), ["IN A RECENT", "2024年1月2日"]);
        assert_eq!(e.times, ["2021-01-16T00:00:00Z", "2024年1月2日"]);
    }

    #[test]
    fn captions() {
        let e = extract("<figure><img src=\"a.jpg\" alt=\"替代文字\"><figcaption><span class=\"off-screen\">Image caption</span><span class=\"media-caption__text\">图说</span></figcaption></figure><p>正文</p>");
        assert_eq!(texts(&e), ["图说", "正文"]);
        assert_eq!(kinds(&e), [BlockKind::Caption, BlockKind::Paragraph]);
        // DW: <small> in a <div> right after an <img>.
        let e = extract("<img src=\"https://images.weserv.nl/?url=static.dw.com/image/1_303.jpg\" width=\"100%\"><div><small style=\"color: #999;\">普京和习近平</small></div><p>（德国之声中文网）</p><div><small>不是图说</small></div>");
        assert_eq!(
            kinds(&e),
            [
                BlockKind::Caption,
                BlockKind::Paragraph,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(e.images, ["https://static.dw.com/image/1_303.jpg"]);
        let e = extract("<div class=\"media-landscape has-caption\"><p>正文段</p></div><div class=\"picinfo\">中央社圖說</div>");
        assert_eq!(kinds(&e), [BlockKind::Paragraph, BlockKind::Caption]);
    }

    #[test]
    fn images_prefer_lazy_and_unwrap_proxies() {
        let html = "<img class=\"lazy\" data-original=\"http://zkres2.myzaker.com/a.jpg\" src=\"https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/a.jpg\">\
            <img src=\"https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/a.jpg\">\
            <img src=\"data:image/gif;base64,R0lGOD\" data-src=\"//cdn.example.com/b.jpg?x=1&amp;y=2\">\
            <img src=\"\"><img src=\"data:image/png;base64,xx\">\
            <img src=\"https://images.weserv.nl?url=gdb.voanews.com/c.jpg&w=640\">";
        let e = extract(html);
        assert_eq!(
            e.images,
            [
                "http://zkres2.myzaker.com/a.jpg",
                "https://cdn.example.com/b.jpg?x=1&y=2",
                "https://gdb.voanews.com/c.jpg"
            ]
        );
        assert!(e.blocks.is_empty());
    }

    #[test]
    fn doubled_quotes_and_mangled_names() {
        let e = extract("<p>甲</p><img src=\"x.jpg\" width=\"513\"\"/><p>乙</p>");
        assert_eq!(texts(&e), ["甲", "乙"]);
        assert_eq!(e.images, ["x.jpg"]);
        let e =
            extract("<ul><liListItem\"><span></span>普京祝贺</li><liListItem\">第二条</li></ul>");
        assert_eq!(texts(&e), ["普京祝贺", "第二条"]);
        assert_eq!(kinds(&e), [BlockKind::ListItem, BlockKind::ListItem]);
        let e = extract("<div class=\"x\"><divclass=\"m-block-ad \"data-tms=\"box\"><div>广告</div></div></div><p>正文</p>");
        assert_eq!(texts(&e), ["正文"]);
    }

    #[test]
    fn unmatched_quote_does_not_swallow_article() {
        let e = extract("<img alt=\"oops src=a.jpg><p>正文一</p><p>正文二</p>");
        assert_eq!(texts(&e), ["正文一", "正文二"]);
    }

    #[test]
    fn lists_headings_quotes_tables() {
        let e = extract(
            "<h2>小标题</h2><ul><li>一<li>二</ul><blockquote><p>引语</p></blockquote>\
            <table><tr><th>国家</th><th>人口</th></tr><tr><td>中国</td><td>14亿</td></table>",
        );
        assert_eq!(
            texts(&e),
            ["小标题", "一", "二", "引语", "国家 人口", "中国 14亿"]
        );
        assert_eq!(
            kinds(&e),
            [
                BlockKind::Heading,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Quote,
                BlockKind::Paragraph,
                BlockKind::Paragraph
            ]
        );
    }

    #[test]
    fn stray_end_tags_and_unclosed_tags() {
        let e = extract("<p>甲</small>乙</p></div></div><p>丙<p>丁<div>戊</i></div>");
        assert_eq!(texts(&e), ["甲乙", "丙", "丁", "戊"]);
    }

    #[test]
    fn whole_page_title_and_meta() {
        let html = "<html><head><title> 标题 &amp; 副题 </title><meta property=\"og:title\" content=\"OG 标题\">\
            <meta name=\"Description\" content=\"摘要\"><meta charset=\"utf-8\"><script>var x='<p>';</script></head>\
            <body><p>正文</p></body></html>";
        let e = extract(html);
        assert_eq!(e.title.as_deref(), Some("标题 & 副题"));
        assert_eq!(
            e.meta,
            [
                ("og:title".to_string(), "OG 标题".to_string()),
                ("description".to_string(), "摘要".to_string())
            ]
        );
        assert_eq!(texts(&e), ["正文"]);
    }

    #[test]
    fn boilerplate_and_bbc_credit() {
        let html = "<div><picture><img src=\"a.jpg\"></picture><p role=\"text\"><span>图像来源，</span><span>Getty Images</span></p></div>\
            <p>机场在2022年启用。</p><p>正文。</p><div>分享 :</div><div>获取更多RSS：<br><a>https://feedx.net</a></div>";
        let e = extract(html);
        assert_eq!(texts(&e), ["机场在2022年启用。", "正文。"]);
        assert_eq!(kinds(&e), [BlockKind::Caption, BlockKind::Paragraph]);
    }

    #[test]
    fn cna_related_blocks_dropped() {
        let html = "<p>（中央社台北1日電）正文。</p><div class=\"articlekeywordGroup\"><div class=\"keywordTag\"><a>#中國</a></div></div>\
            <div class=\"paragraph moreArticle\"><div class=\"moreArticle-title\">延伸閱讀</div><a class=\"moreArticle-link\"><span>相關</span></a></div>\
            <div class=\"paragraph bottomBox\"><div class=\"topNewsTitle\">聚焦新聞</div><img src=\"https://imgcdn.cna.com.tw/x.jpg\"></div>";
        let e = extract(html);
        assert_eq!(texts(&e), ["（中央社台北1日電）正文。"]);
        assert!(e.images.is_empty());
    }

    #[test]
    fn looks_like_html_cases() {
        assert!(looks_like_html("<div>08/02/2024 - 12:51</div>"));
        assert!(looks_like_html("text<br>more"));
        assert!(looks_like_html("<IMG SRC=x>"));
        assert!(!looks_like_html(
            "<!--1707394501000-->\n[标题](https://x)\n普京表示, a < b"
        ));
        assert!(!looks_like_html("首頁 >  頭條 <3 <pre-war>"));
        // Comparisons and arrows in plain text that happen to start with a tag's name.
        assert!(!looks_like_html("若a<b 而且 c>d，则成立。"));
        assert!(!looks_like_html("x <b 和 y> z <p 是 q"));
        assert!(!looks_like_html("<a"));
        assert!(looks_like_html("<p class=\"lead\">正文</p>"));
        assert!(looks_like_html("第一行<br/>第二行"));
        assert!(looks_like_html("<a\n  href=\"https://x\">链接</a>"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let cases = [
            "",
            "<",
            "<<",
            "</",
            "<!",
            "<!-",
            "<!--",
            "<?",
            "<a",
            "<a ",
            "<a b",
            "<a b=",
            "<a b=\"",
            "<a b='x",
            "&",
            "&#",
            "&#x",
            "&#xFFFFFFFFFF;",
            "&#99999999999;",
            "<p>&",
            "<td>",
            "</td>",
            "<time>",
            "<title>",
            "<script>",
            "<p>普</p\u{3000}>",
            "<img src=>",
            "<img src=\"https://images.weserv.nl/?url=\">",
            "<img src=\"https://images.weserv.nl/?url=http%3A%2F%2Fa%E4%B8\">",
            "<p/><div/><br/>",
            "\u{0}<\u{0}>",
            "<时间>中</时间>",
            "<a\u{3000}b>文</a>",
            "<ul><li><p>a<li>b",
        ];
        for c in cases {
            let _ = extract(c);
            let _ = looks_like_html(c);
            let _ = normalize_ws(c);
        }
        let deep = "<div>".repeat(10_000) + "深" + &"</span>".repeat(10_000);
        assert_eq!(texts(&extract(&deep)), ["深"]);
    }

    #[test]
    fn seeds_if_present() {
        let Ok(s) = std::fs::read_to_string("/work/shared/seeds/004_f368392b458932ac.txt") else {
            return;
        };
        let Some(p) = s.find("\n------") else { return };
        let e = extract(s.get(p + 7..).unwrap_or(""));
        assert_eq!(e.blocks.first().map(|b| b.kind), Some(BlockKind::Caption));
        assert!(e
            .blocks
            .iter()
            .all(|b| !b.text.contains('<') && !b.text.contains("广告")));
        assert!(e.blocks.iter().any(|b| b.text.contains("米舒斯京")));
        assert_eq!(e.images.len(), 1);
    }
}
