//! The names the LaTeX → Typst converter knows, each in one table: the
//! converter reads them, and a test has Typst set every name they hold.

/// LaTeX symbol commands and their Typst names.
pub(super) const SYMBOLS: [(&str, &str); 154] = [
    // Greek
    ("alpha", "alpha"),
    ("beta", "beta"),
    ("gamma", "gamma"),
    ("delta", "delta"),
    ("epsilon", "epsilon.alt"),
    ("varepsilon", "epsilon"),
    ("zeta", "zeta"),
    ("eta", "eta"),
    ("theta", "theta"),
    ("vartheta", "theta.alt"),
    ("iota", "iota"),
    ("kappa", "kappa"),
    ("lambda", "lambda"),
    ("mu", "mu"),
    ("nu", "nu"),
    ("xi", "xi"),
    ("pi", "pi"),
    ("varpi", "pi.alt"),
    ("rho", "rho"),
    ("varrho", "rho.alt"),
    ("sigma", "sigma"),
    ("varsigma", "sigma.alt"),
    ("tau", "tau"),
    ("upsilon", "upsilon"),
    ("phi", "phi.alt"),
    ("varphi", "phi"),
    ("chi", "chi"),
    ("psi", "psi"),
    ("omega", "omega"),
    ("Gamma", "Gamma"),
    ("Delta", "Delta"),
    ("Theta", "Theta"),
    ("Lambda", "Lambda"),
    ("Xi", "Xi"),
    ("Pi", "Pi"),
    ("Sigma", "Sigma"),
    ("Upsilon", "Upsilon"),
    ("Phi", "Phi"),
    ("Psi", "Psi"),
    ("Omega", "Omega"),
    // Big operators
    ("sum", "sum"),
    ("prod", "product"),
    ("coprod", "product.co"),
    ("int", "integral"),
    ("iint", "integral.double"),
    ("iiint", "integral.triple"),
    ("oint", "integral.cont"),
    ("bigcup", "union.big"),
    ("bigcap", "inter.big"),
    // Relations
    ("leq", "lt.eq"),
    ("le", "lt.eq"),
    ("geq", "gt.eq"),
    ("ge", "gt.eq"),
    ("neq", "eq.not"),
    ("ne", "eq.not"),
    ("ll", "lt.double"),
    ("gg", "gt.double"),
    ("approx", "approx"),
    ("equiv", "equiv"),
    ("sim", "tilde.op"),
    ("simeq", "tilde.eq"),
    ("cong", "tilde.equiv"),
    ("propto", "prop"),
    ("in", "in"),
    ("notin", "in.not"),
    ("ni", "in.rev"),
    ("subset", "subset"),
    ("subseteq", "subset.eq"),
    ("supset", "supset"),
    ("supseteq", "supset.eq"),
    ("mid", "divides"),
    ("parallel", "parallel"),
    ("perp", "perp"),
    // Operators
    ("pm", "plus.minus"),
    ("mp", "minus.plus"),
    ("times", "times"),
    ("div", "div"),
    ("cdot", "dot.op"),
    ("ast", "ast.op"),
    ("star", "star.op"),
    ("circ", "compose"),
    ("bullet", "bullet"),
    ("oplus", "plus.o"),
    ("otimes", "times.o"),
    ("cup", "union"),
    ("cap", "inter"),
    ("setminus", "without"),
    ("wedge", "and"),
    ("land", "and"),
    ("vee", "or"),
    ("lor", "or"),
    ("neg", "not"),
    ("lnot", "not"),
    // Arrows
    ("to", "arrow.r"),
    ("rightarrow", "arrow.r"),
    ("leftarrow", "arrow.l"),
    ("gets", "arrow.l"),
    ("leftrightarrow", "arrow.l.r"),
    ("Rightarrow", "arrow.r.double"),
    ("implies", "arrow.r.double"),
    ("Leftarrow", "arrow.l.double"),
    ("Leftrightarrow", "arrow.l.r.double"),
    ("iff", "arrow.l.r.double"),
    ("mapsto", "arrow.r.bar"),
    ("uparrow", "arrow.t"),
    ("downarrow", "arrow.b"),
    ("longrightarrow", "arrow.r.long"),
    // Misc
    ("infty", "infinity"),
    ("partial", "partial"),
    ("nabla", "nabla"),
    ("forall", "forall"),
    ("exists", "exists"),
    ("emptyset", "nothing"),
    ("varnothing", "nothing"),
    ("ldots", "dots.h"),
    ("dots", "dots.h"),
    ("cdots", "dots.c"),
    ("vdots", "dots.v"),
    ("ddots", "dots.down"),
    ("angle", "angle"),
    ("ell", "ell"),
    ("hbar", "planck"),
    ("Re", "Re"),
    ("Im", "Im"),
    ("aleph", "aleph"),
    ("prime", "prime"),
    ("degree", "degree"),
    ("therefore", "therefore"),
    ("because", "because"),
    ("langle", "chevron.l"),
    ("rangle", "chevron.r"),
    ("lfloor", "floor.l"),
    ("rfloor", "floor.r"),
    ("lceil", "ceil.l"),
    ("rceil", "ceil.r"),
    ("|", "bar.v.double"),
    ("Vert", "bar.v.double"),
    ("vert", "|"),
    // Escaped characters and spacing
    ("{", "\\{"),
    ("lbrace", "\\{"),
    ("}", "\\}"),
    ("rbrace", "\\}"),
    ("%", "%"),
    ("&", "\\&"),
    ("#", "\\#"),
    ("$", "\\$"),
    ("_", "\\_"),
    (",", "thin"),
    (":", "med"),
    (">", "med"),
    (";", "thick"),
    (" ", "space"),
    ("quad", "quad"),
    ("qquad", "wide"),
];

/// Named operators Typst sets upright, under the same name as LaTeX.
pub(super) const OPERATORS: [&str; 30] = [
    "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc", "deg", "det", "dim",
    "exp", "gcd", "hom", "inf", "ker", "lg", "lim", "liminf", "limsup", "ln", "log", "max", "min",
    "Pr", "sec", "sin", "sinh", "sup",
];

/// Commands of one argument (styles and accents) and the Typst function
/// each becomes.
pub(super) const ONE_ARGUMENT: [(&str, &str); 22] = [
    ("mathbf", "bold"),
    ("boldsymbol", "bold"),
    ("bm", "bold"),
    ("mathrm", "upright"),
    ("mathit", "italic"),
    ("mathcal", "cal"),
    ("mathbb", "bb"),
    ("mathfrak", "frak"),
    ("mathsf", "sans"),
    ("mathtt", "mono"),
    ("overline", "overline"),
    ("underline", "underline"),
    ("overbrace", "overbrace"),
    ("underbrace", "underbrace"),
    ("hat", "hat"),
    ("widehat", "hat"),
    ("tilde", "tilde"),
    ("widetilde", "tilde"),
    ("bar", "macron"),
    ("vec", "arrow"),
    ("dot", "dot"),
    ("ddot", "dot.double"),
];

/// The Typst name of a LaTeX symbol command.
pub(super) fn symbol(name: &str) -> Option<&'static str> {
    lookup(&SYMBOLS, name)
}

/// The Typst function a one-argument command becomes.
pub(super) fn one_argument(name: &str) -> Option<&'static str> {
    lookup(&ONE_ARGUMENT, name)
}

fn lookup(table: &[(&str, &'static str)], name: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(latex, _)| *latex == name)
        .map(|(_, typst)| *typst)
}

/// Every Typst name the symbol and operator tables hold, for the test that
/// Typst knows each one.
#[cfg(test)]
pub(super) fn all_symbol_names() -> Vec<&'static str> {
    OPERATORS
        .iter()
        .copied()
        .chain(SYMBOLS.iter().map(|(_, typst)| *typst))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_latex_name_is_in_its_tables_once() {
        let mut names: Vec<&str> = SYMBOLS
            .iter()
            .map(|(latex, _)| *latex)
            .chain(OPERATORS)
            .chain(ONE_ARGUMENT.iter().map(|(latex, _)| *latex))
            .collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all);
    }
}
