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
#[command(after_help = "Example (install):\n  breakglass man > /usr/local/share/man/man1/breakglass.1")]
pub(crate) struct ManArgs {}

/// Prints the completion script for the command line `cmd`.
pub(crate) fn completions(args: CompletionArgs, mut cmd: clap::Command) -> Result<(), CliError> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "breakglass", &mut out);
    out_bytes(&out)
}

/// Prints the man page (roff): synopsis, options and the list of commands.
pub(crate) fn man(_args: ManArgs, cmd: clap::Command) -> Result<(), CliError> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out).map_err(CliError::Stdout)?;
    out_bytes(&out)
}
