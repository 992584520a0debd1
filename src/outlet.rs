//! Outlet names: one normalised name per news organisation, whatever label an archive used.

/// Known hosts (a suffix match on the URL's host) and the outlet they belong to.
const HOSTS: &[(&str, &str)] = &[
    ("rfi.fr", "RFI"),
    ("dw.com", "DW"),
    ("dw.de", "DW"),
    ("cna.com.tw", "CNA"),
    ("zaobao.com", "联合早报"),
    ("zaobao.com.sg", "联合早报"),
    ("myzaker.com", "ZAKER"),
    ("news.cn", "新华网"),
    ("xinhuanet.com", "新华网"),
    ("rthk.hk", "RTHK"),
    ("bbc.com", "BBC"),
    ("bbc.co.uk", "BBC"),
    ("voachinese.com", "VOA"),
    ("voanews.com", "VOA"),
    ("rfa.org", "RFA"),
    ("nytimes.com", "NYT"),
    ("wsj.com", "WSJ"),
    ("reuters.com", "Reuters"),
    ("ftchinese.com", "FT"),
    ("ft.com", "FT"),
    ("chinadigitaltimes.net", "中国数字时代"),
    ("aljazeera.net", "Al Jazeera"),
    ("aljazeera.com", "Al Jazeera"),
    ("nhk.or.jp", "NHK"),
    ("kyodonews.net", "Kyodo"),
    ("abc.net.au", "ABC"),
    ("economist.com", "Economist"),
    ("chinafile.com", "ChinaFile"),
    ("matters.news", "Matters"),
    ("matters.town", "Matters"),
    ("medium.com", "Medium"),
    ("epochtimes.com", "大纪元"),
    ("ithome.com", "IT之家"),
    ("cnbeta.com", "cnBeta"),
    ("cnbeta.com.tw", "cnBeta"),
    ("solidot.org", "Solidot"),
    ("people.com.cn", "人民网"),
    ("chinanews.com", "中新网"),
    ("chinanews.com.cn", "中新网"),
    ("sputniknews.cn", "卫星通讯社"),
    ("thepaper.cn", "澎湃新闻"),
    ("huanqiu.com", "环球时报"),
    ("scmp.com", "SCMP"),
    ("udn.com", "联合报"),
    ("ltn.com.tw", "自由时报"),
    ("storm.mg", "风传媒"),
    ("theinitium.com", "端传媒"),
    ("bloomberg.com", "Bloomberg"),
    ("apnews.com", "AP"),
    ("cctv.com", "央视网"),
    ("chinadaily.com.cn", "中国日报"),
    ("nikkei.com", "日经"),
    ("yna.co.kr", "韩联社"),
    ("sbs.com.au", "SBS"),
    ("twreporter.org", "报导者"),
    ("hk01.com", "HK01"),
];

/// Labels used by archives (categories, tags, folder and file-name parts), lowercase, and the outlet.
const LABELS: &[(&str, &str)] = &[
    ("rfi", "RFI"),
    ("法广", "RFI"),
    ("法廣", "RFI"),
    ("法国国际广播电台", "RFI"),
    ("法國國際廣播電台", "RFI"),
    ("dw", "DW"),
    ("德国之声", "DW"),
    ("德國之聲", "DW"),
    ("cna", "CNA"),
    ("中央社", "CNA"),
    ("(臺)中央社cna", "CNA"),
    ("中央通讯社", "CNA"),
    ("中央通訊社", "CNA"),
    ("rthk", "RTHK"),
    ("香港電台", "RTHK"),
    ("香港电台", "RTHK"),
    ("aj", "Al Jazeera"),
    ("al jazeera", "Al Jazeera"),
    ("半岛电视台", "Al Jazeera"),
    ("半島電視台", "Al Jazeera"),
    ("kyodo", "Kyodo"),
    ("共同社", "Kyodo"),
    ("wsj", "WSJ"),
    ("华尔街日报", "WSJ"),
    ("華爾街日報", "WSJ"),
    ("bbc", "BBC"),
    ("bbc中文", "BBC"),
    ("reuters", "Reuters"),
    ("路透", "Reuters"),
    ("路透社", "Reuters"),
    ("联合早报", "联合早报"),
    ("聯合早報", "联合早报"),
    ("zaobao", "联合早报"),
    ("大纪元", "大纪元"),
    ("大紀元", "大纪元"),
    ("rfa", "RFA"),
    ("自由亚洲", "RFA"),
    ("自由亚洲电台", "RFA"),
    ("自由亞洲電台", "RFA"),
    ("nyt", "NYT"),
    ("纽约时报", "NYT"),
    ("紐約時報", "NYT"),
    ("abc", "ABC"),
    ("voa", "VOA"),
    ("美国之音", "VOA"),
    ("美國之音", "VOA"),
    ("cdt", "中国数字时代"),
    ("中国数字时代", "中国数字时代"),
    ("中國數字時代", "中国数字时代"),
    ("nhk", "NHK"),
    ("经济学人", "Economist"),
    ("经济学人en", "Economist"),
    ("經濟學人", "Economist"),
    ("ft", "FT"),
    ("金融时报", "FT"),
    ("金融時報", "FT"),
    ("ft中文网", "FT"),
    ("zaker", "ZAKER"),
    ("新华网", "新华网"),
    ("新華網", "新华网"),
    ("xinhua", "新华网"),
    ("it之家", "IT之家"),
    ("cnbeta", "cnBeta"),
    ("medium", "Medium"),
    ("matters", "Matters"),
    ("solidot", "Solidot"),
    ("中参馆", "ChinaFile"),
    ("chinafile", "ChinaFile"),
    ("人民网", "人民网"),
    ("人民網", "人民网"),
    ("央视新闻", "央视网"),
    ("澎湃新闻", "澎湃新闻"),
];

/// The host of a URL, lowercase, without `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.trim_start_matches('/');
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    if host.is_empty() || !host.contains('.') {
        return None;
    }
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// The outlet a URL belongs to, if its host is known.
pub fn from_url(url: &str) -> Option<&'static str> {
    let h = host(url)?;
    HOSTS
        .iter()
        .find(|(suffix, _)| h == *suffix || h.ends_with(&format!(".{suffix}")))
        .map(|(_, name)| *name)
}

/// The outlet an archive label names, if known (case- and space-insensitive).
pub fn from_label(label: &str) -> Option<&'static str> {
    let l = label.trim().to_lowercase();
    LABELS.iter().find(|(k, _)| *k == l).map(|(_, name)| *name)
}

/// Choose the outlet: a known URL host first (labels are reused across archives for other things),
/// then the first known label of the file's metadata, then of its place (file-name parts, folder),
/// then the first metadata label that looks like a name. A folder name alone never names an outlet
/// unless it is a known one: `data/sample/` is not a newspaper.
pub fn resolve(url: Option<&str>, labels: &[String], place: &[String]) -> Option<String> {
    if let Some(o) = url.and_then(from_url) {
        return Some(o.to_string());
    }
    if let Some(o) = labels.iter().chain(place).find_map(|l| from_label(l)) {
        return Some(o.to_string());
    }
    const GENERIC: &[&str] = &[
        "新媒体",
        "source",
        "channel",
        "news",
        "post",
        "posts",
        "articles",
        "_posts",
    ];
    labels
        .iter()
        .map(|l| l.trim())
        .find(|l| {
            !l.is_empty()
                && l.chars().count() <= 30
                && !GENERIC.contains(&l.to_lowercase().as_str())
        })
        .map(str::to_string)
}

/// The time zone an outlet writes naive times in, for the outlets whose bodies carry such times.
pub fn home_zone(outlet: &str) -> Option<&'static str> {
    Some(match outlet {
        "RFI" => "Europe/Paris",
        "DW" => "Europe/Berlin",
        "BBC" | "FT" | "Reuters" | "Economist" => "Europe/London",
        "VOA" | "RFA" | "NYT" | "WSJ" | "AP" | "Bloomberg" => "America/New_York",
        "CNA" | "自由时报" | "联合报" | "风传媒" | "报导者" => "Asia/Taipei",
        "RTHK" | "SCMP" | "HK01" | "端传媒" => "Asia/Hong_Kong",
        "联合早报" => "Asia/Singapore",
        "NHK" | "Kyodo" | "日经" => "Asia/Tokyo",
        "ABC" | "SBS" => "Australia/Sydney",
        "Al Jazeera" => "Asia/Qatar",
        _ => return None,
    })
}

/// Whether an outlet writes all-numeric dates month first (`02/08/2024` = 8 February).
pub fn month_first(outlet: &str) -> bool {
    matches!(outlet, "VOA" | "RFA" | "NYT" | "WSJ" | "AP" | "Bloomberg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            from_url("https://www.rfi.fr/cn/%E5%9B%BD/20240208-x"),
            Some("RFI")
        );
        assert_eq!(
            from_url("https://www.dw.com/zh/美国众院通过TikTok法案/a-68522502"),
            Some("DW")
        );
        assert_eq!(
            from_url("https://news.rthk.hk/rthk/ch/component/k2/1743146-20240305.htm"),
            Some("RTHK")
        );
        assert_eq!(
            from_url("http://www.bbc.com/zhongwen/simp/world-53445210"),
            Some("BBC")
        );
        assert_eq!(from_url("https://cn.nytimes.com/china/x"), Some("NYT"));
        assert_eq!(from_url("https://notft.com/x"), None);
        assert_eq!(from_url("not a url"), None);
        assert_eq!(
            host("HTTPS://User@WWW.Example.COM:8080/path"),
            Some("example.com".into())
        );
    }

    #[test]
    fn labels_then_fallback() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let none: Vec<String> = Vec::new();
        assert_eq!(
            resolve(None, &l(&["新媒体", "ZAKER", "source"]), &none),
            Some("ZAKER".into())
        );
        assert_eq!(
            resolve(None, &l(&["(臺)中央社CNA"]), &none),
            Some("CNA".into())
        );
        assert_eq!(
            resolve(None, &l(&["新媒体", "某某日报", "channel"]), &none),
            Some("某某日报".into())
        );
        assert_eq!(
            resolve(Some("https://www.zaobao.com/x"), &l(&["路透"]), &none),
            Some("联合早报".into())
        );
        assert_eq!(resolve(None, &none, &l(&["RFI"])), Some("RFI".into()));
        assert_eq!(resolve(None, &none, &l(&["sample"])), None);
    }
}
