package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.InMemoryJournal;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.Host;
import io.lifeboat.simulate.ScenarioReader;
import io.lifeboat.simulate.Simulator;

/**
 * A rule set that never settles must not hang the one writer: firing is bounded, a reload that runs away is refused
 * and leaves the live rules in place, and a swap that was reported refused never goes live later.
 */
class RunawayRulesTest {
    private static final String LOOPS_FOREVER = """
            package io.lifeboat.rules;
            import io.lifeboat.facts.*;
            declare Counter
                value : int
            end
            rule "Start counting"
                @id("operator.start-counting") @description("seeds the counter")
            when
                not Counter()
            then
                insert( new Counter( 0 ) );
            end
            rule "Count forever"
                @id("operator.count-forever") @description("re-triggers itself: it never settles")
            when
                $c : Counter( value >= 0 )
            then
                modify( $c ) { setValue( $c.getValue() + 1 ) };
            end
            """;
    private static final String SAYS_HELLO = """
            package io.lifeboat.rules;
            import io.lifeboat.facts.*;
            import io.lifeboat.actions.*;
            rule "Hello"
                @id("operator.hello") @description("one alert per host, so a test can tell which rules are live")
            when
                Host( $h : name )
                not Alert( code == "HELLO", subject == ("host/" + $h) )
            then
                insert( new Alert( "host/" + $h, "HELLO", "hello" ) );
            end
            """;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PolicyCompiler compiler = new PolicyCompiler();
    private PolicyLoop loop;
    private ActionDispatcher dispatcher;

    @BeforeEach
    void liveLoop() {
        dispatcher = new ActionDispatcher(List.of(), new InMemoryJournal(), Duration.ofSeconds(5), 1);
        PolicySession session = new PolicySession(compiler.compile(PolicySources.shipped()), clock, "k");
        session.insert(ClusterSettings.defaults("test"));
        session.insert(Host.builder("h1").build());
        loop = new PolicyLoop(session, dispatcher, Duration.ofMillis(20));
        loop.start();
    }

    @AfterEach
    void stop() {
        loop.close();
        dispatcher.close();
    }

    @Test
    void aRuleThatRetriggersItself_stopsAtTheFiringLimit_andIsNamed() {
        try (PolicySession session = new PolicySession(compiler.compile(with(LOOPS_FOREVER)), clock, "r")) {
            session.insert(ClusterSettings.defaults("test"));
            clock.advance(Duration.ofSeconds(1));
            assertThat(session.insert(Host.builder("h9").build())).as("a fact still goes in while the rules run away")
                    .isNotNull();
            assertThatThrownBy(session::fire).isInstanceOf(RunawayRulesException.class)
                    .satisfies(e -> assertThat(((RunawayRulesException) e).busiestRules())
                            .containsOnlyKeys("operator.count-forever"))
                    .hasMessageContaining(String.valueOf(PolicySession.MAX_FIRINGS));
        }
    }

    @Test
    void simulateWithRulesThatDoNotSettle_saysSo_insteadOfHanging() {
        String scenario = "{\"cluster\": {\"name\": \"c\"}, \"hosts\": [{\"name\": \"h1\", \"memoryMiB\": 4096, "
                + "\"cpus\": 4}]}";
        Simulator simulator = new Simulator(compiler.compile(with(LOOPS_FOREVER)));

        assertThatThrownBy(() -> simulator.run(ScenarioReader.read(scenario, ScenarioReader.Format.JSON)))
                .isInstanceOf(RunawayRulesException.class).hasMessageContaining("operator.count-forever");
    }

    @Test
    void aReloadThatRunsAway_isRefused_andTheLiveRulesGoOn() {
        SessionSwap swap = loop.swap(compiler.compile(with(LOOPS_FOREVER)));

        assertThatThrownBy(() -> swap.await(Duration.ofMinutes(1)))
                .isInstanceOf(SessionSwap.SwapRefusedException.class).hasMessageContaining("did not settle");
        List<Host> hosts = loop.read(s -> s.facts(Host.class));
        List<String> kinds = loop.read(s -> s.facts(Object.class).stream().map(o -> o.getClass().getSimpleName())
                .toList());
        assertThat(hosts).as("the old session, with its facts, is still the live one")
                .extracting(Host::getName).containsExactly("h1");
        assertThat(kinds).doesNotContain("Counter");
        assertThat(loop.runaway()).as("the live rules settle").isEmpty();
    }

    @Test
    void aSwapNotTakenInTime_isCancelled_andNeverGoesLiveLater() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        loop.submit(s -> {
            try {
                busy.await(30, TimeUnit.SECONDS);   // the loop is held up, e.g. by a long command
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        SessionSwap swap = loop.swap(compiler.compile(with(SAYS_HELLO)));

        assertThatThrownBy(() -> swap.await(Duration.ofMillis(200)))
                .isInstanceOf(SessionSwap.SwapRefusedException.class).hasMessageContaining("cancelled");
        busy.countDown();
        loop.query(s -> null).get(10, TimeUnit.SECONDS);
        List<Alert> alerts = loop.read(s -> s.facts(Alert.class));
        assertThat(alerts).as("the refused rules never went live: no HELLO alert").isEmpty();
    }

    @Test
    void aSwapTakenInTime_goesLive() {
        loop.swap(compiler.compile(with(SAYS_HELLO))).await(Duration.ofMinutes(1));

        List<Alert> alerts = loop.read(s -> s.facts(Alert.class));
        assertThat(alerts).extracting(Alert::getCode).contains("HELLO");
    }

    private static List<RuleSource> with(String drl) {
        List<RuleSource> sources = new ArrayList<>(PolicySources.shipped());
        sources.add(new RuleSource("operator/extra.drl", drl));
        return sources;
    }
}
