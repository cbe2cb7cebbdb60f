package io.lifeboat.store;

import io.lifeboat.facts.FenceDevice;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A fence level of a host. {@code params} (JSON, passwords included) is write-only: never returned, never logged. */
@Entity
@Table(name = "fence_device")
public class FenceDeviceRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String host;
    public int level;
    public String agent;
    public String params;

    public FenceDevice toFact() {
        return new FenceDevice(host, level, agent);
    }

    @Override
    public String toString() {
        return "FenceDeviceRecord[" + host + " level " + level + " " + agent + "]";
    }
}
