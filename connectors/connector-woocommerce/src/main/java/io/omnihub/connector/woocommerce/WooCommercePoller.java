package io.omnihub.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.RequestRejectedException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Polls {@code GET /orders} and {@code GET /products} with {@code modified_after} (GMT,
 * {@code dates_are_gmt=true}), {@code orderby=modified&order=asc}, 100 per page, page tokens being
 * page numbers until {@code X-WP-TotalPages}; also fetches one order or product by id.
 */
public final class WooCommercePoller implements ChangePoller, EntityFetcher {

    static final int PAGE_SIZE = 100;
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final WooCommerceClient client;
    private final Set<EntityKind> kinds;

    public WooCommercePoller(WooCommerceClient client, Set<EntityKind> kinds) {
        this.client = client;
        this.kinds = Set.copyOf(kinds);
    }

    @Override
    public Set<EntityKind> pollableKinds() {
        return kinds;
    }

    @Override
    public Page poll(EntityKind kind, Instant since, String pageToken) {
        String resource = resource(kind);
        int page = 1;
        if (pageToken != null) {
            try {
                page = Integer.parseInt(pageToken);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a WooCommerce page token: " + pageToken);
            }
        }
        HttpUrl url = client.api(resource)
                // seconds precision: WordPress compares post_modified_gmt, which has no fractions
                .addQueryParameter("modified_after", GMT.format(since.truncatedTo(ChronoUnit.SECONDS)))
                .addQueryParameter("dates_are_gmt", "true")
                .addQueryParameter("orderby", "modified")
                .addQueryParameter("order", "asc")
                .addQueryParameter("per_page", Integer.toString(PAGE_SIZE))
                .addQueryParameter("page", Integer.toString(page))
                .build();
        WooCommerceClient.Answer answer = client.get(url);
        if (!answer.body().isArray()) {
            throw new MalformedPayloadException("GET " + resource + " did not answer a JSON array");
        }
        List<PlatformEvent> events = new ArrayList<>();
        Instant high = since;
        for (JsonNode item : answer.body()) {
            PlatformEvent e = WooCommerceEvents.toEvent(kind, "poll." + kind.key(), false, item, since, Map.of());
            events.add(e);
            if (e.occurredAt().isAfter(high)) {
                high = e.occurredAt();
            }
        }
        String next = page < answer.totalPages() && !events.isEmpty() ? Integer.toString(page + 1) : null;
        return new Page(events, next, high);
    }

    @Override
    public Optional<PlatformEvent> fetch(PlatformEvent thinEvent) {
        String resource = resource(thinEvent.kind());
        try {
            JsonNode body = client.get(client.api(resource + "/" + thinEvent.externalId()).build()).body();
            return Optional.of(WooCommerceEvents.toEvent(thinEvent.kind(), thinEvent.topic(), false, body,
                    thinEvent.occurredAt(), thinEvent.attributes()));
        } catch (RequestRejectedException e) {
            if (e.status() == 404 || e.status() == 410) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String resource(EntityKind kind) {
        return switch (kind) {
            case ORDER -> "orders";
            case PRODUCT -> "products";
            default -> throw new IllegalArgumentException("WooCommerce cannot poll " + kind);
        };
    }
}
