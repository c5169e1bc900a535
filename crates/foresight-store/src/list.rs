//! Shared shape of list queries: a page, a whitelisted sort, and the page's total.

/// A validated page request. The server checks ranges and the sort key against the resource's
/// whitelist before it gets here, so the SQL below only ever sees known column names.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
    /// A column name from the resource's whitelist.
    pub sort_column: &'static str,
    pub descending: bool,
}

impl PageRequest {
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }

    /// `ORDER BY` clause with a unique tie-breaker so pages never overlap or skip rows.
    pub fn order_by(&self, tie_breaker: &str) -> String {
        let dir = if self.descending { "DESC" } else { "ASC" };
        format!(" ORDER BY {} {dir}, {tie_breaker} {dir}", self.sort_column)
    }
}

/// One page of results with the total number of matching rows.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// Escapes LIKE metacharacters so a search for "50%" finds that text, not everything.
pub fn like_pattern(q: &str) -> String {
    let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}
