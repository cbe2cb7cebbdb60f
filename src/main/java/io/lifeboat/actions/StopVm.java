package io.lifeboat.actions;

import java.time.Duration;
import java.util.Objects;

/**
 * Stop a VM's domain on one host: asked to shut down, and destroyed if it has not stopped within {@code graceful}
 * ({@link Duration#ZERO}: destroyed at once, as a second running copy must be).
 */
public final class StopVm extends Action {
    private final String vm;
    private final String host;
    private final Duration graceful;
    private final boolean preemption;

    /** A stop of a copy that must not run there (a second copy). */
    public StopVm(String vm, String host, Duration graceful, String reason) {
        this(vm, host, graceful, false, reason);
    }

    private StopVm(String vm, String host, Duration graceful, boolean preemption, String reason) {
        super(reason);
        this.vm = Objects.requireNonNull(vm, "a stop names its VM");
        this.host = Objects.requireNonNull(host, "a stop names the host to stop it on");
        this.graceful = graceful;
        this.preemption = preemption;
    }

    /** A stop of a VM where it runs, to make room for a VM of a higher priority: once done, the VM is STOPPED. */
    public static StopVm preempting(String vm, String host, Duration graceful, String reason) {
        return new StopVm(vm, host, graceful, true, reason);
    }

    @Override public ActionType getType() { return ActionType.STOP_VM; }
    @Override public String getSubject() { return "vm/" + vm; }
    @Override public String getVm() { return vm; }
    public String getHost() { return host; }
    public Duration getGraceful() { return graceful; }
    public boolean isPreemption() { return preemption; }
}
