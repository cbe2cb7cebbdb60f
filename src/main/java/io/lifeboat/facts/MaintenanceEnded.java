package io.lifeboat.facts;

/** An operator takes a host out of maintenance: it may take VMs again. */
public record MaintenanceEnded(String host) {
}
