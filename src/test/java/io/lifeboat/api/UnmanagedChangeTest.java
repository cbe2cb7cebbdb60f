package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.viewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.lifeboat.hypervisor.LibvirtDriver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * A change Lifeboat did not order, seen through the libvirt plugin: VMs stopped on a demo host behind Lifeboat's back
 * become UNMANAGED_CHANGE violations in the status and in /api/v1/violations.
 */
@QuarkusTest
@TestProfile(UnmanagedChangeTest.FastMonitor.class)
class UnmanagedChangeTest {

    public static class FastMonitor extends FastDemoProfile {
        @Override
        String dir() {
            return "test-demo-unmanaged";
        }
    }

    @Inject
    LibvirtDriver driver;

    @Test
    void vmsStoppedOutsideLifeboat_areReportedAsUnmanagedChanges() throws Exception {
        viewer().get("/api/v1/violations").then().statusCode(200).body("$", empty());

        // What `virsh destroy` on h3 would do: Lifeboat did not order it.
        driver.destroyAllDomains("h3");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                viewer().queryParam("code", "UNMANAGED_CHANGE").get("/api/v1/violations").then().statusCode(200)
                        .body("subject", containsInAnyOrder("vm/web3", "vm/batch1"))
                        .body("severity", everyItem(equalTo("WARNING")))
                        .body("rule", everyItem(equalTo("support.unmanaged-stop"))));
        viewer().queryParam("subject", "vm/web3").get("/api/v1/violations").then()
                .body("code", containsInAnyOrder("UNMANAGED_CHANGE"));
        viewer().queryParam("severity", "error").get("/api/v1/violations").then().body("$", empty());
        viewer().get("/api/v1/status").then().body("violations.subject", hasItem("vm/batch1"));
    }
}
