package io.lifeboat.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One fence device of a host's level (devices sharing a level must all succeed). {@code params} (JSON, passwords
 * included) is write-only: never returned, never logged.
 */
@Entity
@Table(name = "fence_device")
public class FenceDeviceRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String host;
    public int level;
    /** 1-based position within the level. */
    public int device = 1;
    public String agent;
    public String params;

    @Override
    public String toString() {
        return "FenceDeviceRecord[" + host + " level " + level + " device " + device + " " + agent + "]";
    }
}
