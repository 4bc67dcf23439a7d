//! What the engine's field descriptions leave to the app: a note under a DNS whose policy
//! does not check health.

use leptos::prelude::*;

/// Said under a DNS whose policy answers without checking health.
pub(super) fn dns_without_health() -> AnyView {
    view! {
        <p class="field-help" data-testid="dns-no-health">
            "This policy does not check health: a dead target stays in the answers."
        </p>
    }
    .into_any()
}
