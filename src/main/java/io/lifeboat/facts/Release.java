package io.lifeboat.facts;

/**
 * Compares RHEL releases such as "5.4" or "6" for the support matrix rules. A release that does not parse compares
 * as 0.0, so no rule mistakes garbage for a supported release.
 */
public final class Release {
    private Release() {
    }

    /** {@code version} is at least {@code major.minor}. */
    public static boolean atLeast(String version, int major, int minor) {
        int[] v = parse(version);
        return v[0] > major || (v[0] == major && v[1] >= minor);
    }

    /** {@code version} is exactly {@code major.minor}. */
    public static boolean is(String version, int major, int minor) {
        int[] v = parse(version);
        return v[0] == major && v[1] == minor;
    }

    private static int[] parse(String version) {
        if (version == null) {
            return new int[] {0, 0};
        }
        String[] parts = version.strip().split("\\.");
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            return new int[] {0, 0};
        }
    }
}
