package io.lifeboat.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Fence levels of several devices in the scenario contract, and faults aimed at one device of a level. */
class ScenarioReaderTest {
    private static final String TWO_PSU_HOST = """
            cluster: {name: c}
            hosts:
              - name: h1
                fencing:
                  - {level: 1, agent: fence_apc_snmp, params: {ip: pdu-a, plug: "3"}}
                  - {level: 1, agent: fence_apc_snmp, params: {ip: pdu-b, plug: "3"}}
                  - {level: 2, agent: fence_ipmilan, params: {ip: 10.0.0.11}}
            """;

    @Test
    void twoDevicesOnOneLevel_areAccepted() {
        Scenario scenario = read(TWO_PSU_HOST);

        assertThat(scenario.hosts().get(0).fencing()).extracting(Scenario.FenceLevelSpec::level).containsExactly(1, 1, 2);
    }

    @Test
    void faultOnOneDeviceOfALevel_isAccepted() {
        Scenario scenario = read(TWO_PSU_HOST + """
                events:
                  - {at: 0, type: FENCE_DEVICE_FAULT, host: h1, level: 1, device: 2, mode: FAIL}
                """);

        assertThat(scenario.events().get(0).device()).isEqualTo(2);
    }

    @Test
    void faultOnADeviceBeyondTheLevel_isRefusedNamingTheDevice() {
        assertThatThrownBy(() -> read(TWO_PSU_HOST + """
                events:
                  - {at: 0, type: HOST_DOWN, host: h1}
                  - {at: 0, type: FENCE_DEVICE_FAULT, host: h1, level: 2, device: 2, mode: FAIL}
                """))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/events/1/device");
                    assertThat(e.getMessage()).isEqualTo("fence level 2 of h1 has devices 1 to 1, not 2");
                });
    }

    @Test
    void faultOnDeviceZero_isRefusedNamingTheDevice() {
        assertThatThrownBy(() -> read(TWO_PSU_HOST + """
                events:
                  - {at: 0, type: FENCE_DEVICE_FAULT, host: h1, level: 1, device: 0, mode: TIMEOUT}
                """))
                .isInstanceOfSatisfying(ScenarioException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/events/0/device"));
    }

    @Test
    void modeOk_clearsAFaultAndIsAccepted() {
        Scenario scenario = read(TWO_PSU_HOST + """
                events:
                  - {at: 0, type: FENCE_DEVICE_FAULT, host: h1, level: 1, mode: FAIL}
                  - {at: 5, type: FENCE_DEVICE_FAULT, host: h1, level: 1, mode: OK}
                """);

        assertThat(scenario.events()).extracting(Scenario.EventSpec::mode)
                .containsExactly(Scenario.FaultMode.FAIL, Scenario.FaultMode.OK);
    }

    @Test
    void syntaxErrors_sayWhereAndWhat_butNeverQuoteTheDocument() {
        // A password typed without quotes (JSON), or with something after it (YAML): the line is the secret's.
        String pw = "Zq8vTpL3kWx9";
        String json = "{\"cluster\":{\"name\":\"c\"},\"hosts\":[{\"name\":\"h1\",\"fencing\":[{\"level\":1,"
                + "\"agent\":\"fence_ipmilan\",\"params\":{\"password\":" + pw + "}}]}]}";
        String yaml = "cluster: {name: c}\nhosts:\n  - name: h1\n    fencing:\n      - level: 1\n"
                + "        agent: fence_ipmilan\n        params:\n          password: \"" + pw + "\" x\n";
        String yamlColon = yaml.replace("\"" + pw + "\" x", pw + ": x");

        assertThatThrownBy(() -> ScenarioReader.read(json, ScenarioReader.Format.JSON))
                .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.getMessage())
                        .startsWith("not valid JSON at line 1, column ").contains("Unrecognized token '...'")
                        .doesNotContain(pw));
        assertThatThrownBy(() -> read(yaml)).isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(
                e.getMessage()).startsWith("not valid YAML at line 8, column ").doesNotContain(pw));
        assertThatThrownBy(() -> read(yamlColon)).isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(
                e.getMessage()).isEqualTo("not valid YAML at line 8, column 33: mapping values are not allowed here"));
    }

    @Test
    void fenceParamsOfTheWrongShape_areRefusedWithoutTheirValue() {
        assertThatThrownBy(() -> read("""
                cluster: {name: c}
                hosts:
                  - name: h1
                    fencing:
                      - {level: 1, agent: fence_ipmilan, params: "ip=10.0.0.1 password=Zq8vTpL3kWx9"}
                """)).isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/hosts/0/fencing/0/params");
                    assertThat(e.getMessage()).startsWith("expected an object of parameter names and values")
                            .doesNotContain("Zq8vTpL3kWx9");
                });
        // Elsewhere the value is shown: it helps, and it is no secret.
        assertThatThrownBy(() -> read("cluster: {name: c}\nhosts: [{name: h1, cpus: many}]\n"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.getMessage()).contains("many"));
    }

    private static Scenario read(String yaml) {
        return ScenarioReader.read(yaml, ScenarioReader.Format.YAML);
    }
    @Test
    void lifeboatRestartAndPolicyReload_areAcceptedWithWhatBecameOfTheActionsInFlight() {
        Scenario scenario = read(TWO_PSU_HOST + """
                events:
                  - {at: 10, type: LIFEBOAT_RESTART, inFlight: DONE}
                  - {at: 20, type: LIFEBOAT_RESTART}
                  - {at: 30, type: POLICY_RELOAD}
                """);

        assertThat(scenario.events()).extracting(Scenario.EventSpec::inFlight)
                .containsExactly(Scenario.InFlight.DONE, null, null);
    }

    @Test
    void lifeboatRestartNamingAHost_isRefusedNamingTheField() {
        assertThatThrownBy(() -> read(TWO_PSU_HOST + """
                events:
                  - {at: 10, type: LIFEBOAT_RESTART, host: h1}
                """))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/events/0/host");
                    assertThat(e.getMessage()).isEqualTo("LIFEBOAT_RESTART takes no host");
                });
    }

    @Test
    void forceOnAnEventOtherThanAStart_isRefusedNamingTheField() {
        assertThatThrownBy(() -> read(TWO_PSU_HOST + """
                events:
                  - {at: 10, type: HOST_DOWN, host: h1, force: true}
                """))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/events/0/force");
                    assertThat(e.getMessage()).isEqualTo("only VM_START takes force");
                });
    }

    @Test
    void inFlightOnAnotherEvent_isRefused() {
        assertThatThrownBy(() -> read(TWO_PSU_HOST + """
                events:
                  - {at: 10, type: POLICY_RELOAD, inFlight: LOST}
                """))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/events/0/inFlight");
                    assertThat(e.getMessage()).isEqualTo("only LIFEBOAT_RESTART takes inFlight (DONE or LOST)");
                });
    }

    @Test
    void unknownInFlightValueOrUnknownFieldOnARestart_isRefused() {
        assertThatThrownBy(() -> read(TWO_PSU_HOST + """
                events:
                  - {at: 10, type: LIFEBOAT_RESTART, inFlight: MAYBE}
                """))
                .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.pointer())
                        .isEqualTo("/events/0/inFlight"));
        assertThatThrownBy(() -> read(TWO_PSU_HOST + """
                events:
                  - {at: 10, type: LIFEBOAT_RESTART, graceful: true}
                """))
                .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("unknown field 'graceful'"));
    }
}
