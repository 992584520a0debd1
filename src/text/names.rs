//! What class names, ids and `data-*` attribute names say about an element: a slot that is not
//! article text (ads, share bars, related links, promos), or a caption.

use crate::data::{words, Words};

static JUNK_TOKENS: Words = words!("names/junk_tokens.txt");
static JUNK_TOKEN_PREFIXES: Words = words!("names/junk_token_prefixes.txt");
static JUNK_PARTS: Words = words!("names/junk_parts.txt");
static JUNK_PART_PREFIXES: Words = words!("names/junk_part_prefixes.txt");

/// Does one class token, id or `data-*` attribute name mark a slot that is not article text?
/// Matched on whole `-`/`_`-separated parts or clear prefixes so `head`, `shadow`, `loading` or
/// `header` are not mistaken for ads.
pub(crate) fn is_junk_token(token: &str) -> bool {
    let t = token.to_ascii_lowercase();
    if JUNK_TOKENS.get().contains(&t.as_str()) {
        return true;
    }
    if JUNK_TOKEN_PREFIXES.get().iter().any(|p| t.starts_with(p)) {
        return true;
    }
    let (exact, prefix) = (JUNK_PARTS.get(), JUNK_PART_PREFIXES.get());
    let mut last = "";
    for part in t.split(['-', '_']) {
        if part.is_empty() {
            continue;
        }
        if exact.contains(&part) || prefix.iter().any(|p| part.starts_with(p)) {
            return true;
        }
        last = part;
    }
    // Credit lines end in "copyright"; containers such as `image-and-copyright-container` also
    // hold the picture, so only the last part counts.
    last == "copyright"
}

/// Does one class token mark a caption (`media-caption__text`, CNA's `picinfo`)?
pub(crate) fn is_caption_token(token: &str) -> bool {
    let t = token.to_ascii_lowercase();
    if t == "picinfo" {
        return true;
    }
    // Wrappers (`has-caption`, `captioned`, `media-with-caption`) hold the picture and sometimes
    // body text, not just the caption.
    t.contains("caption")
        && !t.starts_with("has-")
        && !t.starts_with("no-")
        && t != "captioned"
        && !t.ends_with("with-caption")
}

/// `data-*` attribute names that mark promo/share slots (`data-selfpromo-newsletter`,
/// `data-root-share`). Only distinctive words: `data-ad-*` style names are too common on wrappers.
pub(crate) fn is_data_junk(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.split(['-', '_'])
        .any(|p| p.starts_with("selfpromo") || p == "share" || p == "newsletter")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        for w in [
            &JUNK_TOKENS,
            &JUNK_TOKEN_PREFIXES,
            &JUNK_PARTS,
            &JUNK_PART_PREFIXES,
        ] {
            assert_eq!(w.problems(), Vec::<String>::new());
            // Compared with ASCII-lower-cased names.
            for e in w.get() {
                assert_eq!(e.to_ascii_lowercase(), *e, "{e}");
            }
        }
        // Parts are what lies between `-` and `_`.
        for e in JUNK_PARTS.get().iter().chain(JUNK_PART_PREFIXES.get()) {
            assert!(!e.contains(['-', '_']), "{e}");
        }
    }

    #[test]
    fn junk_tokens_by_part_and_prefix() {
        for t in [
            "off-screen",
            "share-bar",
            "dfp-ad-imu1",
            "m-block-ad",
            "articlekeywordGroup",
            "moreArticle-title",
            "story-image-copyright",
            "Related_Links",
        ] {
            assert!(is_junk_token(t), "{t}");
        }
        for t in [
            "head",
            "shadow",
            "loading",
            "header",
            "image-and-copyright-container",
            "paragraph",
        ] {
            assert!(!is_junk_token(t), "{t}");
        }
    }

    #[test]
    fn caption_tokens_but_not_their_wrappers() {
        assert!(is_caption_token("media-caption__text"));
        assert!(is_caption_token("PicInfo"));
        for t in [
            "has-caption",
            "captioned",
            "media-with-caption",
            "no-caption",
        ] {
            assert!(!is_caption_token(t), "{t}");
        }
    }

    #[test]
    fn data_attribute_names() {
        assert!(is_data_junk("data-selfpromo-newsletter"));
        assert!(is_data_junk("data-root-share"));
        assert!(!is_data_junk("data-ad-slot"));
    }
}
