//! A little JSON for `--json` output (schema in docs/JSON.md): strings escaped per RFC 8259, no
//! dependency needed for the handful of flat objects the commands print.

/// A JSON value.
pub(crate) enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Num(u64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, keys in the order given.
    Obj(Vec<(&'static str, Json)>),
}

impl Json {
    /// A string value.
    pub(crate) fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    /// A string, or null.
    pub(crate) fn opt(s: Option<impl Into<String>>) -> Json {
        s.map_or(Json::Null, |s| Json::Str(s.into()))
    }

    /// Serialises on one line.
    pub(crate) fn render(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Num(n) => n.to_string(),
            Json::Str(s) => {
                let mut out = String::from("\"");
                for c in s.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('"');
                out
            }
            Json::Arr(v) => format!("[{}]", v.iter().map(Json::render).collect::<Vec<_>>().join(",")),
            Json::Obj(kv) => {
                let items: Vec<String> =
                    kv.iter().map(|(k, v)| format!("{}:{}", Json::str(*k).render(), v.render())).collect();
                format!("{{{}}}", items.join(","))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let j = Json::Obj(vec![
            ("a", Json::str("q\"b\\n\n\u{1}é")),
            ("b", Json::Arr(vec![Json::Num(1), Json::Bool(false), Json::Null])),
        ]);
        assert_eq!(j.render(), r#"{"a":"q\"b\\n\n\u0001é","b":[1,false,null]}"#);
    }
}
