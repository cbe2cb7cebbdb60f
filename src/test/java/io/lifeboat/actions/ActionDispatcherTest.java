package io.lifeboat.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Journal before act, timeouts, and failing closed. */
class ActionDispatcherTest {
    private final InMemoryJournal journal = new InMemoryJournal();

    @Test
    void action_isJournalledBeforeItsHandlerRuns() {
        List<Boolean> journalledWhenRun = new java.util.ArrayList<>();
        ActionHandler<Alert> handler = handlerOf(a -> {
            journalledWhenRun.add(journal.entries().stream().anyMatch(e -> e.action() == a));
            return ActionOutcome.succeeded(a.getKey(), "ok");
        });
        try (ActionDispatcher dispatcher = new ActionDispatcher(List.of(handler), journal, Duration.ofSeconds(5), 1)) {
            ActionOutcome outcome = dispatcher.carryOut(alert("k1"));

            assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
            assertThat(journalledWhenRun).containsExactly(true);
            assertThat(journal.entries()).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(outcome));
        }
    }

    @Test
    void journalRefuses_actionIsNotCarriedOut() {
        List<String> ran = new java.util.ArrayList<>();
        ActionHandler<Alert> handler = handlerOf(a -> {
            ran.add(a.getKey());
            return ActionOutcome.succeeded(a.getKey(), "ok");
        });
        Journal broken = new Journal() {
            @Override public void recordIntent(Action action) { throw new IllegalStateException("database down"); }
            @Override public void recordOutcome(Action action, ActionOutcome outcome) { }
        };
        try (ActionDispatcher dispatcher = new ActionDispatcher(List.of(handler), broken, Duration.ofSeconds(5), 1)) {
            ActionOutcome outcome = dispatcher.carryOut(alert("k1"));

            assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
            assertThat(ran).as("no act without a journal entry").isEmpty();
        }
    }

    @Test
    void sameKeyTwice_secondIsNotCarriedOut() {
        List<String> ran = new java.util.ArrayList<>();
        ActionHandler<Alert> handler = handlerOf(a -> {
            ran.add(a.getKey());
            return ActionOutcome.succeeded(a.getKey(), "ok");
        });
        try (ActionDispatcher dispatcher = new ActionDispatcher(List.of(handler), journal, Duration.ofSeconds(5), 1)) {
            dispatcher.carryOut(alert("k1"));
            ActionOutcome again = dispatcher.carryOut(alert("k1"));

            assertThat(again.status()).isEqualTo(ActionStatus.FAILED);
            assertThat(ran).as("the idempotency key stops a repeat").containsExactly("k1");
        }
    }

    @Test
    void handlerSlowerThanTimeout_timesOut() {
        CountDownLatch never = new CountDownLatch(1);
        ActionHandler<Alert> handler = handlerOf(a -> {
            never.await(1, TimeUnit.MINUTES);
            return ActionOutcome.succeeded(a.getKey(), "too late");
        });
        try (ActionDispatcher dispatcher = new ActionDispatcher(List.of(handler), journal, Duration.ofMillis(200), 1)) {
            ActionOutcome outcome = dispatcher.carryOut(alert("k1"));

            assertThat(outcome.status()).isEqualTo(ActionStatus.TIMED_OUT);
            assertThat(journal.entries().get(0).outcome().status()).isEqualTo(ActionStatus.TIMED_OUT);
        }
    }

    @Test
    void noHandlerForType_failsClosed() {
        try (ActionDispatcher dispatcher = new ActionDispatcher(List.of(), journal, Duration.ofSeconds(1), 1)) {
            ActionOutcome outcome = dispatcher.carryOut(alert("k1"));

            assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
            assertThat(outcome.message()).contains("no plugin handles ALERT");
        }
    }

    @Test
    void handlerThrows_failedWithItsMessage() {
        ActionHandler<Alert> handler = handlerOf(a -> {
            throw new IllegalStateException("device unplugged");
        });
        try (ActionDispatcher dispatcher = new ActionDispatcher(List.of(handler), journal, Duration.ofSeconds(1), 1)) {
            ActionOutcome outcome = dispatcher.carryOut(alert("k1"));

            assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
            assertThat(outcome.message()).isEqualTo("device unplugged");
        }
    }

    private static Alert alert(String key) {
        Alert alert = new Alert("host/h1", "TEST", "test");
        alert.assign(key, Explanation.NONE);
        return alert;
    }

    interface Body {
        ActionOutcome run(Alert alert) throws Exception;
    }

    private static ActionHandler<Alert> handlerOf(Body body) {
        return new ActionHandler<>() {
            @Override public Class<Alert> handles() { return Alert.class; }
            @Override public ActionOutcome execute(Alert alert) throws Exception { return body.run(alert); }
        };
    }
}
