package io.lifeboat.actions;

/** The plan's action types (public API: policy-docs/simulate.md). */
public enum ActionType { FENCE_HOST, START_VM, STOP_VM, MIGRATE_VM, ALERT }
