//! Bytes to text: byte-order marks, UTF-8, legacy Chinese encodings, binary files.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

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

/// Decode a file's bytes. Order: BOM, strict UTF-8, binary sniffing, then a detector over the
/// legacy encodings (GB18030/GBK, Big5, Shift-JIS, ...) biased towards Chinese.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(enc, &bytes[bom_len..]);
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
    let sniff = &bytes[..bytes.len().min(1 << 16)];
    let nul = sniff.iter().filter(|&&b| b == 0).count();
    let ctrl = sniff
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    if nul * 100 > sniff.len() || ctrl * 10 > sniff.len() {
        return Err(DecodeError::Binary(format!(
            "{nul} NUL and {ctrl} control bytes in the first {} bytes",
            sniff.len()
        )));
    }
    // Mostly UTF-8 with a few broken sequences (a truncated download, a bad concatenation) is far
    // more common in scraped archives than a legacy encoding that happens to look like UTF-8.
    let (cow, had_errors) = UTF_8.decode_without_bom_handling(bytes);
    if had_errors && replacement_share(&cow) < MAX_REPLACEMENT_SHARE / 4.0 {
        return finish_text(cow.into_owned(), UTF_8, true);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    // `tld = Some(b"cn")` would tilt towards GBK; None lets Big5 win on traditional text.
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    finish(enc, bytes)
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
        notes.push(format!("invalid {} sequences replaced", enc.name()));
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
    fn mostly_utf8_with_a_broken_tail_is_repaired() {
        let mut b = ZH.repeat(50).into_bytes();
        b.extend_from_slice(&[0xE4, 0xB8]); // a character cut in half
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "utf-8");
        assert!(d.text.starts_with(ZH));
        assert!(d.note.unwrap().contains("replaced"));
    }
}
