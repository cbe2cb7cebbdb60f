package io.lifeboat.hypervisor;

import org.libvirt.event.StoppedDetail;

/** Why a domain stopped, as far as Lifeboat can tell. */
public enum DomainStop {
    CRASHED(Kind.FAILURE), FAILED(Kind.FAILURE), DESTROYED(Kind.FAILURE),
    /** The domain is gone and no event said how (it was missed, e.g. while the connection was down). */
    UNEXPLAINED(Kind.FAILURE),
    /** A clean shutdown: from inside the guest, or an ACPI shutdown request such as {@code virsh shutdown}. */
    SHUT_DOWN(Kind.CLEAN), SAVED(Kind.CLEAN), FROM_SNAPSHOT(Kind.CLEAN),
    /** It went on running on another host. */
    MIGRATED(Kind.MOVED),
    /** Lifeboat stopped it itself (a cold relocation), so nobody else did. */
    BY_LIFEBOAT(Kind.MOVED);

    /** What a stop means for the VM. */
    public enum Kind {
        /** It failed or was killed: its recovery policy applies. */
        FAILURE,
        /** Someone stopped it on purpose and cleanly. */
        CLEAN,
        /** Not a stop of the VM: it runs elsewhere. */
        MOVED
    }

    private final Kind kind;

    DomainStop(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static DomainStop of(StoppedDetail detail) {
        return switch (detail) {
            case SHUTDOWN -> SHUT_DOWN;
            case DESTROYED -> DESTROYED;
            case CRASHED -> CRASHED;
            case MIGRATED -> MIGRATED;
            case SAVED -> SAVED;
            case FAILED -> FAILED;
            case FROM_SNAPSHOT -> FROM_SNAPSHOT;
            case UNKNOWN -> UNEXPLAINED;
        };
    }
}
