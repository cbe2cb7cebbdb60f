package io.lifeboat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.Explanation;
import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.facts.Hypervisor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Configuration and journal against the real MariaDB (schema by the Flyway migrations). */
@QuarkusTest
class StoreTest {
    @Inject
    ClusterStore store;
    @Inject
    JournalStore journal;

    @BeforeEach
    void emptyTables() {
        QuarkusTransaction.requiringNew().run(() -> {
            JournalEntry.deleteAll();
            FenceDeviceRecord.deleteAll();
            VmRecord.deleteAll();
            HostRecord.deleteAll();
            ClusterRecord.deleteAll();
        });
    }

    @Test
    void journalIntentThenOutcome_isReadBackWithRuleAndExplanation() {
        Alert alert = new Alert("host/h1", "FENCING_FAILED", "every fence level of h1 failed");
        alert.assign("prod/1", new Explanation("failover.alert-fencing-blocked", "Alert once", List.of("FencingBlocked[h1]")));

        journal.recordIntent(alert);
        JournalEntry intent = QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey("prod/1"));
        assertThat(intent.status).as("written before it is carried out").isEqualTo(ActionStatus.DISPATCHED);
        assertThat(intent.ruleId).isEqualTo("failover.alert-fencing-blocked");
        assertThat(intent.explanation).contains("FencingBlocked[h1]");
        assertThat(intent.completedAt).isNull();

        journal.recordOutcome(alert, ActionOutcome.succeeded("prod/1", "logged"));
        JournalEntry done = QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey("prod/1"));
        assertThat(done.status).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(done.outcomeMessage).isEqualTo("logged");
        assertThat(done.completedAt).isNotNull();
    }

    @Test
    void actionInterruptedByAStop_isClosedWithWhatHypervisorsSayAndNotRepeated() {
        Alert finished = new Alert("host/h1", "X", "x");
        finished.assign("prod/1", Explanation.NONE);
        journal.recordIntent(finished);
        journal.recordOutcome(finished, ActionOutcome.succeeded("prod/1", "logged"));
        Alert interrupted = new Alert("vm/db1", "X", "x");
        interrupted.assign("prod/2", Explanation.NONE);
        journal.recordIntent(interrupted);

        int closed = journal.closeInterrupted(subject -> "db1 runs on h2");

        assertThat(closed).isEqualTo(1);
        JournalEntry entry = QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey("prod/2"));
        assertThat(entry.status).isEqualTo(ActionStatus.FAILED);
        assertThat(entry.outcomeMessage).contains("not repeated").contains("db1 runs on h2");
        assertThat(QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey("prod/1")).status)
                .as("a finished action keeps its outcome").isEqualTo(ActionStatus.SUCCEEDED);
    }

    @Test
    void sameActionKeyTwice_isRefused() {
        Alert alert = new Alert("host/h1", "X", "x");
        alert.assign("prod/1", Explanation.NONE);
        journal.recordIntent(alert);

        assertThatThrownBy(() -> journal.recordIntent(alert)).hasMessageContaining("journalled already");
        assertThat(QuarkusTransaction.requiringNew().call(() -> JournalEntry.count())).isEqualTo(1);
    }

    @Test
    void clusterSavedThenLoaded_givesTheSameFactsAndFenceParameters() {
        HostRecord host = new HostRecord();
        host.name = "h1";
        host.os = "RHEL";
        host.osVersion = "6.4";
        host.hypervisor = Hypervisor.KVM;
        host.cpus = 32;
        host.memoryMiB = 262144;
        host.connectionUri = "qemu+ssh://root@h1/system";
        host.storage = "san1,san2";
        host.networks = "prod";
        FenceDeviceRecord ipmi = new FenceDeviceRecord();
        ipmi.host = "h1";
        ipmi.level = 1;
        ipmi.agent = "fence_ipmilan";
        ipmi.params = store.toJson(Map.of("ip", "10.0.0.11", "username", "admin", "password", "s3cret"));
        ClusterSettings settings = new ClusterSettings("prod", ClusterMode.RHEV, 1.2, 3.0, 2, Duration.ofSeconds(45), 0.4,
                ClusterUsage.DYNAMIC);

        store.save(settings, List.of(host), List.of(), List.of(ipmi));
        ClusterStore.Snapshot loaded = store.load().orElseThrow();

        assertThat(loaded.settings()).isEqualTo(settings);
        assertThat(loaded.hosts()).singleElement().satisfies(h -> {
            assertThat(h.toFact().getStorage()).containsExactlyInAnyOrder("san1", "san2");
            assertThat(h.toFact().getMemoryMiB()).isEqualTo(262144);
        });
        assertThat(loaded.connectionUris()).containsEntry("h1", "qemu+ssh://root@h1/system");
        assertThat(store.devices("h1", 1)).singleElement().satisfies(d -> {
            assertThat(d.agent()).isEqualTo("fence_ipmilan");
            assertThat(d.params()).containsEntry("password", "s3cret");
            assertThat(d.toString()).as("a device's text never shows its parameters").doesNotContain("s3cret");
        });
        assertThat(store.devices("h1", 2)).isEmpty();
        assertThat(loaded.fenceDevices().get(0).toString()).as("a record's text never shows its parameters")
                .doesNotContain("s3cret");
    }

    @Test
    void twoFenceDevicesOnOneLevel_areRefusedByTheSchema() {
        FenceDeviceRecord a = device("h1", 1);
        FenceDeviceRecord b = device("h1", 1);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            a.persist();
            b.persist();
        })).isNotNull();
        assertThat(QuarkusTransaction.requiringNew().call(() -> FenceDeviceRecord.count())).isZero();
    }

    private FenceDeviceRecord device(String host, int level) {
        FenceDeviceRecord device = new FenceDeviceRecord();
        device.host = host;
        device.level = level;
        device.agent = "fence_ipmilan";
        device.params = "{}";
        return device;
    }
}
