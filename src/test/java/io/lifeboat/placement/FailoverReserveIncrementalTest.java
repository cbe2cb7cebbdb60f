package io.lifeboat.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.lifeboat.facts.Vm;

/** The N+K check carried on from one change to the next gives the answer a check from scratch gives, for less work. */
class FailoverReserveIncrementalTest {
    private static final long GIB = TestCluster.GIB;

    @Test
    void afterEveryChangeTheIncrementalAnswerIsTheAnswerFromScratch() {
        Random random = new Random(20261207);
        long playedIncrementally = 0;
        long playedFromScratch = 0;
        int shortAnswers = 0;
        for (int instance = 0; instance < 40; instance++) {
            TestCluster test = new TestCluster();
            int hosts = 3 + random.nextInt(4);
            for (int h = 0; h < hosts; h++) {
                test.hosts(32 + 16L * random.nextInt(3), "h" + h);
            }
            for (int v = 0; v < hosts * 2; v++) {
                test.running.add(randomVm(random, "vm" + v, "h" + random.nextInt(hosts)));
            }
            int k = 1 + random.nextInt(2);
            FailoverReserve incremental = new FailoverReserve();
            incremental.update(test.cluster(), k);
            for (int step = 0; step < 30; step++) {
                change(random, test, "i" + instance + "s" + step);
                FailoverReserve.Worst carriedOn = incremental.update(test.cluster(), k);
                FailoverReserve fresh = new FailoverReserve();
                FailoverReserve.Worst fromScratch = fresh.update(test.cluster(), k);

                assertThat(carriedOn.failedHosts()).as("instance %d step %d", instance, step)
                        .isEqualTo(fromScratch.failedHosts());
                assertThat(carriedOn.homeless()).as("instance %d step %d", instance, step)
                        .isEqualTo(fromScratch.homeless());
                shortAnswers += fromScratch.isShort() ? 1 : 0;
                playedFromScratch += fresh.failuresPlayed();
            }
            playedIncrementally += incremental.failuresPlayed();
        }
        assertThat(shortAnswers).as("the changes reach short and ample states alike").isBetween(100, 1100);
        assertThat(playedIncrementally).as("failures played again").isLessThan(playedFromScratch / 2);
    }

    @Test
    void aVmStartingWhereNoFailureNeedsRoomReplaysNothing() {
        TestCluster test = new TestCluster();
        test.hosts(64, "h1", "h2", "h3", "spare");
        test.vm("a", 20, "h1", true);
        test.vm("b", 20, "h2", true);
        test.vm("c", 20, "h3", true);
        FailoverReserve reserve = new FailoverReserve();
        reserve.update(test.cluster(), 1);
        long played = reserve.failuresPlayed();
        assertThat(played).isEqualTo(4);

        // Every failure's HA VM goes to spare (the most free memory), so no proof uses h1; the new VM is not HA.
        test.vm("batch-job", 8, "h1", false);
        FailoverReserve.Worst worst = reserve.update(test.cluster(), 1);

        assertThat(worst.isShort()).isFalse();
        assertThat(reserve.failuresPlayed()).as("no failure played again").isEqualTo(played);

        test.vm("d", 8, "h2", true);
        reserve.update(test.cluster(), 1);
        assertThat(reserve.failuresPlayed()).as("d fits into h2's proof without a new play").isEqualTo(played);

        test.vm("big", 50, "spare", false);
        assertThat(reserve.update(test.cluster(), 1).isShort()).isFalse();
        assertThat(reserve.failuresPlayed()).as("the three proofs that used spare are played again").isEqualTo(played + 3);
    }

    @Test
    void aVmThatFillsTheHostAProofUsesMakesThatFailureShort() {
        TestCluster test = new TestCluster();
        test.hosts(64, "h1", "h2");
        test.vm("a", 40, "h1", true);
        FailoverReserve reserve = new FailoverReserve();
        assertThat(reserve.update(test.cluster(), 1).isShort()).isFalse();

        test.vm("filler", 30, "h2", false);
        FailoverReserve.Worst worst = reserve.update(test.cluster(), 1);

        assertThat(worst.failedHosts()).containsExactly("h1");
        assertThat(worst.homeless()).containsExactly("a");

        test.running.removeIf(vm -> vm.getName().equals("filler"));
        assertThat(reserve.update(test.cluster(), 1).isShort()).as("a short failure is played again").isFalse();
    }

    @Test
    void aHostThatFails_replaysOnlyTheFailuresWhoseProofSentVmsThere() {
        TestCluster test = new TestCluster();
        test.hosts(64, "h1", "h2", "h3", "h4");
        test.vm("a", 40, "h1", true);
        test.vm("b", 8, "h2", true);
        test.vm("c", 8, "h3", true);
        test.vm("filler", 30, "h2", false);
        test.vm("filler2", 30, "h3", false);
        FailoverReserve reserve = new FailoverReserve();
        reserve.update(test.cluster(), 1);
        long played = reserve.failuresPlayed();
        assertThat(played).isEqualTo(4);

        // Only h4 has room for a; b and c go to h4 or h1. h4 fails: h1's proof must be played again, and is short.
        test.hosts.removeIf(h -> h.getName().equals("h4"));
        FailoverReserve.Worst worst = reserve.update(test.cluster(), 1);

        assertThat(worst.failedHosts()).containsExactly("h1");
        assertThat(worst.homeless()).containsExactly("a");
        assertThat(reserve.failuresPlayed() - played).as("played again: the proofs that used h4")
                .isBetween(1L, 3L);
        assertThat(worst.failedHosts()).isEqualTo(FailoverReserve.worst(test.cluster(), 1).failedHosts());
    }

    private static Vm randomVm(Random random, String name, String host) {
        return Vm.builder(name).memoryMiB((4 + 4L * random.nextInt(6)) * GIB).vcpus(1 + random.nextInt(8))
                .ha(random.nextInt(3) > 0).priority(random.nextInt(3))
                .antiAffinity(random.nextInt(4) == 0 ? "group" : null).runningOn(host).build();
    }

    /**
     * Starts, stops, moves or reconfigures one VM; or, now and then, a host leaves (it failed): its VMs stop, and some
     * of them start again on the hosts left.
     */
    private static void change(Random random, TestCluster test, String name) {
        List<Vm> running = test.running;
        if (test.hosts.size() > 2 && random.nextInt(10) == 0) {
            String failed = test.hosts.remove(random.nextInt(test.hosts.size())).getName();
            for (Vm vm : List.copyOf(running)) {
                if (vm.getHost().equals(failed)) {
                    running.remove(vm);
                    if (random.nextBoolean()) {
                        vm.markRunningOn(anyHost(random, test));
                        running.add(vm);
                    }
                }
            }
            return;
        }
        int what = running.isEmpty() ? 0 : random.nextInt(4);
        String host = anyHost(random, test);
        if (what == 0) {
            running.add(randomVm(random, name, host));
            return;
        }
        Vm vm = running.remove(random.nextInt(running.size()));
        if (what == 2) {
            vm.markRunningOn(host); // moved
            running.add(vm);
        } else if (what == 3) {
            running.add(randomVm(random, vm.getName(), vm.getHost()));
        }
    }

    private static String anyHost(Random random, TestCluster test) {
        return test.hosts.get(random.nextInt(test.hosts.size())).getName();
    }
}
