//! The command line's behaviour as data: every case under `tests/cmd/` is one run of the binary with
//! its arguments, standard input, expected standard output, standard error and exit status
//! (`trycmd`, as `rage/tests/cmd/` does). Reading that folder is reading the CLI's contract.
//!
//! The share files the cases read live in `tests/cmd/shares/`. They are made from seeded splits
//! (seed 1 is the `password-2-of-3` golden vector), so they can be written again exactly:
//! `BREAKGLASS_WRITE_CMD_FIXTURES=1 cargo test --test cmd`. After a change of wording, refresh the
//! expected output with `TRYCMD=overwrite cargo test --test cmd` and read the diff.

use std::fs;
use std::path::{Path, PathBuf};

use breakglass::{
    CHECKSUM_LEN, Date, Kind, Lineage, Paper, RecordInfo, Secret, Share, SheetOptions, SplitParams, checksum,
    combine, compact, new_header, record_text, seal_envelope, sheet_text, split, split_under, typed,
};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

#[test]
fn cli_cases() {
    if std::env::var_os("BREAKGLASS_WRITE_CMD_FIXTURES").is_some() {
        write_fixtures();
    }
    trycmd::TestCases::new()
        .register_bin("breakglass", PathBuf::from(env!("CARGO_BIN_EXE_breakglass")))
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}

/// The day every fixture set was made (that of the `password-2-of-3` golden vector).
fn created() -> Date {
    Date::from_ymd(2026, 11, 24).expect("a date")
}

fn seeded(secret: &Secret, kind: Kind, k: u8, n: u8, rng: &mut ChaCha20Rng) -> Vec<Share> {
    let params = SplitParams {
        threshold: k,
        total: n,
        kind,
        created: created(),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    split(secret, &params, rng).expect("split")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::create_dir_all(dir).expect("fixture dir");
    fs::write(dir.join(name), bytes).expect("fixture");
}

/// The record of a fixture set, as `new` would write it for the fixtures' label.
fn record_info(shares: &[Share]) -> RecordInfo<'_> {
    RecordInfo {
        header: &shares[0].header,
        fingerprint: Some(combine(&shares[..2]).expect("combine").fingerprint),
        label: Some("bg-admin1@contoso.com"),
        upn: None,
        object_ids: &[],
        supersedes: None,
        service: Some(breakglass::Service::Entra),
    }
}

fn record(shares: &[Share]) -> String {
    record_text(&record_info(shares))
}

fn sheet_opts() -> SheetOptions<'static> {
    SheetOptions { label: Some("bg-admin1@contoso.com"), paper: Paper::A4, appendix: false }
}

fn record_pdf_of(shares: &[Share]) -> Vec<u8> {
    breakglass::record_pdf(&record_info(shares), Paper::A4)
}

fn share_file(share: &Share) -> String {
    let opts = SheetOptions { label: Some("bg-admin1@contoso.com"), paper: Paper::A4, appendix: false };
    sheet_text(share, &opts)
}

/// Shares 1 and 2 of set a as mail, editors and other systems hand them back (tests/cmd/mail-*).
fn write_text_as_people_bring_it(root: &Path, a: &[Share]) {
    let both = format!("{}\n{}", share_file(&a[0]), share_file(&a[1]));
    // Quoted in a reply, with no-break spaces and an en dash from a word processor.
    let quoted: String = both
        .lines()
        .map(|l| format!("> {}\n", l.replacen("  ", "\u{a0}\u{a0}", 1).replacen(' ', "\u{2013}", 1)))
        .collect();
    write(
        &root.join("mail"),
        "quoted.txt",
        format!("Hi,\n\nhere are the shares:\n\n{quoted}\nThanks\n").as_bytes(),
    );
    // Classic Mac line ends, and UTF-16 with a byte order mark (PowerShell's `>`).
    write(&root.join("mail"), "cr-only.txt", both.replace('\n', "\r").as_bytes());
    let utf16: Vec<u8> =
        [0xff, 0xfe].into_iter().chain(both.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    write(&root.join("mail"), "utf16.txt", &utf16);
    // Each share's lines joined into one by a mail program that reflowed the text.
    let joined: String = a[..2].iter().map(|s| format!("{}\n", typed::block(s).replace('\n', " "))).collect();
    write(&root.join("mail"), "joined.txt", joined.as_bytes());
    // A character no share has, on line 3 of share 1.
    let euro = typed::block(&a[0]).replacen("03  0400", "03  04\u{20ac}0", 1);
    write(&root.join("mail"), "euro.txt", format!("{euro}\n").as_bytes());
}

/// Writes `tests/cmd/shares/` from seeded splits.
fn write_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/shares");
    let secret = Secret::from_slice(b"Example-Secret-1");
    let a = seeded(&secret, Kind::Password, 2, 3, &mut ChaCha20Rng::seed_from_u64(1));
    for s in &a {
        write(&root.join("a"), &format!("share-{}-of-3.txt", s.header.index), share_file(s).as_bytes());
    }
    let b = seeded(&secret, Kind::Password, 2, 3, &mut ChaCha20Rng::seed_from_u64(2));
    // Set b is the same secret split again: shares 2 and 3 of it.
    for s in &b[1..] {
        write(&root.join("b"), &format!("share-{}-of-3.txt", s.header.index), share_file(s).as_bytes());
    }
    // Set c is another account's: shares 1 and 2 of it.
    let c = seeded(
        &Secret::from_slice(b"Another-Secret-9"),
        Kind::Password,
        2,
        3,
        &mut ChaCha20Rng::seed_from_u64(7),
    );
    for s in &c[..2] {
        write(&root.join("c"), &format!("share-{}-of-3.txt", s.header.index), share_file(s).as_bytes());
    }
    // A second generation that supersedes set a, already written in a-next/.
    let params = SplitParams {
        threshold: 2,
        total: 3,
        kind: Kind::Password,
        created: created(),
        lineage: Lineage::FIRST.next(&a[0].header.set_id),
        passphrase: false,
    };
    let next = split(&Secret::from_slice(b"Example-Secret-2"), &params, &mut ChaCha20Rng::seed_from_u64(5))
        .expect("split");
    for s in &next[..2] {
        write(&root.join("a-next"), &format!("share-{}-of-3.txt", s.header.index), share_file(s).as_bytes());
    }
    // A file secret, which must come back byte for byte (no newline added).
    let file = seeded(
        &Secret::from_slice(b"line one\nline two, no newline at the end"),
        Kind::File,
        2,
        2,
        &mut ChaCha20Rng::seed_from_u64(6),
    );
    for s in &file {
        write(&root.join("file"), &format!("share-{}-of-2.txt", s.header.index), share_file(s).as_bytes());
    }
    // The ceremony records of both sets, and one whose fingerprint was changed (a substituted set).
    write(&root.join("a"), "record.txt", record(&a).as_bytes());
    // The PDFs breakglass writes, which it reads back directly.
    for sh in &a {
        write(
            &root.join("a"),
            &format!("share-{}-of-3.pdf", sh.header.index),
            &breakglass::sheet_pdf(sh, &sheet_opts()),
        );
    }
    write(&root.join("a"), "record.pdf", &record_pdf_of(&a));
    write(&root.join("b"), "record.txt", record(&b).as_bytes());
    let fp = combine(&a[..2]).expect("combine").fingerprint.to_string();
    let other = combine(&b[..2]).expect("combine").fingerprint.to_string();
    write(&root, "substituted-record.txt", record(&a).replace(&fp, &other).as_bytes());
    write(&root, "two-records.txt", format!("{}\n{}", record(&a), record(&b)).as_bytes());

    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let pass = Secret::from_slice(b"correct horse battery staple");
    let inner = Secret::from_slice(b"Passphrase-Secret-1");
    let params = SplitParams {
        threshold: 2,
        total: 3,
        kind: Kind::Password,
        created: created(),
        lineage: Lineage::FIRST,
        passphrase: true,
    };
    let header = new_header(&params, inner.len() + 68, &mut rng).expect("header");
    let envelope = seal_envelope(&inner, &pass, &header, &mut rng).expect("seal");
    let p = split_under(&header, &envelope, &mut rng).expect("split");
    for s in &p[..2] {
        write(&root.join("pass"), &format!("share-{}-of-3.txt", s.header.index), share_file(s).as_bytes());
    }
    write(&root.join("pass"), "passphrase.txt", b"correct horse battery staple\n");
    write(&root.join("pass"), "wrong.txt", b"correct horse battery stapler\n");
    write(&root.join("pass"), "empty.txt", b"");
    write(&root.join("pass"), "newline.txt", b"\n");
    write(&root.join("pass"), "two-lines.txt", b"correct horse battery staple\nsecond line\n");
    write(&root.join("pass"), "short.txt", b"horse\n");
    write(&root.join("pass"), "edge-space.txt", b"correct horse battery staple \n");
    write(&root.join("pass"), "accented.txt", "caf\u{e9} au lait\n".as_bytes());

    // Share 2 with one character changed on line 3, as a tired person types it.
    let typo: Vec<String> = share_file(&a[1])
        .lines()
        .map(|l| match l.strip_prefix("03  ") {
            Some(rest) => format!("03  {}{}", if rest.starts_with('A') { 'B' } else { 'A' }, &rest[1..]),
            None => l.to_string(),
        })
        .collect();
    write(&root, "typo.txt", (typo.join("\n") + "\n").as_bytes());
    write_text_as_people_bring_it(&root, &a);
    // Share 1 with its share bytes altered and every checksum recomputed: a forgery.
    let mut forged = a[0].to_bytes().to_vec();
    forged[40] ^= 0x5a;
    let body = forged.len() - CHECKSUM_LEN;
    let sum = checksum(&forged[..body]);
    forged[body..].copy_from_slice(&sum);
    write(&root, "forged.txt", typed::block_of_bytes(&forged).as_bytes());
    let decoder = format!("QR-Code:{}\nQR-Code:{}\n", compact(&a[0]), compact(&a[2]));
    write(&root, "decoder.txt", decoder.as_bytes());
    let v2 = format!("QR-Code:{}\nQR-Code:{}\n", compact(&a[0]).replace("-V1:", "-V2:"), compact(&a[2]));
    write(&root, "decoder-v2.txt", v2.as_bytes());
    write(&root, "decoder-lower.txt", decoder.to_lowercase().as_bytes());
    let vault =
        SheetOptions { label: Some("breakglass-vault@contoso.com"), paper: Paper::A4, appendix: false };
    write(&root, "vault-label.txt", sheet_text(&a[1], &vault).as_bytes());
    // What the stdin cases paste: a share file alone, and two in the middle of a chat.
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    write(&cases, "combine-stdin-and-file.stdin", share_file(&a[0]).as_bytes());
    let chat = format!(
        "chat log: here is mine\n> ok\n{}\nand mine, from the envelope in safe 2:\n{}thanks\n",
        share_file(&a[0]),
        share_file(&a[1])
    );
    write(&cases, "combine-pasted-chat.stdin", chat.as_bytes());
    write(&root, "notes.txt", b"Meeting notes: nothing to see here.\n");
    write(&root, "notes-empty.txt", b"");
    write(&root, "sheet.pdf", b"%PDF-1.7\n");
    write(&root, "photo.png", b"\x89PNG\r\n\x1a\nnot really an image");
    write(&root, "photo.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic");
}
