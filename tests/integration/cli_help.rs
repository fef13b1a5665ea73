//! `trappa --help`: the help of every command and subcommand is bokmål, like the rest of the command line.

use crate::helpers::*;

/// Every command, as typed after `trappa`. A command added to the command
/// line must be added here too: `every_command_is_listed` fails otherwise.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["serve"],
    &["demo"],
    &["check"],
    &["round"],
    &["round", "create"],
    &["round", "open"],
    &["round", "close"],
    &["round", "publish"],
    &["round", "delete-responses"],
    &["round", "access"],
    &["round", "list"],
    &["round", "texts"],
    &["round", "staff-page"],
    &["import"],
    &["export"],
    &["status"],
    &["report"],
    &["user"],
    &["user", "add"],
    &["user", "set-password"],
    &["user", "remove"],
    &["user", "list"],
    &["invite"],
    &["areas"],
    &["areas", "list"],
    &["areas", "export"],
    &["areas", "import"],
    &["sheets"],
    &["sheets", "list"],
    &["sheets", "export"],
    &["sheets", "import"],
    &["reference"],
    &["reference", "import"],
    &["reference", "list"],
    &["audit"],
    &["migrate-store"],
];

/// The `help` subcommands, and the help of each: `trappa help --help` is
/// not a thing (clap takes `--help` for a command name there).
const HELP_COMMANDS: &[&[&str]] = &[
    &["help"],
    &["help", "help"],
    &["round", "help"],
    &["round", "help", "help"],
    &["user", "help"],
    &["user", "help", "help"],
    &["areas", "help"],
    &["areas", "help", "help"],
    &["sheets", "help"],
    &["sheets", "help", "help"],
    &["reference", "help"],
    &["reference", "help", "help"],
];

/// What clap writes in English unless told otherwise.
const ENGLISH: &[&str] = &[
    "Usage:",
    "Print help",
    "Print version",
    "Options:",
    "Commands:",
    "Arguments:",
    "Print this message",
    "[OPTIONS]",
    "<COMMAND>",
    "[env:",
    "[default:",
    "[possible values:",
    "Possible values:",
];

/// The help text `trappa ARGS` prints, which must succeed.
fn help(env: &TestEnv, args: &[&str]) -> String {
    env.ok(args)
}

fn assert_bokmal(args: &[&str], text: &str) {
    assert!(
        text.contains("Bruk:"),
        "trappa {args:?}: no «Bruk:»:\n{text}"
    );
    for english in ENGLISH {
        assert!(
            !text.contains(english),
            "trappa {args:?}: «{english}» in the help:\n{text}"
        );
    }
    // The sections come in clap's usual order.
    let at = |heading: &str| text.find(heading);
    let order: Vec<usize> = ["Kommandoer:", "Argumenter:", "Valg:"]
        .iter()
        .filter_map(|h| at(h))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "trappa {args:?}: sections out of order:\n{text}"
    );
}

#[test]
fn every_help_text_is_bokmal() {
    let env = TestEnv::new();
    for command in COMMANDS {
        for flag in ["--help", "-h"] {
            let args: Vec<&str> = command.iter().copied().chain([flag]).collect();
            let text = help(&env, &args);
            assert_bokmal(&args, &text);
            assert!(text.contains("Vis hjelp"), "trappa {args:?}:\n{text}");
        }
        // `trappa help round create` shows what `trappa round create --help` shows.
        let args: Vec<&str> = ["help"]
            .into_iter()
            .chain(command.iter().copied())
            .collect();
        assert_bokmal(&args, &help(&env, &args));
    }
    for args in HELP_COMMANDS {
        assert_bokmal(args, &help(&env, args));
    }
    let top = help(&env, &["--help"]);
    assert!(
        top.contains("Vis hjelp") && top.contains("Vis versjonen"),
        "{top}"
    );
    assert!(
        top.contains("Kommandoer:") && top.contains("Valg:"),
        "{top}"
    );
    let create = help(&env, &["round", "create", "--help"]);
    assert!(create.contains("Argumenter:"), "{create}");
}

#[test]
fn every_command_is_listed() {
    let env = TestEnv::new();
    for command in COMMANDS {
        let args: Vec<&str> = command.iter().copied().chain(["--help"]).collect();
        let text = help(&env, &args);
        let Some((_, rest)) = text.split_once("Kommandoer:\n") else {
            continue;
        };
        for line in rest.lines().take_while(|l| l.starts_with("  ")) {
            let name = line.split_whitespace().next().unwrap();
            let full: Vec<&str> = command.iter().copied().chain([name]).collect();
            assert!(
                COMMANDS.contains(&full.as_slice()) || HELP_COMMANDS.contains(&full.as_slice()),
                "trappa {full:?} is missing from COMMANDS in tests/integration/cli_help.rs"
            );
        }
    }
}

#[test]
fn version_still_works() {
    let env = TestEnv::new();
    for flag in ["--version", "-V"] {
        let out = help(&env, &[flag]);
        assert!(out.starts_with("trappa "), "{out}");
    }
}
