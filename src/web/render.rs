//! Page templates, compiled into the binary, and the one render helper.

use std::sync::OnceLock;

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, HtmlEscape, State};
use serde::Serialize;

use super::error::AppError;
use crate::i18n::{Lang, tr_args};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("message.html", include_str!("templates/message.html")),
    ("start.html", include_str!("templates/start.html")),
    ("form.html", include_str!("templates/form.html")),
    ("thanks.html", include_str!("templates/thanks.html")),
    ("login.html", include_str!("templates/login.html")),
    ("code.html", include_str!("templates/code.html")),
    ("reports.html", include_str!("templates/reports.html")),
    (
        "admin_rounds.html",
        include_str!("templates/admin_rounds.html"),
    ),
    (
        "admin_round.html",
        include_str!("templates/admin_round.html"),
    ),
];

pub const STYLESHEET: &str = include_str!("static/trappa.css");

/// The template environment, built once.
fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .expect("page templates compile (tested)");
        }
        env.add_function("t", translate);
        env
    })
}

/// `{{ t("key", name=value) }}` in a template: the message in the page's
/// `lang` (bokmål when the page has none). Messages are ours and may hold
/// markup; the values put into them are escaped.
fn translate(state: &State, key: &str, kwargs: Kwargs) -> Result<Value, minijinja::Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::parse))
        .unwrap_or(Lang::Nb);
    let mut args = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let value = match value.as_i64() {
            Some(n) => fluent_bundle::FluentValue::from(n),
            None => fluent_bundle::FluentValue::from(HtmlEscape(&value.to_string()).to_string()),
        };
        args.push((name, value));
    }
    Ok(Value::from_safe_string(tr_args(lang, key, &args)))
}

/// Renders a template; a failure is a logged 500, never a half page.
pub fn render(name: &str, context: impl Serialize) -> Result<String, AppError> {
    environment()
        .get_template(name)
        .and_then(|t| t.render(context))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template {name}: {e:#}")))
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
