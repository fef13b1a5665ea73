//! Page templates, compiled into the binary, and the one render helper.

use std::sync::OnceLock;

use minijinja::Environment;
use serde::Serialize;

use crate::templates;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("message.html", include_str!("templates/message.html")),
    ("start.html", include_str!("templates/start.html")),
    ("form.html", include_str!("templates/form.html")),
    ("thanks.html", include_str!("templates/thanks.html")),
    ("login.html", include_str!("templates/login.html")),
    ("code.html", include_str!("templates/code.html")),
    ("reports.html", include_str!("templates/reports.html")),
    ("follow_up.html", include_str!("templates/follow_up.html")),
    (
        "admin_upload.html",
        include_str!("templates/admin_upload.html"),
    ),
    (
        "admin_confirm.html",
        include_str!("templates/admin_confirm.html"),
    ),
    (
        "admin_codes_confirm.html",
        include_str!("templates/admin_codes_confirm.html"),
    ),
    (
        "admin_new_round.html",
        include_str!("templates/admin_new_round.html"),
    ),
    (
        "admin_edit_round.html",
        include_str!("templates/admin_edit_round.html"),
    ),
    (
        "admin_round_texts.html",
        include_str!("templates/admin_round_texts.html"),
    ),
    (
        "admin_accounts.html",
        include_str!("templates/admin_accounts.html"),
    ),
    (
        "admin_rounds.html",
        include_str!("templates/admin_rounds.html"),
    ),
    (
        "admin_round.html",
        include_str!("templates/admin_round.html"),
    ),
    (
        "staff_results.html",
        include_str!("templates/staff_results.html"),
    ),
    ("sheets.html", include_str!("templates/sheets.html")),
    (
        "outreach_forms.html",
        include_str!("templates/outreach_forms.html"),
    ),
    (
        "admin_outreach_refused.html",
        include_str!("templates/admin_outreach_refused.html"),
    ),
    ("signed_in.html", include_str!("templates/signed_in.html")),
    (
        "admin_settings.html",
        include_str!("templates/admin_settings.html"),
    ),
    ("sheet.html", include_str!("templates/sheet.html")),
];

pub const STYLESHEET: &str = include_str!("static/trappa.css");

/// The template environment, built once.
fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| templates::environment(TEMPLATES))
}

/// Renders a template; a failure becomes a logged 500 (see `AppError`),
/// never a half page.
pub fn render(name: &str, context: impl Serialize) -> Result<String, minijinja::Error> {
    environment()
        .get_template(name)
        .and_then(|t| t.render(context))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_compiles() {
        for (name, _) in super::TEMPLATES {
            super::environment().get_template(name).unwrap();
        }
    }
}
