//! Numbers as Norwegian readers expect them: decimal comma, a no-break space
//! between thousands, and the minus sign U+2212.

const NBSP: char = '\u{a0}';
const MINUS: char = '\u{2212}';

/// `x` with `digits` decimals: 3,42 and −0,25; never "−0,00".
pub fn dec(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let factor = 10f64.powi(digits as i32);
    let rounded = (x * factor).round() / factor + 0.0;
    let s = format!("{:.*}", digits, rounded.abs());
    let s = s.replace('.', ",");
    if rounded < 0.0 {
        format!("{MINUS}{s}")
    } else {
        s
    }
}

/// With an explicit sign: +0,25, −0,25, 0,00.
pub fn signed(x: f64, digits: usize) -> String {
    let s = dec(x, digits);
    if s.starts_with(MINUS) || s.chars().all(|c| c == '0' || c == ',') {
        s
    } else {
        format!("+{s}")
    }
}

/// 12 345 with a no-break space.
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(c);
    }
    out
}

/// A percentage with no decimals: "42 %".
pub fn pct(x: f64) -> String {
    format!("{}{NBSP}%", dec(x, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_numbers() {
        assert_eq!(dec(3.4249, 2), "3,42");
        assert_eq!(dec(-0.004, 2), "0,00");
        assert_eq!(dec(-0.25, 2), "\u{2212}0,25");
        assert_eq!(signed(0.25, 2), "+0,25");
        assert_eq!(signed(0.0, 2), "0,00");
        assert_eq!(int(1234567), "1\u{a0}234\u{a0}567");
        assert_eq!(int(999), "999");
        assert_eq!(pct(41.6), "42\u{a0}%");
    }
}
