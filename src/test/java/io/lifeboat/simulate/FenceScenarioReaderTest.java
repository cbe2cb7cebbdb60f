package io.lifeboat.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.lifeboat.facts.ClusterSettings;

/** The fencing extensions of the scenario contract: FENCE_ACK, the fence retry schedule and the startup grace. */
class FenceScenarioReaderTest {

    @Test
    void allGiven_areRead() {
        Scenario scenario = read("""
                startupGrace: 60
                cluster: {name: c, fenceRetryInitial: 10, fenceRetryMax: 40}
                hosts: [{name: h1}]
                events: [{at: 5, type: FENCE_ACK, host: h1}]
                """);
        ClusterSettings settings = ScenarioFacts.settings(scenario.cluster(), Duration.ZERO);

        assertThat(scenario.startupGrace()).isEqualTo(60);
        assertThat(scenario.events().get(0).type()).isEqualTo(Scenario.EventType.FENCE_ACK);
        assertThat(settings.fenceRetryInitial()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.fenceRetryMax()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void noneGiven_theDefaults() {
        Scenario scenario = read("cluster: {name: c}\n");
        ClusterSettings settings = ScenarioFacts.settings(scenario.cluster(), Duration.ZERO);

        assertThat(scenario.startupGrace()).isNull();
        assertThat(settings.fenceRetryInitial()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.fenceRetryMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.fenceRetryDelayMillis(1)).isEqualTo(30_000);
        assertThat(settings.fenceRetryDelayMillis(4)).isEqualTo(240_000);
        assertThat(settings.fenceRetryDelayMillis(5)).isEqualTo(300_000);
        assertThat(settings.fenceRetryDelayMillis(1_000)).as("no overflow, however many attempts").isEqualTo(300_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ack of an unknown host      | {"cluster":{"name":"c"},"hosts":[{"name":"h1"}],"events":[{"at":0,"type":"FENCE_ACK","host":"h9"}]} | /events/0/host
            ack without a host          | {"cluster":{"name":"c"},"events":[{"at":0,"type":"FENCE_ACK"}]}                                   | /events/0/host
            a zero retry                | {"cluster":{"name":"c","fenceRetryInitial":0}}                                                    | /cluster/fenceRetryInitial
            a retry over an hour        | {"cluster":{"name":"c","fenceRetryMax":3601}}                                                     | /cluster/fenceRetryMax
            a max under the initial     | {"cluster":{"name":"c","fenceRetryInitial":60,"fenceRetryMax":30}}                                | /cluster/fenceRetryMax
            a max under the default     | {"cluster":{"name":"c","fenceRetryMax":10}}                                                       | /cluster/fenceRetryMax
            an initial over the default | {"cluster":{"name":"c","fenceRetryInitial":400}}                                                  | /cluster/fenceRetryInitial
            a negative startup grace    | {"cluster":{"name":"c"},"startupGrace":-1}                                                        | /startupGrace
            a startup grace over an hour| {"cluster":{"name":"c"},"startupGrace":3601}                                                      | /startupGrace
            """)
    void badFencingExtension_isRefusedNamingTheField(String situation, String json, String pointer) {
        assertThatThrownBy(() -> ScenarioReader.read(json, ScenarioReader.Format.JSON))
                .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.pointer()).isEqualTo(pointer));
    }

    private static Scenario read(String yaml) {
        return ScenarioReader.read(yaml, ScenarioReader.Format.YAML);
    }
}
