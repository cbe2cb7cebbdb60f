package io.lifeboat.facts;

/** What runs on a host plus what is on its way there (starts and migrations in flight), with its capacity. */
public record HostLoad(String host, long memoryMiB, int cpus, long memoryUsedMiB, int vcpusUsed) {

    public long memoryFreeMiB() {
        return memoryMiB - memoryUsedMiB;
    }

    /** Would {@code vm} fit within the overcommit limits? */
    public boolean fits(long vmMemoryMiB, int vmVcpus, double memoryOvercommit, double vcpuOvercommit) {
        return memoryUsedMiB + vmMemoryMiB <= memoryMiB * memoryOvercommit
                && vcpusUsed + vmVcpus <= cpus * vcpuOvercommit;
    }
}
