//! Wording shared by `inspect` and `drill`: a set's generation and an overdue review.

use breakglass::{Date, Lineage};

/// "1", or "2, supersedes set 7K3F-Q2XA-…".
pub(crate) fn lineage(l: &Lineage) -> String {
    match l.supersedes_display() {
        Some(old) => format!("{}, supersedes set {old}", l.generation),
        None => l.generation.to_string(),
    }
}

/// A warning when the review-by date of a set made on `created` has passed by `today`.
pub(crate) fn overdue(created: Date, today: Option<Date>) -> Option<String> {
    let today = today?;
    let due = created.review_by();
    (today > due).then(|| {
        format!(
            "the review was due on {due}, {} days ago: drill the shares, check the seals, and rotate if anything changed",
            today.0 - due.0
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_reviews_are_flagged() {
        let w = overdue(Date(0), Date::from_ymd(1970, 4, 11));
        assert_eq!(
            w.as_deref(),
            Some(
                "the review was due on 1970-04-01, 10 days ago: drill the shares, check the seals, and rotate if anything changed"
            )
        );
        assert_eq!(overdue(Date(0), Some(Date(90))), None);
        assert_eq!(overdue(Date(0), None), None);
    }
}
