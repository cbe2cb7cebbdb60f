package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostUnresponsive;
import io.lifeboat.facts.Vm;

/** Swapping the rule base under a live session keeps its facts and the deadlines of its pending timers. */
class HotReloadTest {
    private static final String PAGE_ONCALL = """
            package io.lifeboat.rules;
            import io.lifeboat.facts.*;
            import io.lifeboat.actions.*;
            rule "Page the on-call engineer when a host goes silent"
                @id("operator.page-oncall") @description("site rule")
            when
                HostUnresponsive( $h : host )
                not Alert( code == "PAGE", subject == ("host/" + $h) )
            then
                insert( new Alert( "host/" + $h, "PAGE", $h + " is silent" ) );
            end
            """;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private PolicySession session;
    private long seq;

    @BeforeEach
    void clusterWithATimerRunning() {
        session = new PolicySession(new PolicyCompiler().compile(PolicySources.shipped()), clock, "k");
        session.insert(ClusterSettings.defaults("test"));
        for (String name : List.of("h1", "h2", "h3")) {
            session.insert(Host.builder(name).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
            session.insert(new Heartbeat(name, ++seq));
        }
        session.insert(Vm.builder("db1").ha(true).runningOn("h1").build());
        session.fire();
        clock.advance(Duration.ofSeconds(20));
        session.insert(new Heartbeat("h2", ++seq));
        session.insert(new Heartbeat("h3", ++seq));
        session.fire();
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void swapAt20sAdvanceTo30s_h1StillTimesOutAt30sUnderTheNewRules() {
        List<RuleSource> sources = new ArrayList<>(PolicySources.shipped());
        sources.add(new RuleSource("operator/page.drl", PAGE_ONCALL));
        PolicySession next = session.successor(new PolicyCompiler().compile(sources));
        session.close();
        session = next;

        assertThat(session.facts(Host.class)).hasSize(3);
        assertThat(session.facts(Vm.class)).singleElement().satisfies(v -> assertThat(v.getHost()).isEqualTo("h1"));
        assertThat(session.facts(Heartbeat.class)).as("the newest heartbeat of each host").hasSize(3);

        clock.advance(Duration.ofSeconds(10).minusMillis(1));
        assertThat(session.fire()).as("h1's deadline is still 30 s, not 20 s + 30 s").isEmpty();
        clock.advance(Duration.ofMillis(1));
        List<Action> actions = session.fire();

        assertThat(session.facts(HostUnresponsive.class)).extracting(HostUnresponsive::host).containsExactly("h1");
        assertThat(actions).anySatisfy(a -> assertThat(a).isInstanceOf(FenceHost.class));
        assertThat(actions).as("the new rule is live").anySatisfy(a -> {
            assertThat(a).isInstanceOf(Alert.class);
            assertThat(((Alert) a).getCode()).isEqualTo("PAGE");
        });
        assertThat(actions).extracting(Action::getKey).doesNotHaveDuplicates().allMatch(k -> k.startsWith("k"));
    }
}
