package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.lifeboat.cli.LifeboatMain;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySources;
import io.lifeboat.simulate.ScenarioReader;
import io.lifeboat.simulate.Simulator;
import io.quarkus.test.junit.QuarkusTest;

/** The simulate contract through its three entry points, and its refusals. */
@QuarkusTest
class SimulateResourceTest {
    private static final Path SCENARIO = Path.of("src/test/resources/scenarios/host-down-fence-level-two.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sameScenario_restJsonRestYamlCliAndJava_giveTheSamePlan() throws Exception {
        String yaml = Files.readString(SCENARIO);
        String json = JSON.writeValueAsString(new YAMLMapper().readTree(yaml));

        JsonNode viaJson = JSON.readTree(viewer().contentType("application/json").body(json)
                .post("/api/v1/simulate").then().statusCode(200).extract().asString());
        JsonNode viaYaml = JSON.readTree(viewer().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/simulate").then().statusCode(200).extract().asString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = LifeboatMain.run(List.of("simulate", SCENARIO.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        JsonNode viaCli = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode viaJava = JSON.readTree(JSON.writeValueAsString(new Simulator(new PolicyCompiler()
                .compile(PolicySources.shipped())).run(ScenarioReader.read(yaml, ScenarioReader.Format.YAML))));

        assertThat(exit).isZero();
        assertThat(viaJson.path("actions")).as("the plan has actions").isNotEmpty();
        assertThat(viaYaml).isEqualTo(viaJson);
        assertThat(viaCli).isEqualTo(viaJson);
        assertThat(viaJava).isEqualTo(viaJson);
        assertThat(viaJson.at("/actions/0/outcome").asText()).isEqualTo("FAILED");
        assertThat(viaJson.at("/vms/0/host").asText()).isEqualTo("h2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field            | {"cluster":{"name":"c","colour":"red"}}                                   | /cluster/colour
            unknown enum value       | {"cluster":{"name":"c"},"hosts":[{"name":"h1","hypervisor":"VMWARE"}]}    | /hosts/0/hypervisor
            negative size            | {"cluster":{"name":"c"},"hosts":[{"name":"h1","memoryMiB":-1}]}           | /hosts/0/memoryMiB
            duplicate host name      | {"cluster":{"name":"c"},"hosts":[{"name":"h1"},{"name":"h1"}]}            | /hosts/1/name
            VM on an unknown host    | {"cluster":{"name":"c"},"vms":[{"name":"v","host":"h9"}]}                 | /vms/0/host
            unknown failover domain  | {"cluster":{"name":"c"},"vms":[{"name":"v","failoverDomain":"fd"}]}       | /vms/0/failoverDomain
            event on an unknown VM   | {"cluster":{"name":"c"},"events":[{"at":1,"type":"VM_START","vm":"x"}]}   | /events/0/vm
            fault on a missing level | {"cluster":{"name":"c"},"hosts":[{"name":"h1"}],"events":[{"at":0,"type":"FENCE_DEVICE_FAULT","host":"h1","level":1,"mode":"FAIL"}]} | /events/0/level
            fault on a missing device | {"cluster":{"name":"c"},"hosts":[{"name":"h1","fencing":[{"level":1,"agent":"fence_ipmilan"}]}],"events":[{"at":0,"type":"FENCE_DEVICE_FAULT","host":"h1","level":1,"device":2,"mode":"FAIL"}]} | /events/0/device
            missing cluster name     | {"cluster":{}}                                                            | /cluster/name
            a null VM                | {"cluster":{"name":"c"},"vms":[null]}                                     | /vms/0
            a null storage domain    | {"cluster":{"name":"c"},"hosts":[{"name":"h1","storage":[null]}]}         | /hosts/0/storage/0
            an event a year away     | {"cluster":{"name":"c"},"hosts":[{"name":"h1"}],"events":[{"at":31536000,"type":"HOST_DOWN","host":"h1"}]} | /events/0/at
            an hour-long heartbeat   | {"cluster":{"name":"c","heartbeatTimeout":3600}}                          | /cluster/heartbeatTimeout
            """)
    void badScenario_is400NamingTheField(String situation, String scenario, String pointer) {
        viewer().contentType("application/json").body(scenario).post("/api/v1/simulate").then().statusCode(400)
                .body("code", equalTo("INVALID_SCENARIO"))
                .body("field", equalTo(pointer));
    }

    @Test
    void duplicateVmNames_areSimulatedNotRefused() {
        viewer().contentType("application/json")
                .body("{\"cluster\":{\"name\":\"c\"},\"hosts\":[{\"name\":\"h1\"}],\"vms\":[{\"name\":\"v\",\"host\":\"h1\"},{\"name\":\"v\"}]}")
                .post("/api/v1/simulate").then().statusCode(200);
    }

    @Test
    void notYaml_is400() {
        viewer().contentType("application/yaml").body("cluster: [unclosed".getBytes(StandardCharsets.UTF_8)).post("/api/v1/simulate").then().statusCode(400)
                .body("code", equalTo("INVALID_SCENARIO"));
    }
}
