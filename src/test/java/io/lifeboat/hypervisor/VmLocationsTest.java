package io.lifeboat.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class VmLocationsTest {
    private final VmLocations locations = new VmLocations();

    @Test
    void aVmIsWhereItsNewestSightingPutsIt_andAnOldHostsLaterAnswerDoesNotUndoAMove() {
        locations.observed("h1", Set.of("db1", "web1"));
        locations.observed("h2", Set.of("db1"));          // db1 moved; h1 has not answered since
        assertThat(locations.lastSeenOn("db1")).hasValue("h2");

        locations.observed("h1", Set.of("web1"));         // h1 no longer lists db1: it stays on h2
        assertThat(locations.lastSeenOn("db1")).hasValue("h2");
        locations.observed("h2", Set.of());               // gone from h2 too: unknown
        assertThat(locations.lastSeenOn("db1")).isEmpty();
        assertThat(locations.lastSeenOn("web1")).hasValue("h1");
    }

    @Test
    void aCopyThatGoesAwayLeavesTheOtherCopyKnown_evenWhenItsHostsAnswersRepeatThemselves() {
        locations.observed("h1", Set.of("db1"));
        locations.observed("h2", Set.of("db1"));          // two copies: the newest sighting wins
        locations.observed("h1", Set.of("db1"));          // h1's answer did not change
        locations.observed("h2", Set.of());               // the copy on h2 is gone

        assertThat(locations.lastSeenOn("db1")).hasValue("h1");
    }

    @Test
    void aHostThatLeftTakesOnlyItsOwnSightingsAlong() {
        locations.observed("h1", Set.of("web1"));
        locations.observed("h2", Set.of("db1"));
        assertThat(locations.everAnswered("h3")).isFalse();

        locations.forget("h1");

        assertThat(locations.everAnswered("h1")).isFalse();
        assertThat(locations.lastSeenOn("web1")).isEmpty();
        assertThat(locations.lastSeenOn("db1")).hasValue("h2");
    }
}
