//! Numbers as readers of each language expect them. Norwegian: decimal
//! comma and a no-break space between thousands (3,42; 12 345; 42 %).
//! English: decimal point and a comma between thousands (3.42; 12,345;
//! 42%). Both use the minus sign U+2212.

use crate::i18n::Lang;

const NBSP: char = '\u{a0}';
const MINUS: char = '\u{2212}';

/// `x` with `digits` decimals: 3,42 and −0,25 (3.42 in English); never "−0,00".
pub fn dec(lang: Lang, x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let factor = 10f64.powi(digits as i32);
    let rounded = (x * factor).round() / factor + 0.0;
    let mut s = format!("{:.*}", digits, rounded.abs());
    if lang.decimal_comma() {
        s = s.replace('.', ",");
    }
    if rounded < 0.0 {
        format!("{MINUS}{s}")
    } else {
        s
    }
}

/// With an explicit sign: +0,25, −0,25, 0,00.
pub fn signed(lang: Lang, x: f64, digits: usize) -> String {
    let s = dec(lang, x, digits);
    if s.starts_with(MINUS) || s.chars().all(|c| matches!(c, '0' | ',' | '.')) {
        s
    } else {
        format!("+{s}")
    }
}

/// 12 345 with a no-break space (12,345 in English).
pub fn int(lang: Lang, n: u64) -> String {
    let separator = if lang.decimal_comma() { NBSP } else { ',' };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A percentage with no decimals: "42 %" ("42%" in English).
pub fn pct(lang: Lang, x: f64) -> String {
    if lang.decimal_comma() {
        format!("{}{NBSP}%", dec(lang, x, 0))
    } else {
        format!("{}%", dec(lang, x, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_numbers() {
        for lang in [Lang::Nb, Lang::Nn] {
            assert_eq!(dec(lang, 3.4249, 2), "3,42");
            assert_eq!(dec(lang, -0.004, 2), "0,00");
            assert_eq!(dec(lang, -0.25, 2), "\u{2212}0,25");
            assert_eq!(signed(lang, 0.25, 2), "+0,25");
            assert_eq!(signed(lang, 0.0, 2), "0,00");
            assert_eq!(int(lang, 1234567), "1\u{a0}234\u{a0}567");
            assert_eq!(int(lang, 999), "999");
            assert_eq!(pct(lang, 41.6), "42\u{a0}%");
        }
    }

    #[test]
    fn english_numbers() {
        let en = Lang::En;
        assert_eq!(dec(en, 3.4249, 2), "3.42");
        assert_eq!(dec(en, -0.25, 2), "\u{2212}0.25");
        assert_eq!(signed(en, 0.25, 2), "+0.25");
        assert_eq!(signed(en, -0.001, 2), "0.00");
        assert_eq!(int(en, 1234567), "1,234,567");
        assert_eq!(pct(en, 41.6), "42%");
    }
}
