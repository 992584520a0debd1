//! Outlet names: one normalised name per news organisation, whatever label an archive used.

use std::sync::OnceLock;

/// The outlet tables of `src/data/outlets.tsv`, in file order.
#[derive(Default)]
struct Outlets {
    /// (host suffix, outlet).
    hosts: Vec<(&'static str, &'static str)>,
    /// (lower-case label, outlet).
    labels: Vec<(&'static str, &'static str)>,
    /// (outlet, IANA zone).
    zones: Vec<(&'static str, &'static str)>,
    month_first: Vec<&'static str>,
    /// Lower-case labels that never name an outlet.
    generic: Vec<&'static str>,
}

impl Outlets {
    /// The tables of a file in the format of `outlets.tsv`, and what is wrong with the lines that
    /// were left out.
    fn parse(text: &'static str) -> (Outlets, Vec<String>) {
        let (rows, mut problems) = crate::data::rows(text);
        let mut o = Outlets::default();
        for r in rows {
            match *r.fields.as_slice() {
                ["host", host, outlet] => o.hosts.push((host, outlet)),
                ["label", label, outlet] => o.labels.push((label, outlet)),
                ["zone", outlet, zone] => o.zones.push((outlet, zone)),
                ["month-first", outlet] => o.month_first.push(outlet),
                ["generic", word] => o.generic.push(word),
                _ => problems.push(format!("line {}: not a known kind of row", r.line)),
            }
        }
        (o, problems)
    }
}

fn outlets() -> &'static Outlets {
    static O: OnceLock<Outlets> = OnceLock::new();
    O.get_or_init(|| Outlets::parse(crate::data::data_file!("outlets.tsv")).0)
}

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
    outlets()
        .hosts
        .iter()
        .find(|(suffix, _)| h == *suffix || h.ends_with(&format!(".{suffix}")))
        .map(|(_, name)| *name)
}

/// The outlet an archive label names, if known (case- and space-insensitive).
pub fn from_label(label: &str) -> Option<&'static str> {
    let l = label.trim().to_lowercase();
    outlets()
        .labels
        .iter()
        .find(|(k, _)| *k == l)
        .map(|(_, name)| *name)
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
    let generic = &outlets().generic;
    labels
        .iter()
        .map(|l| l.trim())
        .find(|l| {
            !l.is_empty()
                && l.chars().count() <= 30
                && !generic.contains(&l.to_lowercase().as_str())
        })
        .map(str::to_string)
}

/// The time zone an outlet writes naive times in, for the outlets whose bodies carry such times.
pub fn home_zone(outlet: &str) -> Option<&'static str> {
    outlets()
        .zones
        .iter()
        .find(|(o, _)| *o == outlet)
        .map(|(_, zone)| *zone)
}

/// Whether an outlet writes all-numeric dates month first (`02/08/2024` = 8 February).
pub fn month_first(outlet: &str) -> bool {
    outlets().month_first.contains(&outlet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn repeated<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
        let mut seen = HashSet::new();
        keys.filter(|k| !seen.insert(*k)).collect()
    }

    #[test]
    fn data_file_parses() {
        let (o, problems) = Outlets::parse(crate::data::data_file!("outlets.tsv"));
        assert_eq!(problems, Vec::<String>::new());
        assert!(!o.hosts.is_empty() && !o.labels.is_empty() && !o.zones.is_empty());
        assert!(!o.month_first.is_empty() && !o.generic.is_empty());
        let none: Vec<&str> = Vec::new();
        assert_eq!(repeated(o.hosts.iter().map(|h| h.0)), none);
        assert_eq!(repeated(o.labels.iter().map(|l| l.0)), none);
        assert_eq!(repeated(o.zones.iter().map(|z| z.0)), none);
        assert_eq!(repeated(o.month_first.iter().copied()), none);
        assert_eq!(repeated(o.generic.iter().copied()), none);
        // What `host` and `from_label` compare with.
        for (h, _) in &o.hosts {
            assert_eq!(h.to_ascii_lowercase(), *h, "{h}");
            assert!(h.contains('.') && !h.starts_with("www."), "{h}");
        }
        for l in o
            .labels
            .iter()
            .map(|l| l.0)
            .chain(o.generic.iter().copied())
        {
            assert_eq!(l.trim().to_lowercase(), l, "{l}");
        }
        // The first host that matches wins, so no host may end in another outlet's.
        for (a, oa) in &o.hosts {
            for (b, ob) in &o.hosts {
                assert!(oa == ob || !a.ends_with(&format!(".{b}")), "{a} is in {b}");
            }
        }
        // Zones are IANA names, given (like day orders) to outlets that hosts or labels name.
        let named: HashSet<&str> = o.hosts.iter().chain(&o.labels).map(|r| r.1).collect();
        for (outlet, zone) in &o.zones {
            assert!(jiff::tz::TimeZone::get(zone).is_ok(), "{zone}");
            assert!(named.contains(outlet), "{outlet}");
        }
        for outlet in &o.month_first {
            assert!(named.contains(outlet), "{outlet}");
        }
    }

    #[test]
    fn zones_and_day_orders() {
        assert_eq!(home_zone("RFI"), Some("Europe/Paris"));
        assert_eq!(home_zone("Economist"), Some("Europe/London"));
        assert_eq!(home_zone("端传媒"), Some("Asia/Hong_Kong"));
        assert_eq!(home_zone("Al Jazeera"), Some("Asia/Qatar"));
        assert_eq!(home_zone("新华网"), None);
        assert!(month_first("VOA") && month_first("Bloomberg"));
        assert!(!month_first("BBC") && !month_first("voa"));
    }

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
