package io.lifeboat.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.lifeboat.simulate.Scenario.FenceLevelSpec;

/** The README's fence device examples are what the installed agents accept: the docs stay true. */
class ReadmeFenceExamplesTest {

    @Test
    void everyFenceExampleInTheReadme_passesValidationAgainstTheAgentsMetadata() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### Fence devices of the common kinds");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        List<FenceLevelSpec> devices = new YAMLMapper().readValue(yaml.replaceFirst("fencing:\n", ""),
                new TypeReference<>() {
                });
        FenceAgentRunner runner = new FenceAgentRunner(List.of(Path.of("fence-plugins"), Path.of("/usr/sbin")));
        FenceAgentCatalogue catalogue = new FenceAgentCatalogue(List.of(Path.of("fence-plugins"), Path.of("/usr/sbin")),
                agent -> runner.metadata(agent, Duration.ofSeconds(30)));

        assertThat(devices).extracting(FenceLevelSpec::agent).contains("fence_ipmilan", "fence_ilo", "fence_idrac",
                "fence_redfish", "fence_apc_snmp");
        for (FenceLevelSpec device : devices) {
            assertThat(catalogue.validate(device.agent(), device.params())).as(device.agent()).isEmpty();
        }
    }
}
