package io.lifeboat.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.lifeboat.facts.ClusterSettings;

/** The placement weights of a cluster and a host's measured load in the scenario contract, and what is refused. */
class PlacementWeightsScenarioReaderTest {
    private static final String ONE_HOST = """
            hosts:
              - {name: h1, cpus: 16, memoryMiB: 65536}
            """;

    @Test
    void weightsAndAMeasuredLoad_areRead() {
        Scenario scenario = read("cluster: {name: c, vcpuHeadroomWeight: 2.5, measuredLoadWeight: 10}\n" + ONE_HOST + """
                events:
                  - {at: 0, type: HOST_LOAD, host: h1, cpuLoadPercent: 85}
                """);

        ClusterSettings settings = ScenarioFacts.settings(scenario.cluster(), Duration.ZERO);
        assertThat(settings.vcpuHeadroomWeight()).isEqualTo(2.5);
        assertThat(settings.measuredLoadWeight()).isEqualTo(10);
        assertThat(scenario.events().get(0).cpuLoadPercent()).isEqualTo(85);
    }

    @Test
    void weightsNotGiven_areOff() {
        ClusterSettings settings = ScenarioFacts.settings(read("cluster: {name: c}\n" + ONE_HOST).cluster(), Duration.ZERO);

        assertThat(settings.vcpuHeadroomWeight()).isZero();
        assertThat(settings.measuredLoadWeight()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vcpuHeadroomWeight: -1", "measuredLoadWeight: 1000.5"})
    void aWeightBelowZeroOrAbove1000_isRefusedNamingTheField(String weight) {
        assertThatThrownBy(() -> read("cluster: {name: c, " + weight + "}\n" + ONE_HOST))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/cluster/" + weight.substring(0, weight.indexOf(':')));
                    assertThat(e.getMessage()).isEqualTo("must be 0 (off) to 1000");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ", cpuLoadPercent: -1", ", cpuLoadPercent: 101"})
    void aHostLoadWithoutAPercentFrom0To100_isRefusedNamingTheField(String load) {
        assertThatThrownBy(() -> read("cluster: {name: c}\n" + ONE_HOST + "events:\n"
                + "  - {at: 0, type: HOST_LOAD, host: h1" + load + "}\n"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/events/0/cpuLoadPercent");
                    assertThat(e.getMessage()).isEqualTo("cpuLoadPercent must be given, 0 to 100");
                });
    }

    @Test
    void aHostLoadOfAnUnknownHost_orALoadOnAnotherEvent_isRefused() {
        assertThatThrownBy(() -> read("cluster: {name: c}\n" + ONE_HOST + """
                events:
                  - {at: 0, type: HOST_LOAD, host: h9, cpuLoadPercent: 50}
                """))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/events/0/host");
                    assertThat(e.getMessage()).isEqualTo("no host named 'h9'");
                });
        assertThatThrownBy(() -> read("cluster: {name: c}\n" + ONE_HOST + """
                events:
                  - {at: 0, type: HOST_DOWN, host: h1, cpuLoadPercent: 50}
                """))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/events/0/cpuLoadPercent");
                    assertThat(e.getMessage()).isEqualTo("only HOST_LOAD takes cpuLoadPercent");
                });
    }

    private static Scenario read(String yaml) {
        return ScenarioReader.read(yaml, ScenarioReader.Format.YAML);
    }
}
