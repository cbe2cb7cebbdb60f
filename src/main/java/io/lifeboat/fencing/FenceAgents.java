package io.lifeboat.fencing;

import java.time.Duration;
import java.util.Map;

/** Runs fence agents: the real ones as processes ({@link FenceAgentRunner}), or simulated ones in {@code simulate}. */
public interface FenceAgents {

    FenceResult run(String agent, FenceOperation op, Map<String, String> params, Duration timeout);
}
