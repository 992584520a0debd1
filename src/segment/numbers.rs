//! Numbers, amounts and quantities in Chinese text, kept whole.
//!
//! jieba cuts `2000亿美元` into `2000`, `亿`, `美元` (or worse); a researcher counting 2277亿美元
//! wants one token. A number expression here is: Arabic digits (with `,` or `.` between digits),
//! optionally a percent sign, or else optionally Chinese multipliers (`万`, `亿`, ...) and one
//! unit from a list (currencies, `周年`, time, measures). It never starts inside a Latin word,
//! so `G20` and `COVID-19` stay as jieba cuts them.

/// Multipliers written after Arabic digits (`3.5万`, `2000亿`).
const MULTIPLIERS: &[char] = &['十', '百', '千', '万', '亿', '兆'];

/// Units that make one token with the number before them, longest first where one is a prefix
/// of another.
const UNITS: &[&str] = &[
    "亿美元",
    "万美元",
    "美元",
    "欧元",
    "日元",
    "英镑",
    "卢布",
    "港元",
    "港币",
    "澳元",
    "韩元",
    "新台币",
    "台币",
    "人民币",
    "瑞郎",
    "卢比",
    "元",
    "美金",
    "周年",
    "年代",
    "年度",
    "多年",
    "年",
    "个月",
    "月",
    "日",
    "号",
    "天",
    "小时",
    "分钟",
    "秒",
    "周",
    "岁",
    "世纪",
    "平方公里",
    "公里",
    "千米",
    "公尺",
    "英里",
    "公顷",
    "公斤",
    "千克",
    "吨",
    "桶",
    "立方米",
    "米",
    "厘米",
    "毫米",
    "兆瓦",
    "千瓦",
    "吉瓦",
    "度",
    "倍",
    "届",
    "次",
    "名",
    "人",
    "位",
    "个",
    "家",
    "架",
    "艘",
    "辆",
    "枚",
    "座",
    "条",
    "项",
    "份",
    "票",
    "例",
    "宗",
    "起",
    "国",
    "点",
];

/// Byte ranges of the number expressions of `text`, in order and not overlapping.
pub fn find(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii_digit() {
            i += 1;
            continue;
        }
        // Not inside a Latin word or a longer code (`G20`, `F-16`, `v2`).
        let prev_blocks = i > 0 && {
            let p = bytes[i - 1];
            p.is_ascii_alphanumeric() || p == b'-' || p == b'_' || p == b'.'
        };
        let start = i;
        let mut j = i;
        while j < bytes.len() {
            let c = bytes[j];
            // A separator counts only between digits (`1,200`, `3.5`).
            let separator = (c == b'.' || c == b',')
                && j > start
                && bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
            if c.is_ascii_digit() || separator {
                j += 1;
            } else {
                break;
            }
        }
        if prev_blocks
            || bytes
                .get(j)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            // Part of a code such as `G20` or `5G`: leave it to jieba.
            i = j.max(i + 1);
            continue;
        }
        let mut end = j;
        let rest = &text[end..];
        if rest.starts_with('%') {
            end += 1;
        } else {
            let mut tail = rest;
            let mut k = end;
            while let Some(c) = tail.chars().next().filter(|c| MULTIPLIERS.contains(c)) {
                k += c.len_utf8();
                tail = &tail[c.len_utf8()..];
            }
            if let Some(u) = UNITS.iter().find(|u| tail.starts_with(**u)) {
                k += u.len();
            }
            end = k;
        }
        // A bare number is left to jieba; only numbers with something attached are joined.
        if end > j || text[start..j].contains(['.', ',']) {
            out.push((start, end));
        }
        i = end.max(j);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn money_and_anniversaries() {
        assert_eq!(
            found("双边贸易额达2277亿美元，目标是2000亿美元。建交75周年，增长3.5%。"),
            vec!["2277亿美元", "2000亿美元", "75周年", "3.5%"]
        );
    }

    #[test]
    fn dates_and_counts() {
        assert_eq!(
            found("1月21日下午，2024年，我们3次会晤"),
            vec!["1月", "21日", "2024年", "3次"]
        );
        assert_eq!(found("约1,200人"), vec!["1,200人"]);
    }

    #[test]
    fn codes_are_left_alone() {
        assert!(found("G20峰会、F-16战机、5G网络、COVID-19").is_empty());
        assert!(found("编号12").is_empty());
    }
}
