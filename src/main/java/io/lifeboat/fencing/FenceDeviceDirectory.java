package io.lifeboat.fencing;

import java.util.List;

/** Where the fencing plugin finds a fence level's devices (agent, address, user, password...) at the moment it fences. */
public interface FenceDeviceDirectory {
    /** The devices of one fence level of a host, device 1 first; empty when the host has no such level. */
    List<FenceDeviceParams> devices(String host, int level);
}
