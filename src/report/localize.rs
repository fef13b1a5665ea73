//! A report's texts in the reader's language. Figures never change; the
//! definition texts (statements, steps, scale labels, checklist questions
//! and options, instrument titles, focus areas) are looked up in the definitions'
//! translations by their bokmål wording, as the form does, and the built-in
//! roles get their translated names. Unit and partner names are the
//! municipality's own and stay as they are.

use std::collections::HashMap;

use crate::analysis::Analysis;
use crate::i18n::Lang;
use crate::survey::definition::Translations;
use crate::survey::round::default_roles;

/// Bokmål text (with `{kommune}` filled in) → the same text in one language.
pub struct TextTable(HashMap<String, String>);

impl TextTable {
    pub fn new(lang: Lang, translations: &[&Translations], municipality: &str) -> TextTable {
        let fill = |s: &str| crate::survey::definition::fill_municipality(s, municipality);
        let mut map = HashMap::new();
        for t in translations {
            let table = match lang {
                Lang::Nb => continue,
                Lang::Nn => &t.nn,
                Lang::En => &t.en,
            };
            for (nb, text) in table {
                map.entry(fill(nb)).or_insert_with(|| fill(text));
            }
        }
        for role in default_roles() {
            map.insert(role.label.clone(), role.label_in(lang));
        }
        TextTable(map)
    }

    /// Replaces bokmål `nb` with its translation, where there is one.
    pub fn text(&self, nb: &mut String) {
        if let Some(t) = self.0.get(nb.as_str()) {
            *nb = t.clone();
        }
    }
}

/// `a` with its texts in the table's language.
pub fn localize(a: &Analysis, table: &TextTable) -> Analysis {
    let mut a = a.clone();
    a.steps.iter_mut().for_each(|s| table.text(s));
    a.scale_labels.iter_mut().for_each(|s| table.text(s));
    a.roles.iter_mut().for_each(|s| table.text(s));
    a.by_role.iter_mut().for_each(|b| table.text(&mut b.name));
    a.statements.iter_mut().for_each(|s| {
        table.text(&mut s.text);
        if let Some(short) = &mut s.short {
            table.text(short);
        }
    });
    a.focus_areas
        .iter_mut()
        .for_each(|f| table.text(&mut f.name));
    for c in &mut a.choices {
        table.text(&mut c.instrument);
        table.text(&mut c.text);
        c.options.iter_mut().for_each(|o| table.text(o));
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Library;

    #[test]
    fn definition_texts_and_roles_are_translated_with_the_municipality_filled_in() {
        let library = Library::builtin();
        let translations: Vec<&Translations> = library
            .instruments()
            .iter()
            .map(|i| &i.translations)
            .collect();
        let en = TextTable::new(Lang::En, &translations, "Solvik");
        let poster = library.get("innovasjonsplakaten").unwrap();
        let nb = poster
            .texts()
            .into_iter()
            .find(|t| t.contains("{kommune}"))
            .unwrap()
            .replace("{kommune}", "Solvik");
        let mut text = nb.clone();
        en.text(&mut text);
        assert_ne!(text, nb);
        assert!(text.contains("Solvik"), "{text}");
        let mut role = "Ansatt".to_string();
        en.text(&mut role);
        assert_eq!(role, "Employee");
        let mut unit = "Solvik skole".to_string();
        en.text(&mut unit);
        assert_eq!(unit, "Solvik skole");
    }
}
