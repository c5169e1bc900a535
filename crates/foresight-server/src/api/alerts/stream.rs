//! The live alert stream (SSE): every node forwards the `foresight_alert` notifications that alert
//! transitions send on commit to its subscribers, each filtered to the subscriber's tenant and zones.

use crate::api::CommonErrors;
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::ApiError;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use foresight_alerting::fanout::{AlertNotice, ALERT_CHANNEL};
use foresight_core::rbac::ZoneScope;
use futures::Stream;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// How long a new stream waits for the feed to be listening.
const FEED_WAIT: Duration = Duration::from_secs(5);

/// Forwards alert notices from PostgreSQL to this node's streams, reconnecting when the connection drops.
pub fn spawn_alert_feed(db: PgPool, sender: broadcast::Sender<AlertNotice>, listening: Arc<watch::Sender<bool>>) {
    tokio::spawn(async move {
        loop {
            if let Ok(mut listener) = PgListener::connect_with(&db).await {
                if listener.listen(ALERT_CHANNEL).await.is_ok() {
                    listening.send_replace(true);
                    loop {
                        match listener.recv().await {
                            Ok(n) => {
                                if let Ok(notice) = serde_json::from_str::<AlertNotice>(n.payload()) {
                                    let _ = sender.send(notice);
                                }
                            }
                            Err(e) => {
                                listening.send_replace(false);
                                tracing::warn!(error = %e, "alert feed lost its connection; reconnecting");
                                break;
                            }
                        }
                    }
                }
            }
            if sender.receiver_count() == 0 && db.is_closed() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

/// Live alerts: Server-Sent Events, event `alert`, data `{"kind": "opened"|"occurrence"|"changed",
/// "alert": AlertSummary}` for every alert of the caller's tenant and zones as it opens, rises or moves.
/// Like the heat-map stream, this route also accepts the access token as the `access_token` query
/// parameter (EventSource cannot send headers).
#[utoipa::path(get, path = "/alerts/stream", tag = "alerts",
    params(("access_token" = Option<String>, Query, description = "The access token, for EventSource clients that cannot send an Authorization header")),
    responses((status = 200, content_type = "text/event-stream", description = "Events `alert`"), CommonErrors),
    security(("bearer" = [])))]
pub(super) async fn alert_stream(
    auth: Authorized<perm::AlertRead>,
    State(state): State<AppState>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let tenant_id = auth.caller.tenant_id;
    let scope = auth.caller.authority.zone_scope().clone();
    auth.commit().await?;
    let receiver = state.alert_events.subscribe();
    // A stream that answers is live: wait (briefly) for the feed to listen, so nothing committed after
    // the answer is missed. If PostgreSQL is away the stream opens anyway and fills once it is back.
    let mut listening = state.alert_feed_listening.subscribe();
    let _ = tokio::time::timeout(FEED_WAIT, listening.wait_for(|l| *l)).await;
    let stream = futures::stream::unfold(receiver, move |mut receiver| {
        let scope = scope.clone();
        async move {
            loop {
                let notice = match receiver.recv().await {
                    Ok(n) => n,
                    // A slow client misses events; the queue it shows reloads on the next one.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                let visible = match &scope {
                    ZoneScope::All => true,
                    ZoneScope::Only(zones) => zones.contains(&notice.zone_id),
                };
                if notice.tenant_id != tenant_id || !visible {
                    continue;
                }
                let data = serde_json::json!({ "kind": notice.kind, "alert": notice.alert });
                if let Ok(event) = Event::default().event("alert").json_data(&data) {
                    return Some((Ok(event), receiver));
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
