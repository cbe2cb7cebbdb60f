package io.lifeboat.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.hypervisor.HostUnreachableException;

/** Hosts are probed side by side: a hung host is a silent round for itself only. */
class ParallelProbesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The probes' stopwatch, moved by hand. */
    private final AtomicLong nanos = new AtomicLong();
    private final CountDownLatch hungHostAnswers = new CountDownLatch(1);
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final ParallelProbes<String> probes = new ParallelProbes<>(host -> {
        if (host.equals("hung")) {
            awaitQuietly(hungHostAnswers);
        }
        if (host.equals("dead")) {
            throw new HostUnreachableException(host, "connection refused");
        }
        return host + " is alive";
    }, TIMEOUT, nanos::get);

    private static void awaitQuietly(CountDownLatch latch) throws HostUnreachableException {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostUnreachableException("hung", "interrupted");
        }
    }

    @AfterEach
    void close() {
        hungHostAnswers.countDown();
        probes.close();
    }

    @Test
    void oneHostHangs_theOthersAnswerEveryRound() throws Exception {
        CompletableFuture<Void> first = probes.round(List.of("hung", "h1", "h2", "dead"), (h, a) -> answers.add(a));
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 2);
        probes.round(List.of("hung", "h1", "h2", "dead"), (h, a) -> answers.add(a)).get(10, TimeUnit.SECONDS);

        assertThat(answers).as("h1 and h2 answered twice while the hung host was still in its first probe")
                .containsExactlyInAnyOrder("h1 is alive", "h2 is alive", "h1 is alive", "h2 is alive");
        assertThat(first).as("the round of the hung host is still waiting for it").isNotDone();
    }

    @Test
    void answerLaterThanTheTimeout_isASilentRound() throws Exception {
        CompletableFuture<Void> round = probes.round(List.of("hung"), (h, a) -> answers.add(a));
        nanos.addAndGet(TIMEOUT.toNanos() + 1);
        hungHostAnswers.countDown();
        round.get(10, TimeUnit.SECONDS);

        assertThat(answers).as("it answered 1 ns after the probe timeout").isEmpty();
        probes.round(List.of("hung"), (h, a) -> answers.add(a)).get(10, TimeUnit.SECONDS);
        assertThat(answers).as("the next probe, in time, counts").containsExactly("hung is alive");
    }

    @Test
    void answerExactlyAtTheTimeout_counts() throws Exception {
        CompletableFuture<Void> round = probes.round(List.of("hung"), (h, a) -> answers.add(a));
        nanos.addAndGet(TIMEOUT.toNanos());
        hungHostAnswers.countDown();
        round.get(10, TimeUnit.SECONDS);

        assertThat(answers).containsExactly("hung is alive");
    }

    @Test
    void all_returnsTheHostsThatAnswered() {
        hungHostAnswers.countDown();

        Map<String, String> answered = probes.all(List.of("h1", "dead", "hung"));

        assertThat(answered).containsOnlyKeys("h1", "hung");
    }

    @Test
    void aFailingReceiver_doesNotLoseTheOtherAnswers() throws Exception {
        probes.round(List.of("h1", "h2"), (h, a) -> {
            if (h.equals("h1")) {
                throw new IllegalStateException("the loop is gone");
            }
            answers.add(a);
        }).get(10, TimeUnit.SECONDS);

        assertThat(answers).containsExactly("h2 is alive");
    }
}
