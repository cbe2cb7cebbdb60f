package io.lifeboat.store;

import java.time.Duration;

import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.ClusterUsage;
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

    public static ClusterRecord of(ClusterSettings settings) {
        ClusterRecord record = new ClusterRecord();
        record.name = settings.name();
        record.mode = settings.mode();
        record.memoryOvercommit = settings.memoryOvercommit();
        record.vcpuOvercommit = settings.vcpuOvercommit();
        record.hostFailuresToTolerate = settings.hostFailuresToTolerate();
        record.heartbeatTimeoutSeconds = (int) settings.heartbeatTimeout().toSeconds();
        record.fencingSuspendShare = settings.fencingSuspendShare();
        record.usage = settings.usage();
        return record;
    }

    public ClusterSettings toFact() {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                Duration.ofSeconds(heartbeatTimeoutSeconds), fencingSuspendShare, usage);
    }
}
