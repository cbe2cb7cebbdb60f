package io.lifeboat.simulate;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.simulate.Scenario.EventSpec;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.VmSpec;

/**
 * Reads a scenario (JSON or YAML) strictly: unknown fields, unknown enum values, dangling references, negative
 * sizes and duplicate host names are refused with the JSON pointer of the field at fault, before anything runs.
 * Duplicate VM names are accepted: they are a support violation to report.
 */
public final class ScenarioReader {
    public enum Format { JSON, YAML }

    /** Bounds that keep one simulation to seconds of work: a day of timeline, timeouts of minutes. */
    static final double MAX_AT_SECONDS = 86_400;
    static final int MAX_HEARTBEAT_TIMEOUT_SECONDS = 600;
    static final int MAX_FENCE_TIMEOUT_SECONDS = 3_600;
    static final int MAX_FENCE_RETRY_SECONDS = 3_600;
    static final int MAX_FAILBACK_DELAY_SECONDS = 86_400;
    static final int MAX_STARTUP_GRACE_SECONDS = 3_600;
    private static final ObjectMapper JSON = strict(JsonMapper.builder().build());
    /** A pointer into a fence device's parameters, where values may be secrets. */
    private static final Pattern IN_FENCE_PARAMS = Pattern.compile("/fencing/\\d+/params(/|$)");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Set<String> JSON_LITERALS = Set.of("null", "true", "false");
    private static final ObjectMapper YAML = strict(YAMLMapper.builder().build());

    private ScenarioReader() {
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    public static Scenario read(String text, Format format) {
        Scenario scenario = parse(text, format, Scenario.class, "the scenario is empty");
        validate(scenario);
        return scenario;
    }

    /** Reads any part of the contract (a scenario, a document, one of their elements) strictly, without checks. */
    public static <T> T parse(String text, Format format, Class<T> type, String whenEmpty) {
        T value;
        try {
            value = (format == Format.JSON ? JSON : YAML).readValue(text, type);
        } catch (JsonMappingException e) {
            String pointer = pointer(e);
            JsonProcessingException syntax = syntaxError(e);
            throw new ScenarioException(pointer, syntax != null ? syntax(syntax, format) : describe(e, pointer));
        } catch (JsonProcessingException e) {
            throw new ScenarioException("", syntax(e, format));
        }
        if (value == null) {
            throw new ScenarioException("", whenEmpty);
        }
        return value;
    }

    /** Guesses the format from the file name: .json is JSON, anything else YAML (a superset of JSON). */
    public static Format formatOf(String fileName) {
        return fileName.toLowerCase().endsWith(".json") ? Format.JSON : Format.YAML;
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/').append(ref.getFieldName() != null
                    ? ref.getFieldName().replace("~", "~0").replace("/", "~1") : String.valueOf(ref.getIndex()));
        }
        return pointer.toString();
    }

    private static String describe(JsonMappingException e, String pointer) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return "'" + f.getValue() + "' is not one of " + List.of(f.getTargetType().getEnumConstants());
        }
        if (IN_FENCE_PARAMS.matcher(pointer).find()) {
            // Jackson quotes the value it could not read, and a fence parameter's value may be a password.
            Class<?> expected = e instanceof MismatchedInputException m ? m.getTargetType() : null;
            return "expected " + (expected != null && Map.class.isAssignableFrom(expected)
                    ? "an object of parameter names and values" : "a single value (text, number or flag)")
                    + "; the value is not shown, fence parameters may be secrets";
        }
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" at [Source");
        return cut > 0 ? message.substring(0, cut) : message;
    }

    /** The syntax error behind a mapping error (Jackson wraps one met while reading a record's field), if any. */
    private static JsonProcessingException syntaxError(JsonMappingException e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JsonProcessingException p && !(t instanceof JsonMappingException)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Where a syntax error is and what is wrong, never the text there: the line may hold a fence password. YAML
     * errors quote the whole line, JSON errors the token they could not read.
     */
    private static String syntax(JsonProcessingException e, Format format) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof MarkedYAMLException yaml) {
                // SnakeYAML's context and problem name the grammar, not the document; its marks show the line.
                String what = java.util.stream.Stream.of(yaml.getContext(), yaml.getProblem())
                        .filter(java.util.Objects::nonNull).collect(Collectors.joining(": "));
                Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
                return "not valid " + format + (mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column "
                        + (mark.getColumn() + 1)) + ": " + what;
            }
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        Matcher quoted = QUOTED.matcher(String.valueOf(e.getOriginalMessage()));
        String what = quoted.replaceAll(q -> q.group(1).length() <= 1 || JSON_LITERALS.contains(q.group(1))
                ? Matcher.quoteReplacement(q.group()) : "'...'");
        return "not valid " + format + where + ": " + what;
    }

    /** The contract's checks of a whole scenario (or a document as one): references, bounds, names. */
    public static void validate(Scenario s) {
        if (s.cluster() == null) {
            throw new ScenarioException("/cluster", "cluster is required");
        }
        required(s.cluster().name(), "/cluster/name");
        positive(s.cluster().memoryOvercommit(), "/cluster/memoryOvercommit");
        positive(s.cluster().vcpuOvercommit(), "/cluster/vcpuOvercommit");
        notNegative(s.cluster().hostFailuresToTolerate(), "/cluster/hostFailuresToTolerate");
        positive(s.cluster().heartbeatTimeout(), "/cluster/heartbeatTimeout");
        atMost(s.cluster().heartbeatTimeout(), MAX_HEARTBEAT_TIMEOUT_SECONDS, "/cluster/heartbeatTimeout");
        positive(s.cluster().fenceTimeout(), "/cluster/fenceTimeout");
        notNegative(s.cluster().fencingGrace(), "/cluster/fencingGrace");
        atMost(s.cluster().fencingGrace(), MAX_HEARTBEAT_TIMEOUT_SECONDS, "/cluster/fencingGrace");
        atMost(s.cluster().fenceTimeout(), MAX_FENCE_TIMEOUT_SECONDS, "/cluster/fenceTimeout");
        positive(s.cluster().fenceRetryInitial(), "/cluster/fenceRetryInitial");
        atMost(s.cluster().fenceRetryInitial(), MAX_FENCE_RETRY_SECONDS, "/cluster/fenceRetryInitial");
        positive(s.cluster().fenceRetryMax(), "/cluster/fenceRetryMax");
        if (s.cluster().defragmentMoves() != null && (s.cluster().defragmentMoves() < 0
                || s.cluster().defragmentMoves() > ClusterSettings.MAX_DEFRAGMENT_MOVES)) {
            throw new ScenarioException("/cluster/defragmentMoves", "defragmentMoves must be 0 (off) to "
                    + ClusterSettings.MAX_DEFRAGMENT_MOVES);
        }
        placementWeight(s.cluster().vcpuHeadroomWeight(), "/cluster/vcpuHeadroomWeight");
        placementWeight(s.cluster().measuredLoadWeight(), "/cluster/measuredLoadWeight");
        notNegative(s.cluster().failbackDelay(), "/cluster/failbackDelay");
        atMost(s.cluster().failbackDelay(), MAX_FAILBACK_DELAY_SECONDS, "/cluster/failbackDelay");
        atMost(s.cluster().fenceRetryMax(), MAX_FENCE_RETRY_SECONDS, "/cluster/fenceRetryMax");
        ClusterSettings settings = ScenarioFacts.settings(s.cluster(), Duration.ZERO);
        Duration initial = settings.fenceRetryInitial();
        Duration max = settings.fenceRetryMax();
        if (max.compareTo(initial) < 0) {
            throw new ScenarioException(s.cluster().fenceRetryMax() != null ? "/cluster/fenceRetryMax"
                    : "/cluster/fenceRetryInitial", "fenceRetryMax (" + max.toSeconds()
                    + " s) must be at least fenceRetryInitial (" + initial.toSeconds() + " s)");
        }
        notNegative(s.startupGrace(), "/startupGrace");
        atMost(s.startupGrace(), MAX_STARTUP_GRACE_SECONDS, "/startupGrace");
        if (s.cluster().fencingSuspendShare() != null
                && (s.cluster().fencingSuspendShare() <= 0 || s.cluster().fencingSuspendShare() > 1)) {
            throw new ScenarioException("/cluster/fencingSuspendShare", "must be in (0, 1]");
        }
        List<HostSpec> hosts = list(s.hosts());
        Set<String> hostNames = new HashSet<>();
        for (int i = 0; i < hosts.size(); i++) {
            HostSpec h = present(hosts.get(i), "/hosts/" + i);
            String at = "/hosts/" + i;
            noNulls(h.storage(), at + "/storage");
            noNulls(h.networks(), at + "/networks");
            required(h.name(), at + "/name");
            if (!hostNames.add(h.name())) {
                throw new ScenarioException(at + "/name", "duplicate host name '" + h.name() + "'");
            }
            notNegative(h.cpus(), at + "/cpus");
            notNegative(h.memoryMiB(), at + "/memoryMiB");
            positive(h.memoryOvercommit(), at + "/memoryOvercommit");
            positive(h.vcpuOvercommit(), at + "/vcpuOvercommit");
            validateFencing(list(h.fencing()), at + "/fencing");
        }
        Map<String, HostSpec> byName = hosts.stream().collect(Collectors.toMap(HostSpec::name, Function.identity()));
        List<FailoverDomainSpec> domains = list(s.failoverDomains());
        Set<String> domainNames = new HashSet<>();
        for (int i = 0; i < domains.size(); i++) {
            FailoverDomainSpec d = present(domains.get(i), "/failoverDomains/" + i);
            String at = "/failoverDomains/" + i;
            noNulls(d.members(), at + "/members");
            required(d.name(), at + "/name");
            if (!domainNames.add(d.name())) {
                throw new ScenarioException(at + "/name", "duplicate failover domain '" + d.name() + "'");
            }
            for (int m = 0; m < list(d.members()).size(); m++) {
                known(hostNames, d.members().get(m).host(), at + "/members/" + m + "/host", "host");
                notNegative(d.members().get(m).priority(), at + "/members/" + m + "/priority");
            }
        }
        List<VmSpec> vms = list(s.vms());
        for (int i = 0; i < vms.size(); i++) {
            VmSpec v = present(vms.get(i), "/vms/" + i);
            String at = "/vms/" + i;
            noNulls(v.storage(), at + "/storage");
            noNulls(v.networks(), at + "/networks");
            required(v.name(), at + "/name");
            notNegative(v.vcpus(), at + "/vcpus");
            notNegative(v.memoryMiB(), at + "/memoryMiB");
            notNegative(v.maxRestarts(), at + "/maxRestarts");
            notNegative(v.restartExpireTime(), at + "/restartExpireTime");
            if (v.host() != null) {
                known(hostNames, v.host(), at + "/host", "host");
            } else if (v.state() == Scenario.VmSpecState.RUNNING) {
                throw new ScenarioException(at + "/host", "a RUNNING VM needs the host it runs on");
            }
            if (v.failoverDomain() != null) {
                known(domainNames, v.failoverDomain(), at + "/failoverDomain", "failover domain");
            }
        }
        Set<String> vmNames = vms.stream().map(VmSpec::name).collect(Collectors.toSet());
        List<EventSpec> events = list(s.events());
        for (int i = 0; i < events.size(); i++) {
            validateEvent(present(events.get(i), "/events/" + i), "/events/" + i, byName, vmNames);
        }
    }

    // Entries sharing a level number are the devices of that level, so a repeated level is not an error.
    private static void validateFencing(List<FenceLevelSpec> levels, String at) {
        for (int i = 0; i < levels.size(); i++) {
            FenceLevelSpec level = present(levels.get(i), at + "/" + i);
            if (level.level() == null || level.level() < 1) {
                throw new ScenarioException(at + "/" + i + "/level", "level must be 1 or more");
            }
            required(level.agent(), at + "/" + i + "/agent");
            if (!level.agent().matches("fence_[A-Za-z0-9_]+")) {
                throw new ScenarioException(at + "/" + i + "/agent", "not a fence agent name: " + level.agent());
            }
        }
    }

    private static void validateEvent(EventSpec e, String at, Map<String, HostSpec> hosts, Set<String> vms) {
        if (e.at() == null || e.at() < 0 || e.at() > MAX_AT_SECONDS || e.at().isNaN()) {
            throw new ScenarioException(at + "/at", "at must be given, in seconds from the start, from 0 to "
                    + (long) MAX_AT_SECONDS);
        }
        if (e.type() == null) {
            throw new ScenarioException(at + "/type", "type is required");
        }
        if (e.inFlight() != null && e.type() != Scenario.EventType.LIFEBOAT_RESTART) {
            throw new ScenarioException(at + "/inFlight", "only LIFEBOAT_RESTART takes inFlight (DONE or LOST)");
        }
        if (e.force() != null && e.type() != Scenario.EventType.VM_START) {
            throw new ScenarioException(at + "/force", "only VM_START takes force");
        }
        if (e.cpuLoadPercent() != null && e.type() != Scenario.EventType.HOST_LOAD) {
            throw new ScenarioException(at + "/cpuLoadPercent", "only HOST_LOAD takes cpuLoadPercent");
        }
        switch (e.type()) {
            case HOST_DOWN, HOST_UP, HOST_MAINTENANCE, HOST_ACTIVATE, FENCE_ACK ->
                    known(hosts.keySet(), e.host(), at + "/host", "host");
            case VM_CRASHED, VM_START, VM_STOPPED_OUTSIDE -> known(vms, e.vm(), at + "/vm", "VM");
            case HOST_LOAD -> {
                known(hosts.keySet(), e.host(), at + "/host", "host");
                if (e.cpuLoadPercent() == null || e.cpuLoadPercent() < 0 || e.cpuLoadPercent() > 100) {
                    throw new ScenarioException(at + "/cpuLoadPercent", "cpuLoadPercent must be given, 0 to 100");
                }
            }
            case VM_STARTED_OUTSIDE -> {
                known(vms, e.vm(), at + "/vm", "VM");
                known(hosts.keySet(), e.host(), at + "/host", "host");
            }
            case LIFEBOAT_RESTART, POLICY_RELOAD -> {
                String extra = e.host() != null ? "host" : e.vm() != null ? "vm" : e.level() != null ? "level"
                        : e.device() != null ? "device" : e.mode() != null ? "mode" : null;
                if (extra != null) {
                    throw new ScenarioException(at + "/" + extra, e.type() + " takes no " + extra);
                }
            }
            case FENCE_DEVICE_FAULT -> {
                known(hosts.keySet(), e.host(), at + "/host", "host");
                if (e.mode() == null) {
                    throw new ScenarioException(at + "/mode", "mode is required (FAIL, TIMEOUT or OK)");
                }
                long devices = list(hosts.get(e.host()).fencing()).stream()
                        .filter(l -> l.level().equals(e.level())).count();
                if (devices == 0) {
                    throw new ScenarioException(at + "/level", e.host() + " has no fence level " + e.level());
                }
                if (e.device() != null && (e.device() < 1 || e.device() > devices)) {
                    throw new ScenarioException(at + "/device", "fence level " + e.level() + " of " + e.host()
                            + " has devices 1 to " + devices + ", not " + e.device());
                }
            }
        }
    }

    private static void placementWeight(Double weight, String pointer) {
        if (weight != null && !(weight >= 0 && weight <= ClusterSettings.MAX_PLACEMENT_WEIGHT)) {
            throw new ScenarioException(pointer, "must be 0 (off) to " + (long) ClusterSettings.MAX_PLACEMENT_WEIGHT);
        }
    }

    private static <T> T present(T element, String pointer) {
        if (element == null) {
            throw new ScenarioException(pointer, "must not be null");
        }
        return element;
    }

    private static void noNulls(List<?> list, String pointer) {
        for (int i = 0; list != null && i < list.size(); i++) {
            present(list.get(i), pointer + "/" + i);
        }
    }

    private static void atMost(Number n, long max, String pointer) {
        if (n != null && n.doubleValue() > max) {
            throw new ScenarioException(pointer, "must be at most " + max);
        }
    }

    private static void required(String value, String pointer) {
        if (value == null || value.isBlank()) {
            throw new ScenarioException(pointer, "is required");
        }
    }

    private static void known(Set<String> names, String name, String pointer, String what) {
        if (name == null) {
            throw new ScenarioException(pointer, "is required");
        }
        if (!names.contains(name)) {
            throw new ScenarioException(pointer, "no " + what + " named '" + name + "'");
        }
    }

    private static void notNegative(Number n, String pointer) {
        if (n != null && n.doubleValue() < 0) {
            throw new ScenarioException(pointer, "must not be negative");
        }
    }

    private static void positive(Number n, String pointer) {
        if (n != null && n.doubleValue() <= 0) {
            throw new ScenarioException(pointer, "must be more than 0");
        }
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
