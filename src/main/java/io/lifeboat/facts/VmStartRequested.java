package io.lifeboat.facts;

/** Someone asked for a stopped VM to be started. */
public record VmStartRequested(String vm) {
}
