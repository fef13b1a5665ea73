//! What `trappa invite` hands the administrator: a CSV of the codes and a
//! print-ready sheet of letters, one per A4 page, each with the link, the
//! code and a QR code that opens the survey with the code filled in.

use std::sync::OnceLock;

use minijinja::{Environment, context};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Serialize;

use crate::i18n::Lang;
use crate::survey::Round;
use crate::templates;

const TEMPLATE: &str = include_str!("../../reports/letters.html");
const PRINT_CSS: &str = include_str!("../../reports/print.css");

#[derive(Serialize)]
struct Letter {
    unit: String,
    code: String,
    link: String,
    qr: String,
}

/// What letters and e-mails say besides the code: who sends them, whom to
/// ask, and the deadline, as the administrator set them (see
/// `outreach::letterhead`). Empty parts are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Letterhead {
    /// E.g. "HR-avdelingen i Solvik kommune".
    pub sender: Option<String>,
    /// E.g. "Kari Nordmann, tlf. 400 00 000".
    pub contact: Option<String>,
    /// The last day to answer, as people read it: `14.03.2027`.
    pub deadline: Option<String>,
}

/// One unit's codes.
pub struct UnitCodes {
    pub unit: String,
    pub codes: Vec<String>,
}

/// The link a code opens: the form with the code filled in, in the
/// letter's language.
pub fn link(base_url: &str, round_id: &str, code: &str, lang: Lang) -> String {
    let lang = match lang {
        Lang::Nb => String::new(),
        other => format!("&lang={}", other.code()),
    };
    format!(
        "{}/s/{round_id}?kode={code}{lang}",
        base_url.trim_end_matches('/')
    )
}

/// The CSV for mail merge or the organisation's own letters.
pub fn csv(
    round: &Round,
    unit: &str,
    base_url: &str,
    codes: &[String],
    lang: Lang,
) -> anyhow::Result<Vec<u8>> {
    let group = [UnitCodes {
        unit: unit.to_string(),
        codes: codes.to_vec(),
    }];
    csv_for(round, &group, base_url, lang)
}

/// The CSV of several units' codes.
pub fn csv_for(
    round: &Round,
    groups: &[UnitCodes],
    base_url: &str,
    lang: Lang,
) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["round", "unit", "code", "link"])?;
    for g in groups {
        for code in &g.codes {
            w.write_record([
                round.id.as_str(),
                &g.unit,
                code,
                &link(base_url, &round.id, code, lang),
            ])?;
        }
    }
    Ok(w.into_inner()?)
}

/// The letter sheet: one letter per printed page.
pub fn html(
    round: &Round,
    unit: &str,
    base_url: &str,
    codes: &[String],
    lang: Lang,
    head: &Letterhead,
) -> anyhow::Result<String> {
    let group = [UnitCodes {
        unit: unit.to_string(),
        codes: codes.to_vec(),
    }];
    html_for(round, &group, base_url, lang, head, None)
}

/// The letters of several units, one per printed page, with an optional
/// `notice` above them on screen (never printed).
pub fn html_for(
    round: &Round,
    groups: &[UnitCodes],
    base_url: &str,
    lang: Lang,
    head: &Letterhead,
    notice: Option<String>,
) -> anyhow::Result<String> {
    let letters = groups
        .iter()
        .flat_map(|g| g.codes.iter().map(move |code| (g.unit.as_str(), code)))
        .map(|(unit, code)| {
            let link = link(base_url, &round.id, code, lang);
            let qr = QrCode::new(link.as_bytes())?
                .render::<svg::Color>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build();
            // The renderer writes an XML declaration, which has no place
            // inside HTML; the <svg> element itself is what is inlined.
            let qr = qr[qr.find("<svg").unwrap_or(0)..].to_string();
            Ok(Letter {
                unit: unit.to_string(),
                code: code.clone(),
                link,
                qr,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    let env = ENV.get_or_init(|| templates::environment(&[("letters.html", TEMPLATE)]));
    let units: Vec<&str> = groups.iter().map(|g| g.unit.as_str()).collect();
    Ok(env.get_template("letters.html")?.render(context! {
        lang => lang.code(),
        letters,
        unit => units.join(", "),
        notice => notice.map(minijinja::Value::from_safe_string),
        title => round.title,
        head,
        municipality => round.municipality,
        start => format!("{}/s/{}", base_url.trim_end_matches('/'), round.id),
        css => minijinja::Value::from_safe_string(PRINT_CSS.to_string()),
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_code_and_ignore_a_trailing_slash() {
        assert_eq!(
            link("https://trappa.solvik.no/", "2026", "ABCDE-FGHJK", Lang::Nb),
            "https://trappa.solvik.no/s/2026?kode=ABCDE-FGHJK"
        );
        assert_eq!(
            link("https://trappa.solvik.no", "2026", "ABCDE-FGHJK", Lang::Nn),
            "https://trappa.solvik.no/s/2026?kode=ABCDE-FGHJK&lang=nn"
        );
    }
}
