package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.routes.delivery.HttpDelivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerFanoutTest {

    @Test
    void everyDelegateGetsEveryCallIncludingDefaultOverloadsAndTheFirstFailureIsRethrown() {
        List<String> calls = new ArrayList<>();
        HttpDelivery.DeliveryListener shortForm = new HttpDelivery.DeliveryListener() {
            @Override
            public void onDelivered(String destinationId, String eventType, int attempts, Duration took) {
                calls.add("short " + destinationId + " " + attempts);
                throw new IllegalStateException("boom");
            }
        };
        HttpDelivery.DeliveryListener longForm = new HttpDelivery.DeliveryListener() {
            @Override
            public void onDelivered(HttpDelivery.DeliveryContext e, int attempts, Duration took) {
                calls.add("long " + e.subject());
            }
        };
        HttpDelivery.DeliveryListener both = ListenerFanout.of(HttpDelivery.DeliveryListener.class, shortForm, "not a listener", longForm);
        var ctx = new HttpDelivery.DeliveryContext("erp", "shop", "shop:order:1", "e", "t");
        assertThatThrownBy(() -> both.onDelivered(ctx, 2, Duration.ZERO)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(calls).containsExactly("short erp 2", "long shop:order:1");
        both.onRetry(ctx, 1, "HTTP 500");
        assertThat(both.toString()).contains("DeliveryListener");
    }
}
