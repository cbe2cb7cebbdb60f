package io.lifeboat.facts;

/**
 * What runs on a host plus what is on its way there (starts and migrations in flight), against the host's limits:
 * its memory and CPUs times the overcommit ratios in force for it.
 */
public record HostLoad(String host, long memoryLimitMiB, long vcpuLimit, long memoryUsedMiB, long vcpusUsed) {

    /** The limits of a host of this size under these ratios, as every capacity rule counts them. */
    public static HostLoad of(String host, long memoryMiB, int cpus, double memoryOvercommit, double vcpuOvercommit,
                              long memoryUsedMiB, long vcpusUsed) {
        return new HostLoad(host, (long) Math.floor(memoryMiB * memoryOvercommit),
                (long) Math.floor(cpus * vcpuOvercommit), memoryUsedMiB, vcpusUsed);
    }

    /** This host's load with {@code memoryMiB} and {@code vcpus} more on their way to it. */
    public HostLoad plus(long memoryMiB, long vcpus) {
        return new HostLoad(host, memoryLimitMiB, vcpuLimit, memoryUsedMiB + memoryMiB, vcpusUsed + vcpus);
    }

    public long memoryFreeMiB() {
        return memoryLimitMiB - memoryUsedMiB;
    }

    public long vcpusFree() {
        return vcpuLimit - vcpusUsed;
    }
}
