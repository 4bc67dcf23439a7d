//! The lesson, challenge and example files, fetched from beside the app the first time they are needed
//! and kept for the page's life: each file is asked for once, even when the gallery and a deep
//! link want it at the same moment. A file that fails to arrive is forgotten, so the next try
//! asks again (the connection may be back).

use crate::engine::Scenario;
use crate::engine::challenge::Challenge;
use crate::engine::lesson::{Lesson, ScenarioSource};
use crate::learn::catalog::{self, CHALLENGES, Card, CardKind, EXAMPLES, LESSONS};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A file of the catalog, asked for or arrived.
#[derive(Clone)]
enum File {
    /// The browser's `fetch` of it: awaited by whoever needs the file first; later callers
    /// await the same response.
    Asked(js_sys::Promise),
    Arrived(Rc<str>),
}

thread_local! {
    static FILES: RefCell<BTreeMap<String, File>> = const { RefCell::new(BTreeMap::new()) };
    /// A rejection handler that does nothing: the gallery asks for every file before it awaits
    /// the first, and a fetch that fails before anyone awaits it must not count as an
    /// unhandled rejection (whoever awaits it later still sees the failure).
    static HANDLED: Closure<dyn FnMut(JsValue)> = Closure::new(|_: JsValue| {});
}

/// `path` as arrived, or as asked for (starting the fetch unless it was started already).
fn file(path: &str) -> Result<File, String> {
    FILES.with_borrow_mut(|files| {
        if let Some(file) = files.get(path) {
            return Ok(file.clone());
        }
        let window = web_sys::window().ok_or("there is no browser window")?;
        let promise = window.fetch_with_str(path);
        HANDLED.with(|handled| {
            let _ = promise.catch(handled);
        });
        let file = File::Asked(promise);
        files.insert(path.to_string(), file.clone());
        Ok(file)
    })
}

/// The text of `path` (relative to the page), fetched once.
async fn text(path: &str) -> Result<Rc<str>, String> {
    let promise = match file(path)? {
        File::Arrived(text) => return Ok(text),
        File::Asked(promise) => promise,
    };
    let read = read(promise).await;
    FILES.with_borrow_mut(|files| match &read {
        Ok(text) => {
            files.insert(path.to_string(), File::Arrived(text.clone()));
        }
        Err(_) => {
            files.remove(path);
        }
    });
    read.map_err(|e| format!("{path}: {e}"))
}

/// The body of a fetch's response as text. Each caller reads its own clone of the response,
/// so several can await one fetch.
async fn read(promise: js_sys::Promise) -> Result<Rc<str>, String> {
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(|_| "the request failed; are you offline?".to_string())?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let body = response
        .clone()
        .and_then(|r| r.text())
        .map_err(|_| "its body could not be read".to_string())?;
    let text = JsFuture::from(body)
        .await
        .map_err(|_| "its body did not arrive whole".to_string())?;
    text.as_string()
        .map(Rc::from)
        .ok_or_else(|| "its body is not text".to_string())
}

/// Example `id` of the catalog, or what went wrong (naming the file).
pub async fn example(id: &'static str) -> Result<Scenario, String> {
    let path = catalog::path(CardKind::Example, id);
    let text = text(&path).await?;
    catalog::parse_example(&text).map_err(|e| format!("{path}: {e}"))
}

/// Lesson `id` of the catalog and the scenario it starts from (fetching the example it is
/// built on, if it is), or what went wrong (naming the file).
pub async fn lesson(id: &'static str) -> Result<(Lesson, Scenario), String> {
    let path = catalog::path(CardKind::Lesson, id);
    let text = text(&path).await?;
    let lesson = catalog::parse_lesson(id, &text).map_err(|e| format!("{path}: {e}"))?;
    let base = scenario_of(&path, &lesson.scenario).await?;
    Ok((lesson, base))
}

/// Challenge `id` of the catalog and its starting design, or what went wrong (naming the
/// file).
pub async fn challenge(id: &'static str) -> Result<(Challenge, Scenario), String> {
    let path = catalog::path(CardKind::Challenge, id);
    let text = text(&path).await?;
    let challenge = catalog::parse_challenge(id, &text).map_err(|e| format!("{path}: {e}"))?;
    let start = scenario_of(&path, &challenge.scenario).await?;
    Ok((challenge, start))
}

/// The scenario a lesson or challenge file (at `path`) starts from: its own, or an example of
/// the catalog, fetched.
async fn scenario_of(path: &str, source: &ScenarioSource) -> Result<Scenario, String> {
    match source {
        ScenarioSource::Inline(scenario) => Ok((**scenario).clone()),
        ScenarioSource::Example(example_id) => {
            let known = catalog::known(CardKind::Example, example_id)
                .ok_or_else(|| format!("{path}: there is no example '{example_id}'"))?;
            example(known).await
        }
    }
}

/// What the gallery shows: a card for every file that arrived, in the gallery's order, and a
/// line for each that did not.
pub async fn cards() -> (Vec<Card>, Vec<String>) {
    // Every request goes out before the first is awaited, so they travel together.
    let paths = LESSONS
        .iter()
        .map(|id| catalog::path(CardKind::Lesson, id))
        .chain(
            CHALLENGES
                .iter()
                .map(|id| catalog::path(CardKind::Challenge, id)),
        )
        .chain(
            EXAMPLES
                .iter()
                .map(|id| catalog::path(CardKind::Example, id)),
        );
    for path in paths {
        let _ = file(&path);
    }
    let mut cards = Vec::with_capacity(LESSONS.len() + CHALLENGES.len() + EXAMPLES.len());
    let mut failed = Vec::new();
    for id in LESSONS {
        match lesson(id).await {
            Ok((lesson, base)) => cards.push(Card::lesson(id, &lesson, base)),
            Err(e) => failed.push(format!("the lesson '{id}' ({e})")),
        }
    }
    for id in CHALLENGES {
        match challenge(id).await {
            Ok((challenge, start)) => cards.push(Card::challenge(id, &challenge, start)),
            Err(e) => failed.push(format!("the challenge '{id}' ({e})")),
        }
    }
    for id in EXAMPLES {
        match example(id).await {
            Ok(scenario) => cards.push(Card::example(id, scenario)),
            Err(e) => failed.push(format!("the example '{id}' ({e})")),
        }
    }
    (catalog::arrange(cards), failed)
}

/// How a catalog entry that did not open is told: its kind and id, what failed, and that
/// nothing was changed.
pub fn failure(kind: CardKind, id: &str, why: &str) -> String {
    format!(
        "The {} '{id}' could not be opened ({why}). Your current scenario is unchanged.",
        kind.word()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_names_the_entry_and_what_failed() {
        assert_eq!(
            failure(
                CardKind::Lesson,
                "retry-storm",
                "lessons/retry-storm.json: the server answered 404 Not Found"
            ),
            "The lesson 'retry-storm' could not be opened (lessons/retry-storm.json: the server \
             answered 404 Not Found). Your current scenario is unchanged."
        );
    }
}
