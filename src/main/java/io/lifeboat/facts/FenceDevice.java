package io.lifeboat.facts;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * One fence level of a host. A level may have several devices that must all power the host off (both PDU ports of a
 * host with two power supplies); the rules reason per level, so a level is one fact: {@code agent} names its agents
 * in device order, each once, joined by "+", and {@code devices} counts the devices. The devices' parameters
 * (addresses, passwords) stay in the store and are read only by the fencing plugin at dispatch time, so no secret
 * ever enters the rule session or an explanation.
 */
public record FenceDevice(String host, int level, String agent, int devices) {

    public FenceDevice {
        if (devices < 1) {
            throw new IllegalArgumentException("a fence level has at least one device, not " + devices);
        }
    }

    /** A level of one device. */
    public FenceDevice(String host, int level, String agent) {
        this(host, level, agent, 1);
    }

    /** A level of the devices whose agents are given, device 1 first. */
    public static FenceDevice ofLevel(String host, int level, List<String> agentsInDeviceOrder) {
        return new FenceDevice(host, level, String.join("+", new LinkedHashSet<>(agentsInDeviceOrder)),
                agentsInDeviceOrder.size());
    }
}
