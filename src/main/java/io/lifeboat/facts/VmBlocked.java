package io.lifeboat.facts;

/** A VM that should run but cannot, with a stable reason code (see policy-docs/simulate.md) and a message for people. */
public record VmBlocked(String vm, BlockedReason code, String message) {
}
