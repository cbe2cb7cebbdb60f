package io.lifeboat.facts;

/**
 * One fence level of a host: the agent to run. Its parameters (addresses, passwords) stay in the store and are
 * read only by the fencing plugin at dispatch time, so no secret ever enters the rule session or an explanation.
 */
public record FenceDevice(String host, int level, String agent) {
}
