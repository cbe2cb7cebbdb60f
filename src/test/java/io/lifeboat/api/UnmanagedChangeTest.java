package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.viewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.Virsh;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Changes Lifeboat did not order, made on a demo host's hypervisor the way virsh would: a VM killed is recovered per
 * its policy (libvirt's lifecycle event says so at once), a VM shut down cleanly stays stopped with an alert, and a VM
 * started outside Lifeboat is an UNMANAGED_CHANGE violation.
 */
@QuarkusTest
@TestProfile(UnmanagedChangeTest.FastMonitor.class)
class UnmanagedChangeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    public static class FastMonitor extends FastDemoProfile {
        @Override
        String dir() {
            return "test-demo-unmanaged";
        }
    }

    @Inject
    LibvirtDriver driver;

    @Test
    void haVmDestroyedOnItsLiveHost_isRestartedThere() throws Exception {
        Virsh.destroy(driver, "h3", "web3");

        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                viewer().queryParam("subject", "vm/web3").queryParam("type", "START_VM").get("/api/v1/journal").then()
                        .body("entries[0].status", equalTo("SUCCEEDED"))
                        .body("entries[0].outcome", equalTo("started on h3")));
        await().atMost(WAIT).untilAsserted(() -> viewer().get("/api/v1/status").then()
                .body("vms.find { it.name == 'web3' }.state", equalTo("RUNNING"))
                .body("vms.find { it.name == 'web3' }.host", equalTo("h3")));
        viewer().queryParam("subject", "vm/web3").get("/api/v1/violations").then().body("$", empty());
    }

    @Test
    void vmShutDownCleanly_staysStoppedWithAnAlert_andStartingItOutsideLifeboatIsAnUnmanagedChange() throws Exception {
        Virsh.shutdown(driver, "h3", "batch1");

        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                viewer().queryParam("subject", "vm/batch1").queryParam("type", "ALERT").get("/api/v1/journal").then()
                        .body("entries[0].reason", containsString("batch1 was shut down on h3 outside Lifeboat")));
        viewer().get("/api/v1/status").then().body("vms.find { it.name == 'batch1' }.state", equalTo("STOPPED"));

        Virsh.start(driver, "h3", "batch1");

        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                viewer().queryParam("code", "UNMANAGED_CHANGE").get("/api/v1/violations").then().statusCode(200)
                        .body("subject", hasItem("vm/batch1"))
                        .body("find { it.subject == 'vm/batch1' }.rule", equalTo("support.unmanaged-start-or-move"))
                        .body("find { it.subject == 'vm/batch1' }.severity", equalTo("WARNING")));
    }
}
