//! The plain-text share file `share-I-of-N.txt`: a short readable header, then the typed form.

use super::{FORMAT_REFERENCE, SheetOptions, threshold_sentence};
use crate::share::Share;
use crate::share::typed;

/// The whole file.
pub fn sheet_text(share: &Share, opts: &SheetOptions<'_>) -> String {
    let h = &share.header;
    let mut out = format!("Emergency access share {} of {} (breakglass)\n", h.index, h.total);
    out.push_str(&threshold_sentence(h.threshold, h.total));
    out.push('\n');
    if h.passphrase {
        out.push_str("A passphrase is also required: it is kept apart from these sheets.\n");
    }
    out.push('\n');
    if let Some(label) = opts.label {
        out.push_str(&format!("Label:      {label}\n"));
    }
    out.push_str(&format!("Set:        {}\n", h.set_id));
    out.push_str(&format!("Share:      {} of {} (any {} recover)\n", h.index, h.total, h.threshold));
    out.push_str(&format!("Kind:       {}\n", h.kind.name()));
    out.push_str(&format!("Created:    {}\n", h.created));
    out.push_str(&format!("Review by:  {}\n", h.created.review_by()));
    match h.lineage.supersedes_display() {
        Some(old) => out.push_str(&format!(
            "Generation: {}, supersedes set {old} (destroy that set's sheets)\n",
            h.lineage.generation
        )),
        None => out.push_str(&format!("Generation: {}\n", h.lineage.generation)),
    }
    out.push_str("Format:     breakglass share format v1\n\n");
    out.push_str(&typed::block(share));
    out.push_str(&format!(
        "\nTo recover: breakglass combine share-{}-of-{}.txt <another share file> (any {} shares).\n",
        h.index, h.total, h.threshold
    ));
    out.push_str(
        "Each numbered line ends in two check characters; breakglass names any line that is wrong.\n",
    );
    out.push_str(FORMAT_REFERENCE);
    out.push('\n');
    out
}
