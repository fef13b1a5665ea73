//! The help in bokmål: the words clap itself writes around the help texts
//! (headings, `Usage:`, `[OPTIONS]`, the help and version flags, the `help`
//! subcommand, `[default: …]`, `[env: …]`, `[possible values: …]`) in
//! bokmål, for every command and subcommand. Clap has no translations, so
//! `bokmal` takes the whole command tree and replaces them, and `Cli`'s
//! `CommandFactory` hands clap that tree.

use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::{Arg, ArgAction, Command};

const COMMANDS: &str = "Kommandoer";
const ARGUMENTS: &str = "Argumenter";
const OPTIONS: &str = "Valg";
/// What the usage line calls a subcommand, as in `trappa round <KOMMANDO>`.
const COMMAND: &str = "KOMMANDO";
const HELP_SUBCOMMAND: &str = "Vis denne hjelpen, eller hjelpen til kommandoen som følger";

/// Places in the options: a command's own first, then the global ones it
/// shares with every other command, then help and version.
const GLOBAL_ORDER: usize = 900;
const HELP_ORDER: usize = 1000;

/// `cmd` (the top-level command, with all its subcommands) with bokmål
/// help; built, ready to parse.
pub(super) fn bokmal(cmd: Command) -> Command {
    let version = Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version)
        .help("Vis versjonen")
        .display_order(HELP_ORDER + 1);
    let mut global = GLOBAL_ORDER;
    let cmd = cmd.disable_version_flag(true).arg(version).mut_args(|arg| {
        if arg.is_global_set() {
            global += 1;
            arg.display_order(global)
        } else {
            arg
        }
    });
    let mut cmd = with_arguments(cmd);
    // The `help` subcommands appear when the tree is built, and only then
    // can their texts be replaced.
    cmd.build();
    finish(&mut cmd);
    cmd
}

/// Before building: the help flag, and each argument's heading and notes,
/// in `cmd` and every subcommand below it.
fn with_arguments(cmd: Command) -> Command {
    // Under a heading of its own, clap sorts arguments like options: by
    // display order, then by name. Positionals keep their places.
    let mut position = 0;
    let cmd = cmd.disable_help_flag(true).mut_args(|arg| {
        let arg = with_notes(arg);
        if arg.is_positional() {
            position += 1;
            arg.display_order(position)
        } else {
            arg
        }
    });
    let long =
        cmd.get_long_about().is_some() || cmd.get_arguments().any(|a| a.get_long_help().is_some());
    let mut help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(OPTIONS)
        .display_order(HELP_ORDER);
    help = if long {
        help.help("Vis hjelp (mer med --help)")
            .long_help("Vis hjelp (kortversjon med -h)")
    } else {
        help.help("Vis hjelp")
    };
    cmd.arg(help).mut_subcommands(with_arguments)
}

/// An argument under its bokmål heading, with what clap would add to its
/// help in English (`[env: …]`, `[default: …]`, `[possible values: …]`)
/// added in bokmål instead.
fn with_notes(arg: Arg) -> Arg {
    let heading = if arg.is_positional() {
        ARGUMENTS
    } else {
        OPTIONS
    };
    let takes_values = arg.get_action().takes_values();
    let mut notes = Vec::new();
    if let Some(var) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(format!("[miljøvariabel: {}]", var.to_string_lossy()));
    }
    let defaults: Vec<_> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy())
        .collect();
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(format!("[standard: {}]", defaults.join(" ")));
    }
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| takes_values && !v.is_hide_set() && !arg.is_hide_possible_values_set())
        .collect();
    let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
    // With --help, values with help of their own get a line each, as clap
    // does; with -h, or without such help, they are named after the notes.
    let mut listed = String::new();
    if values.iter().any(|v| v.get_help().is_some()) {
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        listed.push_str("Mulige verdier:");
        for value in &values {
            let _ = write!(listed, "\n- {:width$}", value.get_name());
            if let Some(help) = value.get_help() {
                let _ = write!(listed, "  {help}");
            }
        }
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let mut short = vec![help.clone()];
    short.extend(notes.iter().cloned());
    if !names.is_empty() {
        short.push(format!("[mulige verdier: {}]", names.join(", ")));
    }
    let long = match arg.get_long_help() {
        Some(long) => Some(long.to_string()),
        None if !listed.is_empty() => Some(help),
        None => None,
    }
    .map(|long| {
        let mut long = vec![long];
        long.extend(notes);
        if listed.is_empty() && !names.is_empty() {
            long.push(format!("[mulige verdier: {}]", names.join(", ")));
        }
        let long = joined(&long, " ");
        joined(&[long, listed], "\n\n")
    });
    let mut arg = arg
        .help_heading(heading)
        .hide_env(true)
        .help(joined(&short, " "));
    if let Some(long) = long {
        arg = arg.long_help(long);
    }
    if takes_values {
        // Clap allows these two only on arguments that take a value.
        arg = arg.hide_default_value(true).hide_possible_values(true);
    }
    arg
}

/// The parts that are not empty, with `separator` between them.
fn joined(parts: &[String], separator: &str) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(String::as_str)
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(separator)
}

/// After building: the help template, headings and usage line of `cmd` and
/// every subcommand below it, and the text of the `help` subcommands clap
/// has added.
fn finish(cmd: &mut Command) {
    let heading = *cmd.get_styles().get_usage();
    let mut done = std::mem::take(cmd)
        .help_template(template(heading))
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name(COMMAND);
    if done.get_name() == "help" {
        done = done.about(HELP_SUBCOMMAND);
    }
    let usage = usage(&mut done);
    done = done.override_usage(usage);
    *cmd = done;
    for sub in cmd.get_subcommands_mut() {
        finish(sub);
    }
}

/// Clap's default help template, with «Bruk:» for «Usage:».
fn template(heading: clap::builder::styling::Style) -> StyledStr {
    let mut template = StyledStr::new();
    let _ = write!(
        template,
        "{{before-help}}{{about-with-newline}}\n{heading}Bruk:{heading:#} {{usage}}\n\n{{all-args}}{{after-help}}"
    );
    template
}

/// The usage line clap makes for `cmd`, without its «Usage:» and with
/// `[VALG]` for `[OPTIONS]`.
fn usage(cmd: &mut Command) -> StyledStr {
    let heading = *cmd.get_styles().get_usage();
    let title = format!("{heading}Usage:{heading:#} ");
    let usage = cmd.render_usage().ansi().to_string();
    let usage = usage.strip_prefix(&title).unwrap_or(&usage);
    StyledStr::from(usage.replace("[OPTIONS]", "[VALG]"))
}
