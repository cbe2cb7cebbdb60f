package io.lifeboat.facts;

/** RHEL_HA: an rgmanager-style host cluster; RHEV: a managed data centre. */
public enum ClusterMode { RHEL_HA, RHEV }
