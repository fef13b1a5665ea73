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
    code: String,
    link: String,
    qr: String,
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
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["round", "unit", "code", "link"])?;
    for code in codes {
        w.write_record([
            round.id.as_str(),
            unit,
            code,
            &link(base_url, &round.id, code, lang),
        ])?;
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
) -> anyhow::Result<String> {
    let letters = codes
        .iter()
        .map(|code| {
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
                code: code.clone(),
                link,
                qr,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    let env = ENV.get_or_init(|| templates::environment(&[("letters.html", TEMPLATE)]));
    Ok(env.get_template("letters.html")?.render(context! {
        lang => lang.code(),
        letters,
        unit,
        title => round.title,
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
