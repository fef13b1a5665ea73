//! Languages: bokmål (nb, the first language), nynorsk (nn) and English
//! (en). Texts live in Fluent files (`nb.ftl`, `nn.ftl`, `en.ftl` beside
//! this module), compiled into the binary; a missing key falls back to nb.
//! The language for a request is negotiated from `Accept-Language` with
//! fluent-langneg, unless the page asks for one (`?lang=nn`).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A language trappa speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    Nb,
    Nn,
    En,
}

const SOURCES: [(Lang, &str); 3] = [
    (Lang::Nb, include_str!("nb.ftl")),
    (Lang::Nn, include_str!("nn.ftl")),
    (Lang::En, include_str!("en.ftl")),
];

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Nb, Lang::Nn, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::Nn => "nn",
            Lang::En => "en",
        }
    }

    /// `nb`, `nn` or `en` (also `no`, which means bokmål in practice).
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "nb" | "no" | "nb-no" => Some(Lang::Nb),
            "nn" | "nn-no" => Some(Lang::Nn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best match for an `Accept-Language` header; bokmål when none fits.
    pub fn negotiate(accept_language: &str) -> Lang {
        let requested = fluent_langneg::accepted_languages::parse(accept_language);
        let available: Vec<LanguageIdentifier> = Lang::ALL
            .iter()
            .map(|l| l.code().parse().expect("valid language codes"))
            .collect();
        let default: LanguageIdentifier = "nb".parse().expect("valid language code");
        // "no" is how most browsers in Norway say bokmål.
        let requested: Vec<LanguageIdentifier> = requested
            .into_iter()
            .map(|l| {
                if l.language.as_str() == "no" {
                    default.clone()
                } else {
                    l
                }
            })
            .collect();
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &available,
            Some(&default),
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .and_then(|l| Lang::parse(l.language.as_str()))
            .unwrap_or(Lang::Nb)
    }

    /// Decimal separator: a comma in Norwegian, a point in English.
    pub fn decimal_comma(self) -> bool {
        self != Lang::En
    }
}

fn bundles() -> &'static [(Lang, FluentBundle<FluentResource>)] {
    static BUNDLES: OnceLock<Vec<(Lang, FluentBundle<FluentResource>)>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(lang, source)| {
                let resource = FluentResource::try_new(source.to_string())
                    .unwrap_or_else(|(_, errors)| panic!("{} messages: {errors:?}", lang.code()));
                let id: LanguageIdentifier = lang.code().parse().expect("valid language code");
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // No Unicode isolation marks around arguments: the pages are
                // left-to-right only, and the marks would end up in form values.
                bundle.set_use_isolating(false);
                bundle
                    .add_resource(resource)
                    .expect("message ids are unique (tested)");
                (*lang, bundle)
            })
            .collect()
    })
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    &bundles()
        .iter()
        .find(|(l, _)| *l == lang)
        .expect("every language has a bundle")
        .1
}

/// The text for `key` in `lang` with `args`; bokmål if `lang` lacks it, the
/// key itself if even bokmål does (visible, never a panic).
pub fn tr_args(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    for b in [bundle(lang), bundle(Lang::Nb)] {
        if let Some(pattern) = b.get_message(key).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return b
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned();
        }
    }
    key.to_string()
}

pub fn tr(lang: Lang, key: &str) -> String {
    tr_args(lang, key, &[])
}

/// The message ids of one language's file.
pub fn keys(lang: Lang) -> Vec<String> {
    let source = SOURCES.iter().find(|(l, _)| *l == lang).expect("source").1;
    let resource = FluentResource::try_new(source.to_string()).expect("parses");
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// A list in words: "a, b og c" (`and`: the language's word).
pub fn join_and(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} {and} {last}", first.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_and_no_other() {
        let nb = keys(Lang::Nb);
        assert!(nb.len() > 40);
        for lang in [Lang::Nn, Lang::En] {
            let other = keys(lang);
            let missing: Vec<_> = nb.iter().filter(|k| !other.contains(k)).collect();
            let extra: Vec<_> = other.iter().filter(|k| !nb.contains(k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(
                extra.is_empty(),
                "{} has keys nb lacks: {extra:?}",
                lang.code()
            );
        }
    }

    /// The names of the `$variables` in a piece of Fluent source.
    fn variable_names(source: &str) -> impl Iterator<Item = String> + '_ {
        source.split('$').skip(1).map(|part| {
            part.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
    }

    /// Message id → the variables it uses, read from one language's file.
    fn variables(
        lang: Lang,
    ) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
        let source = SOURCES.iter().find(|(l, _)| *l == lang).expect("source").1;
        let mut out = std::collections::BTreeMap::new();
        let mut current = String::new();
        for line in source.lines() {
            if let Some((id, _)) = line.split_once(" = ")
                && !line.starts_with(' ')
                && !line.starts_with('#')
            {
                current = id.trim().to_string();
            }
            out.entry(current.clone())
                .or_insert_with(std::collections::BTreeSet::new)
                .extend(variable_names(line));
        }
        out
    }

    #[test]
    fn translations_use_the_same_variables_as_bokmal() {
        let nb = variables(Lang::Nb);
        for lang in [Lang::Nn, Lang::En] {
            let other = variables(lang);
            for (key, vars) in &nb {
                if let Some(theirs) = other.get(key) {
                    assert_eq!(theirs, vars, "{}: {key}", lang.code());
                }
            }
        }
    }

    #[test]
    fn every_message_formats_without_errors() {
        for lang in Lang::ALL {
            let b = bundle(lang);
            for key in keys(lang) {
                let pattern = b.get_message(&key).and_then(|m| m.value()).unwrap();
                // Every variable any message uses, so only real mistakes
                // (a misspelt variable, a broken reference) are errors.
                let mut args = FluentArgs::new();
                for (_, source) in SOURCES {
                    for name in variable_names(source) {
                        args.set(name, "x");
                    }
                }
                let mut errors = Vec::new();
                b.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{}: {key}: {errors:?}", lang.code());
            }
        }
    }

    #[test]
    fn languages_follow_the_browser() {
        assert_eq!(Lang::negotiate("nn-NO,nn;q=0.9,en;q=0.5"), Lang::Nn);
        assert_eq!(Lang::negotiate("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(Lang::negotiate("no,en;q=0.5"), Lang::Nb);
        assert_eq!(Lang::negotiate("de-DE"), Lang::Nb);
        assert_eq!(Lang::negotiate(""), Lang::Nb);
        assert_eq!(Lang::negotiate("§§§"), Lang::Nb);
    }

    #[test]
    fn plurals_and_arguments() {
        let one = tr_args(Lang::En, "form-error-count", &[("count", 1.into())]);
        let two = tr_args(Lang::Nn, "form-error-count", &[("count", 2.into())]);
        assert_eq!(one, "The form has one error");
        assert_eq!(two, "Skjemaet har 2 feil");
        assert_eq!(tr(Lang::Nn, "finnes-ikke"), "finnes-ikke");
    }
}
