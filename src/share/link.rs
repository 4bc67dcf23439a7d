//! Share links in the app: the Share button puts the scenario in the URL fragment and on the
//! clipboard; a fragment is opened on load and on `hashchange`. The format itself is the
//! engine's ([`archsim_engine::codec`]); text from a link only ever reaches the page as text.

use crate::engine::Scenario;
use crate::engine::codec::{decode_link, encode_link, link_length_warning};
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
}

/// The share popover's state, provided as context by [`install`].
#[derive(Clone, Copy)]
pub struct ShareState {
    /// The popover, when open.
    pub info: RwSignal<Option<ShareInfo>>,
}

/// Provides [`ShareState`], opens the link in the page's fragment (if any) and listens for
/// `hashchange` (a link pasted into the address bar of an open page).
pub fn install(state: AppState) {
    provide_context(ShareState {
        info: RwSignal::new(None),
    });
    open_location_link(&state);
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        open_location_link(&state);
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

/// Opens the link in the location's fragment: success replaces the scenario, failure says
/// why in a toast and leaves the current work alone.
fn open_location_link(state: &AppState) {
    let Some(hash) = location_hash() else {
        return;
    };
    let Some(fragment) = link_fragment(&hash) else {
        return;
    };
    match decode_link(fragment) {
        Ok(scenario) => {
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

/// Removes a fragment that no longer describes the scenario (it was edited after the link
/// was opened or shared, or the link did not open), so a reload restores the autosaved work
/// instead of the old link.
pub fn forget_stale_link(scenario: &Scenario) {
    let Some(hash) = location_hash() else {
        return;
    };
    let Some(fragment) = link_fragment(&hash) else {
        return;
    };
    if decode_link(fragment).ok().as_ref() == Some(scenario) {
        return;
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
    let Some(window) = web_sys::window() else {
        return;
    };
    let payload = state.scenario.with_untracked(encode_link);
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
                    view! {
                        <div class="popover share-panel" data-testid="share-panel">
                            <div class="popover-head">
                                <h3>"Share this scenario"</h3>
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
                                {format!("{} characters. ", info.url.chars().count())}
                                "The scenario is in the part after '#', which is never sent to a server."
                            </p>
                            {warning
                                .map(|w| {
                                    view! {
                                        <div class="share-warning" data-testid="share-warning">
                                            <p>{w}</p>
                                            <button
                                                class="btn small"
                                                on:click=move |_| crate::share::files::export_json(&state)
                                            >
                                                "Download JSON"
                                            </button>
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
}
