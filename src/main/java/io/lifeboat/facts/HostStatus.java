package io.lifeboat.facts;

/**
 * How a host stands, as people see it: derived by the rules (picture.drl) from the host, its silence and its
 * fencing, and shown the same by the live status, explanations and simulate's plan.
 *
 * @param reason why a host that is not UP is in its state; null when UP
 */
public record HostStatus(String host, State state, String reason) {

    public enum State {
        /** Answering heartbeats. */
        UP,
        /** Silent; not fenced yet: its timeout, fencing grace or a suspension of fencing is running. */
        SUSPECT,
        /** Silent, and a fence device is switching it off now. */
        FENCING,
        /** Confirmed powered off. */
        FENCED,
        /** Silent, and it cannot be fenced now (no device, or every level failed): its VMs stay where they are. */
        DOWN,
        /** Taken out of service by an operator, and answering. */
        MAINTENANCE
    }
}
