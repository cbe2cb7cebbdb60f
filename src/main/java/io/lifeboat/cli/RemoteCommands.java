package io.lifeboat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.simulate.Plan;
import io.lifeboat.simulate.PlanText;
import io.lifeboat.simulate.ScenarioReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands against a running Lifeboat ({@link LifeboatClient}): they print what the service answers. */
final class RemoteCommands {
    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";

    private RemoteCommands() {
    }

    /** Which cluster a command is about, for a deployment of several: its paths are /api/v1/clusters/{cluster}/... */
    static final class ClusterOption {
        @Option(names = "--cluster", paramLabel = "NAME", description = "the cluster, when the service has several "
                + "(or to make a new one with apply)")
        String cluster;

        String path(String rest) {
            return cluster == null ? "/api/v1" + rest
                    : "/api/v1/clusters/" + java.net.URLEncoder.encode(cluster, java.nio.charset.StandardCharsets.UTF_8)
                    + rest;
        }
    }

    /** JSON for *.json, YAML (a superset of JSON) for anything else: the same rule as {@code simulate}. */
    static String contentType(Path file) {
        return ScenarioReader.formatOf(file.getFileName().toString()) == ScenarioReader.Format.JSON ? JSON : YAML;
    }

    @Command(name = "apply", description = "Apply a cluster document (JSON or YAML) to a running Lifeboat; prints "
            + "the difference.")
    static final class Apply implements Callable<Integer> {
        private final Terminal terminal;
        @Mixin
        ClusterOption scope = new ClusterOption();
        @Parameters(paramLabel = "FILE", description = "the cluster document")
        Path file;
        @Option(names = "--if-match", paramLabel = "VERSION", description = "apply only over this version of the "
                + "stored document (as export shows it)")
        String ifMatch;

        Apply(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException, LifeboatClient.Failed {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType(file));
            headers.put("Accept", JSON);
            if (ifMatch != null) {
                headers.put("If-Match", "\"" + ifMatch + "\"");
            }
            print(terminal, new LifeboatClient(terminal).send("PUT", scope.path("/cluster"), headers,
                    Files.readString(file)).body());
            return 0;
        }
    }

    @Command(name = "export", description = "Print the cluster document of a running Lifeboat (fence secrets masked).")
    static final class Export implements Callable<Integer> {
        private final Terminal terminal;
        @Mixin
        ClusterOption scope = new ClusterOption();
        @Option(names = "--yaml", description = "YAML instead of JSON")
        boolean yaml;

        Export(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws LifeboatClient.Failed {
            print(terminal, new LifeboatClient(terminal).send("GET", scope.path("/cluster"),
                    Map.of("Accept", yaml ? YAML : JSON), null).body());
            return 0;
        }
    }

    @Command(name = "what-if", description = "The plan for events ({\"events\": [...]}, JSON or YAML) from the live "
            + "state of a running Lifeboat; nothing is touched.")
    static final class WhatIf implements Callable<Integer> {
        private final Terminal terminal;
        @Mixin
        ClusterOption scope = new ClusterOption();
        @Parameters(paramLabel = "FILE", description = "the events, as in a simulate scenario")
        Path file;
        @Option(names = "--text", description = "the readable form instead of JSON")
        boolean text;

        WhatIf(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException, LifeboatClient.Failed {
            String plan = new LifeboatClient(terminal).send("POST", scope.path("/cluster/what-if"),
                    Map.of("Content-Type", contentType(file), "Accept", JSON), Files.readString(file)).body();
            if (text) {
                // Only the fields this version knows are rendered; a newer server may send more.
                terminal.out().print(PlanText.render(new ObjectMapper()
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(plan, Plan.class)));
            } else {
                print(terminal, plan);
            }
            return 0;
        }
    }

    private static void print(Terminal terminal, String body) {
        terminal.out().print(body.endsWith("\n") || body.isEmpty() ? body : body + "\n");
    }
}
