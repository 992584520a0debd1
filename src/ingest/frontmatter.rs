//! A tolerant reader for the YAML front matter of Jekyll and Hexo posts.
//!
//! Archivers write front matter by string templating, so much of it is not valid YAML (backslashes
//! in double quotes, unquoted colons, stray tabs). A real YAML parser would reject whole files and
//! would expand anchors and aliases (a classic memory bomb). This reader takes the subset posts use,
//! line by line, never fails, and treats anything else as plain text.

/// One front-matter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    List(Vec<String>),
}

impl Value {
    /// The value as one string (a list joined with ", ").
    pub fn as_text(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::List(v) => v.join(", "),
        }
    }
    /// The value as a list (a scalar is a one-element list; empty strings are dropped).
    pub fn as_list(&self) -> Vec<String> {
        match self {
            Value::Str(s) if s.is_empty() => Vec::new(),
            Value::Str(s) => vec![s.clone()],
            Value::List(v) => v.iter().filter(|s| !s.is_empty()).cloned().collect(),
        }
    }
}

/// Parsed front matter: keys in file order (a repeated key keeps its last value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub fields: Vec<(String, Value)>,
    /// Lines that were neither `key: value` nor part of a value.
    pub skipped_lines: usize,
}

impl FrontMatter {
    /// The value of `key` (ASCII case-insensitive).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }
    /// The non-empty string value of `key`.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key)
            .map(Value::as_text)
            .filter(|s| !s.trim().is_empty())
    }
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// Where the front matter block sits in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split<'a> {
    /// No front matter: the text does not open with a `---` line.
    None,
    /// `---` opens the file but no closing line follows.
    Unclosed,
    /// The block between the delimiters, and everything after the closing line.
    Found { block: &'a str, rest: &'a str },
}

/// Split a text into front matter and the rest. Blank lines may precede the opening `---`
/// (Hexo writes one).
pub fn split(text: &str) -> Split<'_> {
    let start = text.len() - text.trim_start().len();
    let body = &text[start..];
    let Some(first_end) = body.find('\n') else {
        return Split::None;
    };
    if body[..first_end].trim_end() != "---" {
        return Split::None;
    }
    let block_start = start + first_end + 1;
    let mut pos = block_start;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..line_end].trim_end();
        if line == "---" || line == "..." {
            let rest_start = (line_end + 1).min(text.len());
            return Split::Found {
                block: &text[block_start..pos],
                rest: &text[rest_start..],
            };
        }
        pos = line_end + 1;
    }
    Split::Unclosed
}

/// Parse the lines of a front-matter block.
pub fn parse(block: &str) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let lines: Vec<&str> = block.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, raw)) = key_value(line) else {
            fm.skipped_lines += 1;
            continue;
        };
        let raw = raw.trim();
        // Indented lines after the key belong to its value: a block list or a folded scalar.
        let mut cont: Vec<&str> = Vec::new();
        while i < lines.len() {
            let next = lines[i];
            let indented = next.starts_with(' ') || next.starts_with('\t');
            let dash = next.trim_start().starts_with("- ") || next.trim() == "-";
            if next.trim().is_empty() || indented || (dash && raw.is_empty()) {
                cont.push(next);
                i += 1;
            } else {
                break;
            }
        }
        while cont.last().is_some_and(|l| l.trim().is_empty()) {
            cont.pop();
        }
        let value = if raw.is_empty()
            || raw == "|"
            || raw == ">"
            || raw.starts_with("|-")
            || raw.starts_with(">-")
        {
            block_value(&cont, raw.starts_with('|'))
        } else if raw.starts_with('[') {
            let mut s = raw.to_string();
            for c in &cont {
                s.push(' ');
                s.push_str(c.trim());
            }
            Value::List(flow_list(&s))
        } else {
            let mut s = raw.to_string();
            for c in &cont {
                if !c.trim().is_empty() {
                    s.push(' ');
                    s.push_str(c.trim());
                }
            }
            Value::Str(scalar(&s))
        };
        fm.fields.push((key.to_string(), value));
    }
    fm
}

fn key_value(line: &str) -> Option<(&str, &str)> {
    if line.starts_with(' ') || line.starts_with('\t') {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim();
    let ok = !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    let rest = &line[colon + 1..];
    if !ok || !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    Some((key, rest))
}

fn block_value(cont: &[&str], literal: bool) -> Value {
    let items: Vec<&str> = cont
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    if items.is_empty() {
        return Value::Str(String::new());
    }
    if items.iter().all(|l| l.starts_with('-')) {
        return Value::List(
            items
                .iter()
                .map(|l| scalar(l.trim_start_matches('-').trim()))
                .filter(|s| !s.is_empty())
                .collect(),
        );
    }
    Value::Str(items.join(if literal { "\n" } else { " " }))
}

/// `[ a, 'b, c', "d" ]` -> [a, "b, c", d]. An unclosed bracket takes the rest of the line.
fn flow_list(s: &str) -> Vec<String> {
    let inner = s.trim().trim_start_matches('[');
    let inner = inner.strip_suffix(']').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (None, '"' | '\'') if cur.trim().is_empty() => {
                cur.clear();
                quote = Some(c);
            }
            (Some(q), c) if c == q => quote = None,
            (None, ',') => {
                out.push(scalar(cur.trim()));
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    out.push(scalar(cur.trim()));
    out.retain(|s| !s.is_empty());
    out
}

/// Unquote a scalar. Double quotes honour `\"`, `\\` and `\/` and keep any other backslash as
/// written; single quotes turn `''` into `'`. A missing closing quote is tolerated.
pub fn scalar(s: &str) -> String {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix('"') {
        let inner = inner.strip_suffix('"').unwrap_or(inner);
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            // Only the escapes an archiver needs to quote a title; `\t` or `\n` in a title are far
            // more likely a raw Windows path or a stray backslash than a tab or a line break.
            match chars.peek().copied() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('/') => out.push('/'),
                _ => {
                    out.push('\\');
                    continue;
                }
            }
            chars.next();
        }
        out
    } else if let Some(inner) = s.strip_prefix('\'') {
        inner.strip_suffix('\'').unwrap_or(inner).replace("''", "'")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hexo_block_with_leading_blank_line() {
        let text = "\n---\ntitle: '中俄元首_新春之会_，引海内外高度关注'\ncategories: \n - 新媒体\n - ZAKER\n - source\nauthor: ZAKER\ncomments: false\ndate: Sat, 05 Feb 2022 20:22:00 GMT\n---\n\n<div>body</div>  ";
        let Split::Found { block, rest } = split(text) else {
            panic!("no front matter")
        };
        assert_eq!(rest.trim(), "<div>body</div>");
        let fm = parse(block);
        assert_eq!(
            fm.text("title").unwrap(),
            "中俄元首_新春之会_，引海内外高度关注"
        );
        assert_eq!(
            fm.get("categories").unwrap().as_list(),
            vec!["新媒体", "ZAKER", "source"]
        );
        assert_eq!(fm.text("date").unwrap(), "Sat, 05 Feb 2022 20:22:00 GMT");
        assert_eq!(fm.skipped_lines, 0);
    }

    #[test]
    fn jekyll_flow_lists_and_urls_with_colons() {
        let block = "layout: post\ntitle: \"习近平会见俄总理：愿不断放大\"\ndate: 2023-12-20T06:09:00.000Z\nfrom: https://www.zaobao.com/realtime/china/story20231220-1457193\ntags: [ 联合早报 ]\ncategories: [ 联合早报, 'a, b' ]\n";
        let fm = parse(block);
        assert_eq!(fm.text("title").unwrap(), "习近平会见俄总理：愿不断放大");
        assert_eq!(
            fm.text("from").unwrap(),
            "https://www.zaobao.com/realtime/china/story20231220-1457193"
        );
        assert_eq!(fm.get("tags").unwrap().as_list(), vec!["联合早报"]);
        assert_eq!(
            fm.get("categories").unwrap().as_list(),
            vec!["联合早报", "a, b"]
        );
    }

    #[test]
    fn invalid_yaml_still_yields_fields() {
        // Backslashes that YAML rejects, an unquoted colon, an unclosed quote, a stray line.
        let block = "title: \"C:\\dir \\q 引号\\\"内\\\"\"\nsubtitle: 标题: 副标题: 再一个\nauthor: \"unclosed\nthis line is not a field\ndate: 2024-03-14 20:47:08.000000000 +08:00\n";
        let fm = parse(block);
        assert_eq!(fm.text("title").unwrap(), "C:\\dir \\q 引号\"内\"");
        assert_eq!(fm.text("subtitle").unwrap(), "标题: 副标题: 再一个");
        assert_eq!(fm.text("author").unwrap(), "unclosed");
        assert_eq!(
            fm.text("date").unwrap(),
            "2024-03-14 20:47:08.000000000 +08:00"
        );
        assert_eq!(fm.skipped_lines, 1);
    }

    #[test]
    fn anchors_and_aliases_are_not_expanded() {
        let mut block = String::from("a: &a [\"lol\",\"lol\",\"lol\"]\n");
        for i in 0..30 {
            block.push_str(&format!("k{i}: &k{i} [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"));
        }
        let fm = parse(&block);
        assert_eq!(fm.fields.len(), 31);
        assert!(fm.get("k29").unwrap().as_list().len() <= 9);
    }

    #[test]
    fn unclosed_and_absent() {
        assert_eq!(split("---\ntitle: x\nno end"), Split::Unclosed);
        assert_eq!(split("<!--123-->\n[t](u)\n------\n"), Split::None);
        assert_eq!(split("---"), Split::None);
        assert_eq!(split("title\n---\nx\n---\n"), Split::None);
    }

    #[test]
    fn crlf_front_matter() {
        let text = "---\r\nlayout: post\r\ntitle: 香港\r\n---\r\n\r\n正文\r\n";
        let Split::Found { block, rest } = split(text) else {
            panic!()
        };
        assert_eq!(parse(block).text("title").unwrap(), "香港");
        assert_eq!(rest.trim(), "正文");
    }
}
