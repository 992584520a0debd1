//! The text blocks that both readers (the fragment tokenizer and the whole-page reader) produce,
//! and the whitespace rule every block's text follows.

/// What role a block of text plays in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// Body text: `<p>`, `<div>`, text between `<br>`s, table rows.
    Paragraph,
    /// `<h1>` .. `<h6>`.
    Heading,
    /// Picture captions: `<figcaption>`, `class="...caption..."`, DW's `<small>` under an image.
    Caption,
    /// One `<li>`.
    ListItem,
    /// Text inside `<blockquote>`.
    Quote,
}

/// One block of text: trimmed, whitespace-normalised with [`normalize_ws`], never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's role.
    pub kind: BlockKind,
    /// The block's text, entities decoded once.
    pub text: String,
}

/// Everything [`super::fragment::extract`] pulls out of a fragment or page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Text blocks in document order.
    pub blocks: Vec<Block>,
    /// Image URLs in document order, one per `<img>`, proxies unwrapped, deduplicated.
    pub images: Vec<String>,
    /// The first `<title>` text, when the input is a whole page.
    pub title: Option<String>,
    /// `<meta property|name|itemprop=K content=V>` pairs; K is lowercased.
    pub meta: Vec<(String, String)>,
    /// `datetime` attributes of `<time>` elements, or their text when they have none.
    pub times: Vec<String>,
}

/// Collapse whitespace runs (incl. U+3000, NBSP, U+2000..U+200A, tabs, `\r`) to one ASCII space,
/// drop zero-width chars (U+200B..U+200D, U+2060, U+FEFF, soft hyphen) and control chars, and trim.
/// Keeps CJK punctuation; a space between two CJK characters is kept as written (as one space).
pub fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    ) || c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_ws_cases() {
        assert_eq!(
            normalize_ws("  a\t\r\n b\u{3000}\u{A0}c\u{2003}d\u{FEFF}e\u{200D}\u{7}f  "),
            "a b c def"
        );
        assert_eq!(
            normalize_ws("习近平 指出，“龙年”！"),
            "习近平 指出，“龙年”！"
        );
        assert_eq!(normalize_ws("\u{200B} \u{3000}"), "");
    }
}
