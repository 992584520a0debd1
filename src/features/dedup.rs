//! Duplicate articles: exact copies and near duplicates, clustered.
//!
//! A body is compared as its *normalised text*: whitespace, punctuation and symbols dropped,
//! full-width letters and digits folded to ASCII, letters lower-cased (so a re-post that only
//! changed line breaks, quote marks or full-width digits is the same text). Its *shingles* are
//! the distinct runs of [`DedupOptions::k`] consecutive characters of that text, hashed with
//! xxh3; the similarity of two bodies is the Jaccard index of their shingle sets.
//!
//! - **Exact copies** are rows with the same byte key (`doc_id`: byte-identical files) or the
//!   same normalised text; they are found by hashing and never estimated.
//! - **Near duplicates** are found with MinHash: one signature of [`DedupOptions::num_perm`]
//!   minima per distinct text, by one-permutation hashing with densification (see
//!   `signature`: one hash a shingle, where a permutation a slot costs 128). Signatures
//!   are cut into bands chosen for the threshold (see [`lsh_bands`]); texts sharing a band are
//!   candidates. A candidate whose signatures agree in nearly enough slots (the estimate, four
//!   standard errors below the threshold at most) is verified exactly: the shingle sets of
//!   both texts are rebuilt and it is kept when their Jaccard reaches the threshold.
//! - **Clusters** gather around their first member: texts, earliest first, join the earliest
//!   cluster whose first text they are a near duplicate of, or start their own. Every member
//!   is so within the threshold of its first, and copies of copies that drifted further from
//!   it (a video channel's template with a new paragraph each time) do not chain together.
//!
//! Memory is one signature per document (`num_perm` × 4 bytes) plus the candidate pairs (the
//! texts are read again, not kept normalised); nothing is all-pairs.
//! Texts shorter than [`DedupOptions::min_chars`] normalised characters are only ever exact
//! copies of rows with the same byte key: short bodies ("视频", a caption, a feed stub) say too
//! little to tell two articles apart.

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_128, xxh3_64, xxh3_64_with_seed};

use crate::error::{Result, XinwenError};

/// One document to compare.
#[derive(Debug, Clone, Copy)]
pub struct DedupDoc<'a> {
    /// The text (a null compares as empty).
    pub text: Option<&'a str>,
    /// Rows with the same key are exact copies whatever their text (`doc_id`, a hash of the
    /// file's bytes); `None`: no key.
    pub key: Option<&'a str>,
    /// The outlet, which tells re-posts (same outlet) from syndicated copies; `None` is an
    /// outlet of its own (all unknown outlets are one).
    pub outlet: Option<&'a str>,
    /// Position in time: the earliest member (smallest `order`, then smallest index) of a
    /// cluster is its first.
    pub order: u64,
}

/// How duplicates are found.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupOptions {
    /// Estimated Jaccard of the shingle sets at or above which two texts are near duplicates.
    pub threshold: f64,
    /// Characters per shingle.
    pub k: usize,
    /// Signature length: MinHash bins (each as good as one permutation).
    pub num_perm: usize,
    /// Normalised characters below which a text is compared by its byte key only.
    pub min_chars: usize,
}

impl Default for DedupOptions {
    fn default() -> Self {
        DedupOptions {
            threshold: 0.8,
            k: 5,
            num_perm: 128,
            min_chars: 50,
        }
    }
}

impl DedupOptions {
    fn check(&self) -> Result<()> {
        let bad = |m: String| Err(XinwenError::InvalidArgument(m));
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return bad(format!(
                "threshold must be in (0, 1], not {}",
                self.threshold
            ));
        }
        if !(1..=64).contains(&self.k) {
            return bad(format!(
                "k (characters per shingle) must be 1 to 64, not {}",
                self.k
            ));
        }
        if !(16..=1024).contains(&self.num_perm) {
            return bad(format!(
                "num_perm must be 16 to 1024, not {}",
                self.num_perm
            ));
        }
        Ok(())
    }
}

/// What a row is to its cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The cluster's first member (every article without duplicates is the original of its own
    /// cluster of one).
    Original,
    /// A later copy, with the same normalised text (or bytes), of an earlier member from the
    /// same outlet (any of them, not only the outlet's first).
    Exact,
    /// A later near duplicate of an earlier member from the same outlet: the outlet posted
    /// the article again (new date, revised title, edited text).
    Repost,
    /// The first member from its outlet, another outlet than the first member's: the same
    /// story published elsewhere (a wire story reprinted, a translation service's copy).
    Syndicated,
}

impl Kind {
    /// The name Python sees.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::Exact => "exact",
            Kind::Repost => "repost",
            Kind::Syndicated => "syndicated",
        }
    }
}

/// The verdict on one row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DupRow {
    /// Clusters are numbered from 0 in the order of their first members.
    pub cluster: u32,
    /// Index of the cluster's first member.
    pub first: u32,
    /// Jaccard of the shingle sets to the first member's (computed exactly); 1.0 for the first
    /// and its exact copies.
    pub similarity: f32,
    /// What the row is to its cluster.
    pub kind: Kind,
}

/// Whether `c` is folded away by [`normalize`]: whitespace, ASCII and Latin-1 punctuation and
/// symbols, general punctuation, CJK symbols and punctuation, full-width and small forms.
fn is_folded(c: char) -> bool {
    if c.is_whitespace() || c.is_control() {
        return true;
    }
    let u = c as u32;
    c.is_ascii_punctuation()
        || (0xA1..=0xBF).contains(&u)
        || u == 0xD7
        || u == 0xF7
        || (0x2000..=0x206F).contains(&u) // general punctuation
        || (0x2190..=0x2BFF).contains(&u) // arrows, math, technical, box drawing, shapes, dingbats
        || (0x3000..=0x303F).contains(&u) // CJK symbols and punctuation
        || (0x30FB..=0x30FC).contains(&u) // katakana middle dot, prolonged sound mark
        || (0xFE10..=0xFE1F).contains(&u) // vertical forms
        || (0xFE30..=0xFE6F).contains(&u) // CJK compatibility and small forms
        || (0xFF01..=0xFF0F).contains(&u)
        || (0xFF1A..=0xFF20).contains(&u)
        || (0xFF3B..=0xFF40).contains(&u)
        || (0xFF5B..=0xFF65).contains(&u)
        || (0xFFE0..=0xFFEE).contains(&u)
        || (0x1F000..=0x1FAFF).contains(&u) // emoji and pictographs
}

/// The text as compared: whitespace, punctuation and symbols dropped, full-width ASCII folded
/// to ASCII, letters lower-cased. Han characters are kept as written (a traditional-script
/// copy of a simplified article is another text).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Fast paths for what news is made of: ASCII (kept only when alphanumeric) and the
        // common Han blocks (kept as they are, no case).
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c) {
            out.push(c);
            continue;
        }
        if is_folded(c) {
            continue;
        }
        let u = c as u32;
        let c = if (0xFF10..=0xFF5E).contains(&u) {
            char::from_u32(u - 0xFEE0).unwrap_or(c)
        } else {
            c
        };
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The sorted, distinct xxh3 hashes of the `k`-character shingles of a normalised text (one
/// shingle, the whole text, when it is shorter than `k`; none when it is empty).
pub fn shingle_hashes(norm: &str, k: usize) -> Vec<u64> {
    let k = k.max(1);
    let starts: Vec<usize> = norm
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(norm.len()))
        .collect();
    let n = starts.len() - 1;
    if n == 0 {
        return Vec::new();
    }
    let mut out: Vec<u64> = if n < k {
        vec![xxh3_64(norm.as_bytes())]
    } else {
        starts
            .windows(k + 1)
            .filter_map(|w| norm.get(w[0]..w[k]))
            .map(|s| xxh3_64(s.as_bytes()))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Exact Jaccard index of two sorted, distinct hash sets (0 when both are empty).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Where the probes of an empty bin look, in order: the same for every text, so two texts
/// that leave the same bins empty fill them from the same bins.
fn probe(bin: usize, attempt: u64, bins: usize) -> usize {
    let h = xxh3_64_with_seed(&(bin as u64).to_le_bytes(), attempt);
    (((h >> 32) * bins as u64) >> 32) as usize
}

/// The MinHash signature of a shingle hash set by one-permutation hashing: each hash falls in
/// one of `out.len()` bins by its top 32 bits, and a bin keeps the least of its hashes' low
/// 32 bits; a bin left empty takes the value of the first filled bin its probe sequence meets
/// (optimal densification, Shrivastava 2017). Two texts then agree in each bin with
/// probability equal to their Jaccard, as with one permutation a bin, at the cost of one hash
/// a shingle instead of one a shingle and bin.
fn signature(hashes: &[u64], out: &mut [u32]) {
    let bins = out.len();
    out.fill(u32::MAX);
    let mut filled = vec![false; bins];
    for &h in hashes {
        let bin = (((h >> 32) * bins as u64) >> 32) as usize;
        if let (Some(s), Some(f)) = (out.get_mut(bin), filled.get_mut(bin)) {
            *s = (*s).min(h as u32);
            *f = true;
        }
    }
    if !filled.iter().any(|&f| f) {
        return;
    }
    for bin in 0..bins {
        if filled[bin] {
            continue;
        }
        // A filled bin is found in about bins / filled probes; the bound only guards the loop.
        for attempt in 1..=(64 * bins as u64) {
            let j = probe(bin, attempt, bins);
            if filled[j] {
                out[bin] = out[j];
                break;
            }
        }
    }
}

/// The LSH banding `(bands, rows)` for `threshold` with `num_perm` slots: of those that make a
/// pair at the threshold a candidate with probability at least 0.995 (`1 − (1 − t^r)^b`), the
/// one that proposes the fewest pairs below it (the least area under that curve from 0 to the
/// threshold). Candidates are verified, so a false candidate costs a comparison while a missed
/// one is lost: datasketch's choice of equal weights misses a quarter of the pairs at 0.8.
pub fn lsh_bands(threshold: f64, num_perm: usize) -> (usize, usize) {
    let p = |s: f64, b: usize, r: usize| 1.0 - (1.0 - s.powi(r as i32)).powi(b as i32);
    let below = |b: usize, r: usize| {
        let steps = 200;
        let w = threshold / steps as f64;
        (0..steps)
            .map(|i| p((i as f64 + 0.5) * w, b, r) * w)
            .sum::<f64>()
    };
    let mut best = (num_perm, 1);
    let mut best_fp = f64::INFINITY;
    for r in 1..=num_perm {
        let b = num_perm / r;
        if p(threshold, b, r) < 0.995 {
            continue;
        }
        let fp = below(b, r);
        if fp < best_fp {
            best_fp = fp;
            best = (b, r);
        }
    }
    best
}

/// Union-find over row indices, the smaller index as root (so roots do not depend on the
/// order in which pairs are joined).
struct Sets(Vec<u32>);

impl Sets {
    fn new(n: usize) -> Self {
        Sets((0..n as u32).collect())
    }

    fn find(&mut self, mut x: u32) -> u32 {
        let p = &mut self.0;
        while p[x as usize] != x {
            let up = p[p[x as usize] as usize];
            p[x as usize] = up;
            x = up;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.0[hi as usize] = lo;
        }
    }
}

/// Bucket members compared all against all up to this many; in a larger bucket each member is
/// compared with the bucket's first and with the few before it, so that no bucket is quadratic.
const ALL_PAIRS_BUCKET: usize = 64;
const BIG_BUCKET_NEIGHBOURS: usize = 8;

/// Cluster `docs` into exact copies and near duplicates; one verdict per document, in order.
/// Runs on the current rayon pool.
pub fn duplicates(docs: &[DedupDoc<'_>], opts: &DedupOptions) -> Result<Vec<DupRow>> {
    opts.check()?;
    let n = docs.len();
    if n > u32::MAX as usize - 1 {
        return Err(XinwenError::InvalidArgument(format!(
            "{n} documents are more than duplicates can number"
        )));
    }

    // One pass over the texts: each normalised once, for the hash of its normalised text and,
    // when long enough, its signature (kept: one per document, `num_perm` × 4 bytes). The
    // normalised texts themselves are not kept.
    let np = opts.num_perm;
    let mut sigs = vec![0u32; n * np];
    let texts: Vec<(bool, u128)> = sigs
        .par_chunks_mut(np)
        .zip(docs.par_iter())
        .map(|(out, d)| {
            let norm = normalize(d.text.unwrap_or(""));
            let long = norm.chars().count() >= opts.min_chars.max(1);
            if long {
                signature(&shingle_hashes(&norm, opts.k), out);
            }
            (long, xxh3_128(norm.as_bytes()))
        })
        .collect();
    let long = |i: u32| texts[i as usize].0;

    // Exact copies: the same byte key, or the same normalised text (by its 128-bit hash).
    let mut exact = Sets::new(n);
    {
        let mut by_key: Vec<(&str, u32)> = docs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.key.map(|k| (k, i as u32)))
            .collect();
        by_key.par_sort_unstable();
        for w in by_key.windows(2) {
            if w[0].0 == w[1].0 {
                exact.union(w[0].1, w[1].1);
            }
        }
        let mut by_text: Vec<(u128, u32)> = (0..n as u32)
            .filter(|&i| long(i))
            .map(|i| (texts[i as usize].1, i))
            .collect();
        by_text.par_sort_unstable();
        for w in by_text.windows(2) {
            if w[0].0 == w[1].0 {
                exact.union(w[0].1, w[1].1);
            }
        }
    }
    let exact_root: Vec<u32> = (0..n as u32).map(|i| exact.find(i)).collect();

    // Exact classes with a long text, by their smallest index, stand for their members.
    let reps: Vec<u32> = (0..n as u32)
        .filter(|&i| exact_root[i as usize] == i && long(i))
        .collect();
    let sig = |k: usize| {
        let r = reps[k] as usize;
        &sigs[r * np..(r + 1) * np]
    };
    let estimate = |x: usize, y: usize| {
        let same = sig(x).iter().zip(sig(y)).filter(|(a, b)| a == b).count();
        same as f64 / np as f64
    };

    // Candidates: representatives (by position in `reps`) sharing a band.
    let (bands, rows) = lsh_bands(opts.threshold, np);
    let mut pairs: Vec<(u32, u32)> = (0..bands)
        .into_par_iter()
        .flat_map_iter(|band| {
            let mut keys: Vec<(u64, u32)> = (0..reps.len())
                .map(|k| {
                    // A 64-bit fold of the band's slots: a collision only adds a candidate.
                    let key = sig(k)[band * rows..(band + 1) * rows].iter().fold(
                        band as u64 ^ 0x9E37_79B9_7F4A_7C15,
                        |h, &v| {
                            (h ^ u64::from(v))
                                .wrapping_mul(0x0100_0000_01B3)
                                .rotate_left(29)
                        },
                    );
                    (key, k as u32)
                })
                .collect();
            keys.sort_unstable();
            let mut out = Vec::new();
            for run in keys.chunk_by(|x, y| x.0 == y.0) {
                if run.len() <= ALL_PAIRS_BUCKET {
                    for (i, x) in run.iter().enumerate() {
                        for y in &run[i + 1..] {
                            out.push((x.1, y.1));
                        }
                    }
                } else {
                    for (i, x) in run.iter().enumerate().skip(1) {
                        out.push((run[0].1, x.1));
                        for y in &run[i.saturating_sub(BIG_BUCKET_NEIGHBOURS).max(1)..i] {
                            out.push((y.1, x.1));
                        }
                    }
                }
            }
            out
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    // Verified exactly: the estimate only screens (four standard errors below the threshold),
    // the shingle sets, rebuilt from the text, decide.
    let sd = (opts.threshold * (1.0 - opts.threshold) / np as f64).sqrt();
    let screen = opts.threshold - 4.0 * sd - 1.0 / np as f64;
    let set_of = |r: u32| shingle_hashes(&normalize(docs[r as usize].text.unwrap_or("")), opts.k);
    let kept: Vec<(u32, u32)> = pairs
        .into_par_iter()
        .filter(|&(x, y)| {
            estimate(x as usize, y as usize) >= screen
                && jaccard(&set_of(reps[x as usize]), &set_of(reps[y as usize])) >= opts.threshold
        })
        .collect();

    // Clusters: every exact class, earliest first, joins the earliest cluster whose first
    // class it is a near duplicate of, or starts a cluster of its own. So every member is
    // within the threshold of the first (copies of copies that drifted further start their
    // own), and two members are within 2·threshold − 1 of each other (Jaccard distance is a
    // metric).
    let time = |i: u32| (docs[i as usize].order, i);
    let mut class_first: Vec<u32> = (0..n as u32).collect();
    for i in 0..n as u32 {
        let r = exact_root[i as usize] as usize;
        if time(i) < time(class_first[r]) {
            class_first[r] = i;
        }
    }
    let mut adj: Vec<(u32, u32)> = kept.iter().flat_map(|&(x, y)| [(x, y), (y, x)]).collect();
    adj.par_sort_unstable();
    let mut by_time: Vec<u32> = (0..reps.len() as u32).collect();
    by_time.par_sort_unstable_by_key(|&k| time(class_first[reps[k as usize] as usize]));
    let mut rank = vec![0u32; reps.len()];
    for (t, &k) in by_time.iter().enumerate() {
        rank[k as usize] = t as u32;
    }
    let mut leader = vec![u32::MAX; reps.len()];
    for &k in &by_time {
        let lo = adj.partition_point(|&(x, _)| x < k);
        let hi = adj.partition_point(|&(x, _)| x <= k);
        let best = adj[lo..hi]
            .iter()
            .map(|&(_, u)| u)
            .filter(|&u| leader[u as usize] == u)
            .min_by_key(|&u| rank[u as usize]);
        leader[k as usize] = best.unwrap_or(k);
    }
    let root: Vec<u32> = exact_root
        .iter()
        .map(|&r| match reps.binary_search(&r) {
            Ok(k) => reps[leader[k] as usize],
            Err(_) => r,
        })
        .collect();

    // Members of each cluster, earliest first.
    let mut members: Vec<u32> = (0..n as u32).collect();
    members.par_sort_unstable_by_key(|&i| (root[i as usize], docs[i as usize].order, i));
    let mut out = vec![
        DupRow {
            cluster: 0,
            first: 0,
            similarity: 1.0,
            kind: Kind::Original,
        };
        n
    ];
    let mut firsts: Vec<u32> = Vec::new();
    for group in members.chunk_by(|&x, &y| root[x as usize] == root[y as usize]) {
        let first = group[0];
        firsts.push(first);
        let first_outlet = docs[first as usize].outlet;
        // The outlets seen so far in this cluster, and the texts (exact classes) each gave.
        let mut outlets: Vec<Option<&str>> = vec![first_outlet];
        let mut given: rustc_hash::FxHashSet<(Option<&str>, u32)> = Default::default();
        for &m in group {
            let d = &docs[m as usize];
            let text = (d.outlet, exact_root[m as usize]);
            let kind = if m == first {
                Kind::Original
            } else if outlets.contains(&d.outlet) {
                if given.contains(&text) {
                    Kind::Exact
                } else {
                    Kind::Repost
                }
            } else {
                outlets.push(d.outlet);
                Kind::Syndicated
            };
            given.insert(text);
            out[m as usize] = DupRow {
                cluster: 0,
                first,
                similarity: 1.0,
                kind,
            };
        }
    }
    // Similarity to the first member, exactly, where the texts differ.
    out.par_iter_mut().enumerate().for_each(|(m, row)| {
        let (ex, fx) = (exact_root[m], exact_root[row.first as usize]);
        if ex != fx {
            row.similarity = jaccard(&set_of(ex), &set_of(fx)) as f32;
        }
    });
    // Number clusters in the order of their first members.
    firsts.sort_unstable_by_key(|&f| (docs[f as usize].order, f));
    let mut number = rustc_hash::FxHashMap::default();
    for (c, &f) in firsts.iter().enumerate() {
        number.insert(f, c as u32);
    }
    for row in &mut out {
        row.cluster = number.get(&row.first).copied().unwrap_or(u32::MAX);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str =
        "新华社北京3月21日电 国家主席习近平21日在人民大会堂同俄罗斯总统普京举行会谈。\
        两国元首积极评价中俄关系发展成果，一致同意继续深化全面战略协作伙伴关系。习近平指出，\
        中俄关系已经远远超出双边范畴，对世界格局和人类前途命运至关重要。普京表示，俄方愿同中方\
        加强各领域合作，推动两国关系取得更大发展。双方还就乌克兰问题等共同关心的国际和地区问题\
        深入交换了意见。会谈后，两国元首签署了关于深化新时代全面战略协作伙伴关系的联合声明。";

    const OTHER: &str =
        "法新社巴黎3月21日电 法国总统马克龙周二在爱丽舍宫会见到访的德国总理朔尔茨，\
        双方讨论了欧盟预算、能源价格和对乌克兰的军事援助。马克龙表示，欧洲必须在防务上承担更多\
        责任，并呼吁加快共同采购弹药。朔尔茨则强调，德法合作是欧洲一体化的发动机，两国将在下月\
        的欧盟峰会上提出联合方案。分析人士认为，两国在核能和财政规则上的分歧仍未消除。";

    fn doc<'a>(text: &'a str, key: &'a str, outlet: &'a str, order: u64) -> DedupDoc<'a> {
        DedupDoc {
            text: Some(text),
            key: Some(key),
            outlet: Some(outlet),
            order,
        }
    }

    #[test]
    fn normalising_folds_space_punctuation_width_and_case() {
        assert_eq!(
            normalize("普京，表示：\r\n “ＡＢＣ１２３” Putin!"),
            "普京表示abc123putin"
        );
        assert_eq!(normalize("「蒲亭」說。"), "蒲亭說");
        assert_eq!(normalize(" \t，。"), "");
    }

    #[test]
    fn shingles_are_distinct_windows_of_k_characters() {
        assert_eq!(shingle_hashes("abcdeabcde", 5).len(), 5);
        assert_eq!(shingle_hashes("中俄", 5).len(), 1);
        assert!(shingle_hashes("", 5).is_empty());
        let a = shingle_hashes(&normalize(STORY), 5);
        assert!((jaccard(&a, &a) - 1.0).abs() < 1e-12);
        let b = shingle_hashes(&normalize(OTHER), 5);
        assert!(jaccard(&a, &b) < 0.05);
    }

    #[test]
    fn densified_signatures_estimate_jaccard() {
        let set = |r: std::ops::Range<u64>| {
            let mut v: Vec<u64> = r.map(|i| xxh3_64(&i.to_le_bytes())).collect();
            v.sort_unstable();
            v
        };
        let agree = |a: &[u64], b: &[u64]| {
            let (mut x, mut y) = (vec![0u32; 128], vec![0u32; 128]);
            signature(a, &mut x);
            signature(b, &mut y);
            x.iter().zip(&y).filter(|(p, q)| p == q).count() as f64 / 128.0
        };
        // Long texts (every bin filled) and short ones (most bins densified).
        for (a, b, tol) in [
            (0..2000, 400..2400, 0.12),
            (0..60, 10..70, 0.25),
            (0..80, 0..80, 0.0),
        ] {
            let (a, b) = (set(a), set(b));
            let (est, exact) = (agree(&a, &b), jaccard(&a, &b));
            assert!((est - exact).abs() <= tol, "estimate {est}, exact {exact}");
        }
        let mut empty = vec![7u32; 16];
        signature(&[], &mut empty);
        assert!(empty.iter().all(|&v| v == u32::MAX));
    }

    #[test]
    fn bands_suit_the_threshold() {
        let (b, r) = lsh_bands(0.8, 128);
        assert!(b * r <= 128);
        let p = |s: f64| 1.0 - (1.0 - s.powi(r as i32)).powi(b as i32);
        assert!(p(0.8) > 0.995, "{b}x{r}: P(0.8) = {}", p(0.8));
        assert!(p(0.3) < 0.05, "{b}x{r}: P(0.3) = {}", p(0.3));
        let (b9, r9) = lsh_bands(0.9, 128);
        assert!(r9 >= r && b9 <= b);
    }

    #[test]
    fn copies_reposts_and_syndication_are_told_apart() {
        let edited = STORY
            .replace("深入交换了意见", "深入交换意见")
            .replace("\n", "");
        let respaced = STORY.replace('，', ", ");
        let docs = [
            doc(OTHER, "o", "AFP", 5),
            doc(&edited, "e", "新华网", 3), // a re-post by the same outlet, edited
            doc(STORY, "s", "新华网", 1),   // the original
            doc(STORY, "s", "新华网", 9),   // the same file again
            doc(&respaced, "r", "新华网", 4), // the same text, other punctuation
            doc(STORY, "c", "CNA", 2),      // syndicated
            doc(&edited, "c2", "CNA", 7),   // the syndicating outlet's own re-post
            doc(&edited, "c3", "CNA", 8),   // and that re-post again
        ];
        let got = duplicates(&docs, &DedupOptions::default()).unwrap();
        let kinds: Vec<Kind> = got.iter().map(|r| r.kind).collect();
        use Kind::*;
        assert_eq!(
            kinds,
            [Original, Repost, Original, Exact, Exact, Syndicated, Repost, Exact]
        );
        assert!(got[1..].iter().all(|r| r.first == 2 && r.cluster == 0));
        assert_eq!((got[0].first, got[0].cluster), (0, 1));
        for i in [2, 3, 4, 5] {
            assert_eq!(got[i].similarity, 1.0, "row {i}");
        }
        assert!(got[1].similarity > 0.8 && got[1].similarity < 1.0);
    }

    #[test]
    fn short_and_empty_texts_are_copies_by_key_only() {
        let docs = [
            doc("视频", "a", "DW", 1),
            doc("视频", "b", "DW", 2),
            doc("", "c", "DW", 3),
            doc("", "c", "DW", 4),
        ];
        let got = duplicates(&docs, &DedupOptions::default()).unwrap();
        let firsts: Vec<u32> = got.iter().map(|r| r.first).collect();
        assert_eq!(firsts, [0, 1, 2, 2]);
        assert_eq!(got[3].kind, Kind::Exact);
    }

    #[test]
    fn results_do_not_depend_on_threads() {
        let texts: Vec<String> = (0..300)
            .map(|i| {
                let base = if i % 3 == 0 { STORY } else { OTHER };
                format!("{base}第{}段。{}", i % 7, "补充".repeat(i % 5))
            })
            .collect();
        let docs: Vec<DedupDoc<'_>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| DedupDoc {
                text: Some(t),
                key: None,
                outlet: Some(if i % 2 == 0 { "A" } else { "B" }),
                order: (i as u64 * 7919) % 300,
            })
            .collect();
        let opts = DedupOptions::default();
        let one = crate::pool::install(Some(1), || duplicates(&docs, &opts))
            .unwrap()
            .unwrap();
        let two = crate::pool::install(Some(2), || duplicates(&docs, &opts))
            .unwrap()
            .unwrap();
        assert_eq!(one, two);
        // Two stories, each re-posted with small additions: two clusters.
        let mut clusters: Vec<u32> = one.iter().map(|r| r.cluster).collect();
        clusters.sort_unstable();
        clusters.dedup();
        assert_eq!(clusters, [0, 1]);
    }

    #[test]
    fn bad_options_are_refused() {
        let docs = [doc(STORY, "a", "X", 0)];
        for opts in [
            DedupOptions {
                threshold: 0.0,
                ..Default::default()
            },
            DedupOptions {
                k: 0,
                ..Default::default()
            },
            DedupOptions {
                num_perm: 4,
                ..Default::default()
            },
        ] {
            assert!(matches!(
                duplicates(&docs, &opts),
                Err(XinwenError::InvalidArgument(_))
            ));
        }
    }
}
