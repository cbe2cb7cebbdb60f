package io.lifeboat.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each stop nobody in Lifeboat ordered is told once, whichever of the event and the inventory comes first. */
class VmStopsTest {
    private final List<VmStops.VmStop> told = new ArrayList<>();
    private final VmStops stops = new VmStops(told::add);

    @BeforeEach
    void h1HoldsDb1AndWeb1() {
        stops.answered("h1", Set.of("db1", "web1"), stops.mark());
    }

    @Test
    void eventThenAnInventoryWithoutIt_toldOnceWithTheEventsReason() {
        stops.stopped("h1", "db1", DomainStop.CRASHED);
        stops.answered("h1", Set.of("web1"), stops.mark());

        assertThat(told).containsExactly(new VmStops.VmStop("h1", "db1", DomainStop.CRASHED));
    }

    @Test
    void inventoryTakenBeforeTheEventArrivesAfterIt_doesNotBringTheVmBack() {
        long probeStarted = stops.mark();
        stops.stopped("h1", "db1", DomainStop.DESTROYED);
        stops.answered("h1", Set.of("db1", "web1"), probeStarted);
        stops.answered("h1", Set.of("web1"), stops.mark());

        assertThat(told).as("the stale inventory still showed db1; the event knew better")
                .containsExactly(new VmStops.VmStop("h1", "db1", DomainStop.DESTROYED));
    }

    @Test
    void stopNoEventTold_isFoundByTheNextInventory() {
        stops.answered("h1", Set.of("web1"), stops.mark());

        assertThat(told).containsExactly(new VmStops.VmStop("h1", "db1", DomainStop.UNEXPLAINED));
    }

    @Test
    void lateEventOfAStopAlreadyFound_isNotToldAgain() {
        stops.answered("h1", Set.of("web1"), stops.mark());
        stops.stopped("h1", "db1", DomainStop.SHUT_DOWN);

        assertThat(told).hasSize(1);
    }

    @Test
    void aGracefulStopByLifeboat_isNotToldEvenWhenInventoriesStillShowTheGuestShuttingDown() {
        stops.stopped("h1", "db1", DomainStop.BY_LIFEBOAT);
        stops.answered("h1", Set.of("db1", "web1"), stops.mark());
        stops.answered("h1", Set.of("db1", "web1"), stops.mark());
        stops.stopped("h1", "db1", DomainStop.DESTROYED);
        stops.answered("h1", Set.of("web1"), stops.mark());

        assertThat(told).as("the shutdown and the destroy after its grace are Lifeboat's own").isEmpty();

        stops.started("h1", "db1");
        stops.stopped("h1", "db1", DomainStop.CRASHED);
        assertThat(told).as("started again, its next stop is news")
                .containsExactly(new VmStops.VmStop("h1", "db1", DomainStop.CRASHED));
    }

    @Test
    void aStopByLifeboatThatFailed_leavesTheVmHeld() {
        stops.stopped("h1", "db1", DomainStop.BY_LIFEBOAT);
        stops.started("h1", "db1");   // what the driver says when its stop failed: it may still run
        stops.answered("h1", Set.of("web1"), stops.mark());

        assertThat(told).containsExactly(new VmStops.VmStop("h1", "db1", DomainStop.UNEXPLAINED));
    }

    @Test
    void stopsByLifeboatAndMigrations_areNeverTold() {
        stops.stopped("h1", "db1", DomainStop.BY_LIFEBOAT);
        stops.stopped("h1", "db1", DomainStop.DESTROYED);
        stops.stopped("h1", "web1", DomainStop.MIGRATED);
        stops.answered("h1", Set.of(), stops.mark());

        assertThat(told).isEmpty();
    }

    @Test
    void startedAndCrashedBetweenTwoProbes_isToldFromItsEvents() {
        stops.started("h1", "app1");
        stops.stopped("h1", "app1", DomainStop.CRASHED);

        assertThat(told).containsExactly(new VmStops.VmStop("h1", "app1", DomainStop.CRASHED));
    }

    @Test
    void assumedAtStartButNotThereAtTheFirstAnswer_isToldAsUnexplained() {
        stops.assume("h2", Set.of("app1"));
        stops.answered("h2", Set.of(), stops.mark());

        assertThat(told).as("it stopped while Lifeboat was not watching")
                .containsExactly(new VmStops.VmStop("h2", "app1", DomainStop.UNEXPLAINED));
    }

    @Test
    void forgottenHost_hasNothingToTell() {
        stops.forget("h1");
        stops.answered("h1", Set.of(), stops.mark());

        assertThat(told).isEmpty();
    }
}
