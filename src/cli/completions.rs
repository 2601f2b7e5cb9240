//! `breakglass completions SHELL` and `breakglass man`: shell completions and the man page, generated
//! from the same clap definitions as `--help`.

use clap_complete::Shell;

use super::console::out_bytes;
use super::error::CliError;

/// Arguments of `completions`.
#[derive(clap::Args)]
#[command(after_help = "Examples (install):\n  \
breakglass completions bash > /etc/bash_completion.d/breakglass\n  \
breakglass completions zsh > /usr/local/share/zsh/site-functions/_breakglass\n  \
breakglass completions fish > ~/.config/fish/completions/breakglass.fish")]
pub(crate) struct CompletionArgs {
    /// The shell: bash, zsh or fish (also elvish, powershell).
    #[arg(value_name = "SHELL")]
    shell: Shell,
}

/// Arguments of `man`.
#[derive(clap::Args)]
#[command(after_help = "Examples (install):\n  \
breakglass man > /usr/local/share/man/man1/breakglass.1\n  \
breakglass man new > /usr/local/share/man/man1/breakglass-new.1")]
pub(crate) struct ManArgs {
    /// The command whose page to print (breakglass-COMMAND(1)); without it, the main page.
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// Prints the completion script for the command line `cmd`.
pub(crate) fn completions(args: CompletionArgs, mut cmd: clap::Command) -> Result<(), CliError> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "breakglass", &mut out);
    if args.shell == Shell::Fish {
        out = fish_dollars_escaped(&out);
    }
    out_bytes(&out)
}

/// clap_complete writes value descriptions into fish's double-quoted strings as they are, and fish
/// takes a `$` there for a variable (the AWS symbols list holds one): the whole file then fails to
/// load. Escapes every `$` inside double quotes that starts no variable (`"$cmd"` in the generated
/// functions stays), following fish's quoting (comment lines as they are).
fn fish_dollars_escaped(script: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(script.len() + 16);
    let (mut single, mut double, mut escaped) = (false, false, false);
    for line in script.split_inclusive(|&b| b == b'\n') {
        if !single && !double && line.trim_ascii_start().starts_with(b"#") {
            out.extend_from_slice(line);
            continue;
        }
        for (i, &b) in line.iter().enumerate() {
            let variable =
                line.get(i + 1).is_some_and(|&n| n.is_ascii_alphanumeric() || n == b'_' || n == b'(');
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'\'' if !double => single = !single,
                b'"' if !single => double = !double,
                b'$' if double && !variable => out.push(b'\\'),
                _ => {}
            }
            out.push(b);
        }
    }
    out
}

/// The exit statuses, for the main page (DESIGN's command-line contract).
const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"\n.TP\n0\nsuccess\n.TP\n1\nthe work failed: a bad or forged share, too few shares, a refused overwrite, a failed drill; no secret was printed\n.TP\n2\na usage error: the command line is wrong\n.TP\n130\ninterrupted; nothing was written, and what was there before is unchanged\n";

/// Prints a man page (roff): the main page with the list of commands and the exit statuses, or one
/// command's page; examples keep their lines.
pub(crate) fn man(args: ManArgs, cmd: clap::Command) -> Result<(), CliError> {
    let page = match &args.command {
        // `help` has no page of its own (`breakglass man help` is no command), so it is not listed.
        None => {
            let mut main = cmd.clone();
            main.build();
            main.mut_subcommand("help", |h| h.hide(true))
        }
        Some(name) => {
            let sub = cmd.find_subcommand(name).filter(|s| s.get_name() != "help").cloned();
            let sub = sub.ok_or_else(|| CliError::NoSuchCommand(name.clone()))?;
            sub.display_name(format!("breakglass-{name}")).bin_name(format!("breakglass {name}"))
        }
    };
    let main = args.command.is_none();
    let examples = page.get_after_help().map(|h| h.to_string());
    let m = clap_mangen::Man::new(page.after_help(None::<&str>));
    let mut out = Vec::new();
    let rendered = m
        .render_title(&mut out)
        .and_then(|()| m.render_name_section(&mut out))
        .and_then(|()| m.render_synopsis_section(&mut out))
        .and_then(|()| m.render_description_section(&mut out))
        .and_then(|()| m.render_options_section(&mut out))
        .and_then(|()| if main { m.render_subcommands_section(&mut out) } else { Ok(()) });
    rendered.map_err(CliError::Stdout)?;
    if main {
        out.extend_from_slice(EXIT_STATUS.as_bytes());
    }
    if let Some(text) = examples {
        out.extend_from_slice(b".SH EXAMPLES\n.nf\n");
        // The section's title stands for the help's own "Examples:" line.
        let heading = |l: &&str| matches!(l.trim(), "Examples:" | "Example:");
        for line in text.lines().skip_while(heading) {
            let line = line.replace('\\', "\\e");
            let line = if line.starts_with(['.', '\'']) { format!("\\&{line}") } else { line };
            out.extend_from_slice(format!("{line}\n").as_bytes());
        }
        out.extend_from_slice(b".fi\n");
    }
    out_bytes(roff_ascii(&String::from_utf8_lossy(&out)).as_bytes())
}

/// The page with every character beyond ASCII written as roff's `\[uXXXX]` escape, which groff and
/// mandoc read whatever the input encoding (`×` and `–` are in the help texts).
fn roff_ascii(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}
