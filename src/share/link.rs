//! Share links in the app: the Share button puts the scenario in the URL fragment and on the
//! clipboard (and the lesson player's "Share lesson" the lesson, [`share_lesson`]); a
//! fragment is opened on load and on `hashchange`, a lesson's in the lesson player. The
//! format itself is the engine's ([`archsim_engine::codec`]); text from a link only ever
//! reaches the page as text.

use crate::engine::Scenario;
use crate::engine::codec::{
    Shared, SharedLesson, decode_link, decode_shared, encode_lesson_link, encode_link,
    link_length_warning,
};
use crate::engine::lesson::Lesson;
use crate::state::{AppState, ToastKind};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The toast after a successful copy.
pub const COPIED_MESSAGE: &str = "Link copied to clipboard";

/// The URL to share: `page_url` without any fragment, then `#` and the link payload.
pub fn share_url(page_url: &str, payload: &str) -> String {
    let base = page_url.split_once('#').map_or(page_url, |(b, _)| b);
    format!("{base}#{payload}")
}

/// The part of a location hash (`#…`) worth opening as a link: `None` for no fragment or an
/// empty one.
pub fn link_fragment(hash: &str) -> Option<&str> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    (!fragment.trim().is_empty()).then_some(fragment)
}

/// What the share popover shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareInfo {
    /// The whole URL.
    pub url: String,
    /// Whether it reached the clipboard: `None` while the browser decides.
    pub copied: Option<bool>,
    /// The warning for a very long link.
    pub warning: Option<String>,
    /// Whether the link holds a lesson (else the scenario on the canvas).
    pub lesson: bool,
}

/// The share popover's state, provided as context by [`install`].
#[derive(Clone, Copy)]
pub struct ShareState {
    /// The popover, when open.
    pub info: RwSignal<Option<ShareInfo>>,
}

/// Provides [`ShareState`], opens the link in the page's fragment (if any) and listens for
/// `hashchange` (a link pasted into the address bar of an open page). A lesson link is
/// handed to `open_lesson` (the lesson player, which this module does not know).
pub fn install(state: AppState, open_lesson: impl Fn(SharedLesson) + Clone + 'static) {
    provide_context(ShareState {
        info: RwSignal::new(None),
    });
    open_location_link(&state, &open_lesson);
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        open_location_link(&state, &open_lesson);
    });
    on_cleanup(move || listener.remove());
}

/// The page's location hash, if it can be read.
fn location_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// The scenario the page's fragment holds, when it holds one that opens.
pub fn location_scenario() -> Option<Scenario> {
    let hash = location_hash()?;
    decode_link(link_fragment(&hash)?).ok()
}

/// Opens the link in the location's fragment: a scenario replaces the scenario, a lesson
/// goes to `open_lesson`; failure says why in a toast and leaves the current work alone.
fn open_location_link(state: &AppState, open_lesson: &impl Fn(SharedLesson)) {
    let Some(hash) = location_hash() else {
        return;
    };
    let Some(fragment) = link_fragment(&hash) else {
        return;
    };
    match decode_shared(fragment) {
        Ok(Shared::Lesson(lesson)) => open_lesson(lesson),
        Ok(Shared::Scenario(scenario)) => {
            if state.scenario.with_untracked(|s| *s == scenario) {
                return;
            }
            let name = scenario.name.clone();
            state.replace_scenario(scenario);
            state.toast(
                ToastKind::Info,
                format!("Opened shared scenario '{name}'. Undo brings back what you had."),
            );
        }
        Err(e) => state.toast(
            ToastKind::Error,
            format!("{e} Your current scenario is unchanged."),
        ),
    }
}

/// Removes a scenario link that no longer describes the scenario (it was edited after the
/// link was opened or shared, or the link did not open), so a reload restores the autosaved
/// work instead of the old link. A lesson link stays.
pub fn forget_stale_link(scenario: &Scenario) {
    let Some(hash) = location_hash() else {
        return;
    };
    let Some(fragment) = link_fragment(&hash) else {
        return;
    };
    match decode_shared(fragment) {
        // A lesson link stands for the lesson, not for the design on the canvas: it stays (a
        // reload opens the lesson again). Stripping it raced Share lesson against autosave.
        Ok(Shared::Lesson(_)) => return,
        Ok(Shared::Scenario(linked)) if linked == *scenario => return,
        _ => {}
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let plain = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&plain));
    }
}

/// Puts the scenario's link in the address bar (without reloading) and on the clipboard, and
/// opens the popover that shows it.
pub fn share(state: &AppState, share: &ShareState) {
    let payload = state.scenario.with_untracked(encode_link);
    publish(state, share, payload, false);
}

/// Like [`share`], for a lesson and the scenario it starts from: the link opens the lesson
/// in the lesson player at step 1.
pub fn share_lesson(state: &AppState, share: &ShareState, lesson: &Lesson, base: &Scenario) {
    publish(state, share, encode_lesson_link(lesson, base), true);
}

/// Puts `payload` in the address bar and on the clipboard, and shows it in the popover.
fn publish(state: &AppState, share: &ShareState, payload: String, lesson: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let href = window.location().href().unwrap_or_default();
    let url = share_url(&href, &payload);
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
    let warning = link_length_warning(&url);
    share.info.set(Some(ShareInfo {
        url: url.clone(),
        copied: None,
        warning,
        lesson,
    }));
    // `navigator.clipboard` is missing outside secure contexts; calling it would throw.
    let promise = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .map(|c| c.unchecked_into::<web_sys::Clipboard>().write_text(&url));
    let info = share.info;
    let state = *state;
    let report = move |copied: bool| {
        info.update(|i| {
            if let Some(i) = i.as_mut().filter(|i| i.url == url) {
                i.copied = Some(copied);
            }
        });
        if copied {
            state.toast(ToastKind::Info, COPIED_MESSAGE);
        }
    };
    match promise {
        None => report(false),
        Some(promise) => leptos::task::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            report(copied);
        }),
    }
}

/// The Share button and its popover.
#[component]
pub fn ShareButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share_state = expect_context::<ShareState>();
    view! {
        <button
            class="btn"
            data-testid="share"
            title="Put this scenario in a link and copy it"
            on:click=move |_| share(&state, &share_state)
        >
            "Share"
        </button>
        <SharePopover />
    }
}

/// Shows the link: selectable, with whether it was copied and a warning for long links.
#[component]
fn SharePopover() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    let close = move |_| share.info.set(None);
    view! {
        {move || {
            share
                .info
                .get()
                .map(|info| {
                    let status = match info.copied {
                        Some(true) => "Copied to the clipboard.",
                        Some(false) => {
                            "The browser did not allow copying: select the link below and copy it."
                        }
                        None => "Copying…",
                    };
                    let warning = info.warning.clone();
                    let (heading, what) = if info.lesson {
                        ("Share this lesson", "lesson")
                    } else {
                        ("Share this scenario", "scenario")
                    };
                    let lesson = info.lesson;
                    view! {
                        <div class="popover share-panel" data-testid="share-panel">
                            <div class="popover-head">
                                <h3>{heading}</h3>
                                <button
                                    class="btn icon-btn ghost"
                                    aria-label="Close"
                                    on:click=close
                                >
                                    <crate::kinds::icons::UiIcon name="close" size=16 />
                                </button>
                            </div>
                            <p class="muted" data-testid="share-status">
                                {status}
                            </p>
                            <input
                                class="share-url"
                                data-testid="share-url"
                                type="text"
                                readonly
                                aria-label="Share link"
                                prop:value=info.url.clone()
                                on:focus=move |ev| {
                                    if let Some(input) = ev
                                        .target()
                                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                                    {
                                        input.select();
                                    }
                                }
                            />
                            <p class="muted share-note">
                                {format!(
                                    "{} characters. The {what} is in the part after '#', which is never sent to a server.",
                                    info.url.chars().count(),
                                )}
                            </p>
                            {warning
                                .map(|w| {
                                    view! {
                                        <div class="share-warning" data-testid="share-warning">
                                            <p>{w}</p>
                                            {(!lesson)
                                                .then(|| {
                                                    view! {
                                                        <button
                                                            class="btn small"
                                                            on:click=move |_| crate::share::files::export_json(&state)
                                                        >
                                                            "Download JSON"
                                                        </button>
                                                    }
                                                })}
                                        </div>
                                    }
                                })}
                        </div>
                    }
                })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_url_replaces_any_old_fragment() {
        assert_eq!(
            share_url("http://h/app/?embed=1#v1.old", "v1.new"),
            "http://h/app/?embed=1#v1.new"
        );
        assert_eq!(share_url("http://h/", "v1.x"), "http://h/#v1.x");
    }

    #[test]
    fn empty_fragments_are_not_links() {
        assert_eq!(link_fragment(""), None);
        assert_eq!(link_fragment("#"), None);
        assert_eq!(link_fragment("#  "), None);
        assert_eq!(link_fragment("#v1.abc"), Some("v1.abc"));
    }

    #[test]
    fn a_shared_url_opens_to_the_same_scenario() {
        let s = crate::default_scenario();
        let url = share_url("https://example.org/archsim/", &encode_link(&s));
        let hash = url.split_once('#').map(|(_, h)| format!("#{h}"));
        let opened = hash.as_deref().and_then(link_fragment).map(decode_link);
        assert_eq!(opened, Some(Ok(s)));
    }

    #[test]
    fn a_shared_lesson_url_opens_to_the_same_lesson() {
        let text = include_str!("../../lessons/spof-and-redundancy.json");
        let lesson = Lesson::from_json(text).expect("a library lesson");
        let base = lesson.base_scenario(&|_| None).expect("its own scenario");
        let url = share_url(
            "https://example.org/archsim/?lesson=x#v1.old",
            &encode_lesson_link(&lesson, &base),
        );
        let hash = url.split_once('#').map(|(_, h)| format!("#{h}"));
        let opened = hash.as_deref().and_then(link_fragment).map(decode_shared);
        let expected = SharedLesson {
            lesson,
            scenario: base,
        };
        assert_eq!(opened, Some(Ok(Shared::Lesson(expected))));
    }
}
