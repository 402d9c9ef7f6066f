package io.omnihub.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.support.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Polls the REST Admin API {@code orders.json?status=any&updated_at_min=...} and {@code products.json} with
 * cursor paging: the next page's {@code page_info} comes from the {@code Link: <...>; rel="next"} header, and
 * a page_info request only adds {@code limit}, as Shopify requires.
 */
final class ShopifyChangePoller implements ChangePoller {

    static final int PAGE_SIZE = 250;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final ShopifyClient client;
    private final ShopifySettings settings;

    ShopifyChangePoller(ShopifyClient client, ShopifySettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public Set<EntityKind> pollableKinds() {
        return Set.of(EntityKind.ORDER, EntityKind.PRODUCT);
    }

    @Override
    public Page poll(EntityKind kind, Instant since, String pageToken) {
        String resource = switch (kind) {
            case ORDER -> "orders";
            case PRODUCT -> "products";
            default -> throw new IllegalArgumentException("Shopify polling does not support " + kind);
        };
        HttpUrl.Builder url = HttpUrl.get(settings.adminUrl(resource + ".json")).newBuilder()
                .addQueryParameter("limit", String.valueOf(PAGE_SIZE));
        if (pageToken != null) {
            url.addQueryParameter("page_info", pageToken);
        } else {
            if (kind == EntityKind.ORDER) {
                url.addQueryParameter("status", "any");
            }
            url.addQueryParameter("updated_at_min", DateTimeFormatter.ISO_INSTANT.format(since));
        }
        ShopifyClient.RestPage page = client.get(url.build());
        JsonNode list = page.body().path(resource);
        if (!list.isArray()) {
            throw new MalformedPayloadException("GET " + resource + ".json answered without a '" + resource + "' array");
        }
        List<PlatformEvent> events = new ArrayList<>();
        Instant high = null;
        for (JsonNode n : list) {
            String id = Json.text(n, "id");
            String updatedAt = Json.text(n, "updated_at");
            if (id == null || updatedAt == null) {
                throw new MalformedPayloadException(resource + ".json has an entry without id or updated_at");
            }
            Instant at = Json.parseInstant(updatedAt);
            high = high == null || at.isAfter(high) ? at : high;
            events.add(new PlatformEvent(null, kind, PlatformEvent.Action.UPSERT, resource + "/poll", id, updatedAt, at, n,
                    false, Map.of("topic", resource + "/poll")));
        }
        events.sort((a, b) -> a.occurredAt().compareTo(b.occurredAt()));
        return new Page(events, nextPageInfo(page.link()), high == null ? since : high);
    }

    /** The {@code page_info} of the {@code rel="next"} link, or null. */
    static String nextPageInfo(String link) {
        if (link == null) {
            return null;
        }
        for (String part : link.split(",")) {
            Matcher m = NEXT.matcher(part.trim());
            if (m.find()) {
                HttpUrl next = HttpUrl.parse(m.group(1));
                return next == null ? null : next.queryParameter("page_info");
            }
        }
        return null;
    }
}
