package io.lifeboat.facts;

/** An operator asked for a host to be evacuated (live migration) and taken out of service. */
public record MaintenanceRequested(String host) {
}
