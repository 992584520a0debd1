//! Image URLs as the archives wrote them: entities decoded, lazy-loading placeholders refused,
//! the archivers' image proxies unwrapped.

use super::entities::decode_owned;

pub(crate) fn clean_image_url(raw: &str) -> Option<String> {
    let v = decode_owned(raw);
    let v = v.trim();
    if v.is_empty() || v.len() > 4096 {
        return None;
    }
    let lower_head: String = v.chars().take(12).collect::<String>().to_ascii_lowercase();
    if lower_head.starts_with("data:")
        || lower_head.starts_with("about:")
        || lower_head.starts_with("javascript:")
    {
        return None;
    }
    let v = unwrap_proxy(v).unwrap_or_else(|| v.to_string());
    if let Some(rest) = v.strip_prefix("//") {
        return Some(format!("https://{rest}"));
    }
    Some(v)
}

/// Unwrap the image proxies the archivers used: `https://images.weserv.nl/?url=static.dw.com/...`
/// and `https://cors.zfour.workers.dev/?http://...`.
fn unwrap_proxy(u: &str) -> Option<String> {
    let after_scheme = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .or_else(|| u.strip_prefix("//"))?;
    let host_end = after_scheme.find(['/', '?']).unwrap_or(after_scheme.len());
    let host = after_scheme.get(..host_end)?.to_ascii_lowercase();
    let query = after_scheme.get(host_end..)?;
    let query = query.get(query.find('?')? + 1..)?;
    let inner = if host == "images.weserv.nl" || host == "wsrv.nl" {
        let param = query.split('&').find_map(|kv| kv.strip_prefix("url="))?;
        let lower = param.to_ascii_lowercase();
        if lower.starts_with("http%3a")
            || lower.starts_with("https%3a")
            || lower.starts_with("%2f%2f")
        {
            percent_decode(param)?
        } else {
            param.to_string()
        }
    } else if host.ends_with(".workers.dev") {
        let lower = query.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return None;
        }
        query.to_string()
    } else {
        return None;
    };
    if inner.is_empty() {
        return None;
    }
    if inner.starts_with("http://") || inner.starts_with("https://") {
        Some(inner)
    } else if let Some(rest) = inner.strip_prefix("//") {
        Some(format!("https://{rest}"))
    } else {
        Some(format!("https://{inner}"))
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies_unwrapped_and_placeholders_refused() {
        let c = |u: &str| clean_image_url(u);
        assert_eq!(
            c("https://images.weserv.nl/?url=static.dw.com/image/1_303.jpg").as_deref(),
            Some("https://static.dw.com/image/1_303.jpg")
        );
        assert_eq!(
            c("https://images.weserv.nl?url=gdb.voanews.com/c.jpg&w=640").as_deref(),
            Some("https://gdb.voanews.com/c.jpg")
        );
        assert_eq!(
            c("https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/a.jpg").as_deref(),
            Some("http://zkres2.myzaker.com/a.jpg")
        );
        assert_eq!(
            c("//cdn.example.com/b.jpg?x=1&amp;y=2").as_deref(),
            Some("https://cdn.example.com/b.jpg?x=1&y=2")
        );
        assert_eq!(c(" x.jpg ").as_deref(), Some("x.jpg"));
        for bad in [
            "",
            "  ",
            "data:image/gif;base64,R0lGOD",
            "javascript:void(0)",
            "about:blank",
        ] {
            assert_eq!(c(bad), None, "{bad}");
        }
        assert!(c("https://images.weserv.nl/?url=http%3A%2F%2Fa%E4%B8").is_some());
    }
}
