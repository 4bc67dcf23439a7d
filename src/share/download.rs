//! Handing the browser a file to save: a safe file name, and a download of text, a blob or
//! a URL; JavaScript errors turned into sentences.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// A file name for a scenario called `name`: letters, digits, `-` and `_` kept, runs of
/// anything else become one `-`; `scenario` if nothing is left. Ends in `extension`.
pub fn file_name(name: &str, extension: &str) -> String {
    let mut stem = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            stem.push(c);
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_matches('-').chars().take(80).collect();
    let stem = if stem.is_empty() { "scenario" } else { &stem };
    format!("{stem}.{extension}")
}

/// Makes the browser download `text` as a file called `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| js_error("could not make the file", &e))?;
    download_blob(name, &blob)
}

/// Makes the browser download `blob` as a file called `name`.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|e| js_error("could not make the file", &e))?;
    download_url(name, &url)?;
    // Revoked a little later: some browsers read the object URL after `click` returns.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(30),
    );
    Ok(())
}

/// Makes the browser download `url` (an object or data URL) as a file called `name`.
pub fn download_url(name: &str, url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("there is no document")?;
    let a = document
        .create_element("a")
        .map_err(|e| js_error("could not start the download", &e))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "could not start the download".to_string())?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// A sentence from a JavaScript error.
pub fn js_error(what: &str, e: &JsValue) -> String {
    let detail = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".to_string());
    format!("{what}: {detail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_never_empty() {
        assert_eq!(file_name("Web app", "json"), "Web-app.json");
        assert_eq!(file_name("  ../../etc/passwd ", "json"), "etc-passwd.json");
        assert_eq!(file_name("<img src=x>", "svg"), "img-src-x.svg");
        assert_eq!(file_name("", "csv"), "scenario.csv");
        assert_eq!(file_name("***", "csv"), "scenario.csv");
        assert_eq!(file_name("Café_v2", "json"), "Café_v2.json");
    }
}
