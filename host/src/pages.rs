//! Pages of long lists, for hosts whose calls return a list one page at a time.

/// One page of an ordered sequence: at most `limit` items from position `offset` (0-based), and
/// how many items the whole sequence has.
///
/// ```
/// assert_eq!(vastuu_host::page(1..=10, 8, 5), (10, vec![9, 10]));
/// ```
pub fn page<T>(items: impl IntoIterator<Item = T>, offset: u64, limit: u32) -> (u64, Vec<T>) {
    let skip = usize::try_from(offset).unwrap_or(usize::MAX);
    let take = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut total: usize = 0;
    let mut page = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i >= skip && page.len() < take {
            page.push(item);
        }
        total = i + 1;
    }
    (u64::try_from(total).unwrap_or(u64::MAX), page)
}
