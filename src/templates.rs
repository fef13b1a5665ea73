//! The one way trappa builds a minijinja environment: pages, reports and
//! invitation letters all get `t("key", name=value)` for messages and the
//! number filters `dec`, `signed`, `int` and `pct`, each in the language the
//! template's context names in `lang` (bokmål when it names none), and the
//! test `overdue` for a measure.

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, HtmlEscape, State};

use crate::i18n::{Lang, tr_args};
use crate::numbers;

/// An environment with `templates` (name, source) and the helpers above.
/// Panics on a template that does not compile: they are compiled into the
/// binary, and each module has a test that loads its own.
pub fn environment(templates: &[(&'static str, &'static str)]) -> Environment<'static> {
    let mut env = Environment::new();
    // Block tags leave no blank lines or indentation behind: loops over
    // every partner and step would otherwise add kilobytes of whitespace
    // to the survey page, which must stay light on a phone.
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    for (name, source) in templates {
        env.add_template(name, source)
            .unwrap_or_else(|e| panic!("template {name}: {e}"));
    }
    env.add_function("t", translate);
    env.add_filter("dec", |state: &State, x: f64, digits: Option<usize>| {
        numbers::dec(lang_of(state), x, digits.unwrap_or(2))
    });
    env.add_filter("signed", |state: &State, x: f64, digits: Option<usize>| {
        numbers::signed(lang_of(state), x, digits.unwrap_or(2))
    });
    env.add_filter("int", |state: &State, n: u64| {
        numbers::int(lang_of(state), n)
    });
    env.add_filter("pct", |state: &State, x: f64| {
        numbers::pct(lang_of(state), x)
    });
    // `{% if x is overdue %}`: a measure past its deadline and not done.
    env.add_test("overdue", |measure: Value| {
        let text = |name: &str| {
            measure
                .get_attr(name)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
        };
        let status = text("status").and_then(|s| crate::learning::Status::parse(&s));
        match (text("deadline"), status) {
            (Some(deadline), Some(status)) => {
                crate::learning::overdue(&deadline, status, &crate::store::today())
            }
            _ => false,
        }
    });
    env
}

/// The `lang` the template was rendered with.
fn lang_of(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::parse))
        .unwrap_or(Lang::Nb)
}

/// `{{ t("key", name=value) }}`: the message in the template's language.
/// Messages are ours and may hold markup; the values put into them are
/// escaped unless already safe markup. Whole numbers stay numbers, so plurals work.
fn translate(state: &State, key: &str, kwargs: Kwargs) -> Result<Value, minijinja::Error> {
    let mut args = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let value = match value.as_i64() {
            Some(n) => fluent_bundle::FluentValue::from(n),
            None if value.is_safe() => fluent_bundle::FluentValue::from(value.to_string()),
            None => fluent_bundle::FluentValue::from(HtmlEscape(&value.to_string()).to_string()),
        };
        args.push((name, value));
    }
    Ok(Value::from_safe_string(tr_args(lang_of(state), key, &args)))
}

#[cfg(test)]
mod tests {
    use minijinja::context;

    #[test]
    fn messages_and_numbers_follow_the_context_language() {
        let env = super::environment(&[(
            "x",
            "{{ t('municipality', name=name) }} {{ 3.14159 | dec }} {{ 12345 | int }} {{ 41.6 | pct }}",
        )]);
        let t = env.get_template("x").unwrap();
        let nb = t.render(context! { name => "<Ås>" }).unwrap();
        assert_eq!(nb, "&lt;Ås&gt; kommune 3,14 12\u{a0}345 42\u{a0}%");
        let en = t.render(context! { name => "Ås", lang => "en" }).unwrap();
        assert_eq!(en, "Ås municipality 3.14 12,345 42%");
    }
}
