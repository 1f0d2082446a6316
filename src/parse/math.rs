//! LaTeX math, the part decks use, → Typst math.
//!
//! The output is evaluated by Typst in math mode (PDF and the HTML's
//! formula pictures), so it is built only from pieces this module chooses:
//! single letters, numbers, names from the tables below, `\u{…}` escapes
//! and quoted strings. Nothing an author writes reaches Typst as syntax: a
//! `#`, a quote or a name outside the tables can never come through, and a
//! formula this converter does not know is refused (the caller shows it as
//! code with a warning) rather than guessed.

mod tables;

use tables::{one_argument, symbol, OPERATORS};

/// Converts a formula, or says which part it cannot.
pub fn to_typst(tex: &str) -> Result<String, String> {
    if tex.len() > MAX_LEN {
        return Err(format!("the formula is longer than {MAX_LEN} characters"));
    }
    let mut p = Converter {
        toks: tokens(tex)?,
        at: 0,
        args: 0,
        depth: 0,
    };
    let out = p.sequence(Stop::End)?;
    let out = out.trim().to_string();
    if out.is_empty() {
        return Err("the formula is empty".into());
    }
    Ok(out)
}

/// Longest formula converted (a slide's formula is a line or two).
const MAX_LEN: usize = 4000;
/// Deepest nesting of groups and arguments (Typst stops at 72 layout levels).
const MAX_DEPTH: usize = 24;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// `\name`, or `\` and one other character (`\,`, `\{`, `\\`).
    Cmd(String),
    Open,
    Close,
    Sup,
    Sub,
    Amp,
    Prime,
    Num(String),
    Char(char),
    Space,
}

fn tokens(tex: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = tex.chars().peekable();
    while let Some(c) = chars.next() {
        let tok = match c {
            '\\' => match chars.next() {
                Some(n) if n.is_ascii_alphabetic() => {
                    let mut name = n.to_string();
                    while let Some(&n) = chars.peek() {
                        if !n.is_ascii_alphabetic() {
                            break;
                        }
                        name.push(n);
                        chars.next();
                    }
                    // `\begin{cases}` keeps its star: `align*`.
                    Tok::Cmd(name)
                }
                Some(n) => Tok::Cmd(n.to_string()),
                None => return Err("the formula ends with `\\`".into()),
            },
            '{' => Tok::Open,
            '}' => Tok::Close,
            '^' => Tok::Sup,
            '_' => Tok::Sub,
            '&' => Tok::Amp,
            '\'' => Tok::Prime,
            '%' => {
                // A LaTeX comment runs to the end of the line.
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                Tok::Space
            }
            c if c.is_ascii_digit() => {
                let mut n = c.to_string();
                while let Some(&d) = chars.peek() {
                    let decimal = d == '.' && n.chars().last().is_some_and(|l| l.is_ascii_digit());
                    if !(d.is_ascii_digit() || decimal) {
                        break;
                    }
                    n.push(d);
                    chars.next();
                }
                // `1.` is a number and a full stop.
                if n.ends_with('.') {
                    n.pop();
                    out.push(Tok::Num(n));
                    Tok::Char('.')
                } else {
                    Tok::Num(n)
                }
            }
            c if c.is_whitespace() => Tok::Space,
            c => Tok::Char(c),
        };
        if !(tok == Tok::Space && out.last() == Some(&Tok::Space)) {
            out.push(tok);
        }
    }
    Ok(out)
}

/// Where a sequence ends.
#[derive(Clone, Copy, PartialEq)]
enum Stop {
    End,
    /// A `}`.
    Group,
    /// `\right`.
    Right,
    /// `\end{…}` (cells and rows are split by the caller).
    Env,
}

struct Converter {
    toks: Vec<Tok>,
    at: usize,
    /// Inside a Typst function's arguments: `,` and `;` must be literal.
    args: usize,
    depth: usize,
}

impl Converter {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn skip_space(&mut self) {
        while self.peek() == Some(&Tok::Space) {
            self.at += 1;
        }
    }

    /// Atoms with their scripts, until `stop`.
    fn sequence(&mut self, stop: Stop) -> Result<String, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("the formula is nested too deeply".into());
        }
        let mut out = String::new();
        loop {
            self.skip_space();
            match (self.peek(), stop) {
                (None, Stop::End) => break,
                (None, Stop::Group) => return Err("a `{` is never closed".into()),
                (None, Stop::Right) => return Err("a `\\left` has no `\\right`".into()),
                (None, Stop::Env) => return Err("a `\\begin` has no `\\end`".into()),
                (Some(Tok::Close), Stop::Group) => {
                    self.at += 1;
                    break;
                }
                (Some(Tok::Close), _) => return Err("a `}` closes nothing".into()),
                (Some(Tok::Cmd(c)), Stop::Right) if c == "right" => break,
                (Some(Tok::Cmd(c)), Stop::Env) if c == "end" || c == "\\" => break,
                (Some(Tok::Amp), Stop::Env) => break,
                (Some(Tok::Cmd(c)), _) if c == "right" => {
                    return Err("a `\\right` has no `\\left`".into())
                }
                (Some(Tok::Cmd(c)), _) if c == "end" => {
                    return Err("an `\\end` has no `\\begin`".into())
                }
                _ => {}
            }
            let atom = self.atom()?;
            let atom = self.scripts(atom)?;
            if !atom.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&atom);
            }
        }
        self.depth -= 1;
        Ok(out)
    }

    /// `^`, `_` and primes after an atom.
    fn scripts(&mut self, mut base: String) -> Result<String, String> {
        let (mut has_sup, mut has_sub) = (false, false);
        loop {
            match self.peek() {
                Some(Tok::Sup | Tok::Sub) => {
                    let sup = self.next() == Some(Tok::Sup);
                    let seen = if sup { &mut has_sup } else { &mut has_sub };
                    if *seen {
                        return Err(format!(
                            "a double {}: write `{{x^a}}^b` or `x^{{ab}}`",
                            if sup { "superscript" } else { "subscript" }
                        ));
                    }
                    *seen = true;
                    if base.is_empty() {
                        base = "zws".into();
                    }
                    let arg = self.argument()?;
                    base = format!("{base}{}({arg})", if sup { '^' } else { '_' });
                }
                Some(Tok::Prime) => {
                    self.at += 1;
                    if base.is_empty() {
                        base = "zws".into();
                    }
                    base.push('\'');
                }
                _ => return Ok(base),
            }
        }
    }

    /// One argument: a `{group}` or a single token, as function arguments.
    fn argument(&mut self) -> Result<String, String> {
        self.args += 1;
        let r = self.argument_inner();
        self.args -= 1;
        r
    }

    fn argument_inner(&mut self) -> Result<String, String> {
        self.skip_space();
        match self.peek() {
            Some(Tok::Open) => {
                self.at += 1;
                self.sequence(Stop::Group)
            }
            None => Err("an argument is missing at the end".into()),
            _ => self.atom(),
        }
    }

    /// `{…}` read as plain text (for `\text` and `\operatorname`).
    fn text_argument(&mut self) -> Result<String, String> {
        self.skip_space();
        if self.next() != Some(Tok::Open) {
            return Err("`\\text` needs its text in braces".into());
        }
        let mut depth = 1;
        let mut s = String::new();
        while let Some(t) = self.next() {
            match t {
                Tok::Open => {
                    depth += 1;
                    continue;
                }
                Tok::Close => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(s);
                    }
                    continue;
                }
                Tok::Cmd(c) if c.chars().count() == 1 => s.push_str(&c),
                Tok::Cmd(c) => return Err(format!("`\\{c}` inside `\\text` is not supported")),
                Tok::Sup => s.push('^'),
                Tok::Sub => s.push('_'),
                Tok::Amp => s.push('&'),
                Tok::Prime => s.push('\''),
                Tok::Num(n) => s.push_str(&n),
                Tok::Char(c) => s.push(c),
                Tok::Space => s.push(' '),
            }
        }
        Err("a `{` is never closed".into())
    }

    fn atom(&mut self) -> Result<String, String> {
        let Some(tok) = self.next() else {
            return Ok(String::new());
        };
        Ok(match tok {
            Tok::Space => String::new(),
            Tok::Open => {
                let inner = self.sequence(Stop::Group)?;
                // An invisible group, so a script after it takes it whole.
                if inner.is_empty() {
                    String::new()
                } else if matches!(self.peek(), Some(Tok::Sup | Tok::Sub | Tok::Prime)) {
                    format!("class(\"normal\", {inner})")
                } else {
                    inner
                }
            }
            Tok::Num(n) => n,
            Tok::Char(c) => self.char(c)?,
            Tok::Amp => return Err("`&` outside an aligned or matrix environment".into()),
            Tok::Sup | Tok::Sub | Tok::Prime | Tok::Close => unreachable_token(),
            Tok::Cmd(name) => self.command(&name)?,
        })
    }

    fn char(&self, c: char) -> Result<String, String> {
        Ok(match c {
            'a'..='z' | 'A'..='Z' => c.to_string(),
            '+' | '-' | '=' | '!' | '?' | '.' | ':' | '|' | '*' => c.to_string(),
            ',' | ';' if self.args > 0 => format!("\"{c}\""),
            ',' | ';' => c.to_string(),
            '<' => "lt".into(),
            '>' => "gt".into(),
            '(' | ')' | '[' | ']' | '/' => format!("\\{c}"),
            '~' => "space.nobreak".into(),
            '#' | '$' | '"' | '@' | '`' | '\\' => return Err(format!("`{c}` is not LaTeX math")),
            c if c.is_control() => return Err("a control character".into()),
            c => format!("\\u{{{:x}}}", c as u32),
        })
    }

    fn command(&mut self, name: &str) -> Result<String, String> {
        if let Some(sym) = symbol(name) {
            return Ok(sym.to_string());
        }
        if let Some(op) = OPERATORS.iter().find(|o| **o == name) {
            return Ok(op.to_string());
        }
        if let Some(function) = one_argument(name) {
            return Ok(format!("{function}({})", self.argument()?));
        }
        Ok(match name {
            "frac" | "dfrac" | "tfrac" | "cfrac" => self.two_arguments("frac")?,
            "binom" => self.two_arguments("binom")?,
            "sqrt" => self.root()?,
            "text" | "textrm" | "textnormal" | "mbox" | "textit" | "textbf" => {
                let t = self.text_argument()?;
                let s = quote(&t);
                match name {
                    "textit" => format!("italic({s})"),
                    "textbf" => format!("bold({s})"),
                    _ => s,
                }
            }
            "operatorname" => format!("op({})", quote(&self.text_argument()?)),
            "left" => self.left_right()?,
            "begin" => self.environment()?,
            "\\" => "\\".into(),
            "displaystyle" | "textstyle" | "limits" | "nolimits" | "!" => String::new(),
            _ => return Err(format!("`\\{name}` is not supported")),
        })
    }

    /// `\frac{a}{b}`, `\binom{n}{k}`: a function of two arguments.
    fn two_arguments(&mut self, function: &str) -> Result<String, String> {
        let a = self.argument()?;
        let b = self.argument()?;
        Ok(format!("{function}({a}, {b})"))
    }

    /// `\sqrt{x}`, or `\sqrt[n]{x}` with its index.
    fn root(&mut self) -> Result<String, String> {
        self.skip_space();
        if self.peek() != Some(&Tok::Char('[')) {
            return Ok(format!("sqrt({})", self.argument()?));
        }
        self.at += 1;
        let index = self.root_index()?;
        let x = self.argument()?;
        Ok(format!("root({}, {x})", index.trim()))
    }

    /// The index of `\sqrt[…]`, up to and past its `]`.
    fn root_index(&mut self) -> Result<String, String> {
        let mut index = String::new();
        self.args += 1;
        loop {
            self.skip_space();
            match self.peek() {
                Some(Tok::Char(']')) => {
                    self.at += 1;
                    break;
                }
                None => return Err("a `\\sqrt[` is never closed".into()),
                _ => {
                    let a = self.atom()?;
                    let a = self.scripts(a)?;
                    index.push(' ');
                    index.push_str(&a);
                }
            }
        }
        self.args -= 1;
        Ok(index)
    }

    /// `\left( … \right)`: delimiters that grow with their content.
    fn left_right(&mut self) -> Result<String, String> {
        let open = self.delimiter()?;
        self.args += 1;
        let inner = self.sequence(Stop::Right);
        self.args -= 1;
        let inner = inner?;
        self.at += 1; // \right
        let close = self.delimiter()?;
        Ok(format!("lr({open} {inner} {close})"))
    }

    fn delimiter(&mut self) -> Result<String, String> {
        self.skip_space();
        Ok(match self.next() {
            Some(Tok::Char(c @ ('(' | ')' | '[' | ']'))) => format!("\\{c}"),
            Some(Tok::Char('|')) => "|".into(),
            Some(Tok::Char('.')) => String::new(),
            Some(Tok::Cmd(c)) => match c.as_str() {
                "{" | "lbrace" => "\\{".into(),
                "}" | "rbrace" => "\\}".into(),
                "langle" => "chevron.l".into(),
                "rangle" => "chevron.r".into(),
                "|" | "Vert" => "bar.v.double".into(),
                "vert" => "|".into(),
                "lfloor" => "floor.l".into(),
                "rfloor" => "floor.r".into(),
                "lceil" => "ceil.l".into(),
                "rceil" => "ceil.r".into(),
                other => return Err(format!("`\\{other}` is not a delimiter")),
            },
            _ => return Err("`\\left` and `\\right` need a delimiter".into()),
        })
    }

    /// `\begin{env} … \end{env}`: matrices, cases and aligned equations.
    fn environment(&mut self) -> Result<String, String> {
        let name = self.env_name()?;
        let delim = match name.as_str() {
            "pmatrix" => Some("\"(\""),
            "bmatrix" => Some("\"[\""),
            "Bmatrix" => Some("\"{\""),
            "vmatrix" => Some("\"|\""),
            "Vmatrix" => Some("\"||\""),
            "matrix" | "smallmatrix" => Some("#none"),
            "cases" | "aligned" | "align" | "align*" | "gathered" | "gather" | "gather*"
            | "split" | "equation" | "equation*" => None,
            other => return Err(format!("the environment `{other}` is not supported")),
        };
        let call = delim.is_some() || name == "cases";
        if call {
            self.args += 1;
        }
        let mut rows: Vec<Vec<String>> = vec![Vec::new()];
        let result = loop {
            let cell = match self.sequence(Stop::Env) {
                Ok(c) => c,
                Err(e) => break Err(e),
            };
            rows.last_mut().expect("never empty").push(cell);
            match self.next() {
                Some(Tok::Amp) => {}
                Some(Tok::Cmd(c)) if c == "\\" => rows.push(Vec::new()),
                _ => break Ok(()), // \end
            }
        };
        if call {
            self.args -= 1;
        }
        result?;
        let end = self.env_name()?;
        if end != name {
            return Err(format!("`\\begin{{{name}}}` is closed by `\\end{{{end}}}`"));
        }
        // A trailing `\\` leaves an empty last row.
        if rows.len() > 1
            && rows
                .last()
                .is_some_and(|r| r.iter().all(std::string::String::is_empty))
        {
            rows.pop();
        }
        Ok(match (delim, name.as_str()) {
            (Some(d), _) => {
                let rows: Vec<String> = rows.iter().map(|r| r.join(", ")).collect();
                format!("mat(delim: {d}, {})", rows.join("; "))
            }
            (None, "cases") => {
                let rows: Vec<String> = rows.iter().map(|r| r.join(" & ")).collect();
                format!("cases({})", rows.join(", "))
            }
            _ => {
                let rows: Vec<String> = rows.iter().map(|r| r.join(" & ")).collect();
                rows.join(" \\ ")
            }
        })
    }

    fn env_name(&mut self) -> Result<String, String> {
        self.skip_space();
        if self.next() != Some(Tok::Open) {
            return Err("`\\begin` and `\\end` need a name in braces".into());
        }
        let mut name = String::new();
        loop {
            match self.next() {
                Some(Tok::Close) => return Ok(name),
                Some(Tok::Char(c)) if c.is_ascii_alphabetic() || c == '*' => name.push(c),
                _ => return Err("an environment's name is not closed".into()),
            }
        }
    }
}

fn unreachable_token() -> String {
    // A script or `}` is consumed by `scripts` and `sequence` before an atom
    // is read; should one get here anyway, it stands for nothing.
    String::new()
}

/// A Typst string: shown as upright text, never read as syntax.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_latex_becomes_typst_math() {
        for (tex, typst) in [
            ("x^2", "x^(2)"),
            ("a_i", "a_(i)"),
            ("x_{i,j}", "x_(i \",\" j)"),
            (r"\frac{a}{b}", "frac(a, b)"),
            (r"\sqrt{x}", "sqrt(x)"),
            (r"\sqrt[3]{x}", "root(3, x)"),
            (r"K\,\mathbf{u}", "K thin bold(u)"),
            (r"\alpha + \beta", "alpha + beta"),
            (r"E = mc^2", "E = m c^(2)"),
            (r"\sum_{i=1}^{n} i", "sum_(i = 1)^(n) i"),
            (
                r"\int_0^\infty e^{-x}\,dx",
                "integral_(0)^(infinity) e^(- x) thin d x",
            ),
            (r"f'(x)", "f' \\( x \\)"),
            (r"\text{if } x > 0", "\"if \" x gt 0"),
            (r#"\text{a "b" \ c}"#, r#""a \"b\"  c""#),
            (r"a \leq b \neq c", "a lt.eq b eq.not c"),
            (r"\left( \frac{1}{2} \right)", "lr(\\( frac(1, 2) \\))"),
            (
                r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
                "mat(delim: \"(\", a, b; c, d)",
            ),
            (
                r"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}",
                "cases(1 & x gt 0, 0 & \"else\")",
            ),
            (
                r"\begin{aligned} a &= b \\ &= c \end{aligned}",
                "a & = b \\  & = c",
            ),
            ("3.14", "3.14"),
            ("1/2", "1 \\/ 2"),
            ("x≤y", "x \\u{2264} y"),
            (
                r"\sin x + \lim_{n \to \infty}",
                "sin x + lim_(n arrow.r infinity)",
            ),
            (r"\operatorname{sgn} x", "op(\"sgn\") x"),
            (r"{a+b}^2", "class(\"normal\", a + b)^(2)"),
            (r"\vec{v} \cdot \hat{n}", "arrow(v) dot.op hat(n)"),
        ] {
            assert_eq!(to_typst(tex).as_deref(), Ok(typst), "{tex}");
        }
    }

    #[test]
    fn what_it_does_not_know_is_refused_not_guessed() {
        for (tex, why) in [
            (r"\foo x", "`\\foo` is not supported"),
            (r"\frac{a}", "argument is missing"),
            ("{a", "never closed"),
            ("a}", "closes nothing"),
            ("#let x = 1", "`#` is not LaTeX math"),
            (r#"x "y""#, "not LaTeX math"),
            (r"\begin{tikzpicture}\end{tikzpicture}", "not supported"),
            (r"\begin{pmatrix} a \end{bmatrix}", "closed by"),
            (r"\left( x", "no `\\right`"),
            ("a & b", "outside"),
            ("", "empty"),
            ("\\", "ends with"),
            ("x^2^3", "double superscript"),
            ("a_b_c", "double subscript"),
        ] {
            let err = to_typst(tex).expect_err(tex);
            assert!(err.contains(why), "{tex}: {err}");
        }
        let deep = "{".repeat(100) + &"}".repeat(100);
        assert!(to_typst(&deep).unwrap_err().contains("too deeply"));
    }

    #[test]
    fn the_output_never_carries_typst_code() {
        for tex in [
            r#"\text{#read("x")}"#,
            r"\text{\#}",
            r"\operatorname{#x}",
            r"\#\$",
        ] {
            if let Ok(t) = to_typst(tex) {
                // A `#` may only stand escaped or inside a string.
                let outside_strings: String = t.split('"').step_by(2).collect::<Vec<_>>().concat();
                assert!(
                    !outside_strings.replace("\\#", "").contains('#'),
                    "{tex} → {t}"
                );
            }
        }
    }
}

#[cfg(test)]
mod typeset_tests {
    use crate::typeset::math::math_picture;

    #[test]
    fn every_name_the_converter_writes_is_typst_math() {
        let unknown: Vec<&str> = super::tables::all_symbol_names()
            .into_iter()
            .filter(|name| math_picture(name, false, "DejaVu Sans", "#000000").is_none())
            .collect();
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn what_the_converter_writes_typst_sets() {
        for tex in [
            r"x_{i,j}^2 + f'(x) - {a+b}^2",
            r"\sqrt[3]{x} \cdot \binom{n}{k} \leq \infty",
            r#"\text{if } x > 0 \text{ and "quoted"}"#,
            r"\left( \frac{1}{2} \right] \left. x \right|",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{matrix} 1 \end{matrix}",
            r"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}",
            r"\begin{aligned} a &= b \\ &= c \end{aligned}",
            r"\operatorname{sgn} \mathbb{R} \mathcal{L} \vec{v} \hat{n} \bar{x} \dot{x} \ddot{x}",
            r"[0, 1) \cup (2, 3] \quad 1/2 \; a\!b \, c",
            r"\frac{[a, b)}{(c; d]}",
            r"\sum_{i=1}^n \int_0^1 \lim_{x \to 0} \max_k",
            "≤ é ∀",
        ] {
            let typst = super::to_typst(tex).expect(tex);
            for display in [false, true] {
                assert!(
                    math_picture(&typst, display, "DejaVu Sans", "#000000").is_some(),
                    "{tex} → {typst}"
                );
            }
        }
    }

    #[test]
    fn a_formula_is_drawn_with_its_baseline() {
        let tex = r"\frac{a}{b} + \sqrt{x^2} \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}";
        let typst = super::to_typst(tex).expect("converts");
        let p = math_picture(&typst, false, "DejaVu Sans", "#112233").expect("draws");
        assert!(p.svg.starts_with("<svg"), "{}", &p.svg[..40]);
        assert!(p.width > 2.0 && p.height > 1.0, "{p:?}");
        // A fraction reaches below the baseline.
        assert!(p.depth > 0.2 && p.depth < p.height / 2.0 + 0.5, "{p:?}");
        let x = math_picture("x", false, "DejaVu Sans", "#000000").expect("draws");
        assert!(x.depth < 0.1, "{x:?}");
        assert!(math_picture("x", true, "DejaVu Sans", "#000000").is_some());
        // Something that is not Typst math draws nothing (no panic).
        assert!(math_picture("frac(", false, "DejaVu Sans", "#000000").is_none());
    }
}
