package io.lifeboat.fencing;

import java.util.Map;

/** One fence device of a level: its agent and parameters. The parameters hold passwords: never printed. */
public record FenceDeviceParams(String agent, Map<String, String> params) {

    @Override
    public String toString() {
        return "FenceDeviceParams[" + agent + ", parameters " + params.keySet() + "]";
    }
}
