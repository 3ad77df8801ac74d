//! Refuses figures typed into guide prose.
//!
//! Every dollar amount and percentage a reader sees in a guide must come from
//! the data through a shortcode, so it can never drift from its source. This
//! scan finds a typed `$` amount, a `%` sign or a number written "N percent"
//! in prose; code (fenced blocks and inline spans), shortcodes and link
//! addresses are left alone, since none of them is read as a figure.

/// One typed figure: the line in the body (1-based) and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedFigure {
    /// Line within the text scanned, counting from 1.
    pub line: usize,
    /// The figure as typed, e.g. "$120,000" or "15%".
    pub found: String,
}

/// Every typed figure in a guide body, in order.
pub fn find(body: &str) -> Vec<TypedFigure> {
    let mut found = Vec::new();
    let mut fence: Option<&str> = None;
    for (index, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(marker);
            continue;
        }
        for figure in scan(&prose_only(line)) {
            found.push(TypedFigure {
                line: index + 1,
                found: figure,
            });
        }
    }
    found
}

/// A line with inline code, shortcodes and link addresses blanked out.
fn prose_only(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let next = [
            rest.find('`').map(|i| (i, "`", "`")),
            rest.find("{{").map(|i| (i, "{{", "}}")),
            rest.find("](").map(|i| (i, "](", ")")),
            rest.find("<http").map(|i| (i, "<", ">")),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|(i, _, _)| *i);
        let Some((start, open, close)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        out.push(' ');
        let after = &rest[start + open.len()..];
        match after.find(close) {
            Some(end) => rest = &after[end + close.len()..],
            None => return out,
        }
    }
}

/// The typed figures in one line of prose.
fn scan(prose: &str) -> Vec<String> {
    let chars: Vec<char> = prose.chars().collect();
    let mut found = Vec::new();
    let number_around = |from: usize, step: isize| {
        let mut i = from as isize;
        let mut text = String::new();
        while i >= 0 && (i as usize) < chars.len() {
            let c = chars[i as usize];
            if c.is_ascii_digit() || c == ',' || c == '.' || c == '–' || c == '-' {
                text.push(c);
                i += step;
            } else {
                break;
            }
        }
        let text: String = if step < 0 {
            text.chars().rev().collect()
        } else {
            text
        };
        text.trim_matches(|c: char| !c.is_ascii_digit()).to_owned()
    };
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '$' => {
                let start = if chars.get(i + 1) == Some(&' ') {
                    i + 2
                } else {
                    i + 1
                };
                let number = number_around(start, 1);
                if !number.is_empty() {
                    found.push(format!("${number}"));
                }
            }
            '%' => {
                let number = if i > 0 {
                    number_around(i - 1, -1)
                } else {
                    String::new()
                };
                found.push(format!("{number}%"));
            }
            c if c.is_ascii_digit()
                && (i == 0 || !matches!(chars[i - 1], '0'..='9' | '.' | ','))
                && !chars[..i].ends_with(&['$']) =>
            {
                let rest: String = chars[i + 1..].iter().take(12).collect();
                let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
                for word in [" percent", " per cent"] {
                    if let Some(after) = rest.strip_prefix(word)
                        && !after.starts_with(|c: char| c.is_alphabetic())
                    {
                        found.push(format!("{}{word}", number_around(i, 1)));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(body: &str) -> Vec<(usize, String)> {
        find(body).into_iter().map(|f| (f.line, f.found)).collect()
    }

    #[test]
    fn finds_typed_dollars_and_percentages_with_their_lines() {
        let body = "Pay is good.\nThe median is $120,000 a year.\nIt grew 8% last year, or 15.8 percent since 2024.\n";
        assert_eq!(
            typed(body),
            [
                (2, "$120,000".to_owned()),
                (3, "8%".to_owned()),
                (3, "15.8 percent".to_owned())
            ]
        );
        assert_eq!(typed("Ranges like 20–24% count.")[0].1, "20–24%");
        assert_eq!(typed("A bare % sign too.")[0].1, "%");
    }

    #[test]
    fn leaves_shortcodes_code_and_links_alone() {
        let body = "The median is {{ figure id=bls-software-developers-median }}.\n\
                    Run `curl '/api?offer=$120000&share=5%'` to see it.\n\
                    ```\nlet share = 15%;\nlet pay = $90,000;\n```\n\
                    A [link](https://example.com/a%20b) and <https://example.com/%41>.\n\
                    The 25th percentile and a dollar sign alone: $.\n";
        assert_eq!(typed(body), []);
    }
}
