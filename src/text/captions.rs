//! Captions and photo credits among a body's paragraphs: caption openers (`图片来源`, `Image
//! caption`), trailing credits (`新華社記者 饒愛民 攝`, `（中央社檔案照片）`, `(Xinhua/Rao Aimin)`,
//! `Erin Schaff/The New York Times`), and the caption's core that portal pages repeat in the body.

use std::sync::OnceLock;

use crate::data::{words, Words};

use super::credits::{exact_alias, note_tokens};
use super::phrases::{first_chars, lower_safe, may_start, starts_folded};
use super::strings::{ends_any, has, has_any, is_cjk, split_trailing_bracket, starts_any};

pub(crate) static CAPTION_PREFIXES: Words = words!("captions/prefixes.txt");

/// Words that, ending a bracket group, make it a photo credit: （中央社檔案照片）, （中新社提供）.
static PHOTO_SUFFIXES: Words = words!("captions/photo_suffixes.txt");

static PHOTO_PREFIXES: Words = words!("captions/photo_prefixes.txt");

static PHOTO_WORDS: Words = words!("captions/photo_words.txt");

/// Whether the inside of a trailing bracket group credits a photo: an agency, a photo service, or
/// `Agency/Photographer`.
fn is_photo_source(inner: &str) -> bool {
    let inner = inner.trim();
    let n = inner.chars().count();
    if n == 0 || n > 60 {
        return false;
    }
    if ends_any(inner, PHOTO_SUFFIXES.get()) || starts_any(inner, PHOTO_PREFIXES.get()) {
        return true;
    }
    if let Some(slash) = inner.find(['/', '／']) {
        let head = inner[..slash].trim();
        if exact_alias(head).is_some() || PHOTO_WORDS.get().contains(&head) || head.ends_with('社')
        {
            return true;
        }
    }
    let tokens = note_tokens(inner);
    !tokens.is_empty()
        && tokens
            .iter()
            .all(|t| exact_alias(t).is_some() || PHOTO_WORDS.get().contains(t))
}

/// Removes a trailing date such as `112年9月5日`, `2024/9/5` or `2024-09-05 10:22` (used on
/// caption tails, where CNA appends the photo date after the credit).
fn strip_trailing_date(s: &str) -> &str {
    let t = s.trim_end();
    let cut = t.trim_end_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '年' | '月' | '日' | '/' | '-' | '.' | ':' | ' ')
    });
    let removed = &t[cut.len()..];
    let digits = removed.chars().filter(|c| c.is_ascii_digit()).count();
    if digits >= 3 && (removed.contains('年') || removed.contains('/') || removed.contains('-')) {
        cut.trim_end()
    } else {
        t
    }
}

/// Strips what CNA and RFA append after a credit: a date, a bare `中央社`, `Photo: RFA`.
pub(crate) fn caption_tail(p: &str) -> &str {
    let mut t = p.trim_end();
    // The last "Photo:": found from its rare ASCII colon.
    let b = t.as_bytes();
    let photo = memchr::memrchr_iter(b':', b)
        .filter_map(|c| c.checked_sub("Photo".len()))
        .find(|&i| b.get(i..i + "Photo".len()) == Some(b"Photo"));
    if let Some(i) = photo {
        if !t[i..].chars().any(is_cjk) && i > 0 {
            t = t[..i].trim_end();
        }
    }
    t = strip_trailing_date(t);
    if let Some(x) = t.strip_suffix("中央社") {
        t = x.trim_end();
    }
    t
}

/// `Erin Schaff/The New York Times`, `REUTERS/Bobby Yip`, `Kevin Frayer—Getty Images`,
/// `Sébastien Thibault for Foreign Policy`.
pub(crate) fn is_latin_credit(seg: &str) -> bool {
    let seg = seg.trim();
    let len = seg.chars().count();
    if !(4..=100).contains(&len) || !seg.chars().any(|c| c.is_ascii_uppercase()) {
        return false;
    }
    // Sentences, links ("Twitter: https://…", "tmsnrt.rs/3sE0uOY") and single tokens are not credits.
    if seg.contains(". ")
        || seg.ends_with('.')
        || has_any(seg, &["://", "www.", "http"])
        || !seg.contains(' ')
    {
        return false;
    }
    if seg.contains('/')
        || seg.contains('—')
        || seg.contains("Getty")
        || seg.contains(", via ")
        || seg.contains(" for The ")
    {
        return true;
    }
    // "Name Name for Outlet": every word capitalised except the joiners.
    let words: Vec<&str> = seg.split_whitespace().collect();
    words.len() <= 7
        && words.contains(&"for")
        && words.iter().all(|w| {
            matches!(*w, "for" | "of" | "the" | "via")
                || w.chars().next().is_some_and(char::is_uppercase)
        })
}

/// The Latin text after the last CJK character, when the paragraph has CJK text before it.
pub(crate) fn latin_tail(p: &str) -> Option<(&str, &str)> {
    let (i, c) = p.char_indices().rev().find(|&(_, c)| is_cjk(c))?;
    let end = i + c.len_utf8();
    Some((&p[..end], p.get(end..)?.trim()))
}

/// Whether the lower-cased first 16 characters of `p` start with one of [`CAPTION_PREFIXES`].
pub(crate) fn starts_caption_prefix(p: &str) -> bool {
    static FIRST: OnceLock<Vec<char>> = OnceLock::new();
    if !may_start(
        p,
        FIRST.get_or_init(|| first_chars(&[CAPTION_PREFIXES.get()], true)),
        true,
    ) {
        // Lower-casing cannot bring the first character into the set: ASCII letters are folded
        // here, other characters lower-case to non-ASCII characters that no prefix starts with,
        // and İ and the Kelvin sign lower-case to "i\u{307}" and "k", which start no prefix.
        return false;
    }
    if lower_safe(p) {
        // No prefix is longer than 16 characters, and only ASCII letters change case here.
        CAPTION_PREFIXES.get().iter().any(|x| starts_folded(p, x))
    } else {
        let lower_head: String = p.chars().take(16).collect::<String>().to_lowercase();
        starts_any(&lower_head, CAPTION_PREFIXES.get())
    }
}

static CREDIT_ENDS: Words = words!("captions/credit_ends.txt");
static PHOTOGRAPHER_MARKS: Words = words!("captions/photographer_marks.txt");

pub(crate) fn is_caption(p: &str, n: usize) -> bool {
    if n > 400 {
        return false;
    }
    if starts_caption_prefix(p) {
        return n <= 300;
    }
    if n <= 200 && starts_any(p, &["图为", "圖為"]) {
        return true;
    }
    // Bare credit lines: "粵語組製圖", "路透社資料圖片".
    if n <= 30 && !p.contains('。') && ends_any(p, CREDIT_ENDS.get()) {
        return true;
    }
    let tail = caption_tail(p);
    if n <= 300 && ends_any(tail, &["攝", "摄"]) {
        return true;
    }
    // The last 14 characters of the tail.
    let last = tail
        .char_indices()
        .rev()
        .nth(13)
        .map_or(tail, |(i, _)| &tail[i..]);
    if n <= 300 && has(last, "影") && has_any(last, PHOTOGRAPHER_MARKS.get()) {
        return true;
    }
    if let Some((prefix, inner)) = split_trailing_bracket(tail) {
        // A bare "（圖取自facebook.com/CWB.TW）" is a credit line of its own.
        let plen = prefix.chars().count();
        if n <= 250 && (plen >= 2 || plen == 0) && is_photo_source(inner) {
            return true;
        }
    }
    if n <= 300 {
        match latin_tail(tail) {
            Some((head, seg)) if !seg.is_empty() => {
                if ends_any(head, &["。", "）", "」", "”", "！", "？"]) && is_latin_credit(seg)
                {
                    return true;
                }
            }
            Some(_) => {}
            None => {
                if n <= 60 && is_latin_credit(tail) {
                    return true;
                }
            }
        }
    }
    false
}

/// A caption with its trailing credit removed, as portal pages repeat it in the body:
/// `…視頻會晤。新華社記者 饒愛民 攝` -> `…視頻會晤。`
pub(crate) fn caption_core(c: &str) -> &str {
    let tail = caption_tail(c);
    if ends_any(tail, &["攝", "摄"]) {
        let cut = tail
            .char_indices()
            .rev()
            .find(|&(_, ch)| matches!(ch, '。' | '！' | '？' | '）' | ')' | '.'))
            .map(|(i, ch)| i + ch.len_utf8());
        return match cut {
            Some(i) => tail[..i].trim_end(),
            None => tail,
        };
    }
    if let Some((prefix, inner)) = split_trailing_bracket(tail) {
        if is_photo_source(inner) && !prefix.is_empty() {
            return prefix;
        }
    }
    if let Some((head, seg)) = latin_tail(tail) {
        if !seg.is_empty() && is_latin_credit(seg) {
            return head.trim_end();
        }
    }
    tail
}

static CAPTION_LABELS: Words = words!("captions/caption_labels.txt");

pub(crate) fn strip_caption_prefix(c: &str) -> &str {
    for pre in CAPTION_LABELS.get() {
        if let Some(rest) = c.strip_prefix(pre) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return rest;
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::boilerplate::{classify, Role};

    fn c(s: &str) {
        assert_eq!(classify(s), Role::Caption, "expected Caption: {s}");
    }
    fn body(s: &str) {
        assert_eq!(classify(s), Role::Body, "expected Body: {s}");
    }

    #[test]
    fn data_files_parse() {
        for w in [
            &CAPTION_PREFIXES,
            &PHOTO_SUFFIXES,
            &PHOTO_PREFIXES,
            &PHOTO_WORDS,
            &CREDIT_ENDS,
            &PHOTOGRAPHER_MARKS,
            &CAPTION_LABELS,
        ] {
            assert_eq!(w.problems(), Vec::<String>::new());
        }
        // `is_caption` looks for 影 before it tries the marks.
        for m in PHOTOGRAPHER_MARKS.get() {
            assert!(m.contains('影'), "{m}");
        }
        // A label is tried before the labels it starts with.
        let labels = CAPTION_LABELS.get();
        for (i, a) in labels.iter().enumerate() {
            for b in labels.get(i + 1..).unwrap_or_default() {
                assert!(!b.starts_with(a) || a == b, "{a} before {b}");
            }
        }
    }

    #[test]
    fn photo_credits_are_captions() {
        c("图片来源：Cfoto/Zuma Press");
        c("圖片來源：維基百科");
        c("图像来源，Getty Images");
        c("Getty Images");
        c("Image caption许章润");
        c("（圖取自facebook.com/CWB.TW）");
        c("美國總統拜登。（圖取自twitter.com/POTUS）");
        c("14日凌晨零時起，汽油每公升估調漲0.3元、柴油0.4元。（中央社檔案照片）");
        c("美國總統拜登。（路透社）");
        c("大雨阻碍了搜索工作 (路透)");
        c("1月21日下午,國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤。新華社記者 饒愛民 攝");
        c("寒流襲台，20日太平山國家森林遊樂區下雪。中央社記者王騰毅攝 112年1月20日");
        c("中國橫店影視城15日起調降臨時演員的基礎費用。（中新社提供）中央社 113年11月15日");
        c("乌克兰总统泽连斯基和美国总统拜登周四在七国集团峰会上举行联合新闻发布会。 Erin Schaff/The New York Times");
        c("Chinese President Xi Jinping talks with Russian President Vladimir Putin via video meeting, Jan. 21, 2025. (Xinhua/Rao Aimin)");
        c("影片／蔡總統率團出訪史瓦帝尼 同慶邦誼促進永續合作");
        c("萧美琴成为台湾首位女性驻美代表。(记者 黄春梅摄)Photo: RFA");
        body("寒流來襲，全台22縣市氣溫到明天都可能有攝氏10度以下發生機率，嘉義以北更是非常寒冷。");
        body("在中国，国防部长并不拥有绝对的决策权，更多地负责国防外交工作。");
        body("Xi talks with Putin via video meeting");
        body("中央研究院院士（1998）");
        body("中国国家主席习近平星期三（12月20日）上午在人民大会堂会见俄罗斯总理米舒斯京。");
    }

    #[test]
    fn caption_tail_drops_appended_photo_labels() {
        assert_eq!(
            caption_tail("萧美琴成为台湾首位女性驻美代表。(记者 黄春梅摄)Photo: RFA"),
            "萧美琴成为台湾首位女性驻美代表。(记者 黄春梅摄)"
        );
    }
}
