//! The shortcode syntax inside guide Markdown, `{{ name key=value ... }}`:
//! finding, parsing and replacing shortcodes. What each one prints lives in
//! `content::shortcodes`, which the caller passes in as `expand`.

use super::MarkdownError;

/// One shortcode as written: its name and `key=value` arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode<'a> {
    /// The shortcode's name.
    pub name: &'a str,
    /// Its arguments, in order.
    pub args: Vec<(&'a str, &'a str)>,
}

impl Shortcode<'_> {
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.args.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    pub(crate) fn allow_only(&self, keys: &[&str]) -> Result<(), String> {
        match self.args.iter().find(|(k, _)| !keys.contains(k)) {
            Some((key, _)) => Err(format!(
                "`{}` takes no argument `{key}` (it takes: {})",
                self.name,
                keys.join(", ")
            )),
            None => Ok(()),
        }
    }
}

pub(crate) fn parse(inner: &str) -> Result<Shortcode<'_>, String> {
    let mut parts = inner.split_whitespace();
    let name = parts.next().ok_or("empty shortcode `{{ }}`")?;
    let args = parts
        .map(|part| {
            part.split_once('=')
                .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                .ok_or_else(|| format!("argument `{part}` of `{name}` must be key=value"))
        })
        .collect::<Result<_, _>>()?;
    Ok(Shortcode { name, args })
}

/// Replaces every shortcode in `source` with what `expand` returns for it.
pub(super) fn replace_all(
    source: &str,
    expand: &dyn Fn(&Shortcode<'_>) -> Result<String, String>,
) -> Result<String, MarkdownError> {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    let mut consumed = 0;
    while let Some(start) = rest.find("{{") {
        let line = source[..consumed + start].lines().count().max(1)
            + usize::from(source[..consumed + start].ends_with('\n'));
        let error = |message: String| MarkdownError { line, message };
        let end = rest[start..]
            .find("}}")
            .ok_or_else(|| error("`{{` without a closing `}}`".to_owned()))?;
        let code = parse(&rest[start + 2..start + end]).map_err(error)?;
        out.push_str(&rest[..start]);
        out.push_str(&expand(&code).map_err(error)?);
        consumed += start + end + 2;
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The source with every shortcode removed, for counting prose words.
pub(super) fn strip(source: &str) -> String {
    replace_all(source, &|_| Ok(String::new())).unwrap_or_else(|_| source.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_name_and_arguments() {
        let code = parse(" pay years=4 stat=p25 ").unwrap();
        assert_eq!(code.name, "pay");
        assert_eq!(code.args, [("years", "4"), ("stat", "p25")]);
        assert!(parse("pay years").is_err());
        assert!(parse("  ").is_err());
    }
}
