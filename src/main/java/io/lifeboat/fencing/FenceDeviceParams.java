package io.lifeboat.fencing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One device of a fence level as the fencing plugin runs it: its agent and the agent's parameters (addresses, users,
 * passwords). {@link #toString()} names the parameters but never shows a value: they hold passwords.
 */
public record FenceDeviceParams(String agent, Map<String, String> params) {

    public FenceDeviceParams {
        Objects.requireNonNull(agent, "agent");
        // A copy in the given order: the agent reads its stdin lines in this order.
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    @Override
    public String toString() {
        return "FenceDeviceParams[" + agent + " " + new TreeSet<>(params.keySet()) + "]";
    }
}
