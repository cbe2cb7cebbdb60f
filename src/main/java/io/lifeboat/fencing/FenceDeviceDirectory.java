package io.lifeboat.fencing;

import java.util.Map;
import java.util.Optional;

/** Where the fencing plugin finds a fence level's parameters (address, user, password...) at the moment it fences. */
public interface FenceDeviceDirectory {

    Optional<Map<String, String>> params(String host, int level);
}
