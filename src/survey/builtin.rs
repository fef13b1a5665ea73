//! The shipped instruments, compiled into the binary so that `trappa serve`
//! works from any directory; `surveys/` in the repository holds the same files.

pub const FILES: &[(&str, &str)] = &[
    (
        "samhandlingstrappa.toml",
        include_str!("../../surveys/samhandlingstrappa.toml"),
    ),
    (
        "innovasjonsplakaten.toml",
        include_str!("../../surveys/innovasjonsplakaten.toml"),
    ),
    (
        "laerende-mote.toml",
        include_str!("../../surveys/laerende-mote.toml"),
    ),
    (
        "kommentar.toml",
        include_str!("../../surveys/kommentar.toml"),
    ),
];
