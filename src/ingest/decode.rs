//! Bytes to text: byte-order marks, UTF-8, legacy Chinese encodings, binary files.

use encoding_rs::{
    Encoding, BIG5, EUC_JP, EUC_KR, GB18030, GBK, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8,
};

/// A decoded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without BOM and without NUL characters.
    pub text: String,
    /// WHATWG name of the encoding used, lowercase (`utf-8`, `gbk`, `big5`, `utf-16le`, ...).
    pub encoding: String,
    /// Something was repaired on the way (NULs removed, invalid sequences replaced).
    pub note: Option<String>,
}

/// Why a file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Zero bytes, or nothing but whitespace.
    Empty,
    /// Looks like a binary file (many NUL or control bytes, a known binary signature).
    Binary(String),
    /// No encoding gives readable text.
    Undecodable(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("empty: the file has no text"),
            DecodeError::Binary(why) => write!(f, "binary: {why}"),
            DecodeError::Undecodable(why) => write!(f, "undecodable: {why}"),
        }
    }
}

/// Share of U+FFFD replacement characters above which a decoding is rejected as wrong.
const MAX_REPLACEMENT_SHARE: f64 = 0.02;

/// Decode a file's bytes; see [`decode_declared`].
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_declared(bytes, None)
}

/// Decode bytes whose encoding a container may have declared (the charset of a WARC record's
/// HTTP header). Order: BOM; strict UTF-8 (a page re-saved as UTF-8 often still declares
/// gb2312); the declared charset, else the one a page declares in `<meta>` or an XML
/// declaration, repairing a few invalid sequences in it; damaged UTF-8; then a detector biased
/// towards Chinese. GBK and GB2312 are read as GB18030, their superset, and Big5 as Big5-HKSCS.
/// Text with Han characters never falls to a single-byte code page: such a guess is replaced by
/// GB18030 or Big5 when one of them reads the bytes cleanly, and is an error otherwise.
pub fn decode_declared(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(enc, bytes.get(bom_len..).unwrap_or(&[]));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return finish(enc, bytes);
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(DecodeError::Binary(format!("{kind} signature")));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return finish_text(s.to_owned(), UTF_8, false);
    }
    if let Some(enc) = utf16_cjk_without_bom(bytes) {
        return finish(enc, bytes);
    }
    let sniff = &bytes[..bytes.len().min(1 << 16)];
    let nul = sniff.iter().filter(|&&b| b == 0).count();
    let ctrl = sniff
        .iter()
        .filter(|&&b| b != 0 && b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    if nul * 10 > sniff.len() * 3 || ctrl * 10 > sniff.len() {
        return Err(DecodeError::Binary(format!(
            "{nul} NUL and {ctrl} other control bytes in the first {} bytes",
            sniff.len()
        )));
    }
    // Scattered NUL bytes (a bad copy, a padded record) in text: drop them, then decode.
    if nul > 0 {
        let clean: Vec<u8> = bytes.iter().copied().filter(|&b| b != 0).collect();
        let removed = bytes.len() - clean.len();
        let mut d = decode_declared(&clean, declared)?;
        let note = format!("{removed} NUL bytes removed");
        d.note = Some(match d.note {
            Some(n) => format!("{note}; {n}"),
            None => note,
        });
        return Ok(d);
    }
    let declared = declared
        .and_then(charset)
        .or_else(|| declared_in_page(bytes).and_then(charset));
    if let Some(enc) = declared.filter(|e| *e != UTF_8 && is_cjk_multibyte(e)) {
        let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors || replacement_share(&cow) <= MAX_REPLACEMENT_SHARE {
            return finish_text(cow.into_owned(), enc, had_errors);
        }
    }
    let shape = utf8_shape(bytes);
    if let Some(d) = mixed_lines(bytes) {
        return Ok(d);
    }
    // UTF-8 damaged here and there (a truncated download, a bad concatenation, a cut last
    // character, overlong forms) is far more common in scraped archives than a legacy encoding
    // whose bytes happen to look like UTF-8.
    if shape.looks_utf8() || declared == Some(UTF_8) {
        return damaged_utf8(bytes);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    // `tld = Some(b"cn")` would tilt towards GBK; None lets Big5 win on traditional text.
    let guess = det.guess(None, chardetng::Utf8Detection::Allow);
    let enc = if guess == GBK { GB18030 } else { guess };
    if is_cjk_multibyte(enc) || enc == UTF_8 {
        return finish(enc, bytes);
    }
    // A single-byte guess: right for Latin text, mojibake for Han text.
    let best_cjk = [GB18030, BIG5]
        .into_iter()
        .map(|e| {
            let (cow, errors) = e.decode_without_bom_handling(bytes);
            (e, replacement_share(&cow), han_share(&cow), errors)
        })
        .filter(|&(_, share, han, _)| share <= MAX_REPLACEMENT_SHARE && han >= 0.5)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((e, _, _, _)) = best_cjk {
        return finish(e, bytes);
    }
    if shape.high_bytes > 0 && shape.structured * 2 >= shape.high_bytes {
        return damaged_utf8(bytes);
    }
    finish(enc, bytes)
}

/// A charset label as an encoding: GB2312 and GBK as GB18030, Big5 as encoding_rs's Big5
/// (which is Big5-HKSCS).
fn charset(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    let enc = Encoding::for_label(l.as_bytes())?;
    Some(if enc == GBK { GB18030 } else { enc })
}

fn is_cjk_multibyte(e: &'static Encoding) -> bool {
    e == GB18030 || e == GBK || e == BIG5 || e == SHIFT_JIS || e == EUC_JP || e == EUC_KR
}

/// The charset a page declares in its first 4 KB: `<meta charset=gb2312>`, `<meta
/// http-equiv="Content-Type" content="text/html; charset=gbk">` or `<?xml ... encoding="...">`.
pub fn declared_in_page(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset"[..], b"encoding"] {
        let mut from = 0;
        while let Some(k) = memchr::memmem::find(lower.get(from..)?, key).map(|k| from + k) {
            from = k + key.len();
            let mut i = from;
            while lower.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
                i += 1;
            }
            if lower.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while lower
                .get(i)
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b'"' || *c == b'\'')
            {
                i += 1;
            }
            let start = i;
            while lower.get(i).is_some_and(|c| {
                c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':')
            }) {
                i += 1;
            }
            if i > start {
                return std::str::from_utf8(head.get(start..i)?).ok();
            }
        }
    }
    None
}

/// How UTF-8-like the bytes above 0x7F are: how many start a sequence of UTF-8's shape (a lead
/// byte and the continuation bytes it calls for, overlong forms included), against all of them.
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    high_bytes: usize,
    structured: usize,
}

impl Shape {
    fn looks_utf8(self) -> bool {
        self.high_bytes > 0 && self.structured * 10 >= self.high_bytes * 8
    }
}

fn utf8_shape(bytes: &[u8]) -> Shape {
    let mut s = Shape::default();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        let need = match b {
            0xC0..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF7 => 3,
            _ => 0,
        };
        let ok = need > 0
            && (1..=need).all(|k| bytes.get(i + k).is_some_and(|c| (0x80..0xC0).contains(c)));
        if ok {
            s.high_bytes += need + 1;
            s.structured += need + 1;
            i += need + 1;
        } else {
            s.high_bytes += 1;
            i += 1;
        }
    }
    s
}

/// Lossy UTF-8 for damaged UTF-8 text; an error when too little of it survives.
fn damaged_utf8(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (cow, had_errors) = UTF_8.decode_without_bom_handling(bytes);
    let share = replacement_share(&cow);
    if share > 0.2 {
        return Err(DecodeError::Undecodable(format!(
            "{:.1}% of the characters are invalid UTF-8 and no other encoding reads it",
            share * 100.0
        )));
    }
    let bad = cow.chars().filter(|&c| c == '\u{FFFD}').count();
    let mut d = finish_text(cow.into_owned(), UTF_8, false)?;
    if had_errors {
        let note = format!("{bad} invalid UTF-8 sequences replaced");
        d.note = Some(match d.note {
            Some(n) => format!("{note}; {n}"),
            None => note,
        });
    }
    Ok(d)
}

/// A file whose lines are in two encodings (a GBK file appended to with UTF-8, or the reverse):
/// each line is read in the one that reads it cleanly.
fn mixed_lines(bytes: &[u8]) -> Option<Decoded> {
    let (mut utf8, mut gb) = (0usize, 0usize);
    let mut out = String::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if let Ok(s) = std::str::from_utf8(line) {
            if s.bytes().any(|b| b >= 0x80) {
                utf8 += 1;
            }
            out.push_str(s);
            continue;
        }
        let (cow, errors) = GB18030.decode_without_bom_handling(line);
        // A line in the other encoding holds a few characters at least, and is not UTF-8 with
        // a flaw: UTF-8 with a character cut at the end of a file, or a few flipped bits, often
        // reads as GB18030 without error.
        if errors
            || line.iter().filter(|&&b| b >= 0x80).count() < 8
            || utf8_shape(line).looks_utf8()
        {
            return None;
        }
        gb += 1;
        out.push_str(&cow);
    }
    if utf8 == 0 || gb == 0 {
        return None;
    }
    let mut d = finish_text(out, UTF_8, false).ok()?;
    let note = format!("mixed encodings: {gb} lines read as GB18030, the rest as UTF-8");
    d.note = Some(match d.note {
        Some(n) => format!("{note}; {n}"),
        None => note,
    });
    Some(d)
}

fn han_share(s: &str) -> f64 {
    let (mut non_ascii, mut han) = (0usize, 0usize);
    for c in s.chars() {
        if !c.is_ascii() {
            non_ascii += 1;
            if matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
            {
                han += 1;
            }
        }
    }
    if non_ascii == 0 {
        0.0
    } else {
        han as f64 / non_ascii as f64
    }
}

fn finish(enc: &'static Encoding, bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    finish_text(cow.into_owned(), enc, had_errors)
}

fn finish_text(
    mut text: String,
    enc: &'static Encoding,
    had_errors: bool,
) -> Result<Decoded, DecodeError> {
    let mut notes = Vec::new();
    if had_errors {
        let share = replacement_share(&text);
        if share > MAX_REPLACEMENT_SHARE {
            return Err(DecodeError::Undecodable(format!(
                "{:.1}% of the characters are invalid as {}",
                share * 100.0,
                enc.name()
            )));
        }
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        notes.push(format!("{bad} invalid {} sequences replaced", enc.name()));
    }
    if text.contains('\0') {
        let before = text.len();
        text.retain(|c| c != '\0');
        if text.len() * 2 < before {
            return Err(DecodeError::Binary("more NUL characters than text".into()));
        }
        notes.push(format!("{} NUL characters removed", before - text.len()));
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if text.contains('\r') {
        text = normalize_line_ends(&text);
    }
    Ok(Decoded {
        text,
        encoding: enc.name().to_ascii_lowercase(),
        note: if notes.is_empty() {
            None
        } else {
            Some(notes.join("; "))
        },
    })
}

/// `\r\n` and lone `\r` (classic Mac OS, some CMS exports) as `\n`, so that every layout sees
/// its lines.
pub fn normalize_line_ends(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
    out
}

fn replacement_share(s: &str) -> f64 {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in s.chars() {
        total += 1;
        if c == '\u{FFFD}' {
            bad += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        bad as f64 / total as f64
    }
}

/// Chinese UTF-16 without a BOM has no NULs: its code units are Han (0x4E00..0x9FFF), CJK
/// punctuation (0x3000..0x303F), full-width forms (0xFF00..) and ASCII (0x00..0x7F). Judged on
/// the first 4 KB, for the byte order in which nearly every unit is one of those.
fn utf16_cjk_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 16 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let judge = |le: bool| {
        let (mut plausible, mut han) = (0usize, 0usize);
        for pair in bytes[..n].chunks_exact(2) {
            let (lo, hi) = if le {
                (pair[0], pair[1])
            } else {
                (pair[1], pair[0])
            };
            let unit = u16::from(hi) << 8 | u16::from(lo);
            match unit {
                0x4E00..=0x9FFF => {
                    han += 1;
                    plausible += 1;
                }
                0x0009 | 0x000A | 0x000D | 0x0020..=0x007E | 0x3000..=0x303F | 0xFF00..=0xFFEF => {
                    plausible += 1
                }
                _ => {}
            }
        }
        let units = n / 2;
        plausible * 100 >= units * 95 && han * 5 >= units
    };
    match (judge(true), judge(false)) {
        (true, false) => Some(UTF_16LE),
        (false, true) => Some(UTF_16BE),
        _ => None,
    }
}

/// UTF-16 text without a BOM shows as ASCII bytes alternating with NULs.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 8 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for (i, &b) in bytes[..n].iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even_nul += 1;
            } else {
                odd_nul += 1;
            }
        }
    }
    let pairs = n / 2;
    if odd_nul * 10 > pairs * 7 && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 > pairs * 7 && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGS: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xff\xd8\xff", "JPEG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"%PDF-", "PDF"),
        (b"PK\x03\x04", "ZIP"),
        (b"\x1f\x8b", "gzip"),
        (b"\x28\xb5\x2f\xfd", "zstd"),
        (b"\x7fELF", "ELF"),
        (b"RIFF", "RIFF"),
        (b"SQLite format 3\0", "SQLite"),
    ];
    SIGS.iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = "中国国家主席习近平同俄罗斯总统普京通电话。两国元首互致新春问候。";
    const ZH_T: &str =
        "國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤。兩國元首互致新年祝福。";

    #[test]
    fn utf8_passes_through() {
        let d = decode(ZH.as_bytes()).unwrap();
        assert_eq!(d.text, ZH);
        assert_eq!(d.encoding, "utf-8");
        assert_eq!(d.note, None);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(ZH.as_bytes());
        assert_eq!(decode(&b).unwrap().text, ZH);
    }

    #[test]
    fn gbk_and_big5_are_detected() {
        let (gbk, _, _) = encoding_rs::GBK.encode(ZH);
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, ZH);
        assert!(
            d.encoding == "gbk" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
        let (big5, _, _) = encoding_rs::BIG5.encode(ZH_T);
        let d = decode(&big5).unwrap();
        assert_eq!(d.text, ZH_T);
        assert_eq!(d.encoding, "big5");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in ZH_T.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, ZH_T);
        let ascii = "title: hello world\nthis is a plain english file\n";
        let mut be = Vec::new();
        for u in ascii.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        let d = decode(&be).unwrap();
        assert_eq!(d.text, ascii);
        assert_eq!(d.encoding, "utf-16be");
    }

    #[test]
    fn empty_binary_and_nul() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\r\n\t"), Err(DecodeError::Empty));
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0"),
            Err(DecodeError::Binary(_))
        ));
        let noise: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 256) as u8).collect();
        assert!(matches!(decode(&noise), Err(DecodeError::Binary(_))));
        let d = decode("标题\0正文".as_bytes()).unwrap();
        assert_eq!(d.text, "标题正文");
        assert!(d.note.unwrap().contains("NUL"));
    }

    #[test]
    fn a_declared_gbk_page_with_bad_bytes_is_repaired_in_gb18030() {
        // The page declares gb2312 and holds a dozen invalid byte pairs: it must be read as
        // GB18030 with the pairs replaced, never as windows-1252.
        let page = format!("<html><head><meta charset=gb2312><title>标题</title></head><body><p>{}</p></body></html>", ZH.repeat(40));
        let (gbk, _, _) = encoding_rs::GBK.encode(&page);
        let mut b = gbk.into_owned();
        for k in 0..12 {
            let at = 200 + k * 97;
            b.splice(at..at, [0xFF, 0x30]);
        }
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert!(d.text.contains(ZH));
        assert!(
            d.note
                .as_deref()
                .is_some_and(|n| n.contains("invalid gb18030 sequences replaced")),
            "{:?}",
            d.note
        );
        // Declared by a container (an HTTP header) and nowhere in the page.
        let (gbk, _, _) = encoding_rs::GBK.encode(ZH);
        assert_eq!(decode_declared(&gbk, Some("GBK")).unwrap().text, ZH);
        assert_eq!(
            declared_in_page(b"<meta http-equiv=Content-Type content='text/html; charset=GBK'>"),
            Some("GBK")
        );
        assert_eq!(
            declared_in_page(b"<?xml version=\"1.0\" encoding=\"big5\"?>"),
            Some("big5")
        );
    }

    #[test]
    fn han_text_never_falls_to_a_single_byte_code_page() {
        // A short UTF-8 file whose last character is cut.
        let mut b = "习近平会见普京".as_bytes().to_vec();
        b.truncate(b.len() - 1);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "utf-8");
        assert!(d.text.starts_with("习近平会见普"));
        assert!(d.note.is_some());
        // Lines in two encodings.
        let (gbk, _, _) = encoding_rs::GBK.encode("第一行是GBK编码的中文。\n");
        let mut mixed = gbk.into_owned();
        mixed.extend_from_slice("第二行是UTF-8编码的中文。\n".as_bytes());
        let d = decode(&mixed).unwrap();
        assert_eq!(
            d.text,
            "第一行是GBK编码的中文。\n第二行是UTF-8编码的中文。\n"
        );
        assert!(d.note.unwrap().contains("mixed encodings"));
        // Overlong UTF-8 forms are damaged UTF-8: an error, not Latin-1 mojibake.
        let overlong: Vec<u8> = b"title\n"
            .iter()
            .copied()
            .chain([0xC0, 0xAF, 0xE0, 0x80, 0xAF].repeat(30))
            .collect();
        match decode(&overlong) {
            Ok(d) => assert_ne!(d.encoding, "windows-1252"),
            Err(e) => assert!(matches!(e, DecodeError::Undecodable(_))),
        }
    }

    #[test]
    fn utf16_without_bom_and_scattered_nuls() {
        let mut le = Vec::new();
        for u in ZH_T.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (ZH_T, "utf-16le"));
        let text = ZH.repeat(20);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let mut b = gbk.into_owned();
        for k in 0..50 {
            b.insert(k * 20, 0);
        }
        let d = decode(&b).unwrap();
        assert!(d.text.contains(ZH));
        assert!(d.note.unwrap().starts_with("50 NUL bytes removed"));
    }

    #[test]
    fn a_cut_or_flipped_utf8_line_is_not_read_as_gb18030() {
        // The last line's bytes read cleanly as GB18030 (涔犺繎骞...): still damaged UTF-8.
        let mut b = "标题\n\n习近平会见普京".as_bytes().to_vec();
        b.pop();
        let d = decode(&b).unwrap();
        assert!(d.text.starts_with("标题\n\n习近平会见普"), "{:?}", d.text);
        assert!(d.note.unwrap().contains("invalid UTF-8 sequences replaced"));
    }

    #[test]
    fn lone_cr_and_crlf_line_ends_become_lf() {
        let d = decode("标题\r\r正文第一段\r\n正文第二段\r".as_bytes()).unwrap();
        assert_eq!(d.text, "标题\n\n正文第一段\n正文第二段\n");
        let (gbk, _, _) = encoding_rs::GBK.encode("标题\r\r正文。");
        assert_eq!(decode(&gbk).unwrap().text, "标题\n\n正文。");
        assert_eq!(normalize_line_ends("a\r\n\rb\r"), "a\n\nb\n");
    }

    #[test]
    fn mostly_utf8_with_a_broken_tail_is_repaired() {
        let mut b = ZH.repeat(50).into_bytes();
        b.extend_from_slice(&[0xE4, 0xB8]); // a character cut in half
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "utf-8");
        assert!(d.text.starts_with(ZH));
        assert!(d.note.unwrap().contains("replaced"));
    }
}
