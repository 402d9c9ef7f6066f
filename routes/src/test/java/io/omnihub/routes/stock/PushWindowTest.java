package io.omnihub.routes.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.routes.stock.PushWindow.Action;
import io.omnihub.routes.stock.PushWindow.Step;
import org.junit.jupiter.api.Test;

class PushWindowTest {

    static final long MS = 1_000_000L;
    final PushWindow w = new PushWindow(250, 250 * MS, 2_000 * MS, 100 * MS);

    @Test
    void anEmptyBatchPollsBrieflyAndNoLongerThanTheBudgetWait() {
        assertThat(w.next(0, 0, 0)).isEqualTo(new Step(Action.RECEIVE, 100 * MS));
        assertThat(w.next(0, 40 * MS, 0)).isEqualTo(new Step(Action.RECEIVE, 40 * MS));
        assertThat(w.next(0, 400 * MS, 0)).isEqualTo(new Step(Action.RECEIVE, 100 * MS));
    }

    @Test
    void withBudgetABatchWaitsForTheQuietTimeAfterItsNewestUpdate() {
        w.added(0);
        assertThat(w.next(1, 0, 10 * MS)).isEqualTo(new Step(Action.RECEIVE, 240 * MS));
        w.added(200 * MS);
        assertThat(w.next(2, 0, 300 * MS)).isEqualTo(new Step(Action.RECEIVE, 150 * MS));
        assertThat(w.next(2, 0, 450 * MS).action()).isEqualTo(Action.PUSH);
    }

    @Test
    void withBudgetAStreamThatNeverPausesStillGoesOutAtTheMaxAge() {
        for (long t = 0; t < 2_000 * MS; t += 100 * MS) {
            w.added(t);
            assertThat(w.next(10, 0, t).action()).isEqualTo(Action.RECEIVE);
        }
        assertThat(w.next(20, 0, 1_950 * MS)).isEqualTo(new Step(Action.RECEIVE, 50 * MS));
        assertThat(w.next(20, 0, 2_000 * MS).action()).isEqualTo(Action.PUSH);
    }

    @Test
    void aFullBatchGoesAtOnceWithBudgetAndReadsNothingMoreWithout() {
        w.added(0);
        assertThat(w.next(250, 0, 1 * MS).action()).isEqualTo(Action.PUSH);
        assertThat(w.next(250, 300 * MS, 1 * MS)).isEqualTo(new Step(Action.WAIT_BUDGET, 300 * MS));
    }

    @Test
    void withoutBudgetAPartialBatchKeepsFillingPastTheLingerAndTheMaxAge() {
        w.added(0);
        // quiet for a second and older than the max age, but no budget: keep taking updates until the budget is there
        assertThat(w.next(10, 500 * MS, 3_000 * MS)).isEqualTo(new Step(Action.RECEIVE, 500 * MS));
        // the budget arrives: the batch is past its linger, so it goes
        assertThat(w.next(10, 0, 3_500 * MS).action()).isEqualTo(Action.PUSH);
    }

    @Test
    void whenTheBudgetArrivesWhileUpdatesStillStreamTheBatchWaitsForQuietOrMaxAge() {
        w.added(0);
        w.added(900 * MS);
        assertThat(w.next(100, 0, 950 * MS)).isEqualTo(new Step(Action.RECEIVE, 200 * MS));
    }
}
