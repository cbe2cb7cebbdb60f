package io.lifeboat.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.testing.TestHosts;

/** The libvirt-java driver against libvirt's test driver: one node file per simulated host. */
class LibvirtDriverTest {
    @TempDir
    Path dir;
    private LibvirtDriver driver;

    @BeforeEach
    void twoHosts() throws Exception {
        driver = new LibvirtDriver();
        driver.connect("h1", TestHosts.write(dir, "h1", "db1", "web1"));
        driver.connect("h2", TestHosts.write(dir, "h2"));
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void probe_reportsNodeResourcesAndRunningDomainsWithDefinitions() throws Exception {
        HostInventory h1 = driver.probe("h1");

        assertThat(h1.cpus()).isEqualTo(16);
        assertThat(h1.memoryMiB()).isEqualTo(32768);
        assertThat(h1.domains()).extracting(DomainView::name).containsExactlyInAnyOrder("db1", "web1");
        assertThat(h1.domains()).allSatisfy(d -> {
            assertThat(d.running()).isTrue();
            assertThat(d.memoryMiB()).isEqualTo(1024);
            assertThat(d.definitionXml()).contains("<name>" + d.name() + "</name>");
        });
    }

    @Test
    void startVmFromDefinitionOnAnotherHost_runsThere() throws Exception {
        String definition = driver.probe("h1").domains().stream().filter(d -> d.name().equals("db1"))
                .findFirst().orElseThrow().definitionXml();

        driver.startVm("db1", definition, "h2");

        assertThat(driver.probe("h2").runs("db1")).as("db1 was defined and started on h2").isTrue();
    }

    @Test
    void startVmAlreadyRunningThere_isRefused() throws Exception {
        String definition = driver.probe("h1").domains().get(0).definitionXml();
        String name = driver.probe("h1").domains().get(0).name();

        assertThatThrownBy(() -> driver.startVm(name, definition, "h1"))
                .isInstanceOf(HypervisorException.class).hasMessageContaining("already runs on h1");
    }

    @Test
    void severedHost_isUnreachableButKeepsItsDomains() throws Exception {
        driver.sever("h1");

        assertThatThrownBy(() -> driver.probe("h1")).isInstanceOf(HostUnreachableException.class);

        driver.restore("h1");
        assertThat(driver.probe("h1").runs("db1")).as("the host kept running while Lifeboat could not see it").isTrue();
    }

    @Test
    void destroyAllDomains_stopsEveryRunningDomain() throws Exception {
        driver.destroyAllDomains("h1");

        assertThat(driver.probe("h1").domains()).as("still defined, no longer running")
                .hasSize(2).noneMatch(DomainView::running);
    }

    @Test
    void unknownHost_isAnError() {
        assertThatThrownBy(() -> driver.probe("nope")).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("no connection configured");
    }
}
