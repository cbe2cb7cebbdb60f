package io.lifeboat.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.fencing.FenceAgentCatalogue.ParamProblem;
import io.lifeboat.fencing.FenceAgentMetadata.Parameter;

/** The catalogue against the real ClusterLabs agents and the project's own, as Lifeboat is configured by default. */
class FenceAgentCatalogueTest {
    private static final List<Path> AGENT_PATH = List.of(Path.of("fence-plugins"), Path.of("/usr/sbin"));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final FenceAgentRunner RUNNER = new FenceAgentRunner(AGENT_PATH);
    private static final FenceAgentCatalogue CATALOGUE =
            new FenceAgentCatalogue(AGENT_PATH, agent -> RUNNER.metadata(agent, TIMEOUT));

    @TempDir
    Path tmp;

    @BeforeAll
    static void requireFenceAgents() {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fence_ipmilan")),
                "fence-agents not installed (apt-get install fence-agents)");
    }

    @Test
    void installed_listsTheAgentsOfEveryDirectory() {
        assertThat(CATALOGUE.installed()).contains("fence_lifeboat_sim", "fence_ipmilan", "fence_apc_snmp",
                "fence_redfish", "fence_ilo", "fence_ilo3").isSorted().doesNotHaveDuplicates();
    }

    @Test
    void metadata_describesParametersWithOldNamesAndTheInstalledNamesOwnDescription() {
        FenceAgentMetadata ilo3 = CATALOGUE.metadata("fence_ilo3").orElseThrow();

        assertThat(ilo3.shortdesc()).as("fence_ilo3 is fence_ipmilan under another name").isEqualTo("Fence agent for HP iLO3");
        assertThat(ilo3.parameter("ip")).get().extracting(Parameter::obsoletes).isEqualTo("ipaddr");
        assertThat(ilo3.parameter("ipport")).get().extracting(Parameter::description)
                .isEqualTo("TCP/UDP port to use for connection with device");
        assertThat(FenceAgentCatalogue.settable(ilo3)).extracting(Parameter::name)
                .contains("ip", "username", "password", "lanplus").doesNotContain("action", "ipaddr", "login", "passwd");
    }

    @Test
    void metadata_ofAnAgentThatIsNotInstalled_isEmpty() {
        assertThat(CATALOGUE.metadata("fence_no_such_agent")).isEmpty();
        assertThat(CATALOGUE.metadata("../sbin/fence_ipmilan")).as("a path is no agent name").isEmpty();
    }

    @Test
    void metadata_isReadOncePerAgent_andAFailureIsNotKept() {
        AtomicInteger reads = new AtomicInteger();
        FenceAgentCatalogue catalogue = new FenceAgentCatalogue(AGENT_PATH, agent -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException(agent + " -o metadata failed: timed out after 30000 ms");
            }
            return RUNNER.metadata(agent, TIMEOUT);
        });

        assertThatThrownBy(() -> catalogue.metadata("fence_lifeboat_sim")).isInstanceOf(IllegalStateException.class);
        catalogue.metadata("fence_lifeboat_sim");
        catalogue.metadata("fence_lifeboat_sim");

        assertThat(reads).as("one failure, then one read kept").hasValue(2);
    }

    @Test
    void theFirstDirectoryHoldingAnAgentWins() throws IOException {
        Path agent = tmp.resolve("fence_ipmilan");
        Files.writeString(agent, "#!/bin/sh\necho '<resource-agent name=\"fence_ipmilan\" shortdesc=\"a local build\">"
                + "<parameters/></resource-agent>'\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwx------"));
        List<Path> path = List.of(tmp, Path.of("/usr/sbin"));
        FenceAgentRunner runner = new FenceAgentRunner(path);

        FenceAgentMetadata metadata = new FenceAgentCatalogue(path, a -> runner.metadata(a, TIMEOUT))
                .metadata("fence_ipmilan").orElseThrow();

        assertThat(metadata.shortdesc()).isEqualTo("a local build");
    }

    @Test
    void correctDeviceConfigurations_ofTheCommonKinds_pass() {
        assertThat(CATALOGUE.validate("fence_ipmilan", Map.of("ip", "10.0.0.11", "username", "admin",
                "password", "secret", "lanplus", "1", "cipher", "3", "ipport", "623", "power_wait", "0",
                "power-timeout", "5"))).as("IPMI, '-' and '_' alike").isEmpty();
        assertThat(CATALOGUE.validate("fence_ilo", Map.of("ip", "ilo-h1", "username", "admin", "password", "secret",
                "ssl_insecure", "yes"))).as("iLO (RIBCL)").isEmpty();
        assertThat(CATALOGUE.validate("fence_redfish", Map.of("ip", "bmc-h1", "username", "root", "password", "calvin",
                "systems_uri", "/redfish/v1/Systems/1"))).as("Redfish").isEmpty();
        assertThat(CATALOGUE.validate("fence_apc_snmp", Map.of("ip", "pdu-a", "plug", "3", "community", "private",
                "snmp_version", "2C"))).as("an APC PDU port; choices are compared as agents do, in any case").isEmpty();
        assertThat(CATALOGUE.validate("fence_apc_snmp", Map.of("ipaddr", "pdu-a", "port", "3")))
                .as("old names of required parameters stand for them").isEmpty();
        assertThat(CATALOGUE.validate("fence_lifeboat_sim", Map.of("plug", "h1", "power_dir", "/var/lib/lifeboat")))
                .isEmpty();
    }

    @Test
    void requiredParameterWithoutDefault_missing_isNamed() {
        assertThat(CATALOGUE.validate("fence_apc_snmp", Map.of("ip", "pdu-a")))
                .containsExactly(new ParamProblem("plug", "fence_apc_snmp requires plug (or its old name port)"));
        assertThat(CATALOGUE.validate("fence_redfish", Map.of("ip", "bmc-h1", "password", "calvin")))
                .extracting(ParamProblem::param).containsExactly("username");
        assertThat(CATALOGUE.validate("fence_lifeboat_sim", Map.of("plug", "h1")))
                .extracting(ParamProblem::param).containsExactly("power_dir");
    }

    @Test
    void unknownParameter_isNamed() {
        assertThat(CATALOGUE.validate("fence_ipmilan", Map.of("ip", "10.0.0.11", "ipadr", "10.0.0.11")))
                .containsExactly(new ParamProblem("ipadr", "fence_ipmilan has no parameter ipadr"));
        assertThat(CATALOGUE.validate("fence_ipmilan", Map.of("IP", "10.0.0.11")))
                .as("agents read names as written").extracting(ParamProblem::param).containsExactly("IP");
    }

    @Test
    void keysLifeboatSendsItself_areRefused() {
        assertThat(CATALOGUE.validate("fence_lifeboat_sim", Map.of("plug", "h1", "power_dir", "/p", "action", "off",
                "option", "status", "disable-timeout", "1")))
                .extracting(ParamProblem::param).containsExactlyInAnyOrder("action", "option", "disable-timeout");
    }

    @Test
    void valuesAnAgentWouldIgnoreOrRefuse_areNamedWithoutQuotingThem() {
        List<ParamProblem> problems = CATALOGUE.validate("fence_ipmilan", Map.of("ip", "10.0.0.11",
                "auth", "sha", "lanplus", "maybe", "ipport", "six", "password", "pass\nword=x"));

        assertThat(problems).extracting(ParamProblem::param)
                .containsExactlyInAnyOrder("auth", "lanplus", "ipport", "password");
        assertThat(problems).filteredOn(p -> p.param().equals("auth")).extracting(ParamProblem::message)
                .containsExactly("auth must be one of md5, password, none");
        assertThat(problems).extracting(ParamProblem::message)
                .noneMatch(m -> m.contains("sha") || m.contains("maybe") || m.contains("six") || m.contains("word=x"));
    }

    @Test
    void agentNotInstalledOrUnableToDescribeItself_isAProblemOfTheWholeDevice() {
        assertThat(CATALOGUE.validate("fence_no_such_agent", Map.of("ip", "x"))).singleElement()
                .satisfies(p -> {
                    assertThat(p.param()).isNull();
                    assertThat(p.message()).startsWith("no fence agent fence_no_such_agent is installed in");
                });
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fence_ack_manual")));
        assertThat(CATALOGUE.validate("fence_ack_manual", Map.of())).singleElement()
                .satisfies(p -> {
                    assertThat(p.param()).isNull();
                    assertThat(p.message()).startsWith("cannot read the parameters of fence_ack_manual:");
                });
    }

    @Test
    void secrets_areTheParametersRealAgentsUseForThem() {
        assertThat(List.of("password", "passwd", "snmp_priv_passwd", "community", "secret_key", "token", "apikey",
                "hexadecimal_kg", "PASSWORD")).allMatch(FenceParameterNames::isSecret);
        assertThat(List.of("ip", "username", "plug", "ipport", "snmp_auth_prot", "access_key"))
                .noneMatch(FenceParameterNames::isSecret);
    }
}
