package io.lifeboat.facts;

/**
 * Someone asked for a stopped VM to be started.
 *
 * @param forcedBy who asked for it to start even where it would eat the failover reserve, or null: the start is
 *        admitted only if the cluster still absorbs hostFailuresToTolerate failed hosts as well as before
 */
public record VmStartRequested(String vm, String forcedBy) {

    public VmStartRequested(String vm) {
        this(vm, null);
    }

    public boolean isForced() {
        return forcedBy != null;
    }
}
