# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_breakglass_global_optspecs
    string join \n h/help V/version
end

function __fish_breakglass_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_breakglass_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_breakglass_using_subcommand
    set -l cmd (__fish_breakglass_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c breakglass -n "__fish_breakglass_needs_command" -s h -l help -d 'Print help'
complete -c breakglass -n "__fish_breakglass_needs_command" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "new" -d 'Generate, split and write the sheets in one step; prints the new password once'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "rotate" -d 'Make the next generation of a set: new password, new sheets that supersede the current ones'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "generate" -d 'Print random passwords that the target platforms accept'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "split" -d 'Split a secret read from stdin (or typed at a hidden prompt) into share files'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "combine" -d 'Recover the secret from k shares and print it'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "alert-query" -d 'Print the monitoring rule for the accounts: KQL (Entra), an EventBridge pattern or Google steps'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "completions" -d 'Print shell completions (bash, zsh, fish) generated from these definitions'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "man" -d 'Print the man page'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "airgap" -d 'Check that this machine is offline: interfaces up, default routes, radios not blocked'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "drill" -d 'Prove that shares still recover the secret: prints the verdict and fingerprint, never the secret'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "inspect" -d 'Show what each share is (set, index, threshold, dates) and whether it is intact; never the secret'
complete -c breakglass -n "__fish_breakglass_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -s t -l threshold -d 'Shares needed to recover the secret (k, at least 2)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -s n -l shares -d 'Shares to make (n, at most 255)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l label -d 'What the secret opens, e.g. the account\'s UPN; printed on each sheet (see --discreet)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l out-dir -d 'Directory for the share files; created (mode 0700) if missing' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l format -d 'Write PDF sheets, text files, or both' -r -f -a "pdf\t'One printable PDF sheet per share'
text\t'One text file per share'
both\t'Both'"
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l paper -d 'Paper size of the PDF sheets' -r -f -a "a4\t'ISO A4, 210 × 297 mm'
letter\t'US Letter, 8.5 × 11 in'"
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l upn -d 'The account\'s user principal name, for the ceremony record' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l object-id -d 'The account\'s Entra object id (GUID), for the record and its monitoring query; repeatable' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -s l -l length -d 'Password length in characters (16 up to the profile\'s maximum)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l profile -d 'Target platform of the password [default: entra]' -r -f -a "entra\t'Microsoft Entra ID: ASCII letters, digits and punctuation, up to 256 characters'
ad\t'Active Directory (on premises): any punctuation, up to 127 characters'
aws-root\t'AWS root user: symbols ! @ # \$ % ^ & * ( ) < > [ ] { } | _ + - = only, up to 128 characters'
google\t'Google Workspace: printable ASCII, up to 100 characters'
portable\t'accepted by all of the above: AWS root\'s symbols, up to 100 characters'"
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l avoid -d 'A name the password must not contain a 4-character piece of (account, UPN, tenant); repeatable' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l passphrase-file -d 'Like --passphrase, reading it from FILE (one trailing newline removed)' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l discreet -d 'Leave the label off the sheets (it is still shown in this command\'s summary)'
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l force -d 'Replace the set already in the directory: its shares and record are deleted once the new set is in place (files only named like them are left, and named)'
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l appendix -d 'Add the recovery program (Python, for use without breakglass) to every sheet; the ceremony record always has it'
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l all-symbols -d 'Use every symbol the platform accepts, including look-alikes, quote marks and dead keys'
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l passphrase -d 'Also require a passphrase to recover: asked twice, hidden. Keep it apart from the sheets'
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -l require-airgap -d 'Refuse to run unless the machine is air-gapped (otherwise a warning is printed)'
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c breakglass -n "__fish_breakglass_using_subcommand new" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l supersedes -d 'The id of the set being replaced, when its shares are not at hand' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l old-generation -d 'The generation of the set being replaced, with --supersedes (1 when not given)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l old-passphrase-file -d 'When the current set needs a passphrase: read it from FILE instead of asking at the terminal' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -s t -l threshold -d 'Shares needed to recover the secret (k, at least 2)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -s n -l shares -d 'Shares to make (n, at most 255)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l label -d 'What the secret opens, e.g. the account\'s UPN; printed on each sheet (see --discreet)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l out-dir -d 'Directory for the share files; created (mode 0700) if missing' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l format -d 'Write PDF sheets, text files, or both' -r -f -a "pdf\t'One printable PDF sheet per share'
text\t'One text file per share'
both\t'Both'"
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l paper -d 'Paper size of the PDF sheets' -r -f -a "a4\t'ISO A4, 210 × 297 mm'
letter\t'US Letter, 8.5 × 11 in'"
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l upn -d 'The account\'s user principal name, for the ceremony record' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l object-id -d 'The account\'s Entra object id (GUID), for the record and its monitoring query; repeatable' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -s l -l length -d 'Password length in characters (16 up to the profile\'s maximum)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l profile -d 'Target platform of the password [default: entra]' -r -f -a "entra\t'Microsoft Entra ID: ASCII letters, digits and punctuation, up to 256 characters'
ad\t'Active Directory (on premises): any punctuation, up to 127 characters'
aws-root\t'AWS root user: symbols ! @ # \$ % ^ & * ( ) < > [ ] { } | _ + - = only, up to 128 characters'
google\t'Google Workspace: printable ASCII, up to 100 characters'
portable\t'accepted by all of the above: AWS root\'s symbols, up to 100 characters'"
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l avoid -d 'A name the password must not contain a 4-character piece of (account, UPN, tenant); repeatable' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l passphrase-file -d 'Like --passphrase, reading it from FILE (one trailing newline removed)' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l no-passphrase -d 'Make the new set without a passphrase although the current one needs one (k shares alone will then open it)'
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l discreet -d 'Leave the label off the sheets (it is still shown in this command\'s summary)'
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l force -d 'Replace the set already in the directory: its shares and record are deleted once the new set is in place (files only named like them are left, and named)'
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l appendix -d 'Add the recovery program (Python, for use without breakglass) to every sheet; the ceremony record always has it'
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l all-symbols -d 'Use every symbol the platform accepts, including look-alikes, quote marks and dead keys'
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l passphrase -d 'Also require a passphrase to recover: asked twice, hidden. Keep it apart from the sheets'
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -l require-airgap -d 'Refuse to run unless the machine is air-gapped (otherwise a warning is printed)'
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c breakglass -n "__fish_breakglass_using_subcommand rotate" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand generate" -s l -l length -d 'Password length in characters (16 up to the profile\'s maximum)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand generate" -l profile -d 'Target platform of the password [default: entra]' -r -f -a "entra\t'Microsoft Entra ID: ASCII letters, digits and punctuation, up to 256 characters'
ad\t'Active Directory (on premises): any punctuation, up to 127 characters'
aws-root\t'AWS root user: symbols ! @ # \$ % ^ & * ( ) < > [ ] { } | _ + - = only, up to 128 characters'
google\t'Google Workspace: printable ASCII, up to 100 characters'
portable\t'accepted by all of the above: AWS root\'s symbols, up to 100 characters'"
complete -c breakglass -n "__fish_breakglass_using_subcommand generate" -l avoid -d 'A name the password must not contain a 4-character piece of (account, UPN, tenant); repeatable' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand generate" -s c -l count -d 'How many passwords to print, one per line' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand generate" -l all-symbols -d 'Use every symbol the platform accepts, including look-alikes, quote marks and dead keys'
complete -c breakglass -n "__fish_breakglass_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c breakglass -n "__fish_breakglass_using_subcommand generate" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l kind -d 'What the secret is: password, pin, text, totp (an otpauth:// URI), codes (one per line) or file' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l input -d 'Read the secret from FILE, exact bytes, up to 64 KiB (the kind is then file unless --kind says)' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l passphrase-file -d 'Like --passphrase, reading it from FILE (one trailing newline removed)' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -s t -l threshold -d 'Shares needed to recover the secret (k, at least 2)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -s n -l shares -d 'Shares to make (n, at most 255)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l label -d 'What the secret opens, e.g. the account\'s UPN; printed on each sheet (see --discreet)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l out-dir -d 'Directory for the share files; created (mode 0700) if missing' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l format -d 'Write PDF sheets, text files, or both' -r -f -a "pdf\t'One printable PDF sheet per share'
text\t'One text file per share'
both\t'Both'"
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l paper -d 'Paper size of the PDF sheets' -r -f -a "a4\t'ISO A4, 210 × 297 mm'
letter\t'US Letter, 8.5 × 11 in'"
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l upn -d 'The account\'s user principal name, for the ceremony record' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l object-id -d 'The account\'s Entra object id (GUID), for the record and its monitoring query; repeatable' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l passphrase -d 'Also require a passphrase to recover: asked twice, hidden. Keep it apart from the sheets'
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l discreet -d 'Leave the label off the sheets (it is still shown in this command\'s summary)'
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l force -d 'Replace the set already in the directory: its shares and record are deleted once the new set is in place (files only named like them are left, and named)'
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l appendix -d 'Add the recovery program (Python, for use without breakglass) to every sheet; the ceremony record always has it'
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -l require-airgap -d 'Refuse to run unless the machine is air-gapped (otherwise a warning is printed)'
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c breakglass -n "__fish_breakglass_using_subcommand split" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand combine" -s o -l output -d 'Write the secret to FILE (mode 0600, exact bytes) instead of printing it' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand combine" -l passphrase-file -d 'For shares that need a passphrase: read it from FILE instead of asking at the terminal' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand combine" -l expect -d 'The fingerprint the set must have, from the ceremony record; a different one is refused' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand combine" -l record -d 'The ceremony record (record.pdf, record.txt or the text of either): its set id and fingerprint must match' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand combine" -l set -d 'Use only the shares of this set, when the inputs hold shares of several (by default the one complete set; two complete sets, one superseding the other, must be told apart with this or --record)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand combine" -l force -d 'Replace FILE if it exists'
complete -c breakglass -n "__fish_breakglass_using_subcommand combine" -l require-airgap -d 'Refuse to run unless the machine is air-gapped (otherwise a warning is printed)'
complete -c breakglass -n "__fish_breakglass_using_subcommand combine" -s h -l help -d 'Print help'
complete -c breakglass -n "__fish_breakglass_using_subcommand combine" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand alert-query" -l platform -d 'The platform of the emergency account' -r -f -a "entra\t'Microsoft Entra ID: KQL for Log Analytics alert rules (--object-id)'
aws\t'AWS account root user: an EventBridge event pattern'
google\t'Google Workspace super admin: Admin console alert steps (--upn)'"
complete -c breakglass -n "__fish_breakglass_using_subcommand alert-query" -l object-id -d 'Object ID (GUID) of an emergency account in Entra ID; repeatable (entra)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand alert-query" -l upn -d 'The super admin\'s address (google)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand alert-query" -l audit -d 'Print the query over AuditLogs (changes made by, or to, the accounts) instead of the sign-in query (entra)'
complete -c breakglass -n "__fish_breakglass_using_subcommand alert-query" -l commands -l az -d 'Print the shell script that creates the alert rules (az for entra, aws for aws) instead of the query or pattern'
complete -c breakglass -n "__fish_breakglass_using_subcommand alert-query" -l query-only -d 'Print only the query or pattern, with no note on stderr'
complete -c breakglass -n "__fish_breakglass_using_subcommand alert-query" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c breakglass -n "__fish_breakglass_using_subcommand alert-query" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand completions" -s h -l help -d 'Print help'
complete -c breakglass -n "__fish_breakglass_using_subcommand completions" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand man" -s h -l help -d 'Print help'
complete -c breakglass -n "__fish_breakglass_using_subcommand man" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand airgap" -l json -d 'Print one JSON object instead (schema in docs/JSON.md)'
complete -c breakglass -n "__fish_breakglass_using_subcommand airgap" -s h -l help -d 'Print help'
complete -c breakglass -n "__fish_breakglass_using_subcommand airgap" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand drill" -l passphrase-file -d 'Like --passphrase, reading it from FILE (one trailing newline removed)' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand drill" -l expect -d 'The fingerprint the set must have, from the ceremony record; a different one is refused' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand drill" -l record -d 'The ceremony record (record.pdf, record.txt or the text of either): its set id and fingerprint must match' -r -F
complete -c breakglass -n "__fish_breakglass_using_subcommand drill" -l set -d 'Use only the shares of this set, when the inputs hold shares of several (by default the one complete set; two complete sets, one superseding the other, must be told apart with this or --record)' -r
complete -c breakglass -n "__fish_breakglass_using_subcommand drill" -l json -d 'Print one JSON object instead (schema in docs/JSON.md)'
complete -c breakglass -n "__fish_breakglass_using_subcommand drill" -l passphrase -d 'For a set that needs a passphrase: ask for it (hidden) and check it opens the set too'
complete -c breakglass -n "__fish_breakglass_using_subcommand drill" -s h -l help -d 'Print help'
complete -c breakglass -n "__fish_breakglass_using_subcommand drill" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand inspect" -l json -d 'Print one JSON object instead (schema in docs/JSON.md)'
complete -c breakglass -n "__fish_breakglass_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c breakglass -n "__fish_breakglass_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "new" -d 'Generate, split and write the sheets in one step; prints the new password once'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "rotate" -d 'Make the next generation of a set: new password, new sheets that supersede the current ones'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "generate" -d 'Print random passwords that the target platforms accept'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "split" -d 'Split a secret read from stdin (or typed at a hidden prompt) into share files'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "combine" -d 'Recover the secret from k shares and print it'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "alert-query" -d 'Print the monitoring rule for the accounts: KQL (Entra), an EventBridge pattern or Google steps'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "completions" -d 'Print shell completions (bash, zsh, fish) generated from these definitions'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "man" -d 'Print the man page'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "airgap" -d 'Check that this machine is offline: interfaces up, default routes, radios not blocked'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "drill" -d 'Prove that shares still recover the secret: prints the verdict and fingerprint, never the secret'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "inspect" -d 'Show what each share is (set, index, threshold, dates) and whether it is intact; never the secret'
complete -c breakglass -n "__fish_breakglass_using_subcommand help; and not __fish_seen_subcommand_from new rotate generate split combine alert-query completions man airgap drill inspect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
