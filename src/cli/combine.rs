//! `breakglass combine`: recover the secret from k shares found in files, stdin or typed text.

use std::io::IsTerminal;
use std::path::PathBuf;

use breakglass::scan;
use breakglass::share::Share;
use breakglass::share::parts;
use breakglass::share::text::{self, Found};
use breakglass::sharing;

use super::CliError;
use super::io::{self, Input};

/// Arguments of `combine`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  breakglass combine shares/share-1-of-3.txt shares/share-3-of-3.txt\n  \
zbarimg --raw sheet1.png sheet2.png | breakglass combine -\n  \
pdftotext share-2-of-3.pdf - | breakglass combine - share-3-of-3.txt")]
pub struct Args {
    /// Files holding shares anywhere in their text (share files, pasted text, pdftotext output,
    /// decoder output); `-` reads stdin. With none, reads stdin (and asks on a terminal).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Write the secret to FILE (mode 0600, exact bytes) instead of printing it.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// For shares that need a passphrase: read it from FILE instead of asking at the terminal.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    #[command(flatten)]
    pub airgap: super::airgap::Guard,
}

/// A share and where it came from.
pub struct Sourced {
    /// The share.
    pub share: Share,
    /// File name, with the input line when the file holds more than one share.
    pub source: String,
    /// The label printed beside the share, if any.
    pub label: Option<String>,
}

/// Every share read from the inputs, and a message for each one that could not be read.
pub struct Gathered {
    /// Readable shares.
    pub shares: Vec<Sourced>,
    /// One message per unreadable share or input.
    pub problems: Vec<String>,
}

fn input_name(name: &str) -> String {
    if name == "-" { "standard input".into() } else { name.to_string() }
}

/// The QR codes of an image as lines of text for the share scanner, or `None` (with a problem
/// recorded) when the image holds no breakglass code.
fn image_text(
    shown: &str,
    scanned: Result<scan::Scanned, scan::ScanError>,
    problems: &mut Vec<String>,
) -> Option<String> {
    let scanned = match scanned {
        Ok(s) => s,
        Err(e) => {
            problems.push(format!("{shown}: {e}"));
            return None;
        }
    };
    let (ours, others): (Vec<String>, Vec<String>) =
        scanned.codes.into_iter().partition(|c| c.to_ascii_uppercase().starts_with(text::MARKER));
    for other in &others {
        let shown_text: String = other.chars().take(40).filter(|c| !c.is_control()).collect();
        problems.push(format!("{shown} holds a QR code that is not a breakglass share (it reads \"{shown_text}…\"); it was ignored"));
    }
    if ours.is_empty() {
        if others.is_empty() {
            problems.push(format!(
                "no readable QR code in {shown}: take the photo straight on, in even light, with the whole code sharp; or type the text printed beside the code (run breakglass combine with no arguments)"
            ));
        }
        return None;
    }
    Some(ours.join("\n"))
}

/// Searches the image inputs for QR codes, spread over the available cores; results by input index.
fn scan_images(read: &[Input]) -> std::collections::HashMap<usize, Result<scan::Scanned, scan::ScanError>> {
    let images: Vec<(usize, &[u8])> = read
        .iter()
        .enumerate()
        .filter_map(|(i, r)| if let Input::Image(b) = r { Some((i, b.as_slice())) } else { None })
        .collect();
    let _p = (images.len() > 2)
        .then(|| io::Progress::start(&format!("Searching {} images for QR codes", images.len())));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let per = images.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = images
            .chunks(per)
            .map(|batch| {
                s.spawn(move || batch.iter().map(|&(i, b)| (i, scan::scan_image(b))).collect::<Vec<_>>())
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).flatten().collect()
    })
}

/// Reads every input and finds the shares in it.
pub fn gather(inputs: &[String]) -> Result<Gathered, CliError> {
    let mut g = Gathered { shares: Vec::new(), problems: Vec::new() };
    let mut all_parts = Vec::new();
    let mut part_sources: Vec<String> = Vec::new();
    // Read every input first, then search the images on every core: a large share has many pages.
    let read: Vec<Input> = inputs.iter().map(|name| io::read_input(name)).collect::<Result<_, _>>()?;
    let mut scans = scan_images(&read);
    for (i, (name, input)) in inputs.iter().zip(read).enumerate() {
        let shown = input_name(name);
        let text = match input {
            Input::Text(t) => t,
            Input::Image(_) => {
                let Some(scanned) = scans.remove(&i) else {
                    g.problems.push(format!("{shown}: the image search stopped on an internal error"));
                    continue;
                };
                match image_text(&shown, scanned, &mut g.problems) {
                    Some(t) => t,
                    None => continue,
                }
            }
            Input::NotText(why) => {
                g.problems.push(format!("{shown} {}", why.replace("FILE", name)));
                continue;
            }
        };
        let found = text::scan(&text);
        let mut parts_here = 0;
        for p in parts::scan(&text) {
            match p {
                Ok(p) => {
                    all_parts.push(p);
                    parts_here += 1;
                }
                Err(e) => g.problems.push(format!("{shown}: {e}")),
            }
        }
        if parts_here > 0 {
            part_sources.push(shown.clone());
        }
        if found.is_empty() && parts_here == 0 {
            g.problems.push(format!(
                "no breakglass share found in {shown}: a share is a line BREAKGLASS-V1 followed by numbered lines, or a QR text BREAKGLASS-V1:…"
            ));
        }
        let many = found.len() > 1;
        for Found { input_line, label, result } in found {
            let source = if many { format!("{shown} (input line {input_line})") } else { shown.clone() };
            match result {
                Ok(share) => g.shares.push(Sourced { share, source, label }),
                Err(e) => g.problems.push(format!("{source}: {e}")),
            }
        }
    }
    // Parts of large shares may be spread over many pages and images: join them across all inputs.
    let (joined, problems) = parts::assemble(all_parts);
    let source = format!("QR parts in {}", part_sources.join(", "));
    g.shares.extend(joined.into_iter().map(|share| Sourced { share, source: source.clone(), label: None }));
    g.problems.extend(problems.iter().map(ToString::to_string));
    Ok(g)
}

/// Most problems listed one by one; the rest are counted.
const SHOWN_PROBLEMS: usize = 20;

/// Prints the first problems with `emit` and a count of the rest.
pub fn print_problems(problems: &[String], emit: impl Fn(&str)) {
    for p in problems.iter().take(SHOWN_PROBLEMS) {
        emit(p);
    }
    if problems.len() > SHOWN_PROBLEMS {
        emit(&format!("… and {} more like these", problems.len() - SHOWN_PROBLEMS));
    }
}

/// The secret of a recovered set: the shared bytes, or for a passphrase set what they decrypt to.
pub fn unlock(
    rec: &sharing::Recovered,
    file: Option<&std::path::Path>,
    option: &str,
) -> Result<breakglass::Secret, CliError> {
    if !rec.header.passphrase {
        return Ok(breakglass::Secret::from_slice(rec.secret.expose()));
    }
    eprintln!("The shares of set {} recombine; this set also needs its passphrase.", rec.header.set_id);
    // Asked at the terminal, a mistyped passphrase may be typed again (three tries in all).
    let tries = if file.is_none() { 3 } else { 1 };
    for attempt in 1..=tries {
        let pass = io::read_passphrase(file, false, option)?;
        match super::split::open(&rec.secret, &pass) {
            Err(breakglass::passphrase::PassphraseError::Wrong) if attempt < tries => {
                eprintln!(
                    "That passphrase does not open the set; try again ({} tries left).",
                    tries - attempt
                );
            }
            other => return other.map_err(|e| CliError::Failed(e.to_string())),
        }
    }
    Err(CliError::Failed(breakglass::passphrase::PassphraseError::Wrong.to_string()))
}

/// Runs `combine`.
pub fn run(args: Args) -> Result<(), CliError> {
    args.airgap.check()?;
    let mut inputs = args.inputs.clone();
    if inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            return super::guided::run(args.output.as_deref(), args.force);
        }
        inputs.push("-".into());
    }
    let g = gather(&inputs)?;
    print_problems(&g.problems, |p| eprintln!("problem: {p}"));
    let unread = g.problems.len();
    let shares: Vec<Share> = g.shares.iter().map(|s| s.share.clone()).collect();
    if shares.is_empty() {
        return Err(CliError::Failed("no share could be read; nothing was recovered".into()));
    }
    let rec = sharing::combine(&shares).map_err(|e| {
        if unread > 0 {
            CliError::Failed(format!("{e} ({unread} more could not be read; see the problems above)"))
        } else {
            CliError::Sharing(e)
        }
    })?;
    for index in &rec.misfits {
        let from = g
            .shares
            .iter()
            .find(|s| s.share.header.index == *index)
            .map(|s| s.source.as_str())
            .unwrap_or("?");
        eprintln!(
            "warning: share {index} ({from}) does not fit the other shares of set {}: it is altered, damaged or forged and was not used; replace it",
            rec.header.set_id
        );
    }
    if rec.header.kind == breakglass::share::Kind::File
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        return Err(CliError::Failed(
            "this secret is a file: write it with -o FILE rather than to the terminal".into(),
        ));
    }
    let secret = unlock(&rec, args.passphrase_file.as_deref(), "--passphrase-file")?;
    match &args.output {
        Some(path) => {
            io::write_file(path, secret.expose(), args.force)?;
            eprintln!(
                "Recovered the secret of set {} from shares {}; wrote {}.",
                rec.header.set_id,
                sharing::and_list(&rec.used),
                path.display()
            );
        }
        None => {
            eprintln!(
                "Recovered the secret of set {} from shares {}.",
                rec.header.set_id,
                sharing::and_list(&rec.used)
            );
            io::print_secret(&secret)?;
        }
    }
    Ok(())
}
