//! `[analytics]` in `fumi.toml`: a privacy-friendly page counter (Plausible or
//! GoatCounter), none unless configured.
//!
//! The publishing tool never writes the counter into the pages: it hands its script's
//! attributes to the start script ([`Settings::start_script_config`]), which adds the
//! script only for readers who have not asked not to be tracked (Do Not Track, Global
//! Privacy Control), and the Content-Security-Policy of every page gets exactly the
//! origins the counter loads from and reports to ([`Settings::sources`]).

use serde::Deserialize;

/// Plausible's hosted script; a self-hosted instance sets `script`.
const PLAUSIBLE_SCRIPT: &str = "https://plausible.io/js/script.js";
const GOATCOUNTER_SCRIPT: &str = "https://gc.zgo.at/count.js";

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub provider: Option<Provider>,
    /// Plausible: the site's domain as registered there (`blog.example.com`).
    pub domain: String,
    /// Plausible: the script's address, for a self-hosted instance.
    pub script: Option<String>,
    /// GoatCounter: the site's code, the `<code>` of `https://<code>.goatcounter.com`.
    pub code: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Plausible,
    Goatcounter,
}

impl Settings {
    /// A mistake serde cannot see, as (key, message).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        match self.provider {
            None => Ok(()),
            Some(Provider::Plausible) => {
                let domain = self.domain.trim();
                if domain.is_empty() || domain.contains(['/', ':', ' ']) {
                    return Err(("domain", format!("plausible needs domain: the site's domain as registered at Plausible, e.g. \"blog.example.com\"{}", if domain.is_empty() { String::new() } else { format!(", not {domain:?}") })));
                }
                match &self.script {
                    Some(script) if !script.starts_with("https://") || script.len() <= "https://".len() => {
                        Err(("script", format!("expected the https:// address of Plausible's script, not {script:?}")))
                    }
                    _ => Ok(()),
                }
            }
            Some(Provider::Goatcounter) => {
                let code = &self.code;
                if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    return Err((
                        "code",
                        format!("goatcounter needs code: the <code> of https://<code>.goatcounter.com, not {code:?}"),
                    ));
                }
                Ok(())
            }
        }
    }

    /// The counter's `<script>` attributes, `src` first; none without a provider.
    fn script_attributes(&self) -> Vec<(&'static str, String)> {
        match self.provider {
            None => Vec::new(),
            Some(Provider::Plausible) => vec![
                ("src", self.script.clone().unwrap_or_else(|| PLAUSIBLE_SCRIPT.to_owned())),
                ("data-domain", self.domain.trim().to_owned()),
            ],
            Some(Provider::Goatcounter) => vec![
                ("src", GOATCOUNTER_SCRIPT.to_owned()),
                ("data-goatcounter", format!("https://{}.goatcounter.com/count", self.code)),
            ],
        }
    }

    /// What the start script receives: the script's attributes as a JSON object, or
    /// `null`.
    pub fn start_script_config(&self) -> String {
        let attributes = self.script_attributes();
        if attributes.is_empty() {
            return "null".into();
        }
        let map: serde_json::Map<String, serde_json::Value> =
            attributes.into_iter().map(|(name, value)| (name.to_owned(), value.into())).collect();
        serde_json::Value::Object(map).to_string()
    }

    /// The policy's additions for every page: (directive, origin). The script comes
    /// from one origin; page views are sent (`fetch`, `sendBeacon`) to one.
    pub fn sources(&self) -> Vec<(&'static str, String)> {
        let origin = |url: &str| {
            let rest = url.strip_prefix("https://").unwrap_or(url);
            format!("https://{}", rest.split(['/', '?', '#']).next().unwrap_or(""))
        };
        match self.provider {
            None => Vec::new(),
            Some(Provider::Plausible) => {
                let script = origin(self.script.as_deref().unwrap_or(PLAUSIBLE_SCRIPT));
                vec![("script-src", script.clone()), ("connect-src", script)]
            }
            Some(Provider::Goatcounter) => vec![
                ("script-src", origin(GOATCOUNTER_SCRIPT)),
                ("connect-src", format!("https://{}.goatcounter.com", self.code)),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plausible(domain: &str, script: Option<&str>) -> Settings {
        Settings {
            provider: Some(Provider::Plausible),
            domain: domain.into(),
            script: script.map(Into::into),
            ..Settings::default()
        }
    }

    #[test]
    fn none_by_default() {
        let none = Settings::default();
        assert_eq!(none.check(), Ok(()));
        assert_eq!(none.start_script_config(), "null");
        assert!(none.sources().is_empty());
    }

    #[test]
    fn plausible_loads_from_its_origin_or_a_self_hosted_one() {
        let hosted = plausible("blog.example.com", None);
        assert_eq!(hosted.check(), Ok(()));
        assert_eq!(
            hosted.start_script_config(),
            r#"{"data-domain":"blog.example.com","src":"https://plausible.io/js/script.js"}"#
        );
        assert_eq!(
            hosted.sources(),
            [("script-src", "https://plausible.io".to_owned()), ("connect-src", "https://plausible.io".to_owned())]
        );
        let own = plausible("blog.example.com", Some("https://stats.example.com/js/script.js"));
        assert_eq!(own.sources()[0], ("script-src", "https://stats.example.com".to_owned()));
        assert_eq!(plausible("", None).check().unwrap_err().0, "domain");
        assert_eq!(plausible("https://blog.example.com/", None).check().unwrap_err().0, "domain");
        assert_eq!(plausible("a.b", Some("http://stats.example.com/s.js")).check().unwrap_err().0, "script");
    }

    #[test]
    fn goatcounter_counts_at_the_sites_own_endpoint() {
        let goat = Settings { provider: Some(Provider::Goatcounter), code: "fumi".into(), ..Settings::default() };
        assert_eq!(goat.check(), Ok(()));
        assert_eq!(
            goat.start_script_config(),
            r#"{"data-goatcounter":"https://fumi.goatcounter.com/count","src":"https://gc.zgo.at/count.js"}"#
        );
        assert_eq!(
            goat.sources(),
            [
                ("script-src", "https://gc.zgo.at".to_owned()),
                ("connect-src", "https://fumi.goatcounter.com".to_owned())
            ]
        );
        let bad = Settings { code: "fumi.example".into(), ..goat };
        assert_eq!(bad.check().unwrap_err().0, "code");
    }
}
