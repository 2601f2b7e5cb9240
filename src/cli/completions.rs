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
    out_bytes(&out)
}

/// The exit statuses, for the main page (DESIGN's command-line contract).
const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"\n.TP\n0\nsuccess\n.TP\n1\nthe work failed: a bad or forged share, too few shares, a refused overwrite, a failed drill; no secret was printed\n.TP\n2\na usage error: the command line is wrong\n.TP\n130\ninterrupted; nothing was written, and what was there before is unchanged\n";

/// Prints a man page (roff): the main page with the list of commands and the exit statuses, or one
/// command's page; examples keep their lines.
pub(crate) fn man(args: ManArgs, cmd: clap::Command) -> Result<(), CliError> {
    let page = match &args.command {
        None => cmd.clone(),
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
        for line in text.lines() {
            let line = line.replace('\\', "\\e");
            let line = if line.starts_with(['.', '\'']) { format!("\\&{line}") } else { line };
            out.extend_from_slice(format!("{line}\n").as_bytes());
        }
        out.extend_from_slice(b".fi\n");
    }
    out_bytes(&out)
}
