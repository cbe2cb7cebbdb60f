package io.lifeboat.rules;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test of one rule file that finds violations or advice: each subclass lists its named cases in a static
 * {@code cases()}; every case starts from the healthy baseline, makes its one change, and undoes it.
 */
abstract class FindingRulesTest {
    private ClusterFixture cluster;

    @BeforeEach
    void healthyCluster() {
        cluster = new ClusterFixture();
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void changeFromHealthyBaseline_findsItAndFixingItRetractsIt(FindingCase c) {
        c.check(cluster);
    }
}
