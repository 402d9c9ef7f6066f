package io.omnihub.connector.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.error.MalformedPayloadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Reconciliation through {@code GET /v1/events} (Stripe keeps events for 30 days):
 * {@code created[gte]} = the cursor, {@code types[]} = the kind's event types, {@code limit} = the
 * page size, {@code starting_after} = the page token. Stripe lists newest first; each page is
 * returned oldest first, and the runtime follows {@code nextPageToken} until it is null.
 */
final class StripeChangePoller implements ChangePoller {

    private final StripeClient client;
    private final int pageSize;

    StripeChangePoller(StripeClient client, int pageSize) {
        this.client = client;
        this.pageSize = pageSize;
    }

    @Override
    public Set<EntityKind> pollableKinds() {
        return Set.of(EntityKind.PAYMENT, EntityKind.REFUND);
    }

    @Override
    public Page poll(EntityKind kind, Instant since, String pageToken) {
        if (!pollableKinds().contains(kind)) {
            throw new IllegalArgumentException("Stripe cannot poll " + kind.key());
        }
        HttpUrl.Builder url = client.url("v1", "events")
                .addQueryParameter("created[gte]", String.valueOf(since.getEpochSecond()))
                .addQueryParameter("limit", String.valueOf(pageSize));
        for (String type : StripeEventTypes.typesFor(kind)) {
            url.addQueryParameter("types[]", type);
        }
        if (pageToken != null && !pageToken.isBlank()) {
            url.addQueryParameter("starting_after", pageToken);
        }
        JsonNode list = client.get(url.build());
        JsonNode data = list.path("data");
        if (!"list".equals(StripeEvents.text(list, "object")) || !data.isArray()) {
            throw new MalformedPayloadException("GET /v1/events did not answer a list object");
        }
        List<PlatformEvent> events = new ArrayList<>();
        Instant high = null;
        String lastId = null;
        for (JsonNode e : data) {
            lastId = StripeEvents.text(e, "id");
            Optional<PlatformEvent> pe = StripeEvents.toPlatformEvent(e);
            if (pe.isPresent() && pe.get().kind() == kind) {
                events.add(pe.get());
                if (high == null || pe.get().occurredAt().isAfter(high)) {
                    high = pe.get().occurredAt();
                }
            }
        }
        Collections.reverse(events); // Stripe pages are newest first
        boolean more = list.path("has_more").asBoolean(false) && lastId != null;
        return new Page(events, more ? lastId : null, high == null ? since : high);
    }
}
