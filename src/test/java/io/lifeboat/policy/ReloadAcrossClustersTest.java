package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.lifeboat.reload.PolicyManager;
import io.lifeboat.reload.PolicyManager.ReloadReport;
import io.lifeboat.testing.TwoDemoClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * A reload reaches every cluster's session, all or nothing: with two live clusters and two more sessions played here,
 * one taking the rules and one refusing them, the reload is refused, the session that took the new rules is given
 * the current ones back, and the current policy stays.
 */
@QuarkusTest
@TestProfile(TwoDemoClusters.class)
class ReloadAcrossClustersTest {
    @Inject
    PolicyManager policies;

    @Test
    void aReloadOneSessionRefuses_isUndoneInTheSessionsThatTookIt() {
        List<CompiledPolicy> taken = new CopyOnWriteArrayList<>();
        Function<CompiledPolicy, SessionSwap> taking = policy -> {
            taken.add(policy);
            return done(null);
        };
        Function<CompiledPolicy, SessionSwap> refusing = policy -> done(
                new IllegalStateException("the rules do not settle on this cluster's facts"));
        CompiledPolicy before = policies.current();
        long version = policies.version();
        policies.onSwap(taking);
        policies.onSwap(refusing);
        try {
            ReloadReport report = policies.reload("test", "tester");

            assertThat(report.applied()).isFalse();
            assertThat(taken).hasSize(2);
            assertThat(taken.get(0)).as("the new rules").isNotSameAs(before);
            assertThat(taken.get(1)).as("then the current ones back").isSameAs(before);
            assertThat(policies.current()).isSameAs(before);
            assertThat(policies.version()).isEqualTo(version);
        } finally {
            policies.removeSwap(taking);
            policies.removeSwap(refusing);
        }
    }

    private static SessionSwap done(RuntimeException failure) {
        SessionSwap swap = new SessionSwap();
        swap.start();
        if (failure == null) {
            swap.succeeded();
        } else {
            swap.failed(failure);
        }
        return swap;
    }
}
