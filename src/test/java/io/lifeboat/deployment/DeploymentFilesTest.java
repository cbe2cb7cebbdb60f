package io.lifeboat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySources;
import io.lifeboat.policy.RuleSource;

/** deployment/ as operators use it, loaded with the Kubernetes model the way kubectl reads it, and the image's recipe. */
class DeploymentFilesTest {
    private static final Path MANIFESTS = Path.of("deployment/kubernetes/lifeboat.yaml");

    private final List<HasMetadata> objects = load();
    private final Deployment deployment = one(Deployment.class);
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private final Container lifeboat = pod.getContainers().get(0);

    @Test
    void twoReplicasLeadByLease_eachNamedAfterItsPod() {
        assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(env("LIFEBOAT_LEADERSHIP_ENABLED").getValue()).isEqualTo("true");
        assertThat(env("LIFEBOAT_LEADERSHIP_REPLICA").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
    }

    @Test
    void theProbesAskLifeboatsHealth_andTheServiceReachesThePods() {
        assertThat(lifeboat.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(lifeboat.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(one(Service.class).getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(one(PodDisruptionBudget.class).getSpec().getSelector()
                .getMatchLabels());
        assertThat(one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void theSecretHoldsTheDatabaseLogin_theFirstAdmin_andTheSharedCookieKey() {
        Secret secret = one(Secret.class);
        assertThat(lifeboat.getEnvFrom()).anyMatch(from -> from.getSecretRef() != null
                && from.getSecretRef().getName().equals(secret.getMetadata().getName()));
        assertThat(secret.getStringData()).containsKeys("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "LIFEBOAT_ADMIN_PASSWORD", "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY");
        assertThat(secret.getStringData().get("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY")).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void theOperatorsRulesComeFromTheConfigMap_mountedAsTheRulesDirectory_andCompile() {
        ConfigMap rules = one(ConfigMap.class);
        Volume volume = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null
                && v.getConfigMap().getName().equals(rules.getMetadata().getName())).findFirst().orElseThrow();
        assertThat(lifeboat.getVolumeMounts()).anyMatch(m -> m.getName().equals(volume.getName())
                && m.getMountPath().equals(env("LIFEBOAT_POLICY_RULES_DIR").getValue()));

        List<RuleSource> sources = new ArrayList<>(PolicySources.shipped());
        rules.getData().forEach((file, drl) -> sources.add(new RuleSource(file, drl)));
        CompiledPolicy policy = new PolicyCompiler().compile(sources);
        assertThat(policy.rules()).anyMatch(r -> r.id().equals("site.rack-a-first"));
    }

    @Test
    void everyLifeboatVariableIsADocumentedKey() throws IOException {
        Set<String> documented = new java.util.TreeSet<>();
        Matcher key = Pattern.compile("`(lifeboat\\.[a-z0-9.-]+)`").matcher(Files.readString(Path.of("README.md")));
        while (key.find()) {
            documented.add(key.group(1).replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
        }
        Set<String> used = lifeboat.getEnv().stream().map(EnvVar::getName).filter(n -> n.startsWith("LIFEBOAT_"))
                .collect(Collectors.toSet());
        assertThat(documented).containsAll(used);
    }

    @Test
    void theImageHasTheLibvirtClient_ssh_andTheFenceAgents() throws IOException {
        String dockerfile = Files.readString(Path.of("deployment/Dockerfile.jvm"));
        String install = dockerfile.lines().filter(l -> l.startsWith("RUN ") && l.contains("install")).findFirst()
                .orElseThrow();
        assertThat(install).contains("libvirt-libs", "openssh-clients", "fence-agents-all");
        assertThat(dockerfile).contains("COPY --chown=185 fence-plugins/");
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> load() {
        try (var in = Files.newInputStream(MANIFESTS)) {
            Object parsed = Serialization.unmarshal(in);
            return parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as(kind.getSimpleName() + " in " + MANIFESTS).hasSize(1);
        return found.get(0);
    }

    private EnvVar env(String name) {
        return lifeboat.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not set in " + MANIFESTS));
    }
}
