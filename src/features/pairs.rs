//! Counting tens of millions of pair occurrences without a giant hash map.
//!
//! A hash map of pair counts misses the cache on nearly every increment once it holds millions of
//! pairs. Here pair keys are appended to a buffer; a full buffer is radix-sorted (sequential
//! passes over memory) and run-length encoded into a sorted run of `(key, count)`; runs are kept
//! in a log-structured stack and merged when a newer run grows as large as an older one, so each
//! key is merged O(log n) times. Memory is the buffer plus one entry per distinct pair.

/// Keys per buffer (16 MiB of `u64`, 8 MiB of `u32`).
const BUFFER: usize = 1 << 21;

/// A key the counter sorts: `u64`, or `u32` when pairs of the vocabulary fit in it, which halves
/// the memory every pass of the sort and every merge moves.
pub trait Key: Copy + Ord + Default + Send + Sync + std::fmt::Debug {
    /// Bits up to the highest set one.
    fn bits(self) -> u32;
    /// The `BITS`-wide digit at `shift`.
    fn digit(self, shift: u32, mask: usize) -> usize;
}

impl Key for u64 {
    #[inline]
    fn bits(self) -> u32 {
        64 - self.leading_zeros()
    }
    #[inline]
    fn digit(self, shift: u32, mask: usize) -> usize {
        ((self >> shift) as usize) & mask
    }
}

impl Key for u32 {
    #[inline]
    fn bits(self) -> u32 {
        32 - self.leading_zeros()
    }
    #[inline]
    fn digit(self, shift: u32, mask: usize) -> usize {
        ((self >> shift) as usize) & mask
    }
}

/// Counts keys; see the module docs.
#[derive(Debug)]
pub struct PairCounter<K: Key = u64> {
    buf: Vec<K>,
    scratch: Vec<K>,
    /// Sorted runs, oldest (largest) first.
    runs: Vec<Vec<(K, u32)>>,
    /// Memory of merged-away runs, reused: fresh allocations of this size cost page faults.
    spare: Vec<Vec<(K, u32)>>,
}

impl<K: Key> Default for PairCounter<K> {
    fn default() -> Self {
        PairCounter {
            buf: Vec::new(),
            scratch: Vec::new(),
            runs: Vec::new(),
            spare: Vec::new(),
        }
    }
}

impl<K: Key> PairCounter<K> {
    /// Count one occurrence of `key`.
    #[inline]
    pub fn push(&mut self, key: K) {
        if self.buf.capacity() == 0 {
            self.buf.reserve_exact(BUFFER);
        }
        self.buf.push(key);
        if self.buf.len() >= BUFFER {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        radix_sort(&mut self.buf, &mut self.scratch);
        let mut run: Vec<(K, u32)> = self.spare.pop().unwrap_or_default();
        run.clear();
        for &k in &self.buf {
            match run.last_mut() {
                Some((last, c)) if *last == k => *c = c.saturating_add(1),
                _ => run.push((k, 1)),
            }
        }
        self.buf.clear();
        self.runs.push(run);
        while self.runs.len() >= 2 {
            let n = self.runs.len();
            if self.runs[n - 1].len() * 2 < self.runs[n - 2].len() {
                break;
            }
            let newer = self.runs.pop().unwrap_or_default();
            let older = self.runs.pop().unwrap_or_default();
            let mut out = self.spare.pop().unwrap_or_default();
            merge_into(&older, &newer, &mut out);
            self.spare.push(older);
            self.spare.push(newer);
            // Keep the two largest spares only.
            self.spare.sort_by_key(Vec::capacity);
            while self.spare.len() > 2 {
                self.spare.remove(0);
            }
            self.runs.push(out);
        }
    }

    /// All keys with their counts, sorted by key.
    pub fn finish(mut self) -> Vec<(K, u32)> {
        self.flush();
        self.scratch = Vec::new();
        self.runs.into_iter().reduce(merge).unwrap_or_default()
    }
}

/// Merge two sorted runs, adding the counts of equal keys.
pub fn merge<K: Key>(a: Vec<(K, u32)>, b: Vec<(K, u32)>) -> Vec<(K, u32)> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::new();
    merge_into(&a, &b, &mut out);
    out
}

/// Merge two sorted runs into `out` (cleared first).
fn merge_into<K: Key>(a: &[(K, u32)], b: &[(K, u32)], out: &mut Vec<(K, u32)>) {
    out.clear();
    out.reserve(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => {
                out.push(x);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(y);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((x.0, x.1.saturating_add(y.1)));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(a.get(i..).unwrap_or(&[]));
    out.extend_from_slice(b.get(j..).unwrap_or(&[]));
}

/// Least-significant-digit radix sort with 12-bit digits, skipping digits above the largest key.
fn radix_sort<K: Key>(keys: &mut Vec<K>, scratch: &mut Vec<K>) {
    const BITS: u32 = 12;
    const BUCKETS: usize = 1 << BITS;
    let max = keys.iter().copied().max().unwrap_or_default();
    let bits = max.bits();
    scratch.clear();
    scratch.resize(keys.len(), K::default());
    let mut shift = 0;
    while shift < bits {
        let mut counts = [0usize; BUCKETS];
        for &k in keys.iter() {
            counts[k.digit(shift, BUCKETS - 1)] += 1;
        }
        let mut total = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = total;
            total += n;
        }
        for &k in keys.iter() {
            let d = k.digit(shift, BUCKETS - 1);
            scratch[counts[d]] = k;
            counts[d] += 1;
        }
        std::mem::swap(keys, scratch);
        shift += BITS;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn counts_match_a_map() {
        let mut c = PairCounter::<u64>::default();
        let mut want: BTreeMap<u64, u32> = BTreeMap::new();
        // A pseudo-random stream longer than one buffer, with many repeats.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..(BUFFER + BUFFER / 2) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let key = ((x % 50_000) << 32) | ((x >> 40) % 7);
            c.push(key);
            *want.entry(key).or_insert(0) += 1;
        }
        let got = c.finish();
        assert_eq!(got.len(), want.len());
        assert!(got
            .iter()
            .zip(&want)
            .all(|(g, (k, v))| g.0 == *k && g.1 == *v));
    }

    #[test]
    fn sorts_and_merges() {
        let mut v = vec![5u64, 1 << 40, 3, 3, 0, u64::MAX];
        let mut s = Vec::new();
        radix_sort(&mut v, &mut s);
        assert_eq!(v, vec![0, 3, 3, 5, 1 << 40, u64::MAX]);
        assert_eq!(
            merge(vec![(1u64, 1), (3, 2)], vec![(1u64, 4), (2, 1)]),
            vec![(1, 5), (2, 1), (3, 2)]
        );
        assert!(PairCounter::<u64>::default().finish().is_empty());
        let mut w = vec![9u32, 1, u32::MAX, 1];
        let mut s = Vec::new();
        radix_sort(&mut w, &mut s);
        assert_eq!(w, vec![1, 1, 9, u32::MAX]);
    }
}
