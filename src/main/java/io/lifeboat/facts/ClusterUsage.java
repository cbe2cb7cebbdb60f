package io.lifeboat.facts;

/** How the cluster is used, as its operators describe it: the RHEL HA vs RHEV guidance depends on it. */
public enum ClusterUsage {
    /** A fixed set of VMs for the cluster's lifetime: what RHEL HA is meant for. */
    STATIC,
    /** VMs are added and removed often. */
    DYNAMIC,
    /** Rapid provisioning, cloud-like self-service. */
    CLOUD
}
