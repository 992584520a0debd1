//! Property tests: the readers take arbitrary bytes and strings without panicking, and keep the
//! invariants that are cheap to state. Case counts are small so that `cargo test` stays fast;
//! the fault harness (`make faults`) runs the long, file-level version.

use proptest::prelude::*;
use std::path::Path;

use crate::dates::{
    find_datetime, find_datetime_span, parse_datetime, parse_epoch, DayOrder, Zone,
};
use crate::ingest::{decode, frontmatter, layout, parse_bytes, ReadOptions};
use crate::segment::sentence;
use crate::text::{fragment, page};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces of the inputs the readers see, so that random strings reach their interesting paths
/// (tags, entities, front matter, dates, Han text, odd line ends, invalid bytes).
const PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<div class=\"content\">",
    "</div>",
    "<br>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<",
    ">",
    "&amp;",
    "&#x4E2D;",
    "&",
    "<h1>",
    "</h1>",
    "<table><tr><td>",
    "<img src=x>",
    "---\n",
    "title: ",
    "date: 2024-02-08 13:36\n",
    "&a ",
    "*a",
    "- ",
    "[",
    "]",
    "(",
    ")",
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "国家主席习近平",
    "。",
    "，",
    "！",
    "？",
    "…",
    "2024年2月8日",
    "下午3時51分",
    "08/02/2024 - 12:51",
    "2024-02-08T13:36:09.741Z",
    "+08:00",
    "Feb 8, 2024",
    "來源：",
    "發佈時間:",
    "|",
    "<!--1707394501000-->",
    "------",
    "\u{FEFF}",
    "\u{3000}",
    "a<b",
    "c>d",
];

fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat()),
    ]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        texts().prop_map(String::into_bytes),
        // Text with a few bytes spoiled: invalid UTF-8, NULs, GBK-looking pairs.
        (
            texts(),
            prop::collection::vec((any::<usize>(), any::<u8>()), 1..8)
        )
            .prop_map(|(t, spoil)| {
                let mut b = t.into_bytes();
                for (at, v) in spoil {
                    if b.is_empty() {
                        b.push(v);
                    } else {
                        let i = at % b.len();
                        b[i] = v;
                    }
                }
                b
            }),
        texts().prop_map(|t| encoding_rs::GBK.encode(&t).0.into_owned()),
        texts().prop_map(|t| t.encode_utf16().flat_map(u16::to_le_bytes).collect()),
    ]
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn decoding_any_bytes_gives_clean_text_or_a_reason(b in bytes()) {
        match decode::decode(&b) {
            Ok(d) => {
                prop_assert!(!d.text.contains('\0'));
                prop_assert!(!d.text.contains('\r'));
                prop_assert!(!d.text.trim().is_empty());
                prop_assert!(!d.encoding.is_empty());
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn valid_utf8_decodes_to_itself_with_line_ends_normalised(s in texts()) {
        prop_assume!(!s.contains('\0') && !s.starts_with('\u{FEFF}'));
        match decode::decode(s.as_bytes()) {
            Ok(d) => {
                prop_assert_eq!(&d.text, &decode::normalize_line_ends(&s));
                prop_assert_eq!(d.encoding.as_str(), "utf-8");
                // Decoding the decoded text changes nothing.
                prop_assert_eq!(decode::decode(d.text.as_bytes()).unwrap().text, d.text);
            }
            Err(_) => prop_assert!(s.trim().is_empty()),
        }
    }

    #[test]
    fn line_end_normalisation_is_idempotent(s in texts()) {
        let once = decode::normalize_line_ends(&s);
        prop_assert!(!once.contains('\r'));
        prop_assert_eq!(decode::normalize_line_ends(&once), once.clone());
        prop_assert_eq!(once.matches('\n').count(), s.matches('\n').count() + s.matches('\r').count() - s.matches("\r\n").count());
    }

    #[test]
    fn front_matter_splits_into_parts_of_the_text(s in texts()) {
        match frontmatter::split(&s) {
            frontmatter::Split::Found { block, rest } => {
                prop_assert!(s.contains(block) && s.ends_with(rest));
                let _ = frontmatter::parse(block);
            }
            frontmatter::Split::None | frontmatter::Split::Unclosed => {}
        }
        let _ = frontmatter::scalar(&s);
    }

    #[test]
    fn the_fragment_reader_takes_any_text(s in texts()) {
        let _ = fragment::looks_like_html(&s);
        let ex = fragment::extract(&s);
        for b in &ex.blocks {
            prop_assert!(!b.text.contains("<script"));
        }
    }

    #[test]
    fn dates_are_parsed_or_refused(s in texts()) {
        let zone = Zone::named("Asia/Shanghai").unwrap();
        for order in [DayOrder::DayFirst, DayOrder::MonthFirst] {
            let _ = parse_datetime(&s, &zone, order);
            let _ = find_datetime(&s, &zone, order);
            if let Some(f) = find_datetime_span(&s, &zone, order) {
                let _ = f;
            }
        }
        let _ = parse_epoch(&s);
    }

    #[test]
    fn sentences_are_ordered_spans_on_char_boundaries(s in texts()) {
        let mut last = 0;
        for (a, b) in sentence::split(&s) {
            prop_assert!(last <= a && a <= b && b <= s.len(), "{:?}", (last, a, b));
            prop_assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
            last = b;
        }
    }
}

proptest! {
    // The page reader and the whole file reader build a DOM: fewer cases.
    #![proptest_config(config(32))]

    #[test]
    fn the_page_reader_takes_any_text(s in texts()) {
        let html = format!("<html><head><title>t</title></head><body>{s}</body></html>");
        let p = page::extract(&html);
        prop_assert!(p.title.as_deref().is_none_or(|t| !t.contains('\0')));
        let _ = page::extract(&s);
    }

    #[test]
    fn any_bytes_read_as_an_article_or_a_reason(b in bytes()) {
        let opts = ReadOptions::new("Asia/Shanghai").unwrap();
        let _ = layout::split(&String::from_utf8_lossy(&b));
        match parse_bytes(Path::new("x.txt"), &b, &opts) {
            Ok(a) => {
                prop_assert!(!a.body.contains('\0'));
                prop_assert!(a.title.as_deref().is_none_or(|t| !t.contains('\0')));
            }
            Err(why) => prop_assert!(!why.is_empty()),
        }
    }
}

/// Pieces of attributed speech: verbs, speakers, quote marks of every kind, line breaks.
const SPEECH: &[&str] = &[
    "普京",
    "他",
    "这名警察",
    "外交部发言人",
    "蒲亭",
    "說",
    "表示",
    "指出",
    "称",
    "据",
    "报道",
    "：",
    "，",
    "。",
    "“",
    "”",
    "「",
    "」",
    "『",
    "』",
    "\"",
    "\n\n",
    "said",
    " ",
    "Putin",
    "（",
    "）",
    "·",
    "克伦德宁说",
    "中方愿意合作",
    "according to",
    "先生",
];

fn speech() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SPEECH), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn quotations_of_any_text_are_spans_of_it(s in prop_oneof![speech(), texts()]) {
        let seg = crate::segment::Segmenter::shared_default();
        let chars: Vec<char> = s.chars().collect();
        let found = crate::features::quotes::quotes(&seg, &s);
        let mut last_end = 0;
        for q in &found {
            prop_assert!(q.start < q.end && q.end <= chars.len());
            prop_assert!(q.start >= last_end, "quotations do not overlap");
            let span: String = chars[q.start..q.end].iter().collect();
            prop_assert_eq!(&span, &q.text);
            last_end = q.end;
        }
    }
}
