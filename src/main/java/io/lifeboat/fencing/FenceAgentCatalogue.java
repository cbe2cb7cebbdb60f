package io.lifeboat.fencing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lifeboat.fencing.FenceAgentMetadata.Parameter;

/**
 * The fence agents installed on this machine and what each accepts, as the agents themselves declare it in
 * {@code -o metadata}: for listing them, and for checking a device's parameters before they are stored, rather than
 * at the moment a host must be fenced.
 */
public final class FenceAgentCatalogue {

    /** Reads one agent's {@code -o metadata}; throws IllegalStateException when the agent cannot give it. */
    @FunctionalInterface
    public interface MetadataReader {
        FenceAgentMetadata read(String agent);
    }

    /** What is wrong with one device's parameters: {@code param} names the parameter, null for the whole map. */
    public record ParamProblem(String param, String message) {
    }

    // How fencing.py reads a flag's value from stdin; anything else is ignored with "Parse error".
    private static final Set<String> BOOLEAN_VALUES = Set.of("1", "yes", "on", "true", "0", "no", "off", "false");
    // fencing.py refuses what Python's int() cannot read, for "integer" and "second" alike.
    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?\\d+\\s*");

    private final FenceAgentPath agentPath;
    private final MetadataReader reader;
    // An agent's metadata never changes while the process runs; a failure is not kept, so the next call asks again.
    private final Map<String, FenceAgentMetadata> metadata = new ConcurrentHashMap<>();

    /** @param agentPath the directories agents are run from (first directory wins), as the runner is given them */
    public FenceAgentCatalogue(List<Path> agentPath, MetadataReader reader) {
        this.agentPath = new FenceAgentPath(agentPath);
        this.reader = reader;
    }

    /** The installed agents' names, sorted: executables named {@code fence_*} in the agent path. */
    public List<String> installed() {
        return List.copyOf(agentPath.agents());
    }

    /**
     * The agent's metadata; empty when no such agent is installed.
     *
     * @throws IllegalStateException when the agent is installed but cannot describe itself
     */
    public Optional<FenceAgentMetadata> metadata(String agent) {
        if (agentPath.resolve(agent).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(metadata.computeIfAbsent(agent, reader::read));
    }

    /** The parameters an operator sets: current names only, none that Lifeboat sends itself. */
    public static List<Parameter> settable(FenceAgentMetadata agent) {
        return agent.parameters().stream()
                .filter(p -> !p.deprecated() && !FenceParameterNames.isReserved(p.name())).toList();
    }

    /** Whether a device must give the parameter: the agent requires it and has no default for it. */
    public static boolean mustBeGiven(Parameter parameter) {
        return parameter.required() && parameter.defaultValue() == null;
    }

    /**
     * Checks one device's parameters against its agent's metadata: the agent is installed, every key is a parameter
     * of it (or an old name of one, '-' and '_' alike) and not Lifeboat's own, flags, numbers and choices have a
     * value the agent accepts, and every required parameter without a default is given. Messages never quote a
     * value: it may be a password.
     */
    public List<ParamProblem> validate(String agent, Map<String, String> params) {
        FenceAgentMetadata described;
        try {
            Optional<FenceAgentMetadata> found = metadata(agent);
            if (found.isEmpty()) {
                return List.of(new ParamProblem(null, "no fence agent " + agent + " is installed in " + agentPath));
            }
            described = found.get();
        } catch (IllegalStateException e) {
            return List.of(new ParamProblem(null, "cannot read the parameters of " + agent + ": " + e.getMessage()));
        }
        Map<String, Parameter> byName = byNormalizedName(described);
        List<ParamProblem> problems = new ArrayList<>();
        params.forEach((key, value) -> problem(agent, key, value, byName.get(FenceParameterNames.normalize(key)))
                .ifPresent(problems::add));
        Set<String> given = params.keySet().stream().map(FenceParameterNames::normalize).collect(Collectors.toSet());
        for (Parameter p : described.parameters()) {
            if (mustBeGiven(p) && !FenceParameterNames.isReserved(p.name()) && !replaced(p, described)
                    && names(p).noneMatch(given::contains)) {
                problems.add(new ParamProblem(p.name(), agent + " requires " + p.name()
                        + (p.obsoletes() == null ? "" : " (or its old name " + p.obsoletes() + ")")));
            }
        }
        return problems;
    }

    private static Optional<ParamProblem> problem(String agent, String key, String value, Parameter parameter) {
        if (FenceParameterNames.isReserved(key)) {
            return Optional.of(new ParamProblem(key, key + " is sent by Lifeboat itself, never by a device"));
        }
        if (parameter == null) {
            return Optional.of(new ParamProblem(key, agent + " has no parameter " + key));
        }
        if (value == null || !FenceParameterNames.isSingleLine(value)) {
            return Optional.of(new ParamProblem(key, key + " must be a value on one line"));
        }
        String problem = switch (parameter.type()) {
            case "boolean" -> BOOLEAN_VALUES.contains(value.toLowerCase(Locale.ROOT)) ? null
                    : key + " is a flag: 1, yes, on, true, 0, no, off or false";
            case "integer", "second" -> INTEGER.matcher(value).matches() ? null : key + " must be a whole number";
            // fencing.py compares choices in upper case.
            case "select" -> parameter.options().stream().anyMatch(value::equalsIgnoreCase) ? null
                    : key + " must be one of " + String.join(", ", parameter.options());
            default -> null;
        };
        return Optional.ofNullable(problem).map(message -> new ParamProblem(key, message));
    }

    // A current name wins over an old one that reads the same once '-' is '_' (fence_openstack's auth-url, auth_url).
    private static Map<String, Parameter> byNormalizedName(FenceAgentMetadata agent) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        agent.parameters().stream().filter(p -> !p.deprecated())
                .forEach(p -> byName.putIfAbsent(FenceParameterNames.normalize(p.name()), p));
        agent.parameters().forEach(p -> byName.putIfAbsent(FenceParameterNames.normalize(p.name()), p));
        return byName;
    }

    // An old name some current parameter obsoletes: that parameter's requirement stands for both.
    private static boolean replaced(Parameter p, FenceAgentMetadata agent) {
        String name = FenceParameterNames.normalize(p.name());
        return p.deprecated() && agent.parameters().stream()
                .anyMatch(q -> q.obsoletes() != null && name.equals(FenceParameterNames.normalize(q.obsoletes())));
    }

    // The names that give a parameter: its own, and the old name it obsoletes.
    private static Stream<String> names(Parameter p) {
        return Stream.of(p.name(), p.obsoletes()).filter(Objects::nonNull).map(FenceParameterNames::normalize);
    }
}
