package io.lifeboat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.Explanation;
import io.lifeboat.actions.InterruptedAction;
import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.facts.Hypervisor;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.HostSpecState;
import io.lifeboat.simulate.Scenario.MemberSpec;
import io.lifeboat.simulate.Scenario.RecoverySpec;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.Scenario.VmSpecState;
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
    private static final java.util.function.Consumer<ClusterStore.Taken> NOTHING_TAKEN = taken -> {
    };

    @BeforeEach
    void emptyTables() {
        QuarkusTransaction.requiringNew().run(() -> {
            JournalEntry.deleteAll();
            FenceDeviceRecord.deleteAll();
            FailoverDomainRecord.deleteAll();
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
        finished.assign("prod/1000/1", Explanation.NONE);
        journal.recordIntent(finished);
        journal.recordOutcome(finished, ActionOutcome.succeeded("prod/1000/1", "logged"));
        Alert interrupted = new Alert("vm/db1", "X", "x");
        interrupted.assign("prod/1000/2", Explanation.NONE);
        journal.recordIntent(interrupted);
        Alert anotherClusters = new Alert("vm/db7", "X", "x");
        anotherClusters.assign("other/1000/1", Explanation.NONE);
        journal.recordIntent(anotherClusters);

        List<InterruptedAction> closed = journal.closeInterrupted("prod", subject -> "db1 runs on h2");

        assertThat(closed).containsExactly(new InterruptedAction("ALERT", "vm/db1"));
        JournalEntry entry = QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey("prod/1000/2"));
        assertThat(entry.status).isEqualTo(ActionStatus.FAILED);
        assertThat(entry.outcomeMessage).contains("not repeated").contains("db1 runs on h2");
        assertThat(QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey("prod/1000/1")).status)
                .as("a finished action keeps its outcome").isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey("other/1000/1")).status)
                .as("another cluster's action may be under way elsewhere: it stays open").isEqualTo(ActionStatus.DISPATCHED);
        assertThat(QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey("prod/1000/2").cluster)).isEqualTo("prod");
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
    void documentReplacedThenLoaded_isTheSameDocumentAndFenceDevicesInLevelOrder() {
        ClusterDocument document = document(List.of(
                new FenceLevelSpec(1, "fence_apc_snmp", Map.of("ip", "10.0.0.50", "plug", "3", "community", "c0mm")),
                new FenceLevelSpec(1, "fence_apc_snmp", Map.of("ip", "10.0.0.51", "plug", "3", "community", "c0mm")),
                new FenceLevelSpec(2, "fence_ipmilan", Map.of("ip", "10.0.0.11", "username", "admin", "password", "s3cret"))));

        long version = store.replace(null, document, 0, NOTHING_TAKEN);
        ClusterStore.Stored loaded = store.load("prod").orElseThrow();

        assertThat(version).isEqualTo(1);
        assertThat(loaded.version()).isEqualTo(1);
        assertThat(loaded.document()).isEqualTo(document);
        assertThat(store.devices("h1", 1)).extracting(d -> d.params().get("ip"))
                .as("both PDU ports of level 1, in the order given").containsExactly("10.0.0.50", "10.0.0.51");
        assertThat(store.devices("h1", 2)).singleElement().satisfies(d -> {
            assertThat(d.params()).containsEntry("password", "s3cret");
            assertThat(d.toString()).as("a device's text never shows its parameters").doesNotContain("s3cret");
        });
        assertThat(store.devices("h1", 3)).isEmpty();
    }

    @Test
    void replaceOverAnOlderVersion_isRefusedAndChangesNothing() {
        ClusterDocument first = document(List.of());
        store.replace(null, first, 0, NOTHING_TAKEN);
        ClusterDocument second = first.withCluster(new ClusterSpec("renamed", ClusterMode.RHEL_HA, 1.0, 4.0, 1, 30, 0.5,
                null, ClusterUsage.STATIC, null, null, null));
        store.replace("prod", second, 1, NOTHING_TAKEN);

        assertThatThrownBy(() -> store.replace("renamed", first, 1, NOTHING_TAKEN)).isInstanceOf(ClusterStore.StaleVersionException.class);
        assertThat(store.load("renamed").orElseThrow()).satisfies(s -> {
            assertThat(s.version()).isEqualTo(2);
            assertThat(s.document().cluster().name()).isEqualTo("renamed");
        });
    }

    @Test
    void aVmRemovedFromTheDocument_isRemovedAndTheOthersKeepTheirDefinitions() {
        ClusterDocument document = document(List.of());
        store.replace(null, document, 0, NOTHING_TAKEN);
        store.saveDefinition("db1", "<domain><name>db1</name></domain>");

        store.replace("prod", document.withoutVm("web1"), 1, NOTHING_TAKEN);

        assertThat(store.load("prod").orElseThrow().document().vms()).extracting(VmSpec::name).containsExactly("db1");
        assertThat(store.definitions()).containsEntry("db1", "<domain><name>db1</name></domain>");
    }

    @Test
    void twoClusters_eachKeepItsHostsVmsDomainsAndFenceDevices_whenTheOtherChanges() {
        ClusterDocument prod = document(List.of(new FenceLevelSpec(1, "fence_ipmilan", Map.of("ip", "10.0.0.11"))));
        ClusterDocument edge = edge();
        store.replace(null, prod, 0, NOTHING_TAKEN);
        store.replace(null, edge, 0, NOTHING_TAKEN);

        store.replace("prod", prod.withoutVm("web1"), 1, NOTHING_TAKEN);

        assertThat(store.names()).containsExactly("prod", "edge");
        assertThat(store.load("edge").orElseThrow().document()).as("a domain named like prod's is edge's own")
                .isEqualTo(edge);
        assertThat(store.devices("h2", 1)).extracting(d -> d.params().get("ip")).containsExactly("10.0.0.12");
        assertThat(store.devices("h1", 1)).extracting(d -> d.params().get("ip")).containsExactly("10.0.0.11");
        assertThat(store.load("prod").orElseThrow().document().vms()).extracting(VmSpec::name).containsExactly("db1");
    }

    @Test
    void whatOtherClustersHold_isCheckedBeforeAnythingIsWritten_andARefusalChangesNothing() {
        store.replace(null, document(List.of()), 0, NOTHING_TAKEN);
        store.replace(null, edge(), 0, NOTHING_TAKEN);
        java.util.List<ClusterStore.Taken> seen = new java.util.ArrayList<>();

        assertThatThrownBy(() -> store.replace("prod", document(List.of()).withoutVm("web1"), 1, taken -> {
            seen.add(taken);
            throw new IllegalStateException("refused");
        })).hasMessage("refused");

        assertThat(seen).singleElement().satisfies(taken -> {
            assertThat(taken.hosts()).isEqualTo(Map.of("h2", "edge"));
            assertThat(taken.uris()).isEqualTo(Map.of("qemu+ssh://root@h2/system", "edge"));
            assertThat(taken.vms()).isEqualTo(Map.of("app1", "edge"));
        });
        assertThat(store.load("prod").orElseThrow().version()).isEqualTo(1);
        assertThat(store.load("prod").orElseThrow().document().vms()).hasSize(2);
        assertThatThrownBy(() -> store.replace(null, edge(), 0, NOTHING_TAKEN))
                .as("made meanwhile by another").isInstanceOf(ClusterStore.StaleVersionException.class);
    }

    @Test
    void aClusterIsRemovedOnlyOnceEmpty() {
        store.replace(null, edge(), 0, NOTHING_TAKEN);

        assertThatThrownBy(() -> store.delete("edge", 1)).hasMessageContaining("still has hosts or VMs");
        store.replace("edge", new ClusterDocument(edge().cluster(), List.of(), List.of(), List.of()), 1, NOTHING_TAKEN);
        assertThatThrownBy(() -> store.delete("edge", 1)).isInstanceOf(ClusterStore.StaleVersionException.class);

        assertThat(store.delete("edge", 2)).isTrue();
        assertThat(store.names()).isEmpty();
        assertThat(store.delete("edge", 2)).isFalse();
    }

    private static ClusterDocument edge() {
        HostSpec h2 = new HostSpec("h2", "RHEL", "6.4", Hypervisor.KVM, 16, 65536L, HostSpecState.UP, List.of("san1"),
                List.of("prod"), Map.of(), List.of(new FenceLevelSpec(1, "fence_ipmilan", Map.of("ip", "10.0.0.12"))),
                "qemu+ssh://root@h2/system", null, null);
        VmSpec app1 = new VmSpec("app1", 2, 2048L, "h2", VmSpecState.RUNNING, true, true, 5, List.of("san1"),
                List.of("prod"), "fd", null, RecoverySpec.RESTART, 0, 0);
        FailoverDomainSpec fd = new FailoverDomainSpec("fd", false, false, false, List.of(new MemberSpec("h2", 1)));
        return new ClusterDocument(new ClusterSpec("edge", ClusterMode.RHEL_HA, 1.0, 4.0, 1, 30, 0.5, null,
                ClusterUsage.STATIC, null, null, null), List.of(h2), List.of(app1), List.of(fd));
    }

    @Test
    void sameDeviceOfALevelTwice_isRefusedByTheSchema() {
        FenceDeviceRecord a = device("h1", 1);
        FenceDeviceRecord b = device("h1", 1);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            a.persist();
            b.persist();
        })).isNotNull();
        assertThat(QuarkusTransaction.requiringNew().call(() -> FenceDeviceRecord.count())).isZero();
    }

    private static ClusterDocument document(List<FenceLevelSpec> fencing) {
        HostSpec h1 = new HostSpec("h1", "RHEL", "6.4", Hypervisor.KVM, 32, 262144L, HostSpecState.UP,
                List.of("san1", "san2"), List.of("prod"), Map.of("rack", "r1"), fencing, "qemu+ssh://root@h1/system",
                1.5, 8.0);
        VmSpec db1 = new VmSpec("db1", 4, 8192L, "h1", VmSpecState.RUNNING, true, true, 10, List.of("san1"),
                List.of("prod"), "fd", "db", RecoverySpec.RELOCATE, 3, 600);
        VmSpec web1 = new VmSpec("web1", 1, 1024L, null, VmSpecState.STOPPED, false, true, 0, List.of(), List.of(),
                null, null, RecoverySpec.RESTART, 0, 0);
        FailoverDomainSpec fd = new FailoverDomainSpec("fd", true, true, false, List.of(new MemberSpec("h1", 1)));
        return new ClusterDocument(new ClusterSpec("prod", ClusterMode.RHEV, 1.2, 3.0, 2, 45, 0.4, null,
                ClusterUsage.DYNAMIC, 5, 20, 600, 2, 120, 4.0, 2.5, true), List.of(h1), List.of(db1, web1), List.of(fd));
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
