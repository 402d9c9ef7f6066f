package io.omnihub.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AlertRuleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final AlertRule.UsualHours DAYTIME = AlertRule.UsualHours.parse("08:00-22:00", BERLIN);

    @Test
    void quietOnlyWhenTheGapInsideUsualHoursExceedsTheLimitAndItIsUsualHoursNow() {
        // 2026-11-23 is a Monday; Berlin is UTC+1 in November
        Instant lastOrder = Instant.parse("2026-11-23T08:30:00Z"); // 09:30 local
        assertThat(AlertRule.ordersQuiet(Instant.parse("2026-11-23T09:29:00Z"), lastOrder, Duration.ofMinutes(60), DAYTIME)).isFalse();
        assertThat(AlertRule.ordersQuiet(Instant.parse("2026-11-23T09:30:00Z"), lastOrder, Duration.ofMinutes(60), DAYTIME)).isTrue();
    }

    @Test
    void theNightDoesNotCountAndNobodyIsWokenAtNight() {
        Instant lastOrder = Instant.parse("2026-11-23T20:30:00Z"); // 21:30 local, 30 min before closing
        // 23:30 local: outside usual hours -> never fires at night
        assertThat(AlertRule.ordersQuiet(Instant.parse("2026-11-23T22:30:00Z"), lastOrder, Duration.ofMinutes(60), DAYTIME)).isFalse();
        // 08:20 local next day: 30 min last evening + 20 min this morning = 50 min < 60
        assertThat(AlertRule.ordersQuiet(Instant.parse("2026-11-24T07:20:00Z"), lastOrder, Duration.ofMinutes(60), DAYTIME)).isFalse();
        // 08:30 local: 30 + 30 = 60 min of usual hours without orders
        assertThat(AlertRule.ordersQuiet(Instant.parse("2026-11-24T07:30:00Z"), lastOrder, Duration.ofMinutes(60), DAYTIME)).isTrue();
    }

    @Test
    void windowsAcrossMidnightAndAllDay() {
        AlertRule.UsualHours evening = AlertRule.UsualHours.parse("20:00-02:00", ZoneId.of("UTC"));
        assertThat(evening.contains(Instant.parse("2026-11-23T21:00:00Z"))).isTrue();
        assertThat(evening.contains(Instant.parse("2026-11-24T01:59:00Z"))).isTrue();
        assertThat(evening.contains(Instant.parse("2026-11-24T02:00:00Z"))).isFalse();
        assertThat(evening.contains(Instant.parse("2026-11-24T12:00:00Z"))).isFalse();
        AlertRule.UsualHours always = AlertRule.UsualHours.parse("00:00-24:00", ZoneId.of("UTC"));
        assertThat(always.contains(Instant.parse("2026-11-24T03:00:00Z"))).isTrue();
        assertThat(always.overlap(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-24T02:00:00Z")))
                .isEqualTo(Duration.ofHours(2));
        AlertRule.UsualHours toMidnight = AlertRule.UsualHours.parse("18:00-24:00", ZoneId.of("UTC"));
        assertThat(toMidnight.contains(Instant.parse("2026-11-24T23:59:00Z"))).isTrue();
        assertThat(toMidnight.contains(Instant.parse("2026-11-24T00:01:00Z"))).isFalse();
    }

    @Test
    void aZeroLimitTurnsTheRuleOff() {
        assertThat(AlertRule.ordersQuiet(Instant.parse("2026-11-23T12:00:00Z"), Instant.parse("2026-11-20T12:00:00Z"),
                Duration.ZERO, DAYTIME)).isFalse();
    }
}
