package io.lifeboat.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Explanation;
import io.lifeboat.actions.StopVm;
import io.lifeboat.testing.TestHosts;

/** STOP_VM through the libvirt-java driver against libvirt's test driver. */
class StopVmTest {
    @TempDir
    Path dir;
    private LibvirtDriver driver;
    private StopVmHandler handler;

    @BeforeEach
    void oneHost() throws Exception {
        driver = new LibvirtDriver();
        driver.connect("h1", TestHosts.write(dir, "h1", "db1", "web1"));
        handler = new StopVmHandler(driver);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void secondCopy_isDestroyedAtOnce_andTheOtherDomainKeepsRunning() throws Exception {
        ActionOutcome outcome = handler.execute(stop("db1", Duration.ZERO));

        assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(outcome.message()).isEqualTo("destroyed on h1");
        assertThat(running()).containsExactly("web1");
    }

    @Test
    void gracefulStop_shutsTheGuestDownWithoutDestroyingIt() throws Exception {
        ActionOutcome outcome = handler.execute(stop("web1", Duration.ofSeconds(5)));

        assertThat(outcome.message()).isEqualTo("shut down on h1");
        assertThat(running()).containsExactly("db1");
    }

    @Test
    void aGracefulStopIsGivenItsGraceAndTheDestroyAfter_evenUnderAShorterDispatchTimeout() {
        assertThat(handler.timeNeeded(stop("web1", Duration.ofSeconds(30)))).isGreaterThan(Duration.ofSeconds(30));
        assertThat(handler.timeNeeded(stop("web1", Duration.ZERO))).as("a destroy: the dispatcher's own timeout")
                .isZero();
    }

    @Test
    void vmThatDoesNotRunThere_isLeftAlone() throws Exception {
        handler.execute(stop("db1", Duration.ZERO));

        assertThat(driver.stopVm("db1", "h1", Duration.ZERO)).as("nothing to destroy").isFalse();
        assertThat(driver.stopVm("nope", "h1", Duration.ZERO)).isFalse();
        assertThat(running()).containsExactly("web1");
    }

    private java.util.List<String> running() throws HypervisorException {
        return driver.probe("h1").domains().stream().filter(DomainView::present).map(DomainView::name).toList();
    }

    private static StopVm stop(String vm, Duration graceful) {
        StopVm stop = new StopVm(vm, "h1", graceful, "test");
        stop.assign("k-" + vm, Explanation.NONE);
        return stop;
    }
}
