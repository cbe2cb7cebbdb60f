package io.lifeboat.store;

import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "cluster")
public class ClusterRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Enumerated(EnumType.STRING)
    public ClusterMode mode;
    @Column(name = "memory_overcommit")
    public double memoryOvercommit;
    @Column(name = "vcpu_overcommit")
    public double vcpuOvercommit;
    @Column(name = "host_failures_to_tolerate")
    public int hostFailuresToTolerate;
    @Column(name = "heartbeat_timeout_seconds")
    public int heartbeatTimeoutSeconds;
    @Column(name = "fencing_suspend_share")
    public double fencingSuspendShare;
    @Enumerated(EnumType.STRING)
    @Column(name = "usage_kind")
    public ClusterUsage usage = ClusterUsage.STATIC;

    /** Grows by one with every change of the document: the ETag of {@code GET /api/v1/cluster}. */
    public long version = 1;
    @Column(name = "fence_timeout_seconds")
    public Integer fenceTimeoutSeconds;
    @Column(name = "fencing_grace_seconds")
    public Integer fencingGraceSeconds;
    @Column(name = "fence_retry_initial_seconds")
    public Integer fenceRetryInitialSeconds;
    @Column(name = "fence_retry_max_seconds")
    public Integer fenceRetryMaxSeconds;
    @Column(name = "defragment_moves")
    public Integer defragmentMoves;
    @Column(name = "failback_delay_seconds")
    public Integer failbackDelaySeconds;
    @Column(name = "vcpu_headroom_weight")
    public Double vcpuHeadroomWeight;
    @Column(name = "measured_load_weight")
    public Double measuredLoadWeight;
    @Column(name = "preempt")
    public Boolean preempt;

    void write(ClusterSpec c) {
        name = c.name();
        mode = c.mode();
        memoryOvercommit = c.memoryOvercommit();
        vcpuOvercommit = c.vcpuOvercommit();
        hostFailuresToTolerate = c.hostFailuresToTolerate();
        heartbeatTimeoutSeconds = c.heartbeatTimeout();
        fencingSuspendShare = c.fencingSuspendShare();
        usage = c.usage();
        fenceTimeoutSeconds = c.fenceTimeout();
        fencingGraceSeconds = c.fencingGrace();
        fenceRetryInitialSeconds = c.fenceRetryInitial();
        fenceRetryMaxSeconds = c.fenceRetryMax();
        defragmentMoves = c.defragmentMoves();
        failbackDelaySeconds = c.failbackDelay();
        vcpuHeadroomWeight = c.vcpuHeadroomWeight();
        measuredLoadWeight = c.measuredLoadWeight();
        preempt = c.preempt();
    }

    ClusterSpec spec() {
        return new ClusterSpec(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeoutSeconds, fencingSuspendShare, fenceTimeoutSeconds, usage, fencingGraceSeconds,
                fenceRetryInitialSeconds, fenceRetryMaxSeconds, defragmentMoves, failbackDelaySeconds, vcpuHeadroomWeight,
                measuredLoadWeight, preempt);
    }
}
