use super::*;

/// A small alias table written for these tests, so they do not depend on the shipped one.
const ALIASES: &str = "# test table\n\
普京\tnr\t普丁|蒲亭|Putin|Vladimir Putin|弗拉基米尔·普京\n\
习近平\tnr\t習近平|Xi Jinping|习主席\n\
俄罗斯\tns\t俄羅斯|俄国|俄國|Russia\n\
上海合作组织\tnt\t上合组织|上海合作組織|SCO\n\
金砖国家\tnt\t金磚國家|BRICS\n\
美国\tns\t美國|US|U.S.|United States\n";

fn seg_with(aliases: &str, stopwords: &[&str], user: &[&str]) -> Segmenter {
    let config = SegmenterConfig {
        user_words: user
            .iter()
            .map(|w| UserWord {
                word: (*w).to_owned(),
                freq: None,
                tag: None,
            })
            .collect(),
        aliases: parse_aliases(aliases).unwrap(),
        stopwords: stopwords.iter().map(|s| (*s).to_owned()).collect(),
        ..SegmenterConfig::default()
    };
    Segmenter::new(&config).unwrap()
}

fn seg() -> Segmenter {
    seg_with(ALIASES, &["的", "在", "同", "the", "with", "'s", "of"], &[])
}

#[derive(Debug, Clone, PartialEq)]
struct Owned {
    sent: u32,
    start: u32,
    end: u32,
    raw: String,
    term: String,
    lang: &'static str,
    pos: String,
}

fn toks(s: &Segmenter, text: &str, opts: &TokenizeOptions) -> Vec<Owned> {
    let mut out = Vec::new();
    s.tokenize_each(text, opts, |t| {
        out.push(Owned {
            sent: t.sent,
            start: t.start,
            end: t.end,
            raw: t.raw.to_owned(),
            term: t.term.to_owned(),
            lang: t.lang.as_str(),
            pos: t.pos.to_owned(),
        })
    });
    out
}

fn terms(s: &Segmenter, text: &str) -> Vec<String> {
    toks(s, text, &TokenizeOptions::default())
        .into_iter()
        .map(|t| t.term)
        .collect()
}

fn find<'a>(ts: &'a [Owned], term: &str) -> Option<&'a Owned> {
    ts.iter().find(|t| t.term == term)
}

/// Offsets are character offsets into the original and slice back to the raw text.
fn check_offsets(text: &str, ts: &[Owned]) {
    let chars: Vec<char> = text.chars().collect();
    for t in ts {
        let slice: String = chars[t.start as usize..t.end as usize].iter().collect();
        assert_eq!(slice, t.raw, "{t:?}");
    }
}

#[test]
fn traditional_names_count_as_simplified_with_original_raw() {
    let s = seg();
    let text = "國家主席習近平在北京同俄羅斯總統普京舉行視頻會晤，在聯合國、上海合作組織、金磚國家等多邊平臺密切協作。";
    let ts = toks(&s, text, &TokenizeOptions::default());
    check_offsets(text, &ts);
    for (term, raw) in [
        ("习近平", "習近平"),
        ("普京", "普京"),
        ("俄罗斯", "俄羅斯"),
        ("上海合作组织", "上海合作組織"),
        ("金砖国家", "金磚國家"),
        ("总统", "總統"),
    ] {
        let t = find(&ts, term).unwrap_or_else(|| panic!("{term} missing in {ts:?}"));
        assert_eq!(t.raw, raw);
        assert_eq!(t.lang, "zh");
    }
    assert!(find(&ts, "在").is_none(), "stopword kept");
    assert!(ts.iter().all(|t| t.term != "，"), "punctuation kept");
}

#[test]
fn taiwanese_and_cna_forms_are_one_entity() {
    let s = seg();
    assert_eq!(terms(&s, "蒲亭表示"), vec!["普京", "表示"]);
    assert_eq!(terms(&s, "俄羅斯總統普丁"), vec!["俄罗斯", "总统", "普京"]);
    assert_eq!(terms(&s, "弗拉基米尔•普京"), vec!["普京"]);
}

#[test]
fn english_passages_are_english_words() {
    let s = seg();
    let text = "Chinese President Xi Jinping talks with Russian President Vladimir Putin. \
                Putin's bilateral trade with the U.S. grew 2.5% in 2024.";
    let ts = toks(&s, text, &TokenizeOptions::default());
    check_offsets(text, &ts);
    let xi = find(&ts, "习近平").unwrap();
    assert_eq!((xi.raw.as_str(), xi.lang), ("Xi Jinping", "en"));
    let putins: Vec<&str> = ts
        .iter()
        .filter(|t| t.term == "普京")
        .map(|t| t.raw.as_str())
        .collect();
    assert_eq!(putins, vec!["Vladimir Putin", "Putin"]);
    let us = find(&ts, "美国").unwrap();
    assert_eq!(us.raw, "U.S.");
    let words: Vec<&str> = ts.iter().map(|t| t.term.as_str()).collect();
    for w in [
        "chinese",
        "president",
        "talks",
        "russian",
        "bilateral",
        "trade",
        "grew",
        "2.5",
        "2024",
    ] {
        assert!(words.contains(&w), "{w} missing in {words:?}");
    }
    assert!(
        !words.contains(&"the") && !words.contains(&"'s"),
        "English stopwords kept"
    );
    assert_eq!(ts.iter().map(|t| t.sent).max(), Some(1));
}

#[test]
fn acronyms_match_only_in_capitals() {
    let s = seg();
    let t = terms(&s, "Let us see what the US and SCO said about sco.");
    assert!(t.contains(&"us".to_owned()), "{t:?}");
    assert_eq!(t.iter().filter(|x| *x == "美国").count(), 1);
    assert_eq!(t.iter().filter(|x| *x == "上海合作组织").count(), 1);
    // No match inside a longer word.
    let t = terms(&s, "Putinism and USA are other words.");
    assert!(
        t.contains(&"putinism".to_owned()) && t.contains(&"usa".to_owned()),
        "{t:?}"
    );
}

#[test]
fn numbers_and_money_stay_whole() {
    let s = seg();
    let t = terms(
        &s,
        "双边贸易额达2277亿美元，力争2000亿美元，庆祝建交75周年。",
    );
    for w in ["2277亿美元", "2000亿美元", "75周年"] {
        assert!(t.contains(&w.to_owned()), "{w} missing in {t:?}");
    }
}

#[test]
fn alias_forms_do_not_match_across_words() {
    // 俄国 is an alias form, but in 中俄国家 the characters belong to 中俄 and 国家.
    let s = seg();
    let t = terms(&s, "中俄国家元首举行会谈");
    assert!(!t.contains(&"俄罗斯".to_owned()), "{t:?}");
}

#[test]
fn user_words_with_spaces_and_punctuation() {
    let s = seg_with(
        ALIASES,
        &[],
        &[
            "Belt and Road",
            "一带一路",
            "新时代中俄全面战略协作伙伴关系",
        ],
    );
    let t = terms(
        &s,
        "The Belt and Road plan. 推进一带一路建设，深化新时代中俄全面战略协作伙伴关系。",
    );
    for w in [
        "belt and road",
        "一带一路",
        "新时代中俄全面战略协作伙伴关系",
    ] {
        assert!(t.contains(&w.to_owned()), "{w} missing in {t:?}");
    }
}

#[test]
fn user_dict_format() {
    let words =
        parse_user_dict("Xi Jinping 10 nr\n一带一路\n\n# comment\n台积电 5\n云计算 n\n").unwrap();
    assert_eq!(
        words,
        vec![
            UserWord {
                word: "Xi Jinping".into(),
                freq: Some(10),
                tag: Some("nr".into())
            },
            UserWord {
                word: "一带一路".into(),
                freq: None,
                tag: None
            },
            UserWord {
                word: "台积电".into(),
                freq: Some(5),
                tag: None
            },
            UserWord {
                word: "云计算".into(),
                freq: None,
                tag: Some("n".into())
            },
        ]
    );
    assert!(parse_user_dict("词 99999999999999999999999999").is_err());
}

#[test]
fn original_script_keeps_characters_but_unifies_aliases() {
    let s = seg();
    let opts = TokenizeOptions {
        script: Some(ScriptMode::Original),
        ..TokenizeOptions::default()
    };
    let ts = toks(&s, "俄羅斯總統普丁", &opts);
    let t: Vec<&str> = ts.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(t.first(), Some(&"俄罗斯"));
    assert!(t.contains(&"普京"));
    assert!(t.iter().any(|w| w.contains('總')), "{t:?}");
}

#[test]
fn modes_and_tags() {
    let s = seg();
    let text = "中华人民共和国成立";
    let acc = terms(&s, text);
    let search: Vec<String> = toks(
        &s,
        text,
        &TokenizeOptions {
            mode: Mode::Search,
            ..TokenizeOptions::default()
        },
    )
    .into_iter()
    .map(|t| t.term)
    .collect();
    let full = toks(
        &s,
        text,
        &TokenizeOptions {
            mode: Mode::Full,
            ..TokenizeOptions::default()
        },
    );
    assert!(acc.contains(&"中华人民共和国".to_owned()));
    assert!(
        search.len() > acc.len() && search.contains(&"中华".to_owned()),
        "{search:?}"
    );
    assert!(full.len() > acc.len());
    check_offsets(text, &full);

    let tagged = toks(
        &s,
        "蒲亭在北京会见习近平",
        &TokenizeOptions {
            pos: true,
            ..TokenizeOptions::default()
        },
    );
    assert_eq!(find(&tagged, "普京").unwrap().pos, "nr");
    assert_eq!(find(&tagged, "北京").unwrap().pos, "ns");
    let untagged = toks(&s, "北京", &TokenizeOptions::default());
    assert_eq!(untagged[0].pos, "");
}

#[test]
fn stopword_choices() {
    let s = seg();
    let off = TokenizeOptions {
        stopwords: StopwordChoice::Off,
        ..TokenizeOptions::default()
    };
    let t: Vec<String> = toks(&s, "我的朋友", &off)
        .into_iter()
        .map(|t| t.term)
        .collect();
    assert!(t.contains(&"的".to_owned()));
    let custom = TokenizeOptions {
        stopwords: StopwordChoice::Custom(Arc::new(normalize_stopwords(&["朋友"]))),
        ..TokenizeOptions::default()
    };
    let t: Vec<String> = toks(&s, "我的朋友", &custom)
        .into_iter()
        .map(|t| t.term)
        .collect();
    assert!(
        t.contains(&"的".to_owned()) && !t.contains(&"朋友".to_owned()),
        "{t:?}"
    );
}

#[test]
fn punctuation_on_request_and_sentences() {
    let s = seg();
    let opts = TokenizeOptions {
        keep_punct: true,
        ..TokenizeOptions::default()
    };
    let ts = toks(&s, "他说：“好。走吧！”\n第二行。", &opts);
    assert!(ts.iter().any(|t| t.term == "“"));
    assert_eq!(ts.iter().map(|t| t.sent).max(), Some(1), "{ts:?}");
}

#[test]
fn counting() {
    let s = seg();
    let mut counts = FxHashMap::default();
    s.count_into(
        "普京、普丁和蒲亭都是Putin。",
        &TokenizeOptions::default(),
        &mut counts,
    );
    assert_eq!(counts.get("普京"), Some(&4));
}

#[test]
fn odd_input_never_panics() {
    let s = seg();
    for text in [
        "",
        " ",
        "\u{0}\u{FFFD}",
        "。。。",
        "“”「」",
        "Putin'",
        "'s",
        "２",
        "1.",
        "普",
        "\u{20000}\u{2A6D6}",
    ] {
        let ts = toks(
            &s,
            text,
            &TokenizeOptions {
                keep_punct: true,
                pos: true,
                ..TokenizeOptions::default()
            },
        );
        check_offsets(text, &ts);
    }
}

#[test]
fn shipped_tables_parse() {
    let aliases = default_aliases();
    assert!(aliases.len() > 100, "{}", aliases.len());
    let putin = aliases
        .iter()
        .find(|e| e.canonical == "普京")
        .expect("普京 in the table");
    for f in ["普丁", "蒲亭", "Putin"] {
        assert!(putin.forms.iter().any(|x| x == f), "{f} missing");
    }
    let stop = default_stopwords();
    assert!(stop.iter().any(|w| w == "的") && stop.iter().any(|w| w == "the"));
    let s = Segmenter::shared_default();
    assert_eq!(s.canonical("蒲亭"), Some("普京"));
    assert_eq!(s.canonical("澤倫斯基"), Some("泽连斯基"));
    assert_eq!(s.canonical("川普"), Some("特朗普"));
}

#[test]
fn user_stopwords_can_drop_an_entity() {
    let s = seg();
    let custom = TokenizeOptions {
        stopwords: StopwordChoice::Custom(Arc::new(normalize_stopwords(&["普京"]))),
        ..TokenizeOptions::default()
    };
    let t: Vec<String> = toks(&s, "蒲亭会见习近平", &custom)
        .into_iter()
        .map(|t| t.term)
        .collect();
    assert_eq!(t, vec!["会见", "习近平"]);
}

#[test]
fn mainland_script_counts_taiwan_and_mainland_words_as_one_term() {
    let config = SegmenterConfig {
        script: ScriptMode::Mainland,
        user_words: vec![UserWord {
            word: "人工智慧".to_owned(),
            freq: None,
            tag: None,
        }],
        ..SegmenterConfig::default()
    };
    let mainland = Segmenter::new(&config).unwrap();
    let taiwan = "台灣的網路很快，人工智慧軟體也多";
    let got = terms(&mainland, taiwan);
    for want in ["网络", "人工智能", "软件"] {
        assert!(got.iter().any(|t| t == want), "{want} in {got:?}");
    }
    // The tokens still point at the text as written.
    let ts = toks(&mainland, taiwan, &TokenizeOptions::default());
    assert_eq!(find(&ts, "网络").map(|t| t.raw.as_str()), Some("網路"));
    // The default script keeps each region's word.
    let simplified = Segmenter::shared_default();
    let got = terms(&simplified, taiwan);
    assert!(
        got.iter().any(|t| t == "网路") && !got.iter().any(|t| t == "网络"),
        "{got:?}"
    );
    // A call can ask for it with any segmenter.
    let opts = TokenizeOptions {
        script: Some(ScriptMode::Mainland),
        ..TokenizeOptions::default()
    };
    assert!(toks(&simplified, taiwan, &opts)
        .iter()
        .any(|t| t.term == "网络"));
    assert_eq!(ScriptMode::parse("mainland").unwrap().as_str(), "mainland");
}

#[test]
fn very_long_dictionary_words_load_in_linear_time_and_match_whole() {
    // A 100,000-character user word once made loading run for minutes (jieba's trie route is
    // quadratic in the word's length); as a phrase it loads at once and still counts whole.
    let long = "长".repeat(100_000);
    let s = seg_with(ALIASES, &[], &[long.as_str(), "战略协作伙伴"]);
    let text = format!("前言。{long}。普京谈战略协作伙伴关系。");
    let ts = terms(&s, &text);
    assert!(
        ts.contains(&long),
        "{:?}",
        ts.iter().map(|t| t.chars().count()).collect::<Vec<_>>()
    );
    assert!(ts.contains(&"战略协作伙伴".to_string()));
    // 16,000 characters of two repeated ones took 40 s in the DFA phrase matcher.
    let repetitive = "中".repeat(8_000) + &"国".repeat(8_000);
    let s = seg_with(ALIASES, &[], &[repetitive.as_str()]);
    assert!(terms(&s, &format!("前言。{repetitive}。")).contains(&repetitive));
}

/// The counting path (untracked normalisation) gives exactly the terms of the tokenizing path
/// (tracked), with the HMM and without, in every script, on lines of the corpus and documents
/// of several lines.
#[test]
fn counting_terms_equal_tokenized_terms_on_corpus_lines() {
    let texts = super::normalize::tests::identity_texts();
    for hmm in [true, false] {
        let s = Segmenter::new(&SegmenterConfig {
            hmm,
            ..SegmenterConfig::default()
        })
        .unwrap();
        for script in [
            ScriptMode::Simplified,
            ScriptMode::Mainland,
            ScriptMode::Original,
        ] {
            let opts = TokenizeOptions {
                script: Some(script),
                ..TokenizeOptions::default()
            };
            for t in &texts {
                let tokenized: Vec<String> =
                    toks(&s, t, &opts).into_iter().map(|t| t.term).collect();
                let mut counted = Vec::new();
                s.count_each(t, &opts, |w| counted.push(w.to_owned()));
                assert_eq!(counted, tokenized, "hmm={hmm} {script:?}: {t}");
            }
        }
    }
}
